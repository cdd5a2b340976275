import type {DelegateListResult} from '../../stake/delegates.js'

import {BaseCommand, netuidArgs, netuidFlag} from '../../cli/base-command.js'

export default class DelegateList extends BaseCommand<DelegateListResult> {
  static args = {...netuidArgs({description: 'only delegates registered or holding stake on this subnet (or --netuid)'})}
  static description = 'validators that accept delegated stake: take, total stake (TAO value of the alpha on the hotkey across subnets), number of nominators, stake per subnet'
  static examples = ['<%= config.bin %> delegate list', '<%= config.bin %> delegate list 3 --json']
  static flags = {
    ...netuidFlag({description: 'only delegates registered or holding stake on this subnet'}),
  }
  static summary = 'list delegates'

  async run(): Promise<DelegateListResult> {
    const parsed = await this.parseCommand(DelegateList)
    const [{list}, {renderDelegateList}] = await Promise.all([import('../../services/delegate/list.js'), import('../../cli/render/stake.js')])
    const result = await list(await this.client(), {netuid: this.netuidOf(parsed)}, this.ui())
    this.out(renderDelegateList(result))
    return result
  }
}
