import {Flags} from '@oclif/core'

import type {WalletWriteResult} from '../../wallet/flows.js'

import {BaseCommand, walletFlags} from '../../base-command.js'
import {renderKeyValues} from '../../output/table.js'

export default class WalletNewColdkey extends BaseCommand<WalletWriteResult> {
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
    const [{writeKeys, wordCount}, {checkPublicUri}, ref] = await Promise.all([import('../../wallet/flows.js'), import('../../wallet/input.js'), this.walletRef(flags)])
    const words = wordCount(flags['n-words'])
    const result = await writeKeys(
      {
        coldkey: {encrypt: flags.password && !flags.uri, source: async () => (flags.uri ? checkPublicUri(flags.uri) : {kind: 'generate', words})},
        overwrite: flags.overwrite,
        ref,
        showMnemonicInResult: this.jsonEnabled() && flags['show-mnemonic'],
      },
      this.walletFlowHooks(),
    )
    this.out(renderKeyValues([['wallet', result.wallet], ['wallet path', result.walletPath], ['coldkey', `${result.coldkeyAddress} (${result.coldkeyEncrypted ? 'encrypted' : 'NOT encrypted'})`]]))
    return result
  }
}
