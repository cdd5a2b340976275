import {Flags} from '@oclif/core'

import type {ReencryptResult} from '../../wallet/manage.js'

import {BaseCommand, walletFlags} from '../../base-command.js'

export default class WalletReencrypt extends BaseCommand<ReencryptResult> {
  static description = `legacy ansible-vault and Fernet key files keep their password; an unencrypted key file gets a new password (typed twice, or TAO_PASSWORD…). a file already in $NACL is left alone. the file is replaced atomically (0600).`
  static examples = ['<%= config.bin %> wallet reencrypt -w old-wallet', '<%= config.bin %> wallet reencrypt -w v -H default --key hotkey']
  static flags = {
    ...walletFlags,
    key: Flags.string({default: 'coldkey', description: 'which key file', options: ['coldkey', 'hotkey']}),
  }
  static summary = 'rewrite a legacy or unencrypted key file as $NACL'

  async run(): Promise<ReencryptResult> {
    const {flags} = await this.parseCommand(WalletReencrypt)
    const [{reencryptKeyfile}, wallet, ref, passwords] = await Promise.all([
      import('../../wallet/manage.js'),
      import('../../wallet/wallet.js'),
      this.walletRef(flags),
      this.passwordSource(),
    ])
    const hot = flags.key === 'hotkey'
    const file = hot ? wallet.hotkeyFile(ref) : wallet.coldkeyFile(ref)
    const what = hot ? `hotkey "${ref.hotkey}" of wallet "${ref.name}"` : `coldkey of wallet "${ref.name}"`
    const r = await reencryptKeyfile(file, what, passwords, (m) => this.spinner(m))
    this.out(r.changed ? `${what}: ${r.from} → $NACL (${file})` : `${what} is already $NACL; nothing to do`)
    return r
  }
}
