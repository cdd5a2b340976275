import {Flags} from '@oclif/core'

import type {WalletWriteResult} from '../../wallet/flows.js'

import {BaseCommand, walletFlags} from '../../base-command.js'
import {renderKeyValues} from '../../output/table.js'

export default class WalletCreate extends BaseCommand<WalletWriteResult> {
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
    const [{writeKeys, wordCount}, {checkPublicUri, readSecretFile}, ref] = await Promise.all([
      import('../../wallet/flows.js'),
      import('../../wallet/input.js'),
      this.walletRef(flags),
    ])
    if (flags['mnemonic-file'] === '-' && flags['hotkey-mnemonic-file'] === '-') {
      const {InputError} = await import('../../errors.js')
      throw new InputError('only one of --mnemonic-file and --hotkey-mnemonic-file can read stdin')
    }
    const words = wordCount(flags['n-words'])
    const source = (file: string | undefined, flag: string) => async () => {
      if (flags.uri) return checkPublicUri(flags.uri)
      if (file) return {kind: 'mnemonic' as const, value: await readSecretFile(file, flag)}
      return {kind: 'generate' as const, words}
    }
    const result = await writeKeys(
      {
        coldkey: {encrypt: flags.password && !flags.uri, source: source(flags['mnemonic-file'], '--mnemonic-file')},
        hotkey: {encrypt: false, source: source(flags['hotkey-mnemonic-file'], '--hotkey-mnemonic-file')},
        overwrite: flags.overwrite,
        ref,
        showMnemonicInResult: this.jsonEnabled() && flags['show-mnemonic'],
      },
      this.walletFlowHooks(),
    )
    this.out(
      renderKeyValues([
        ['wallet', result.wallet],
        ['wallet path', result.walletPath],
        ['coldkey', `${result.coldkeyAddress} (${result.coldkeyEncrypted ? 'encrypted' : 'NOT encrypted'})`],
        ['hotkey', `${result.hotkey}: ${result.hotkeyAddress}`],
      ]),
    )
    return result
  }
}
