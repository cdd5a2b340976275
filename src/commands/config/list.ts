import {BaseCommand} from '../../base-command.js'
import {SETTING_HELP, SETTING_KEYS} from '../../config/settings.js'
import {renderTable} from '../../output/table.js'

export default class ConfigList extends BaseCommand<{path: string; settings: Record<string, unknown>}> {
  static description = 'every setting with its stored value; unset ones use the built-in default'
  static examples = ['<%= config.bin %> config list', '<%= config.bin %> config list --json']
  static summary = 'list settings'

  async run() {
    await this.parseCommand(ConfigList)
    const store = await this.settings()
    const all = store.all() as Record<string, unknown>
    this.out(renderTable(['setting', 'value', 'meaning'], SETTING_KEYS.map((k) => [k, all[k] === undefined ? '(default)' : String(all[k]), SETTING_HELP[k]])))
    this.out(`config file: ${store.path}`)
    return {path: store.path, settings: all}
  }
}
