/** `wallet regen-hotkey`: restore a hotkey from its mnemonic or seed (works without a coldkey in the folder). */
import type {TaoClient} from '../../client.js'
import type {Ui} from '../../ui.js'
import type {WalletWriteResult} from '../../wallet/flows.js'
import type {WalletRef} from '../../wallet/wallet.js'

import {writeKeys} from '../../wallet/flows.js'
import {secretInput} from '../../wallet/input.js'

export interface RegenHotkeyOptions {
  /** the wallet and the hotkey name to write */
  wallet: WalletRef
  /** file holding the mnemonic (`-` = stdin) */
  mnemonicFile?: string
  /** file holding the 0x seed (`-` = stdin) */
  seedFile?: string
  /** encrypt the hotkey ($NACL) [default: false] */
  encrypt?: boolean
  /** replace an existing hotkey (after a confirmation) */
  overwrite?: boolean
}

export async function regenHotkey(client: TaoClient, options: RegenHotkeyOptions, ui: Ui): Promise<WalletWriteResult> {
  return writeKeys(
    {
      hotkey: {
        encrypt: Boolean(options.encrypt),
        source: () => secretInput({mnemonicFile: options.mnemonicFile, prompt: ui.secretPrompt(), seedFile: options.seedFile, what: 'hotkey'}),
      },
      overwrite: Boolean(options.overwrite),
      ref: options.wallet,
      showMnemonicInResult: false,
    },
    ui,
    client.passwords,
  )
}
