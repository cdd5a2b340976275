import * as Flags from '@oclif/core/flags'

import type {WalletWriteResult} from '../../wallet/flows.js'

import {BaseCommand} from '../../cli/base-command.js'
import {walletFlags} from '../../cli/flags.js'

export default class WalletNewColdkey extends BaseCommand<WalletWriteResult> {
  static baseFlags = BaseCommand.offlineFlags()
  static description = `writes coldkey ($NACL unless --no-password) and coldkeypub.txt. the mnemonic is shown once on the terminal (stderr).`
  static examples = ['<%= config.bin %> wallet new-coldkey -w cold2', '<%= config.bin %> wallet new-coldkey -w test --no-password --json --show-mnemonic']
  static flags = {
    ...walletFlags,
    'n-words': Flags.string({default: '12', description: 'words in the generated mnemonic', options: ['12', '15', '18', '21', '24']}),
    overwrite: Flags.boolean({description: 'replace an existing coldkey (asks first; --yes to skip the question)'}),
    password: Flags.boolean({allowNo: true, default: true, description: 'encrypt the coldkey ($NACL); --no-password writes it unencrypted'}),
    'show-mnemonic': Flags.boolean({description: 'include the mnemonic in the --json output'}),
    uri: Flags.string({description: 'derive from a dev URI such as //Alice (test chains only)'}),
  }
  static summary = 'create a new coldkey in a wallet'

  async run(): Promise<WalletWriteResult> {
    const {flags} = await this.parseCommand(WalletNewColdkey)
    const [{newColdkey}, {renderWalletWrite}] = await Promise.all([import('../../services/wallet/new-coldkey.js'), import('../../cli/render/wallet.js')])
    const options = {
      encrypt: flags.password,
      nWords: flags['n-words'],
      overwrite: flags.overwrite,
      showMnemonic: this.jsonEnabled() && flags['show-mnemonic'],
      uri: flags.uri,
      wallet: await this.walletRef(flags),
    }
    const result = await newColdkey(await this.client(), options, this.ui())
    this.out(renderWalletWrite(result))
    return result
  }
}
