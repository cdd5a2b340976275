import {Args} from '@oclif/core'

import {BaseCommand} from '../../base-command.js'
import {validateSetting} from '../../config/settings.js'

export default class ConfigUnset extends BaseCommand<{key: string; removed: boolean}> {
  static args = {key: Args.string({description: 'setting name', required: true})}
  static description = 'remove a setting so the built-in default applies'
  static examples = ['<%= config.bin %> config unset network']
  static summary = 'remove a setting'

  async run() {
    const {args} = await this.parseCommand(ConfigUnset)
    const key = validateSetting(args.key, '1')
    const store = await this.settings()
    const removed = store.get(key) !== undefined
    store.delete(key)
    this.out(removed ? `${key} removed` : `${key} was not set`)
    return {key, removed}
  }
}
