import {Flags} from '@oclif/core'

import type {StakeResult} from '../../stake/types.js'

import {BaseCommand, txFlags, walletFlags} from '../../base-command.js'
import {renderKeyValues, renderTable} from '../../output/table.js'
import {HELP} from '../../stake/help.js'

export default class StakeTransfer extends BaseCommand<StakeResult> {
  static description = 'give stake to another coldkey: the stake stays on the same hotkey and changes owner (transfer_stake; not on runtimes without it, e.g. spec 218)'
  static examples = [
    '<%= config.bin %> stake transfer --wallet alice --hotkey 5F...validator --netuid 3 --to-coldkey 5G...friend --amount 10',
    '<%= config.bin %> stake transfer --wallet alice --hotkey 5F...validator --netuid 3 --to-coldkey 5G...friend --all --yes --json',
  ]
  static flags = {
    ...walletFlags,
    hotkey: Flags.string({char: 'H', description: HELP.hotkey, env: 'TAO_HOTKEY', helpGroup: 'WALLET'}),
    ...txFlags,
    all: Flags.boolean({description: HELP.all}),
    amount: Flags.string({description: 'ALPHA to transfer (subnet token units, not TAO), or "all"'}),
    netuid: Flags.integer({description: 'origin subnet', max: 65_535, min: 0, required: true}),
    'to-coldkey': Flags.string({description: 'the receiving coldkey (SS58 address)', required: true}),
    'to-netuid': Flags.integer({description: 'destination subnet [default: the origin subnet]', max: 65_535, min: 0}),
  }
  static summary = 'transfer stake to another coldkey'

  async run(): Promise<StakeResult> {
    const {flags} = await this.parseCommand(StakeTransfer)
    const [{parseAlphaOrAll}, {parseAddress, resolveHotkey}, wallet] = await Promise.all([import('../../stake/input.js'), import('../../stake/hotkey.js'), import('../../wallet/wallet.js')])
    const amount = parseAlphaOrAll(flags.amount, flags.all)
    const destinationColdkey = await parseAddress(flags['to-coldkey'], '--to-coldkey')
    const ref = await this.walletRef(flags)
    const hotkey = await resolveHotkey(flags.hotkey, ref)
    const coldkey = await wallet.coldkeyAddress(ref)
    const [{transferStake}, {commandPort, renderResult, requireConfirmable, stakeHooks}] = await Promise.all([import('../../stake/ops.js'), import('../../stake/cli-support.js')])
    const port = commandPort(this as never, {pairs: renderKeyValues, table: renderTable}, () => this.coldkeySigner(flags))
    await requireConfirmable(port, {dryRun: flags['dry-run'], yes: flags.yes}, 'transfer stake')
    const r = await transferStake(
      await this.chain(),
      {amount, coldkey, destinationColdkey, destinationNetuid: flags['to-netuid'] ?? flags.netuid, hotkey: hotkey.address, hotkeyName: hotkey.name, originNetuid: flags.netuid},
      stakeHooks(port, flags),
    )
    this.out(renderResult(port, r))
    return r
  }
}
