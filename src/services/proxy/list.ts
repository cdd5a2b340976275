/** `proxy list`: an account's proxies on chain, the runtime's proxy types, pending announcements and the address book. */
import type {TaoClient} from '../../client.js'
import type {ProxyBookEntry} from '../../config/proxies.js'
import type {ProxyListResult} from '../../proxy/ops.js'
import type {Ui} from '../../ui.js'
import type {WalletRef} from '../../wallet/wallet.js'

import {listProxies} from '../../proxy/ops.js'
import {coldkeyAddress} from '../../wallet/wallet.js'

export interface ProxyListOptions {
  wallet: WalletRef
  /** whose proxies: ss58 or an address-book name [default: the wallet's coldkey] */
  real?: string
}

export async function list(client: TaoClient, o: ProxyListOptions, _ui: Ui): Promise<ProxyListResult & {book: ProxyBookEntry[]; wallet?: string}> {
  const {readProxyBook, resolveProxyTarget} = await import('../../config/proxies.js')
  let own: string | undefined
  try {
    own = await coldkeyAddress(o.wallet)
  } catch {}
  const real = o.real === undefined ? own : (await resolveProxyTarget(o.real, 'real')).real
  if (!real) {
    const {InputError} = await import('../../errors.js')
    throw new InputError(`wallet "${o.wallet.name}" has no coldkeypub.txt; name the account with «real»`, {code: 'NoKeyfile', field: 'real'})
  }
  const result = await listProxies(await client.chain(), {delegate: own, real})
  return {...result, book: await readProxyBook(), wallet: own}
}
