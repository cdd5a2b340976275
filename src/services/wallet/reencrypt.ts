/** `wallet reencrypt`: rewrite a legacy or unencrypted key file as $NACL (legacy files keep their password). */
import type {TaoClient} from '../../client.js'
import type {Ui} from '../../ui.js'
import type {ReencryptResult} from '../../wallet/manage.js'
import type {WalletRef} from '../../wallet/wallet.js'

import {reencryptKeyfile} from '../../wallet/manage.js'
import {coldkeyFile, hotkeyFile} from '../../wallet/wallet.js'

export interface ReencryptOptions {
  /** the wallet (and hotkey name, for the hotkey) */
  wallet: WalletRef
  /** which key file [default: coldkey] */
  key?: 'coldkey' | 'hotkey'
}

export async function reencrypt(client: TaoClient, options: ReencryptOptions, ui: Ui): Promise<ReencryptResult> {
  const ref = options.wallet
  const hot = options.key === 'hotkey'
  const file = hot ? hotkeyFile(ref) : coldkeyFile(ref)
  const what = hot ? `hotkey "${ref.hotkey}" of wallet "${ref.name}"` : `coldkey of wallet "${ref.name}"`
  return reencryptKeyfile(file, what, client.passwords, (m) => ui.busy(m))
}
