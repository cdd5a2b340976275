import * as Flags from '@oclif/core/flags'

import type {IdentityRead} from '../../../wallet/chain-keys.js'

import {BaseCommand, coldkeyFlags} from '../../../cli/base-command.js'

export default class WalletIdentityGet extends BaseCommand<IdentityRead> {
  static description = 'the on-chain identity of a coldkey (SubtensorModule.IdentitiesV2, or Identities on older runtimes): name, url, github, image, discord, description, additional'
  static examples = ['<%= config.bin %> wallet identity get --wallet owner', '<%= config.bin %> wallet identity get --coldkey 5F...xyz --json']
  static flags = {...coldkeyFlags, coldkey: Flags.string({description: 'another coldkey: SS58 address or wallet name [default: the wallet\'s coldkey]'})}
  static summary = 'show a coldkey\'s on-chain identity'

  async run(): Promise<IdentityRead> {
    const {flags} = await this.parseCommand(WalletIdentityGet)
    const [{get}, {renderIdentity}] = await Promise.all([import('../../../services/wallet/identity/get.js'), import('../../../cli/render/keys.js')])
    const result = await get(await this.client(), {coldkey: flags.coldkey, wallet: await this.walletRef(flags)}, this.ui())
    this.out(renderIdentity(result))
    return result
  }
}
