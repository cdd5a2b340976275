import * as Flags from '@oclif/core/flags'

import type {CreatePlanShown, SubnetCreateResult} from '../../services/subnet/create.js'
import type {Ui} from '../../ui.js'

import {proxyFlags} from '../../cli/flags.js'
import {txOptions} from '../../cli/stake-flags.js'
import {BaseCommand, txFlags, walletFlags} from '../../cli/base-command.js'

const identity = (description: string) => Flags.string({description, helpGroup: 'IDENTITY'})

export default class SubnetCreate extends BaseCommand<SubnetCreateResult> {
  static description = `create a subnet owned by the wallet's coldkey, with its hotkey as uid 0, paying the lock cost (register_network; register_network_with_identity when identity flags are given; mechid where the runtime takes one).
Shows the lock cost and the coldkey balance and asks first (--yes to skip). Refuses without submitting what the chain would refuse: network registration rate limit, balance below cost + fee, a hotkey owned by another coldkey, or a cost above --max-cost (exit 5).
exit codes: 0 created (or dry run accepted), 2 bad input (identity field unknown to this runtime or too long) or not confirmed, 3 wallet or hotkey missing, 4 network, 5 the chain refused or would refuse.`
  static examples = [
    '<%= config.bin %> subnet create --wallet owner --hotkey default --network local',
    '<%= config.bin %> subnet create -w owner -H default --max-cost 2 --name "my subnet" --github https://github.com/me/sn --yes --json',
  ]
  static fieldFlags = {maxCostRao: 'max-cost'}
  static flags = {
    ...walletFlags,
    ...txFlags,
    ...proxyFlags,
    additional: identity('subnet identity: additional text (newer runtimes)'),
    contact: identity('subnet identity: contact'),
    description: identity('subnet identity: description (newer runtimes)'),
    discord: identity('subnet identity: discord (newer runtimes)'),
    github: identity('subnet identity: github repository'),
    'logo-url': identity('subnet identity: logo url (newer runtimes)'),
    'max-cost': Flags.string({description: 'refuse if the lock cost is above this many TAO'}),
    mechid: Flags.integer({description: 'subnet mechanism, on runtimes whose register_network takes one [default: 1]', min: 0, max: 65_535}),
    name: identity('subnet identity: name'),
    url: identity('subnet identity: url (newer runtimes)'),
  }
  static summary = 'create a subnet (pays the lock cost)'

  async run(): Promise<SubnetCreateResult> {
    const {flags} = await this.parseCommand(SubnetCreate)
    const [{create}, {renderCreatePlan, renderCreateResult}] = await Promise.all([import('../../services/subnet/create.js'), import('../../cli/render/subnet.js')])
    const {additional, contact, description, discord, github, name, url} = flags
    const wallet = await this.walletRef(flags)
    const ui = this.ui()
    // the plan goes to stdout before the question (also when no question can be asked, or --yes answers it)
    const showing: Ui = {
      ...ui,
      confirm: async (question, plan) => {
        this.out(renderCreatePlan(plan as CreatePlanShown))
        await ui.confirm(question)
      },
    }
    const {plan, ...result} = await create(
      await this.client(),
      {
        ...txOptions(flags),
        identity: {additional, contact, description, discord, github, logoUrl: flags['logo-url'], name, url},
        maxCostRao: flags['max-cost'],
        mechid: flags.mechid,
        wallet,
      },
      showing,
    )
    if (result.dryRun) this.out(renderCreatePlan(plan))
    this.out(renderCreateResult(result, wallet.hotkey))
    return result
  }
}
