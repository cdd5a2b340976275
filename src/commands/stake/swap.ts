import * as Flags from '@oclif/core/flags'

import type {StakeResult} from '../../stake/types.js'

import {mevFlags, proxyFlags} from '../../cli/flags.js'
import {BaseCommand, netuidArgs, netuidFlag, txFlags, walletFlags} from '../../cli/base-command.js'
import {allFlag, guardFlags, guardOptions, hotkeyFlag, STAKE_FIELD_FLAGS, txOptions} from '../../cli/stake-flags.js'

export default class StakeSwap extends BaseCommand<StakeResult> {
  static args = {...netuidArgs({description: 'origin subnet (or --netuid)'})}
  static description = 'swap stake between subnets on the same hotkey (swap_stake, with a price-ratio limit where swap_stake_limit exists; not on runtimes without it, e.g. spec 218: use stake move there)'
  static examples = [
    '<%= config.bin %> stake swap --wallet alice --hotkey validator --netuid 3 --to-netuid 5 --amount 10',
    '<%= config.bin %> stake swap 3 --wallet alice --hotkey 5F...v --to-netuid 5 --all --tolerance 1% --yes',
  ]
  static fieldFlags = STAKE_FIELD_FLAGS
  static flags = {
    ...walletFlags,
    ...hotkeyFlag(),
    ...txFlags,
    ...proxyFlags,
    ...mevFlags,
    ...allFlag,
    amount: Flags.string({description: 'ALPHA of the origin subnet to swap (not TAO), or "all"'}),
    ...netuidFlag({description: 'origin subnet'}),
    'to-netuid': Flags.integer({description: 'destination subnet', max: 65_535, min: 0, required: true}),
    ...guardFlags('explicit lowest accepted price ratio origin/destination instead of --tolerance'),
  }
  static summary = 'swap stake between subnets'

  async run(): Promise<StakeResult> {
    const parsed = await this.parseCommand(StakeSwap)
    const {flags} = parsed
    const options = {
      ...guardOptions(flags, (await this.settings()).get('tolerance')),
      ...txOptions(flags),
      all: flags.all,
      amount: flags.amount,
      hotkey: flags.hotkey,
      netuid: this.netuidOf(parsed, true),
      toNetuid: flags['to-netuid'],
      wallet: await this.walletRef(flags),
    }
    const [{swap}, {renderStakePlan, renderStakeResult}] = await Promise.all([import('../../services/stake/swap.js'), import('../../cli/render/stake.js')])
    const result = await swap(await this.client(), options, this.ui({renderPlan: (p) => renderStakePlan(p)}))
    this.out(renderStakeResult(result))
    return result
  }
}
