/** `wallet create`: a new (or restored) coldkey and hotkey, written as btcli writes them. */
import type {TaoClient} from '../../client.js'
import type {Ui} from '../../ui.js'
import type {WalletWriteResult} from '../../wallet/flows.js'
import type {KeySource} from '../../wallet/input.js'
import type {WalletRef} from '../../wallet/wallet.js'

import {InputError} from '../../errors.js'
import {wordCount, writeKeys} from '../../wallet/flows.js'
import {checkPublicUri, readSecretFile} from '../../wallet/input.js'

export interface CreateOptions {
  wallet: WalletRef
  /** restore the coldkey from the mnemonic in this file (`-` = stdin) instead of generating one */
  mnemonicFile?: string
  /** restore the hotkey from the mnemonic in this file (`-` = stdin) */
  hotkeyMnemonicFile?: string
  /** words in generated mnemonics [default: 12] */
  nWords?: number | string
  /** encrypt the coldkey ($NACL) [default: true] */
  encrypt?: boolean
  /** replace existing keys (after a confirmation) */
  overwrite?: boolean
  /** return generated mnemonics in the result instead of showing them on the terminal */
  showMnemonic?: boolean
  /** derive both keys from a dev URI such as //Alice (test chains only) */
  uri?: string
}

export async function create(client: TaoClient, options: CreateOptions, ui: Ui): Promise<WalletWriteResult> {
  if (options.mnemonicFile === '-' && options.hotkeyMnemonicFile === '-') {
    throw new InputError('only one of «mnemonicFile» and «hotkeyMnemonicFile» can read stdin', {field: 'hotkeyMnemonicFile'})
  }
  const words = wordCount(options.nWords)
  const source = (file: string | undefined, option: string) => async (): Promise<KeySource> => {
    if (options.uri) return checkPublicUri(options.uri)
    if (file) return {kind: 'mnemonic', value: await readSecretFile(file, option)}
    return {kind: 'generate', words}
  }
  return writeKeys(
    {
      coldkey: {encrypt: (options.encrypt ?? true) && !options.uri, source: source(options.mnemonicFile, '«mnemonicFile»')},
      hotkey: {encrypt: false, source: source(options.hotkeyMnemonicFile, '«hotkeyMnemonicFile»')},
      overwrite: Boolean(options.overwrite),
      ref: options.wallet,
      showMnemonicInResult: Boolean(options.showMnemonic),
    },
    ui,
    client.passwords,
  )
}
