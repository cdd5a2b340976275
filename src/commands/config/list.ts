import type {ListResult} from '../../services/config/list.js'

import {BaseCommand} from '../../cli/base-command.js'
import {configList} from '../../cli/offline.js'

export default class ConfigList extends BaseCommand<ListResult> {
  static baseFlags = BaseCommand.offlineFlags()
  static description = 'every setting with its stored value; unset ones use the built-in default'
  static examples = ['<%= config.bin %> config list', '<%= config.bin %> config list --json']
  static summary = 'list settings'

  async run(): Promise<ListResult> {
    await this.parseCommand(ConfigList)
    // the body is shared with the start-up fast path (src/cli/fast.ts)
    return configList(this.rt)
  }
}
