import * as Flags from '@oclif/core/flags'

import type {StakeResult} from '../../stake/types.js'

import {mevFlags, proxyFlags} from '../../cli/flags.js'
import {BaseCommand, coldkeyFlags, netuidArgs, netuidFlag, txFlags} from '../../cli/base-command.js'
import {allFlag, guardFlags, guardOptions, HELP, STAKE_FIELD_FLAGS, txOptions} from '../../cli/stake-flags.js'

export default class StakeUndelegate extends BaseCommand<StakeResult> {
  static args = {...netuidArgs({description: HELP.netuid})}
  static description = 'undelegate: unstake ALPHA you delegated to a validator\'s hotkey on a subnet, back to TAO (amounts are in ALPHA, not TAO); same as stake remove'
  static examples = [
    '<%= config.bin %> stake undelegate --wallet alice --from 5F...validator --netuid 3 --amount 50',
    '<%= config.bin %> stake undelegate 3 --wallet alice --from 5F...validator --all --yes',
  ]
  static fieldFlags = {...STAKE_FIELD_FLAGS, hotkey: 'from'}
  static flags = {
    ...coldkeyFlags,
    ...txFlags,
    ...proxyFlags,
    ...mevFlags,
    ...allFlag,
    amount: Flags.string({description: HELP.amountAlpha}),
    from: Flags.string({description: HELP.validator, required: true}),
    ...netuidFlag({description: HELP.netuid}),
    ...guardFlags('explicit price limit in TAO per alpha (lowest accepted) instead of --tolerance'),
  }
  static summary = 'undelegate ALPHA from a validator on a subnet'

  async run(): Promise<StakeResult> {
    const parsed = await this.parseCommand(StakeUndelegate)
    const {flags} = parsed
    const options = {
      ...guardOptions(flags, (await this.settings()).get('tolerance')),
      ...txOptions(flags),
      all: flags.all,
      amount: flags.amount,
      hotkey: flags.from,
      netuid: this.netuidOf(parsed, true),
      wallet: await this.walletRef(flags),
    }
    const [{undelegate}, {renderStakePlan, renderStakeResult}] = await Promise.all([import('../../services/stake/undelegate.js'), import('../../cli/render/stake.js')])
    const result = await undelegate(await this.client(), options, this.ui({renderPlan: (p) => renderStakePlan(p, {delegate: true})}))
    this.out(renderStakeResult(result, {delegate: true}))
    return result
  }
}
