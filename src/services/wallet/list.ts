/** `wallet list`: wallets and their hotkeys with addresses, from public data only (never a password). */
import type {TaoClient} from '../../client.js'
import type {Ui} from '../../ui.js'
import type {WalletEntry} from '../../wallet/manage.js'

import {listWallets} from '../../wallet/manage.js'

export interface ListOptions {
  /** the wallets folder */
  walletPath: string
  /** show only this wallet */
  wallet?: string
}

export interface ListResult {
  walletPath: string
  wallets: WalletEntry[]
}

export async function list(_client: TaoClient, options: ListOptions, _ui?: Ui): Promise<ListResult> {
  return {walletPath: options.walletPath, wallets: await listWallets(options.walletPath, options.wallet)}
}
