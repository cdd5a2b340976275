import * as Args from '@oclif/core/args'

import type {GetResult} from '../../services/config/get.js'

import {BaseCommand} from '../../cli/base-command.js'

export default class ConfigGet extends BaseCommand<GetResult> {
  static baseFlags = BaseCommand.offlineFlags()
  static args = {key: Args.string({description: 'setting name', required: true})}
  static description = 'print one setting from the config file (not the effective value after flags and env)'
  static examples = ['<%= config.bin %> config get network']
  static summary = 'read a setting'

  async run(): Promise<GetResult> {
    const {args} = await this.parseCommand(ConfigGet)
    const [{get}, {renderConfigGet}] = await Promise.all([import('../../services/config/get.js'), import('../../cli/render/config.js')])
    const result = await get(await this.client(), {key: args.key}, this.ui())
    this.out(renderConfigGet(result))
    return result
  }
}
