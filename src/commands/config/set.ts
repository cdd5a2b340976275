import {Args} from '@oclif/core'

import {BaseCommand} from '../../base-command.js'
import {validateSetting} from '../../config/settings.js'

export default class ConfigSet extends BaseCommand<{key: string; value: unknown}> {
  static args = {
    key: Args.string({description: 'setting name', required: true}),
    value: Args.string({description: 'new value', required: true}),
  }
  static description = 'store a default (network, wallet, hotkey, walletPath, timeout, tolerance, cacheDir); flags and env still win'
  static examples = ['<%= config.bin %> config set network local', '<%= config.bin %> config set wallet validator']
  static summary = 'write a setting'

  async run() {
    const {args} = await this.parseCommand(ConfigSet)
    const key = validateSetting(args.key, args.value)
    const store = await this.settings()
    const value = key === 'timeout' ? Number(args.value) : args.value
    store.set(key, value as never)
    this.out(`${key} = ${value}`)
    return {key, value}
  }
}
