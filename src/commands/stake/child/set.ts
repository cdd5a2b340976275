import * as Flags from '@oclif/core/flags'

import type {ChildSetResult} from '../../../services/stake/child/set.js'

import {proxyFlags} from '../../../cli/flags.js'
import {BaseCommand, netuidArgs, netuidFlag, txFlags, walletFlags} from '../../../cli/base-command.js'
import {hotkeyFlag, txOptions} from '../../../cli/stake-flags.js'

export default class StakeChildSet extends BaseCommand<ChildSetResult> {
  static args = netuidArgs()
  static description = 'give up to five child hotkeys proportions of your hotkey\'s stake weight on a subnet (set_children), signed by the coldkey that owns the hotkey; everything the chain checks (ownership, at most 5, no self-child, proportions ≤ 100%, not root, rate limit) is checked before signing'
  static examples = [
    '<%= config.bin %> stake child set 3 --wallet owner --hotkey validator --child 5F...a=40% --child miner=0.25',
    '<%= config.bin %> stake child set --netuid 3 --hotkey validator --child 5F...a=100% --yes --json',
  ]
  static fieldFlags = {children: 'child'}
  static flags = {
    ...walletFlags,
    ...hotkeyFlag('parent '),
    ...txFlags,
    ...proxyFlags,
    child: Flags.string({description: 'a child as SS58_OR_NAME=PROPORTION, the proportion a percentage (40%) or a fraction (0.4); repeat for up to 5, together at most 100%', multiple: true, required: true}),
    ...netuidFlag(),
  }
  static summary = 'set a hotkey\'s children on a subnet'

  async run(): Promise<ChildSetResult> {
    const parsed = await this.parseCommand(StakeChildSet)
    const {flags} = parsed
    const options = {...txOptions(flags), children: flags.child, hotkey: flags.hotkey, netuid: this.netuidOf(parsed, true), wallet: await this.walletRef(flags)}
    const [{set}, {renderChildrenPlan, renderChildrenResult}] = await Promise.all([import('../../../services/stake/child/set.js'), import('../../../cli/render/children.js')])
    const result = await set(await this.client(), options, this.ui({renderPlan: (p) => renderChildrenPlan(p)}))
    this.out(renderChildrenResult(result))
    return result
  }
}
