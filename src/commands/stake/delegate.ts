import * as Flags from '@oclif/core/flags'

import type {StakeResult} from '../../stake/types.js'

import {mevFlags, proxyFlags} from '../../cli/flags.js'
import {BaseCommand, coldkeyFlags, netuidArgs, netuidFlag, txFlags} from '../../cli/base-command.js'
import {guardFlags, guardOptions, HELP, STAKE_FIELD_FLAGS, txOptions} from '../../cli/stake-flags.js'

export default class StakeDelegate extends BaseCommand<StakeResult> {
  static args = {...netuidArgs({description: HELP.netuid})}
  static description = 'delegate: stake TAO from your coldkey to a validator\'s hotkey on a subnet (the validator keeps its take of the rewards, shown before you confirm); same as stake add with someone else\'s hotkey'
  static examples = [
    '<%= config.bin %> stake delegate --wallet alice --to 5F...validator --netuid 3 --amount 100',
    '<%= config.bin %> stake delegate 3 --wallet alice --to 5F...validator --amount 100 --yes --json',
  ]
  static fieldFlags = {...STAKE_FIELD_FLAGS, hotkey: 'to'}
  static flags = {
    ...coldkeyFlags,
    ...txFlags,
    ...proxyFlags,
    ...mevFlags,
    amount: Flags.string({description: HELP.amountTao, required: true}),
    ...netuidFlag({description: HELP.netuid}),
    to: Flags.string({description: HELP.validator, required: true}),
    ...guardFlags(),
  }
  static summary = 'delegate TAO to a validator on a subnet'

  async run(): Promise<StakeResult> {
    const parsed = await this.parseCommand(StakeDelegate)
    const {flags} = parsed
    const options = {
      ...guardOptions(flags, (await this.settings()).get('tolerance')),
      ...txOptions(flags),
      amount: flags.amount,
      hotkey: flags.to,
      netuid: this.netuidOf(parsed, true),
      wallet: await this.walletRef(flags),
    }
    const [{delegate}, {renderStakePlan, renderStakeResult}] = await Promise.all([import('../../services/stake/delegate.js'), import('../../cli/render/stake.js')])
    const result = await delegate(await this.client(), options, this.ui({renderPlan: (p) => renderStakePlan(p, {delegate: true})}))
    this.out(renderStakeResult(result, {delegate: true}))
    return result
  }
}
