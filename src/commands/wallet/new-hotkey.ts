import * as Flags from '@oclif/core/flags'

import type {WalletWriteResult} from '../../wallet/flows.js'

import {BaseCommand} from '../../cli/base-command.js'
import {walletFlags} from '../../cli/flags.js'

export default class WalletNewHotkey extends BaseCommand<WalletWriteResult> {
  static baseFlags = BaseCommand.offlineFlags()
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
    const [{newHotkey}, {renderWalletWrite}] = await Promise.all([import('../../services/wallet/new-hotkey.js'), import('../../cli/render/wallet.js')])
    const options = {
      encrypt: flags.password,
      nWords: flags['n-words'],
      overwrite: flags.overwrite,
      showMnemonic: this.jsonEnabled() && flags['show-mnemonic'],
      uri: flags.uri,
      wallet: await this.walletRef(flags),
    }
    const result = await newHotkey(await this.client(), options, this.ui())
    this.out(renderWalletWrite(result))
    return result
  }
}
