import * as Flags from '@oclif/core/flags'

import type {StakeResult} from '../../stake/types.js'

import {mevFlags, proxyFlags} from '../../cli/flags.js'
import {BaseCommand, netuidArgs, netuidFlag, txFlags, walletFlags} from '../../cli/base-command.js'
import {allFlag, guardFlags, guardOptions, HELP, hotkeyFlag, STAKE_FIELD_FLAGS, txOptions} from '../../cli/stake-flags.js'

export default class StakeRemove extends BaseCommand<StakeResult> {
  static args = {...netuidArgs({description: HELP.netuid})}
  static description = 'unstake: sell ALPHA held on a hotkey in a subnet back to TAO (amounts are in ALPHA, the subnet token, not TAO); shows stake and price before and after; a price limit guards against slippage where the runtime has remove_stake_limit'
  static examples = [
    '<%= config.bin %> stake remove --wallet alice --hotkey validator --netuid 3 --amount 5',
    '<%= config.bin %> stake remove 3 --wallet alice --hotkey 5F...xyz --all --yes --json',
  ]
  static fieldFlags = STAKE_FIELD_FLAGS
  static flags = {
    ...walletFlags,
    ...hotkeyFlag(),
    ...txFlags,
    ...proxyFlags,
    ...mevFlags,
    ...allFlag,
    amount: Flags.string({description: HELP.amountAlpha}),
    ...netuidFlag({description: HELP.netuid}),
    ...guardFlags('explicit price limit in TAO per alpha (lowest accepted) instead of --tolerance'),
  }
  static summary = 'unstake ALPHA from a hotkey on a subnet'

  async run(): Promise<StakeResult> {
    const parsed = await this.parseCommand(StakeRemove)
    const {flags} = parsed
    const options = {
      ...guardOptions(flags, (await this.settings()).get('tolerance')),
      ...txOptions(flags),
      all: flags.all,
      amount: flags.amount,
      hotkey: flags.hotkey,
      netuid: this.netuidOf(parsed, true),
      wallet: await this.walletRef(flags),
    }
    const [{remove}, {renderStakePlan, renderStakeResult}] = await Promise.all([import('../../services/stake/remove.js'), import('../../cli/render/stake.js')])
    const result = await remove(await this.client(), options, this.ui({renderPlan: (p) => renderStakePlan(p)}))
    this.out(renderStakeResult(result))
    return result
  }
}
