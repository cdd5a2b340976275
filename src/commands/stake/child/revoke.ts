import type {ChildRevokeResult} from '../../../services/stake/child/revoke.js'

import {proxyFlags} from '../../../cli/flags.js'
import {BaseCommand, netuidArgs, netuidFlag, txFlags, walletFlags} from '../../../cli/base-command.js'
import {hotkeyFlag, txOptions} from '../../../cli/stake-flags.js'

export default class StakeChildRevoke extends BaseCommand<ChildRevokeResult> {
  static args = netuidArgs()
  static description = 'remove every child of your hotkey on a subnet (set_children with no children), signed by the coldkey that owns the hotkey'
  static examples = ['<%= config.bin %> stake child revoke 3 --wallet owner --hotkey validator', '<%= config.bin %> stake child revoke --netuid 3 --hotkey validator --yes --json']
  static flags = {...walletFlags, ...hotkeyFlag('parent '), ...txFlags,
    ...proxyFlags, ...netuidFlag()}
  static summary = 'remove a hotkey\'s children on a subnet'

  async run(): Promise<ChildRevokeResult> {
    const parsed = await this.parseCommand(StakeChildRevoke)
    const {flags} = parsed
    const options = {...txOptions(flags), hotkey: flags.hotkey, netuid: this.netuidOf(parsed, true), wallet: await this.walletRef(flags)}
    const [{revoke}, {renderChildrenPlan, renderChildrenResult}] = await Promise.all([import('../../../services/stake/child/revoke.js'), import('../../../cli/render/children.js')])
    const result = await revoke(await this.client(), options, this.ui({renderPlan: (p) => renderChildrenPlan(p)}))
    this.out(renderChildrenResult(result))
    return result
  }
}
