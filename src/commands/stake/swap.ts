import {Flags} from '@oclif/core'

import type {StakeResult} from '../../stake/types.js'

import {BaseCommand, txFlags, walletFlags} from '../../base-command.js'
import {renderKeyValues, renderTable} from '../../output/table.js'
import {HELP} from '../../stake/help.js'

export default class StakeSwap extends BaseCommand<StakeResult> {
  static description = 'swap stake between subnets on the same hotkey (swap_stake, with a price-ratio limit where swap_stake_limit exists; not on runtimes without it, e.g. spec 218: use stake move there)'
  static examples = [
    '<%= config.bin %> stake swap --wallet alice --hotkey validator --netuid 3 --to-netuid 5 --amount 10',
    '<%= config.bin %> stake swap --wallet alice --hotkey 5F...v --netuid 3 --to-netuid 5 --all --tolerance 1% --yes',
  ]
  static flags = {
    ...walletFlags,
    hotkey: Flags.string({char: 'H', description: HELP.hotkey, env: 'TAO_HOTKEY', helpGroup: 'WALLET'}),
    ...txFlags,
    all: Flags.boolean({description: HELP.all}),
    amount: Flags.string({description: 'ALPHA of the origin subnet to swap (not TAO), or "all"'}),
    'limit-price': Flags.string({description: 'explicit lowest accepted price ratio origin/destination instead of --tolerance', exclusive: ['tolerance', 'unsafe']}),
    netuid: Flags.integer({description: 'origin subnet', max: 65_535, min: 0, required: true}),
    partial: Flags.boolean({description: HELP.allowPartial}),
    'to-netuid': Flags.integer({description: 'destination subnet', max: 65_535, min: 0, required: true}),
    tolerance: Flags.string({description: HELP.tolerance, exclusive: ['unsafe']}),
    unsafe: Flags.boolean({description: HELP.unsafe}),
  }
  static summary = 'swap stake between subnets'

  async run(): Promise<StakeResult> {
    const {flags} = await this.parseCommand(StakeSwap)
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
    const [{swapStake}, {commandPort, renderResult, requireConfirmable, stakeHooks}] = await Promise.all([import('../../stake/ops.js'), import('../../stake/cli-support.js')])
    const port = commandPort(this as never, {pairs: renderKeyValues, table: renderTable}, () => this.coldkeySigner(flags))
    await requireConfirmable(port, {dryRun: flags['dry-run'], yes: flags.yes}, 'swap stake')
    const r = await swapStake(
      await this.chain(),
      {allowPartial: flags.partial, amount, coldkey, destinationNetuid: flags['to-netuid'], hotkey: hotkey.address, hotkeyName: hotkey.name, limitPriceRao, originNetuid: flags.netuid, tolerancePpb, unsafe: flags.unsafe},
      stakeHooks(port, flags),
    )
    this.out(renderResult(port, r))
    return r
  }
}
