import {Flags} from '@oclif/core'

import type {StakeResult} from '../../stake/types.js'

import {BaseCommand, txFlags, walletFlags} from '../../base-command.js'
import {renderKeyValues, renderTable} from '../../output/table.js'
import {HELP} from '../../stake/help.js'

export default class StakeRemove extends BaseCommand<StakeResult> {
  static description = 'unstake: sell ALPHA held on a hotkey in a subnet back to TAO (amounts are in ALPHA, the subnet token, not TAO); shows stake and price before and after; a price limit guards against slippage where the runtime has remove_stake_limit'
  static examples = [
    '<%= config.bin %> stake remove --wallet alice --hotkey validator --netuid 3 --amount 5',
    '<%= config.bin %> stake remove --wallet alice --hotkey 5F...xyz --netuid 3 --all --yes --json',
  ]
  static flags = {
    ...walletFlags,
    hotkey: Flags.string({char: 'H', description: HELP.hotkey, env: 'TAO_HOTKEY', helpGroup: 'WALLET'}),
    ...txFlags,
    all: Flags.boolean({description: HELP.all}),
    amount: Flags.string({description: HELP.amountAlpha}),
    'limit-price': Flags.string({description: 'explicit price limit in TAO per alpha (lowest accepted) instead of --tolerance', exclusive: ['tolerance', 'unsafe']}),
    netuid: Flags.integer({description: HELP.netuid, max: 65_535, min: 0, required: true}),
    partial: Flags.boolean({description: HELP.allowPartial}),
    tolerance: Flags.string({description: HELP.tolerance, exclusive: ['unsafe']}),
    unsafe: Flags.boolean({description: HELP.unsafe}),
  }
  static summary = 'unstake ALPHA from a hotkey on a subnet'

  async run(): Promise<StakeResult> {
    const {flags} = await this.parseCommand(StakeRemove)
    const [{parseAlphaOrAll, parseLimitPrice}, {parseTolerance}, {resolveHotkey}, wallet] = await Promise.all([
      import('../../stake/input.js'),
      import('../../stake/math.js'),
      import('../../stake/hotkey.js'),
      import('../../wallet/wallet.js'),
    ])
    const amount = parseAlphaOrAll(flags.amount, flags.all)
    const tolerancePpb = flags.tolerance === undefined ? undefined : parseTolerance(flags.tolerance)
    const limitPriceRao = parseLimitPrice(flags['limit-price'])
    const ref = await this.walletRef(flags)
    const hotkey = await resolveHotkey(flags.hotkey, ref)
    const coldkey = await wallet.coldkeyAddress(ref)
    const [{removeStake}, {commandPort, renderResult, requireConfirmable, stakeHooks}] = await Promise.all([import('../../stake/ops.js'), import('../../stake/cli-support.js')])
    const port = commandPort(this as never, {pairs: renderKeyValues, table: renderTable}, () => this.coldkeySigner(flags))
    await requireConfirmable(port, {dryRun: flags['dry-run'], yes: flags.yes}, 'unstake ALPHA')
    const r = await removeStake(
      await this.chain(),
      {allowPartial: flags.partial, amount, coldkey, hotkey: hotkey.address, hotkeyName: hotkey.name, limitPriceRao, netuid: flags.netuid, tolerancePpb, unsafe: flags.unsafe},
      stakeHooks(port, flags),
    )
    this.out(renderResult(port, r))
    return r
  }
}
