import {Flags} from '@oclif/core'

import type {StakeResult} from '../../stake/types.js'

import {BaseCommand, txFlags, walletFlags} from '../../base-command.js'
import {renderKeyValues, renderTable} from '../../output/table.js'
import {HELP} from '../../stake/help.js'

export default class StakeDelegate extends BaseCommand<StakeResult> {
  static description = 'delegate: stake TAO from your coldkey to a validator\'s hotkey on a subnet (the validator keeps its take of the rewards, shown before you confirm); same as stake add with someone else\'s hotkey'
  static examples = [
    '<%= config.bin %> stake delegate --wallet alice --to 5F...validator --netuid 3 --amount 100',
    '<%= config.bin %> stake delegate --wallet alice --to 5F...validator --netuid 3 --amount 100 --yes --json',
  ]
  static flags = {
    ...walletFlags,
    ...txFlags,
    amount: Flags.string({description: HELP.amountTao, required: true}),
    'limit-price': Flags.string({description: HELP.limitPrice, exclusive: ['tolerance', 'unsafe']}),
    netuid: Flags.integer({description: HELP.netuid, max: 65_535, min: 0, required: true}),
    partial: Flags.boolean({description: HELP.allowPartial}),
    to: Flags.string({description: 'the validator\'s hotkey (SS58 address)', required: true}),
    tolerance: Flags.string({description: HELP.tolerance, exclusive: ['unsafe']}),
    unsafe: Flags.boolean({description: HELP.unsafe}),
  }
  static summary = 'delegate TAO to a validator on a subnet'

  async run(): Promise<StakeResult> {
    const {flags} = await this.parseCommand(StakeDelegate)
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
    const to = await resolveHotkey(flags.to, ref, '--to')
    const coldkey = await wallet.coldkeyAddress(ref)
    const [{addStake}, {commandPort, renderResult, requireConfirmable, stakeHooks}] = await Promise.all([import('../../stake/ops.js'), import('../../stake/cli-support.js')])
    const port = commandPort(this as never, {pairs: renderKeyValues, table: renderTable}, () => this.coldkeySigner(flags))
    await requireConfirmable(port, {dryRun: flags['dry-run'], yes: flags.yes}, 'delegate TAO')
    const r = await addStake(
      await this.chain(),
      {allowPartial: flags.partial, amount, coldkey, delegate: true, flags: {hotkey: '--to'}, hotkey: to.address, hotkeyName: to.name, limitPriceRao, netuid: flags.netuid, tolerancePpb, unsafe: flags.unsafe},
      stakeHooks(port, flags, {delegate: true}),
    )
    this.out(renderResult(port, r, {delegate: true}))
    return r
  }
}
