import * as Flags from '@oclif/core/flags'

import type {WalletWriteResult} from '../../wallet/flows.js'

import {BaseCommand} from '../../cli/base-command.js'
import {walletFlags} from '../../cli/flags.js'

export default class WalletRegenColdkey extends BaseCommand<WalletWriteResult> {
  static baseFlags = BaseCommand.offlineFlags()
  static description = `the mnemonic (12–24 words; btcli's numbered "1-word 2-word …" form is accepted) or a 0x seed comes from a hidden prompt, from --mnemonic-file / --seed-file (- = stdin), or from stdin when it is piped. never from a flag value.
a polkadot.js / Substrate JSON export: --json-file FILE (its password from TAO_PASSWORD, TAO_PASSWORD_FILE, BT_PW_<path of the export>, the systemd credential or the prompt); the address is checked against the file's.
writes coldkey ($NACL unless --no-password) and coldkeypub.txt.`
  static examples = [
    '<%= config.bin %> wallet regen-coldkey -w my-validator',
    'TAO_PASSWORD_FILE=pw.txt <%= config.bin %> wallet regen-coldkey -w ops --mnemonic-file mnemonic.txt',
    'cat seed.txt | <%= config.bin %> wallet regen-coldkey -w ops --no-password',
  ]
  static flags = {
    ...walletFlags,
    'json-file': Flags.string({description: 'a polkadot.js / Substrate JSON account export (its password: TAO_PASSWORD, TAO_PASSWORD_FILE, BT_PW_<path> or the prompt)', exclusive: ['mnemonic-file', 'seed-file']}),
    'mnemonic-file': Flags.string({description: 'file holding the mnemonic (- = stdin)'}),
    overwrite: Flags.boolean({description: 'replace an existing coldkey (asks first; --yes to skip the question)'}),
    password: Flags.boolean({allowNo: true, default: true, description: 'encrypt the coldkey ($NACL); --no-password writes it unencrypted'}),
    'seed-file': Flags.string({description: 'file holding the 0x seed (32 bytes, or a 64-byte private key) (- = stdin)'}),
  }
  static summary = 'restore a coldkey from its mnemonic or seed'

  async run(): Promise<WalletWriteResult> {
    const {flags} = await this.parseCommand(WalletRegenColdkey)
    const [{regenColdkey}, {renderWalletWrite}] = await Promise.all([import('../../services/wallet/regen-coldkey.js'), import('../../cli/render/wallet.js')])
    const options = {
      encrypt: flags.password,
      jsonFile: flags['json-file'],
      mnemonicFile: flags['mnemonic-file'],
      overwrite: flags.overwrite,
      seedFile: flags['seed-file'],
      wallet: await this.walletRef(flags),
    }
    const result = await regenColdkey(await this.client(), options, this.ui())
    this.out(renderWalletWrite(result))
    return result
  }
}
