import {Flags} from '@oclif/core'

import type {StakeResult} from '../../stake/types.js'

import {BaseCommand, txFlags, walletFlags} from '../../base-command.js'
import {renderKeyValues, renderTable} from '../../output/table.js'
import {HELP} from '../../stake/help.js'

export default class StakeMove extends BaseCommand<StakeResult> {
  static description = 'move your stake from one hotkey to another (same coldkey), on the same subnet or into another one (across subnets it trades through both pools; move_stake has no price limit)'
  static examples = [
    '<%= config.bin %> stake move --wallet alice --hotkey old-validator --to-hotkey 5F...new --netuid 3 --amount 10',
    '<%= config.bin %> stake move --wallet alice --hotkey 5F...a --to-hotkey 5F...b --netuid 3 --to-netuid 5 --all --yes',
  ]
  static flags = {
    ...walletFlags,
    hotkey: Flags.string({char: 'H', description: `origin ${HELP.hotkey}`, env: 'TAO_HOTKEY', helpGroup: 'WALLET'}),
    ...txFlags,
    all: Flags.boolean({description: HELP.all}),
    amount: Flags.string({description: 'ALPHA to move (origin subnet token units, not TAO), or "all"'}),
    netuid: Flags.integer({description: 'origin subnet', max: 65_535, min: 0, required: true}),
    'to-hotkey': Flags.string({description: 'destination hotkey: SS58 address or a hotkey name of your wallet', required: true}),
    'to-netuid': Flags.integer({description: 'destination subnet [default: the origin subnet]', max: 65_535, min: 0}),
  }
  static summary = 'move stake to another hotkey'

  async run(): Promise<StakeResult> {
    const {flags} = await this.parseCommand(StakeMove)
    const [{parseAlphaOrAll}, {resolveHotkey}, wallet] = await Promise.all([import('../../stake/input.js'), import('../../stake/hotkey.js'), import('../../wallet/wallet.js')])
    const amount = parseAlphaOrAll(flags.amount, flags.all)
    const ref = await this.walletRef(flags)
    const from = await resolveHotkey(flags.hotkey, ref)
    const to = await resolveHotkey(flags['to-hotkey'], ref, '--to-hotkey')
    const coldkey = await wallet.coldkeyAddress(ref)
    const [{moveStake}, {commandPort, renderResult, requireConfirmable, stakeHooks}] = await Promise.all([import('../../stake/ops.js'), import('../../stake/cli-support.js')])
    const port = commandPort(this as never, {pairs: renderKeyValues, table: renderTable}, () => this.coldkeySigner(flags))
    await requireConfirmable(port, {dryRun: flags['dry-run'], yes: flags.yes}, 'move stake')
    const r = await moveStake(
      await this.chain(),
      {
        amount,
        coldkey,
        destinationHotkey: to.address,
        destinationHotkeyName: to.name,
        destinationNetuid: flags['to-netuid'] ?? flags.netuid,
        originHotkey: from.address,
        originHotkeyName: from.name,
        originNetuid: flags.netuid,
      },
      stakeHooks(port, flags),
    )
    this.out(renderResult(port, r))
    return r
  }
}
