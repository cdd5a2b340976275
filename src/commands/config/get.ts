import {Args} from '@oclif/core'

import {BaseCommand} from '../../base-command.js'
import {validateSetting} from '../../config/settings.js'

export default class ConfigGet extends BaseCommand<{key: string; value: unknown}> {
  static args = {key: Args.string({description: 'setting name', required: true})}
  static description = 'print one setting from the config file (not the effective value after flags and env)'
  static examples = ['<%= config.bin %> config get network']
  static summary = 'read a setting'

  async run() {
    const {args} = await this.parseCommand(ConfigGet)
    const key = validateSetting(args.key, '1')
    const value = (await this.settings()).get(key)
    this.out(value === undefined ? '' : String(value))
    return {key, value: value ?? null}
  }
}
