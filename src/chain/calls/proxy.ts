/**
 * Proxy pallet call builders (pallet_proxy: add_proxy, remove_proxy, create_pure, kill_pure, proxy, announce,
 * proxy_announced). The proxy type is the runtime's own enum, given by its variant name (`Staking`, `Any`, …);
 * the names a runtime accepts come from its metadata (`proxyTypeNames`).
 */
import {build, type TxNamespace} from './index.js'

export function addProxyCall(tx: TxNamespace, p: {delegate: string; proxyType: string; delay: number}) {
  return build(tx, 'proxy', 'addProxy', [{Id: p.delegate}, p.proxyType, p.delay])
}

export function removeProxyCall(tx: TxNamespace, p: {delegate: string; proxyType: string; delay: number}) {
  return build(tx, 'proxy', 'removeProxy', [{Id: p.delegate}, p.proxyType, p.delay])
}

export function createPureCall(tx: TxNamespace, p: {proxyType: string; delay: number; index: number}) {
  return build(tx, 'proxy', 'createPure', [p.proxyType, p.delay, p.index])
}

export function killPureCall(tx: TxNamespace, p: {spawner: string; proxyType: string; index: number; height: number; extIndex: number}) {
  return build(tx, 'proxy', 'killPure', [{Id: p.spawner}, p.proxyType, p.index, p.height, p.extIndex])
}

/** `Proxy.proxy(real, force_proxy_type, call)`: dispatch `call` as `real`, signed by one of its proxies. */
export function proxyCall(tx: TxNamespace, p: {real: string; call: unknown; proxyType?: string}) {
  return build(tx, 'proxy', 'proxy', [{Id: p.real}, p.proxyType ?? null, p.call])
}

/** `Proxy.announce(real, call_hash)`: the first step of a delayed proxy call. */
export function announceCall(tx: TxNamespace, p: {real: string; callHash: string}) {
  return build(tx, 'proxy', 'announce', [{Id: p.real}, p.callHash])
}

/** `Proxy.proxy_announced(delegate, real, None, call)`: execute an announced call once its delay has passed. */
export function proxyAnnouncedCall(tx: TxNamespace, p: {delegate: string; real: string; call: unknown}) {
  return build(tx, 'proxy', 'proxyAnnounced', [{Id: p.delegate}, {Id: p.real}, null, p.call])
}

export function removeAnnouncementCall(tx: TxNamespace, p: {real: string; callHash: string}) {
  return build(tx, 'proxy', 'removeAnnouncement', [{Id: p.real}, p.callHash])
}
