/**
 * Signing keys for services: the coldkey or hotkey of a wallet as a keyring pair, unlocked with the client's
 * password source, with a warning through the Ui when a coldkey still uses a legacy encryption.
 */
import type {KeyringPair} from '@polkadot/keyring/types'

import type {Ui} from '../ui.js'
import type {PasswordSource, WalletRef} from './wallet.js'

import {loadColdkeyInfo, loadHotkey} from './wallet.js'

export async function coldkeySigner(ref: WalletRef, passwords: PasswordSource, ui: Ui): Promise<KeyringPair> {
  const loaded = await loadColdkeyInfo(ref, passwords)
  if (loaded.encoding === 'ansible-vault' || loaded.encoding === 'fernet') {
    ui.warn(`the coldkey of wallet "${ref.name}" uses the legacy ${loaded.encoding} encryption; convert it with`, {command: 'wallet reencrypt', options: {wallet: ref.name}})
  }
  return loaded.pair
}

/** The hotkey (works on a hotkey-only host, without a coldkey file). */
export function hotkeySigner(ref: WalletRef, passwords: PasswordSource): Promise<KeyringPair> {
  return loadHotkey(ref, passwords)
}
