/** `wallet new-coldkey`: a new coldkey (and coldkeypub.txt) in a wallet. */
import type {TaoClient} from '../../client.js'
import type {Ui} from '../../ui.js'
import type {WalletWriteResult} from '../../wallet/flows.js'
import type {KeySource} from '../../wallet/input.js'
import type {WalletRef} from '../../wallet/wallet.js'

import {wordCount, writeKeys} from '../../wallet/flows.js'
import {checkPublicUri} from '../../wallet/input.js'

export interface NewColdkeyOptions {
  wallet: WalletRef
  /** words in the generated mnemonic [default: 12] */
  nWords?: number | string
  /** encrypt the coldkey ($NACL) [default: true] */
  encrypt?: boolean
  /** replace an existing coldkey (after a confirmation) */
  overwrite?: boolean
  /** return the mnemonic in the result instead of showing it on the terminal */
  showMnemonic?: boolean
  /** derive from a dev URI such as //Alice (test chains only) */
  uri?: string
}

export async function newColdkey(client: TaoClient, options: NewColdkeyOptions, ui: Ui): Promise<WalletWriteResult> {
  const words = wordCount(options.nWords)
  const source = async (): Promise<KeySource> => (options.uri ? checkPublicUri(options.uri) : {kind: 'generate', words})
  return writeKeys(
    {
      coldkey: {encrypt: (options.encrypt ?? true) && !options.uri, source},
      overwrite: Boolean(options.overwrite),
      ref: options.wallet,
      showMnemonicInResult: Boolean(options.showMnemonic),
    },
    ui,
    client.passwords,
  )
}
