import * as Flags from '@oclif/core/flags'

import type {IdentitySetResult} from '../../../services/subnet/identity/set.js'

import {proxyFlags} from '../../../cli/flags.js'
import {BaseCommand, coldkeyFlags, netuidArgs, netuidFlag, txFlags} from '../../../cli/base-command.js'
import {txOptions} from '../../../cli/stake-flags.js'

export default class SubnetIdentitySet extends BaseCommand<IdentitySetResult> {
  static args = netuidArgs()
  static description = 'set your subnet\'s identity (set_subnet_identity, signed by the owner coldkey); the fields this runtime takes, each checked against the chain\'s length limit before signing; fields not given keep their value'
  static examples = ['<%= config.bin %> subnet identity set 3 --wallet owner --name "My subnet" --github https://github.com/me/sn']
  static flags = {
    ...coldkeyFlags,
    ...txFlags,
    ...proxyFlags,
    ...netuidFlag(),
    additional: Flags.string({description: 'additional information (newer runtimes)'}),
    contact: Flags.string({description: 'contact (≤ 1024 bytes)'}),
    description: Flags.string({description: 'description (newer runtimes)'}),
    discord: Flags.string({description: 'discord (newer runtimes)'}),
    github: Flags.string({description: 'repository URL (≤ 1024 bytes)'}),
    'logo-url': Flags.string({description: 'logo URL (newer runtimes)'}),
    name: Flags.string({description: 'subnet name (≤ 256 bytes)'}),
    url: Flags.string({description: 'website (newer runtimes)'}),
  }
  static summary = 'set a subnet\'s identity'

  async run(): Promise<IdentitySetResult> {
    const parsed = await this.parseCommand(SubnetIdentitySet)
    const {flags} = parsed
    const keys = ['name', 'github', 'contact', 'url', 'discord', 'description', 'logo-url', 'additional'] as const
    const fields = Object.fromEntries(keys.filter((k) => flags[k] !== undefined).map((k) => [k, flags[k]!]))
    const options = {...txOptions(flags), fields, netuid: this.netuidOf(parsed, true), wallet: await this.walletRef(flags)}
    const [{set}, {renderIdentitySet}] = await Promise.all([import('../../../services/subnet/identity/set.js'), import('../../../cli/render/subnet-owner.js')])
    const result = await set(await this.client(), options, this.ui())
    this.out(renderIdentitySet(result))
    return result
  }
}
