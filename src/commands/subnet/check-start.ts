import type {CheckStartResult} from '../../services/subnet/check-start.js'

import {BaseCommand, netuidArgs, netuidFlag} from '../../cli/base-command.js'

export default class SubnetCheckStart extends BaseCommand<CheckStartResult> {
  static args = netuidArgs()
  static description = 'whether a subnet\'s emissions are started, and from which block its owner can start them (start_call); runtimes without start_call start subnets at registration'
  static examples = ['<%= config.bin %> subnet check-start 3', '<%= config.bin %> subnet check-start --netuid 3 --json']
  static flags = netuidFlag()
  static summary = 'can a subnet be started?'

  async run(): Promise<CheckStartResult> {
    const parsed = await this.parseCommand(SubnetCheckStart)
    const [{checkStart}, {renderCheckStart}] = await Promise.all([import('../../services/subnet/check-start.js'), import('../../cli/render/subnet-owner.js')])
    const result = await checkStart(await this.client(), {netuid: this.netuidOf(parsed, true)}, this.ui())
    this.out(renderCheckStart(result))
    return result
  }
}
