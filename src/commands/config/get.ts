import * as Args from '@oclif/core/args'

import type {GetResult} from '../../services/config/get.js'

import {BaseCommand} from '../../cli/base-command.js'
import {configGet} from '../../cli/offline.js'

export default class ConfigGet extends BaseCommand<GetResult> {
  static baseFlags = BaseCommand.offlineFlags()
  static args = {key: Args.string({description: 'setting name', required: true})}
  static description = 'print one setting from the config file (not the effective value after flags and env)'
  static examples = ['<%= config.bin %> config get network']
  static summary = 'read a setting'

  async run(): Promise<GetResult> {
    // the body is shared with the start-up fast path (src/cli/fast.ts)
    return configGet(this.rt, await this.parseCommand(ConfigGet))
  }
}
