/** `wallet regen-hotkeypub`: write only hotkeys/<hotkey>pub.txt (public data, no password) from an ss58 address or public key. */
import type {TaoClient} from '../../client.js'
import type {Ui} from '../../ui.js'
import type {WalletWriteResult} from '../../wallet/flows.js'
import type {WalletRef} from '../../wallet/wallet.js'

import {writeKeys} from '../../wallet/flows.js'
import {publicKeyfile} from '../../wallet/keys.js'

export interface RegenHotkeypubOptions {
  wallet: WalletRef
  /** ss58 address (any prefix); or `publicKey` */
  ss58?: string
  /** 32-byte public key as 0x hex */
  publicKey?: string
  /** replace an existing public file (after a confirmation) */
  overwrite?: boolean
}

export async function regenHotkeypub(client: TaoClient, options: RegenHotkeypubOptions, ui: Ui): Promise<WalletWriteResult> {
  return writeKeys(
    {
      hotkeypub: () => publicKeyfile({publicKey: options.publicKey, ss58: options.ss58}),
      overwrite: Boolean(options.overwrite),
      ref: options.wallet,
      showMnemonicInResult: false,
    },
    ui,
    client.passwords,
  )
}
