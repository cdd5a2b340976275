import * as Flags from '@oclif/core/flags'

import type {SubnetSetServiceResult} from '../../services/subnet/set.js'

import {proxyFlags} from '../../cli/flags.js'
import {BaseCommand, coldkeyFlags, netuidArgs, netuidFlag, txFlags} from '../../cli/base-command.js'
import {txOptions} from '../../cli/stake-flags.js'

export default class SubnetSet extends BaseCommand<SubnetSetServiceResult> {
  static args = netuidArgs()
  static description = 'change hyperparameters of your subnet (AdminUtils sudo_set_* as the subnet owner), names and units as `subnet hyperparameters` shows them (blocks, TAO, fractions 0–1 or %, yes/no), converted exactly; root-only parameters are refused, or signed with the dev sudo key on a localnet with --sudo'
  static examples = [
    '<%= config.bin %> subnet set 3 --wallet owner --param immunity_period=5000 --param min_burn=0.5',
    '<%= config.bin %> subnet set 3 --list',
    '<%= config.bin %> subnet set 3 --wallet owner --param kappa=50% --yes --json',
    '<%= config.bin %> subnet set 3 --network local --sudo --param commit_reveal_weights_enabled=yes --yes',
  ]
  static fieldFlags = {params: 'param'}
  static flags = {
    ...coldkeyFlags,
    ...txFlags,
    ...proxyFlags,
    ...netuidFlag(),
    list: Flags.boolean({description: 'list every hyperparameter this runtime can set, who may set it and its value now; nothing is signed', exclusive: ['param', 'sudo']}),
    param: Flags.string({description: 'NAME=VALUE, repeatable; names as `tao subnet hyperparameters` shows them', multiple: true}),
    sudo: Flags.boolean({description: 'localnet only: sign through Sudo.sudo with the dev sudo key //Alice (for root-only parameters)'}),
  }
  static summary = 'set subnet hyperparameters as the owner'

  async run(): Promise<SubnetSetServiceResult> {
    const parsed = await this.parseCommand(SubnetSet)
    const {flags} = parsed
    const options = {...txOptions(flags), netuid: this.netuidOf(parsed, true), list: flags.list, params: flags.param ?? [], sudo: flags.sudo, wallet: await this.walletRef(flags)}
    const [{set}, {renderSubnetSet, renderSubnetSetPlan}] = await Promise.all([import('../../services/subnet/set.js'), import('../../cli/render/subnet-owner.js')])
    const result = await set(await this.client(), options, this.ui({renderPlan: (p) => renderSubnetSetPlan(p)}))
    this.out(renderSubnetSet(result))
    return result
  }
}
