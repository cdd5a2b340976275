import type {SubnetStartResult} from '../../services/subnet/start.js'

import {proxyFlags} from '../../cli/flags.js'
import {BaseCommand, coldkeyFlags, netuidArgs, netuidFlag, txFlags} from '../../cli/base-command.js'
import {txOptions} from '../../cli/stake-flags.js'

export default class SubnetStart extends BaseCommand<SubnetStartResult> {
  static args = netuidArgs()
  static description = 'start your subnet\'s emissions (start_call, signed by the owner coldkey) where the runtime has it; runtimes without it start subnets at registration'
  static examples = ['<%= config.bin %> subnet start 3 --wallet owner', '<%= config.bin %> subnet start --netuid 3 --wallet owner --yes --json']
  static flags = {...coldkeyFlags, ...txFlags, ...proxyFlags, ...netuidFlag()}
  static summary = 'start a subnet\'s emissions'

  async run(): Promise<SubnetStartResult> {
    const parsed = await this.parseCommand(SubnetStart)
    const options = {...txOptions(parsed.flags), netuid: this.netuidOf(parsed, true), wallet: await this.walletRef(parsed.flags)}
    const [{start}, {renderStart}] = await Promise.all([import('../../services/subnet/start.js'), import('../../cli/render/subnet-owner.js')])
    const result = await start(await this.client(), options, this.ui())
    this.out(renderStart(result))
    return result
  }
}
