import * as Args from '@oclif/core/args'

import type {SetResult} from '../../services/config/set.js'

import {BaseCommand} from '../../cli/base-command.js'

export default class ConfigSet extends BaseCommand<SetResult> {
  static baseFlags = BaseCommand.offlineFlags()
  static args = {
    key: Args.string({description: 'setting name', required: true}),
    value: Args.string({description: 'new value', required: true}),
  }
  static description = 'store a default (network, wallet, hotkey, walletPath, timeout, tolerance, cacheDir); flags and env still win'
  static examples = ['<%= config.bin %> config set network local', '<%= config.bin %> config set wallet validator']
  static summary = 'write a setting'

  async run(): Promise<SetResult> {
    const {args} = await this.parseCommand(ConfigSet)
    const [{set}, {renderConfigSet}] = await Promise.all([import('../../services/config/set.js'), import('../../cli/render/config.js')])
    const result = await set(await this.client(), {key: args.key, value: args.value}, this.ui())
    this.out(renderConfigSet(result))
    return result
  }
}
