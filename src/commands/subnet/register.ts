import * as Flags from '@oclif/core/flags'

import type {RegisterPlanShown, SubnetRegisterResult} from '../../services/subnet/register.js'
import type {Ui} from '../../ui.js'

import {proxyFlags} from '../../cli/flags.js'
import {txOptions} from '../../cli/stake-flags.js'
import {BaseCommand, netuidArgs, netuidFlag, txFlags, walletFlags} from '../../cli/base-command.js'

export default class SubnetRegister extends BaseCommand<SubnetRegisterResult> {
  static args = netuidArgs({description: 'subnet to register on (or --netuid)'})
  static description = `register a hotkey on a subnet by burning TAO (burned_register; register_limit where the runtime has it).
Shows the burn and the coldkey balance and asks first (--yes to skip). Refuses without submitting what the chain would refuse: subnet missing, hotkey already registered or owned by another coldkey, registration disabled, registrations full this interval/block, balance below burn + fee, or a burn above --max-burn (exit 5, coded as the chain's error).
--netuid 0 registers on the root network with root_register (no burn), pre-checking what do_root_register checks:
registrations this block/interval, already on root, and when root is full a root stake above the lowest validator's
(StakeTooLowForRoot); the plan shows the validator it would replace.
exit codes: 0 registered (or dry run accepted), 2 bad input or not confirmed, 3 wallet or hotkey missing, 4 network, 5 the chain refused or would refuse.`
  static examples = [
    '<%= config.bin %> subnet register 1 --wallet mywallet --hotkey miner1',
    '<%= config.bin %> subnet register --netuid 1 -w mywallet -H miner1 --max-burn 0.5 --yes --json',
    '<%= config.bin %> subnet register --netuid 0 -w mywallet -H validator',
  ]
  static fieldFlags = {maxBurnRao: 'max-burn'}
  static flags = {
    ...walletFlags,
    ...txFlags,
    ...proxyFlags,
    ...netuidFlag({description: 'subnet to register on (or give it as the first argument)'}),
    'max-burn': Flags.string({description: 'refuse if the burn is above this many TAO (for scripts that retry)'}),
  }
  static summary = 'register a hotkey on a subnet (burned registration)'

  async run(): Promise<SubnetRegisterResult> {
    const parsed = await this.parseCommand(SubnetRegister)
    const {flags} = parsed
    const netuid = this.netuidOf(parsed, true)
    const [{register}, {renderRegisterPlan, renderRegisterResult}] = await Promise.all([import('../../services/subnet/register.js'), import('../../cli/render/subnet.js')])
    const wallet = await this.walletRef(flags)
    const ui = this.ui()
    // the plan goes to stdout before the question (also when no question can be asked, or --yes answers it)
    const showing: Ui = {
      ...ui,
      confirm: async (question, plan) => {
        this.out(renderRegisterPlan(plan as RegisterPlanShown))
        await ui.confirm(question)
      },
    }
    const options = {...txOptions(flags), maxBurnRao: flags['max-burn'], netuid, wallet}
    const {plan, ...result} = await register(await this.client(), options, showing)
    if (result.dryRun) this.out(renderRegisterPlan(plan))
    this.out(renderRegisterResult(result, wallet.hotkey))
    return result
  }
}
