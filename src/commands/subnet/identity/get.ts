import type {IdentityGetResult} from '../../../services/subnet/identity/get.js'

import {BaseCommand, netuidArgs, netuidFlag} from '../../../cli/base-command.js'

export default class SubnetIdentityGet extends BaseCommand<IdentityGetResult> {
  static args = netuidArgs()
  static description = 'a subnet\'s on-chain identity (name, repository, contact, and on newer runtimes url, discord, description, logo, additional)'
  static examples = ['<%= config.bin %> subnet identity get 3', '<%= config.bin %> subnet identity get --netuid 3 --json']
  static flags = netuidFlag()
  static summary = 'show a subnet\'s identity'

  async run(): Promise<IdentityGetResult> {
    const parsed = await this.parseCommand(SubnetIdentityGet)
    const [{get}, {renderIdentity}] = await Promise.all([import('../../../services/subnet/identity/get.js'), import('../../../cli/render/subnet-owner.js')])
    const result = await get(await this.client(), {netuid: this.netuidOf(parsed, true)}, this.ui())
    this.out(renderIdentity(result))
    return result
  }
}
