/** Who a mutation acts as: the wallet's coldkey, or (with `proxy`) the real account the wallet is a proxy of. */
import type {WalletRef} from '../wallet/wallet.js'
import type {MultisigRun} from '../multisig/submit.js'
import type {ProxyRun} from './submit.js'

import {InputError} from '../errors.js'
import {coldkeyAddress} from '../wallet/wallet.js'

export interface ProxyOptions {
  /** act for this account (ss58, or a name in the proxy address book) with the wallet's coldkey as its proxy */
  proxy?: string
  /** with «proxy»: only announce the call (Proxy.announce); run it later with `proxy execute` */
  announceOnly?: boolean
  /** act as this multisig (a `multisig create` name): the wallet's coldkey starts or approves the call */
  multisig?: string
}

export async function actorOf(wallet: WalletRef, o: ProxyOptions): Promise<{coldkey: string; proxy?: ProxyRun & {delegate: string}; multisig?: MultisigRun}> {
  if (o.announceOnly && !o.proxy) throw new InputError('«announceOnly» needs «proxy»', {code: 'Usage', field: 'announceOnly'})
  if (o.multisig !== undefined && o.proxy !== undefined) throw new InputError('give «proxy» or «multisig», not both', {code: 'Usage', field: 'multisig'})
  const own = await coldkeyAddress(wallet)
  if (o.multisig !== undefined) {
    const {findMultisig} = await import('../config/multisigs.js')
    const m = await findMultisig(o.multisig)
    if (!m.signatories.includes(own)) {
      throw new InputError(`this wallet's coldkey ${own} is not a signatory of multisig ${m.name} (${m.address}); nothing was submitted`, {code: 'NotSignatory', field: 'multisig'})
    }
    return {coldkey: m.address, multisig: {...m, me: own}}
  }
  if (!o.proxy) return {coldkey: own}
  const {resolveProxyTarget} = await import('../config/proxies.js')
  const {entry, real} = await resolveProxyTarget(o.proxy)
  return {coldkey: real, proxy: {announceOnly: o.announceOnly, delegate: own, name: entry?.name, real}}
}

/** An account given as ss58, or as the name of a wallet in `walletPath` (its coldkeypub.txt address). */
export async function accountOf(spec: string, walletPath: string, field: string): Promise<string> {
  const {checkAddress} = await import('../wallet/keys.js')
  try {
    return await checkAddress(spec, `«${field}»`, field)
  } catch {}
  const n = spec.trim()
  if (n && !/[/\\\0]/.test(n) && n !== '.' && n !== '..') {
    try {
      return await coldkeyAddress({hotkey: 'default', name: n, path: walletPath})
    } catch {}
  }
  throw new InputError(`«${field}» is not a valid ss58 address, nor the name of a wallet with a coldkeypub.txt in ${walletPath}: ${JSON.stringify(spec)}`, {code: 'BadAddress', field})
}
