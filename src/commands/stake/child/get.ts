import type {ChildGetResult} from '../../../services/stake/child/get.js'

import {BaseCommand, netuidArgs, netuidFlag, walletFlags} from '../../../cli/base-command.js'
import {hotkeyFlag} from '../../../cli/stake-flags.js'

export default class StakeChildGet extends BaseCommand<ChildGetResult> {
  static args = netuidArgs({description: 'one subnet (or --netuid) [default: every subnet where the hotkey has children, parents or a take]'})
  static description = 'a hotkey\'s child hotkeys and their proportions per subnet, current and queued (where the runtime queues them), with each child\'s stake weight, the hotkey\'s parents and its childkey take'
  static examples = ['<%= config.bin %> stake child get --wallet owner --hotkey validator', '<%= config.bin %> stake child get 3 --hotkey 5F...xyz --json']
  static flags = {...walletFlags, ...hotkeyFlag('parent '), ...netuidFlag()}
  static summary = 'show a hotkey\'s children'

  async run(): Promise<ChildGetResult> {
    const parsed = await this.parseCommand(StakeChildGet)
    const options = {hotkey: parsed.flags.hotkey, netuid: this.netuidOf(parsed), wallet: await this.walletRef(parsed.flags)}
    const [{get}, {renderChildren}] = await Promise.all([import('../../../services/stake/child/get.js'), import('../../../cli/render/children.js')])
    const result = await get(await this.client(), options, this.ui())
    this.out(renderChildren(result))
    return result
  }
}
