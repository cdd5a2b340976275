import {Flags} from '@oclif/core'

import type {WalletWriteResult} from '../../wallet/flows.js'

import {BaseCommand, walletFlags} from '../../base-command.js'
import {renderKeyValues} from '../../output/table.js'

export default class WalletNewHotkey extends BaseCommand<WalletWriteResult> {
  static description = `writes hotkeys/<hotkey> (unencrypted unless --password, as btcli) and hotkeys/<hotkey>pub.txt. the mnemonic is shown once on the terminal (stderr).`
  static examples = ['<%= config.bin %> wallet new-hotkey -w my-validator -H miner2', '<%= config.bin %> wallet new-hotkey -w test -H hk --json']
  static flags = {
    ...walletFlags,
    'n-words': Flags.string({default: '12', description: 'words in the generated mnemonic', options: ['12', '15', '18', '21', '24']}),
    overwrite: Flags.boolean({description: 'replace an existing hotkey (asks first; --yes to skip the question)'}),
    password: Flags.boolean({allowNo: true, default: false, description: 'encrypt the hotkey ($NACL); validators then need the password to sign'}),
    'show-mnemonic': Flags.boolean({description: 'include the mnemonic in the --json output'}),
    uri: Flags.string({description: 'derive from a dev URI such as //Alice//hot (test chains only)'}),
  }
  static summary = 'create a new hotkey in a wallet'

  async run(): Promise<WalletWriteResult> {
    const {flags} = await this.parseCommand(WalletNewHotkey)
    const [{writeKeys, wordCount}, {checkPublicUri}, ref] = await Promise.all([import('../../wallet/flows.js'), import('../../wallet/input.js'), this.walletRef(flags)])
    const words = wordCount(flags['n-words'])
    const result = await writeKeys(
      {
        hotkey: {encrypt: flags.password, source: async () => (flags.uri ? checkPublicUri(flags.uri) : {kind: 'generate', words})},
        overwrite: flags.overwrite,
        ref,
        showMnemonicInResult: this.jsonEnabled() && flags['show-mnemonic'],
      },
      this.walletFlowHooks(),
    )
    this.out(renderKeyValues([['wallet', result.wallet], ['wallet path', result.walletPath], ['hotkey', `${result.hotkey}: ${result.hotkeyAddress}`]]))
    return result
  }
}
