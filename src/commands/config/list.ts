import type {ListResult} from '../../services/config/list.js'

import {BaseCommand} from '../../cli/base-command.js'

export default class ConfigList extends BaseCommand<ListResult> {
  static baseFlags = BaseCommand.offlineFlags()
  static description = 'every setting with its stored value; unset ones use the built-in default'
  static examples = ['<%= config.bin %> config list', '<%= config.bin %> config list --json']
  static summary = 'list settings'

  async run(): Promise<ListResult> {
    await this.parseCommand(ConfigList)
    const [{list}, {renderConfigList}] = await Promise.all([import('../../services/config/list.js'), import('../../cli/render/config.js')])
    const result = await list(await this.client(), {}, this.ui())
    this.out(renderConfigList(result))
    return result
  }
}
