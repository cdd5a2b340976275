import * as Args from '@oclif/core/args'

import type {UnsetResult} from '../../services/config/unset.js'

import {BaseCommand} from '../../cli/base-command.js'

export default class ConfigUnset extends BaseCommand<UnsetResult> {
  static baseFlags = BaseCommand.offlineFlags()
  static args = {key: Args.string({description: 'setting name', required: true})}
  static description = 'remove a setting so the built-in default applies'
  static examples = ['<%= config.bin %> config unset network']
  static summary = 'remove a setting'

  async run(): Promise<UnsetResult> {
    const {args} = await this.parseCommand(ConfigUnset)
    const [{unset}, {renderConfigUnset}] = await Promise.all([import('../../services/config/unset.js'), import('../../cli/render/config.js')])
    const result = await unset(await this.client(), {key: args.key}, this.ui())
    this.out(renderConfigUnset(result))
    return result
  }
}
