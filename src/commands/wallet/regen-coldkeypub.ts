import * as Flags from '@oclif/core/flags'

import type {WalletWriteResult} from '../../wallet/flows.js'

import {BaseCommand} from '../../cli/base-command.js'
import {walletFlags} from '../../cli/flags.js'

export default class WalletRegenColdkeypub extends BaseCommand<WalletWriteResult> {
  static baseFlags = BaseCommand.offlineFlags()
  static description = 'writes only coldkeypub.txt (public data, no password), e.g. for a host that must not hold the coldkey.'
  static examples = ['<%= config.bin %> wallet regen-coldkeypub -w my-validator --ss58 5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY']
  static flags = {
    ...walletFlags,
    overwrite: Flags.boolean({description: 'replace an existing public file (asks first; --yes to skip the question)'}),
    'public-key': Flags.string({aliases: ['public-key-hex'], description: '32-byte public key as 0x hex', exactlyOne: ['ss58', 'public-key']}),
    ss58: Flags.string({aliases: ['ss58-address'], description: 'ss58 address (any prefix)', exactlyOne: ['ss58', 'public-key']}),
  }
  static summary = 'write coldkeypub.txt from an ss58 address or public key'

  async run(): Promise<WalletWriteResult> {
    const {flags} = await this.parseCommand(WalletRegenColdkeypub)
    const [{regenColdkeypub}, {renderWalletWrite}] = await Promise.all([import('../../services/wallet/regen-coldkeypub.js'), import('../../cli/render/wallet.js')])
    const options = {overwrite: flags.overwrite, publicKey: flags['public-key'], ss58: flags.ss58, wallet: await this.walletRef(flags)}
    const result = await regenColdkeypub(await this.client(), options, this.ui())
    this.out(renderWalletWrite(result))
    return result
  }
}
