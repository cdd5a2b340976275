import * as Flags from '@oclif/core/flags'

import type {ReencryptResult} from '../../wallet/manage.js'

import {BaseCommand} from '../../cli/base-command.js'
import {walletFlags} from '../../cli/flags.js'

export default class WalletReencrypt extends BaseCommand<ReencryptResult> {
  static baseFlags = BaseCommand.offlineFlags()
  static description = `legacy ansible-vault and Fernet key files keep their password; an unencrypted key file gets a new password (typed twice, or TAO_PASSWORD…). a file already in $NACL is left alone. the file is replaced atomically (0600).`
  static examples = ['<%= config.bin %> wallet reencrypt -w old-wallet', '<%= config.bin %> wallet reencrypt -w v -H default --key hotkey']
  static flags = {
    ...walletFlags,
    key: Flags.string({default: 'coldkey', description: 'which key file', options: ['coldkey', 'hotkey']}),
  }
  static summary = 'rewrite a legacy or unencrypted key file as $NACL'

  async run(): Promise<ReencryptResult> {
    const {flags} = await this.parseCommand(WalletReencrypt)
    const [{reencrypt}, {renderReencrypt}] = await Promise.all([import('../../services/wallet/reencrypt.js'), import('../../cli/render/wallet.js')])
    const options = {key: flags.key as 'coldkey' | 'hotkey', wallet: await this.walletRef(flags)}
    const result = await reencrypt(await this.client(), options, this.ui())
    this.out(renderReencrypt(result, options))
    return result
  }
}
