import * as Flags from '@oclif/core/flags'

import type {ChildTakeResult} from '../../../services/stake/child/take.js'

import {proxyFlags} from '../../../cli/flags.js'
import {BaseCommand, netuidArgs, netuidFlag, txFlags, walletFlags} from '../../../cli/base-command.js'
import {hotkeyFlag, txOptions} from '../../../cli/stake-flags.js'

export default class StakeChildTake extends BaseCommand<ChildTakeResult> {
  static args = netuidArgs()
  static description = 'show a hotkey\'s childkey take on a subnet (what it keeps of what it earns as a child), or set your own with --set (set_childkey_take, within the chain\'s MinChildkeyTake–MaxChildkeyTake and rate limit)'
  static examples = ['<%= config.bin %> stake child take 3 --hotkey validator', '<%= config.bin %> stake child take 3 --wallet owner --hotkey validator --set 9% --yes']
  static fieldFlags = {take: 'set'}
  static flags = {
    ...walletFlags,
    ...hotkeyFlag(),
    ...txFlags,
    ...proxyFlags,
    ...netuidFlag(),
    set: Flags.string({description: 'new childkey take as a percentage, e.g. 9 or 9% (the chain allows roughly 0–18%)'}),
  }
  static summary = 'show or set a hotkey\'s childkey take'

  async run(): Promise<ChildTakeResult> {
    const parsed = await this.parseCommand(StakeChildTake)
    const {flags} = parsed
    const options = {...txOptions(flags), hotkey: flags.hotkey, netuid: this.netuidOf(parsed, true), take: flags.set, wallet: await this.walletRef(flags)}
    const [{take}, {renderChildTake}] = await Promise.all([import('../../../services/stake/child/take.js'), import('../../../cli/render/children.js')])
    const result = await take(await this.client(), options, this.ui())
    this.out(renderChildTake(result))
    return result
  }
}
