import {Flags} from '@oclif/core'

import type {StakeResult} from '../../stake/types.js'

import {BaseCommand, txFlags, walletFlags} from '../../base-command.js'
import {renderKeyValues, renderTable} from '../../output/table.js'
import {HELP} from '../../stake/help.js'

export default class StakeAdd extends BaseCommand<StakeResult> {
  static description = 'stake TAO from your coldkey to a hotkey on a subnet: the TAO buys the subnet\'s alpha at the pool price; shows stake and price before and after; a price limit guards against slippage where the runtime has add_stake_limit'
  static examples = [
    '<%= config.bin %> stake add --wallet alice --hotkey validator --netuid 3 --amount 10',
    '<%= config.bin %> stake add --wallet alice --hotkey 5F...xyz --netuid 3 --amount 0.5 --tolerance 1% --yes --json',
  ]
  static flags = {
    ...walletFlags,
    hotkey: Flags.string({char: 'H', description: HELP.hotkey, env: 'TAO_HOTKEY', helpGroup: 'WALLET'}),
    ...txFlags,
    amount: Flags.string({description: HELP.amountTao, required: true}),
    'limit-price': Flags.string({description: HELP.limitPrice, exclusive: ['tolerance', 'unsafe']}),
    netuid: Flags.integer({description: HELP.netuid, max: 65_535, min: 0, required: true}),
    partial: Flags.boolean({description: HELP.allowPartial}),
    tolerance: Flags.string({description: HELP.tolerance, exclusive: ['unsafe']}),
    unsafe: Flags.boolean({description: HELP.unsafe}),
  }
  static summary = 'stake TAO to a hotkey on a subnet'

  async run(): Promise<StakeResult> {
    const {flags} = await this.parseCommand(StakeAdd)
    const [{parseLimitPrice, parseTaoOrAll}, {parseTolerance}, {resolveHotkey}, wallet] = await Promise.all([
      import('../../stake/input.js'),
      import('../../stake/math.js'),
      import('../../stake/hotkey.js'),
      import('../../wallet/wallet.js'),
    ])
    const amount = parseTaoOrAll(flags.amount)
    const tolerancePpb = flags.tolerance === undefined ? undefined : parseTolerance(flags.tolerance)
    const limitPriceRao = parseLimitPrice(flags['limit-price'])
    const ref = await this.walletRef(flags)
    const hotkey = await resolveHotkey(flags.hotkey, ref)
    const coldkey = await wallet.coldkeyAddress(ref)
    const [{addStake}, {commandPort, renderResult, requireConfirmable, stakeHooks}] = await Promise.all([import('../../stake/ops.js'), import('../../stake/cli-support.js')])
    const port = commandPort(this as never, {pairs: renderKeyValues, table: renderTable}, () => this.coldkeySigner(flags))
    await requireConfirmable(port, {dryRun: flags['dry-run'], yes: flags.yes}, 'stake TAO')
    const r = await addStake(
      await this.chain(),
      {allowPartial: flags.partial, amount, coldkey, hotkey: hotkey.address, hotkeyName: hotkey.name, limitPriceRao, netuid: flags.netuid, tolerancePpb, unsafe: flags.unsafe},
      stakeHooks(port, flags),
    )
    this.out(renderResult(port, r))
    return r
  }
}
