import {Flags} from '@oclif/core'

import type {StakeResult} from '../../stake/types.js'

import {BaseCommand, txFlags, walletFlags} from '../../base-command.js'
import {renderKeyValues, renderTable} from '../../output/table.js'
import {HELP} from '../../stake/help.js'

export default class StakeUndelegate extends BaseCommand<StakeResult> {
  static description = 'undelegate: unstake ALPHA you delegated to a validator\'s hotkey on a subnet, back to TAO (amounts are in ALPHA, not TAO); same as stake remove'
  static examples = [
    '<%= config.bin %> stake undelegate --wallet alice --from 5F...validator --netuid 3 --amount 50',
    '<%= config.bin %> stake undelegate --wallet alice --from 5F...validator --netuid 3 --all --yes',
  ]
  static flags = {
    ...walletFlags,
    ...txFlags,
    all: Flags.boolean({description: HELP.all}),
    amount: Flags.string({description: HELP.amountAlpha}),
    from: Flags.string({description: 'the validator\'s hotkey (SS58 address)', required: true}),
    'limit-price': Flags.string({description: 'explicit price limit in TAO per alpha (lowest accepted) instead of --tolerance', exclusive: ['tolerance', 'unsafe']}),
    netuid: Flags.integer({description: HELP.netuid, max: 65_535, min: 0, required: true}),
    partial: Flags.boolean({description: HELP.allowPartial}),
    tolerance: Flags.string({description: HELP.tolerance, exclusive: ['unsafe']}),
    unsafe: Flags.boolean({description: HELP.unsafe}),
  }
  static summary = 'undelegate ALPHA from a validator on a subnet'

  async run(): Promise<StakeResult> {
    const {flags} = await this.parseCommand(StakeUndelegate)
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
    const from = await resolveHotkey(flags.from, ref, '--from')
    const coldkey = await wallet.coldkeyAddress(ref)
    const [{removeStake}, {commandPort, renderResult, requireConfirmable, stakeHooks}] = await Promise.all([import('../../stake/ops.js'), import('../../stake/cli-support.js')])
    const port = commandPort(this as never, {pairs: renderKeyValues, table: renderTable}, () => this.coldkeySigner(flags))
    await requireConfirmable(port, {dryRun: flags['dry-run'], yes: flags.yes}, 'undelegate ALPHA')
    const r = await removeStake(
      await this.chain(),
      {allowPartial: flags.partial, amount, coldkey, flags: {hotkey: '--from'}, hotkey: from.address, hotkeyName: from.name, limitPriceRao, netuid: flags.netuid, tolerancePpb, unsafe: flags.unsafe},
      stakeHooks(port, flags, {delegate: true}),
    )
    this.out(renderResult(port, r, {delegate: true}))
    return r
  }
}
