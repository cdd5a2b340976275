import * as Flags from '@oclif/core/flags'

import type {StakeResult} from '../../stake/types.js'

import {mevFlags, proxyFlags} from '../../cli/flags.js'
import {BaseCommand, netuidArgs, netuidFlag, txFlags, walletFlags} from '../../cli/base-command.js'
import {guardFlags, guardOptions, HELP, hotkeyFlag, STAKE_FIELD_FLAGS, txOptions} from '../../cli/stake-flags.js'

export default class StakeAdd extends BaseCommand<StakeResult> {
  static args = {...netuidArgs({description: HELP.netuid})}
  static description = 'stake TAO from your coldkey to a hotkey on a subnet: the TAO buys the subnet\'s alpha at the pool price; shows stake and price before and after; a price limit guards against slippage where the runtime has add_stake_limit'
  static examples = [
    '<%= config.bin %> stake add --wallet alice --hotkey validator --netuid 3 --amount 10',
    '<%= config.bin %> stake add 3 --wallet alice --hotkey 5F...xyz --amount 0.5 --tolerance 1% --yes --json',
  ]
  static fieldFlags = STAKE_FIELD_FLAGS
  static flags = {
    ...walletFlags,
    ...hotkeyFlag(),
    ...txFlags,
    ...proxyFlags,
    ...mevFlags,
    amount: Flags.string({description: HELP.amountTao, required: true}),
    ...netuidFlag({description: HELP.netuid}),
    ...guardFlags(),
  }
  static summary = 'stake TAO to a hotkey on a subnet'

  async run(): Promise<StakeResult> {
    const parsed = await this.parseCommand(StakeAdd)
    const {flags} = parsed
    const options = {
      ...guardOptions(flags, (await this.settings()).get('tolerance')),
      ...txOptions(flags),
      amount: flags.amount,
      hotkey: flags.hotkey,
      netuid: this.netuidOf(parsed, true),
      wallet: await this.walletRef(flags),
    }
    const [{add}, {renderStakePlan, renderStakeResult}] = await Promise.all([import('../../services/stake/add.js'), import('../../cli/render/stake.js')])
    const result = await add(await this.client(), options, this.ui({renderPlan: (p) => renderStakePlan(p)}))
    this.out(renderStakeResult(result))
    return result
  }
}
