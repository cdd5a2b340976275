/** `wallet regen-coldkey`: restore a coldkey from its mnemonic or seed (a file, piped stdin, or a hidden prompt). */
import type {TaoClient} from '../../client.js'
import type {Ui} from '../../ui.js'
import type {WalletWriteResult} from '../../wallet/flows.js'
import type {WalletRef} from '../../wallet/wallet.js'

import {writeKeys} from '../../wallet/flows.js'
import {secretInput} from '../../wallet/input.js'

export interface RegenColdkeyOptions {
  wallet: WalletRef
  /** file holding the mnemonic (`-` = stdin) */
  mnemonicFile?: string
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
        source: () => secretInput({mnemonicFile: options.mnemonicFile, prompt: ui.secretPrompt(), seedFile: options.seedFile, what: 'coldkey'}),
      },
      overwrite: Boolean(options.overwrite),
      ref: options.wallet,
      showMnemonicInResult: false,
    },
    ui,
    client.passwords,
  )
}
