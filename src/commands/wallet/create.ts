import * as Flags from '@oclif/core/flags'

import type {WalletWriteResult} from '../../wallet/flows.js'

import {BaseCommand} from '../../cli/base-command.js'
import {walletFlags} from '../../cli/flags.js'

export default class WalletCreate extends BaseCommand<WalletWriteResult> {
  static baseFlags = BaseCommand.offlineFlags()
  static description = `writes coldkey ($NACL-encrypted unless --no-password), coldkeypub.txt, hotkeys/<hotkey> and hotkeys/<hotkey>pub.txt exactly as btcli does (0600 files, 0700 folders, atomic writes).
a generated mnemonic is shown once on the terminal, never in --json (unless --show-mnemonic) or a log: without a terminal the command refuses.
the coldkey password is typed twice at a prompt, or taken from TAO_PASSWORD / TAO_PASSWORD_FILE / $CREDENTIALS_DIRECTORY/tao-password for automation.
to restore known keys instead, give --mnemonic-file / --hotkey-mnemonic-file (a file, or - for stdin).`
  static examples = [
    '<%= config.bin %> wallet create --wallet my-validator --hotkey default',
    '<%= config.bin %> wallet create -w test --no-password --n-words 24',
    'TAO_PASSWORD_FILE=/run/secrets/pw <%= config.bin %> wallet create -w ops --mnemonic-file - < mnemonic.txt',
    '<%= config.bin %> wallet create -w alice --uri //Alice --no-password',
  ]
  static flags = {
    ...walletFlags,
    'hotkey-mnemonic-file': Flags.string({description: 'restore the hotkey from the mnemonic in this file (- = stdin)'}),
    'mnemonic-file': Flags.string({description: 'restore the coldkey from the mnemonic in this file (- = stdin) instead of generating one'}),
    'n-words': Flags.string({default: '12', description: 'words in generated mnemonics', options: ['12', '15', '18', '21', '24']}),
    overwrite: Flags.boolean({description: 'replace existing keys (asks first; --yes to skip the question)'}),
    password: Flags.boolean({allowNo: true, default: true, description: 'encrypt the coldkey ($NACL); --no-password writes it unencrypted'}),
    'show-mnemonic': Flags.boolean({description: 'include generated mnemonics in the --json output'}),
    uri: Flags.string({description: 'derive both keys from a dev URI such as //Alice (test chains only)'}),
  }
  static summary = 'create a wallet: a new coldkey and hotkey'

  async run(): Promise<WalletWriteResult> {
    const {flags} = await this.parseCommand(WalletCreate)
    const [{create}, {renderWalletWrite}] = await Promise.all([import('../../services/wallet/create.js'), import('../../cli/render/wallet.js')])
    const options = {
      encrypt: flags.password,
      hotkeyMnemonicFile: flags['hotkey-mnemonic-file'],
      mnemonicFile: flags['mnemonic-file'],
      nWords: flags['n-words'],
      overwrite: flags.overwrite,
      showMnemonic: this.jsonEnabled() && flags['show-mnemonic'],
      uri: flags.uri,
      wallet: await this.walletRef(flags),
    }
    const result = await create(await this.client(), options, this.ui())
    this.out(renderWalletWrite(result))
    return result
  }
}
