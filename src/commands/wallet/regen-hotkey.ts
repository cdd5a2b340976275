import * as Flags from '@oclif/core/flags'

import type {WalletWriteResult} from '../../wallet/flows.js'

import {BaseCommand} from '../../cli/base-command.js'
import {walletFlags} from '../../cli/flags.js'

export default class WalletRegenHotkey extends BaseCommand<WalletWriteResult> {
  static baseFlags = BaseCommand.offlineFlags()
  static description = `the mnemonic or 0x seed comes from a hidden prompt, from --mnemonic-file / --seed-file (- = stdin), or from stdin when it is piped. never from a flag value.
a polkadot.js / Substrate JSON export: --json-file FILE (its password from TAO_PASSWORD, TAO_PASSWORD_FILE, BT_PW_<path of the export>, the systemd credential or the prompt); the address is checked against the file's.
writes hotkeys/<hotkey> (unencrypted unless --password) and hotkeys/<hotkey>pub.txt. the wallet folder need not hold a coldkey (hotkey-only validator hosts).`
  static examples = ['<%= config.bin %> wallet regen-hotkey -w my-validator -H default --mnemonic-file hk.txt', 'cat hk.txt | <%= config.bin %> wallet regen-hotkey -w v -H default']
  static flags = {
    ...walletFlags,
    'json-file': Flags.string({description: 'a polkadot.js / Substrate JSON account export (its password: TAO_PASSWORD, TAO_PASSWORD_FILE, BT_PW_<path> or the prompt)', exclusive: ['mnemonic-file', 'seed-file']}),
    'mnemonic-file': Flags.string({description: 'file holding the mnemonic (- = stdin)'}),
    overwrite: Flags.boolean({description: 'replace an existing hotkey (asks first; --yes to skip the question)'}),
    password: Flags.boolean({allowNo: true, default: false, description: 'encrypt the hotkey ($NACL)'}),
    'seed-file': Flags.string({description: 'file holding the 0x seed (- = stdin)'}),
  }
  static summary = 'restore a hotkey from its mnemonic or seed'

  async run(): Promise<WalletWriteResult> {
    const {flags} = await this.parseCommand(WalletRegenHotkey)
    const [{regenHotkey}, {renderWalletWrite}] = await Promise.all([import('../../services/wallet/regen-hotkey.js'), import('../../cli/render/wallet.js')])
    const options = {
      encrypt: flags.password,
      jsonFile: flags['json-file'],
      mnemonicFile: flags['mnemonic-file'],
      overwrite: flags.overwrite,
      seedFile: flags['seed-file'],
      wallet: await this.walletRef(flags),
    }
    const result = await regenHotkey(await this.client(), options, this.ui())
    this.out(renderWalletWrite(result))
    return result
  }
}
