/** `wallet regen-coldkey`: restore a coldkey from its mnemonic or seed (a file, piped stdin, or a hidden prompt). */
import type {TaoClient} from '../../client.js'
import type {Ui} from '../../ui.js'
import type {WalletWriteResult} from '../../wallet/flows.js'
import type {WalletRef} from '../../wallet/wallet.js'

import {InputError} from '../../errors.js'
import {writeKeys} from '../../wallet/flows.js'
import {type KeySource, secretInput} from '../../wallet/input.js'

export interface RegenColdkeyOptions {
  wallet: WalletRef
  /** file holding the mnemonic (`-` = stdin) */
  mnemonicFile?: string
  /** a polkadot.js / Substrate JSON account export (its password comes from the password sources) */
  jsonFile?: string
  /** file holding the 0x seed (32 bytes, or a 64-byte private key) (`-` = stdin) */
  seedFile?: string
  /** encrypt the coldkey ($NACL) [default: true] */
  encrypt?: boolean
  /** replace an existing coldkey (after a confirmation) */
  overwrite?: boolean
}

export async function regenColdkey(client: TaoClient, options: RegenColdkeyOptions, ui: Ui): Promise<WalletWriteResult> {
  return writeKeys(
    {
      coldkey: {
        encrypt: options.encrypt ?? true,
        source: () => keySource(client, options, ui),
      },
      overwrite: Boolean(options.overwrite),
      ref: options.wallet,
      showMnemonicInResult: false,
    },
    ui,
    client.passwords,
  )
}

async function keySource(client: TaoClient, options: RegenColdkeyOptions, ui: Ui): Promise<KeySource> {
  if (options.jsonFile !== undefined) {
    if (options.mnemonicFile || options.seedFile) throw new InputError('give «jsonFile» or «mnemonicFile»/«seedFile», not both', {code: 'Usage', field: 'jsonFile'})
    const {importPolkadotJson} = await import('../../wallet/polkadot-json.js')
    return {json: await importPolkadotJson(options.jsonFile, client.passwords), kind: 'keyfile'}
  }
  return secretInput({mnemonicFile: options.mnemonicFile, prompt: ui.secretPrompt(), seedFile: options.seedFile, what: 'coldkey'})
}
