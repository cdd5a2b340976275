/**
 * Proxy pallet reads: who may act for an account (`Proxy.Proxies`), pending announcements
 * (`Proxy.Announcements`), the proxy types the runtime defines (from its metadata), call hashes, and decoding a
 * call from its bytes (for `proxy execute`).
 */
import type {Chain} from './client.js'
import type {Extrinsic} from './submit.js'

import {toPlain} from './runtime-api.js'

export interface ProxyDefinition {
  delegate: string
  proxyType: string
  delay: number
}

export interface Announcement {
  real: string
  callHash: string
  height: number
}

type Storage = Record<string, ((...a: unknown[]) => Promise<unknown>) | undefined>
const proxyQuery = (chain: Pick<Chain, 'api'>) => (chain.api.query as unknown as Record<string, Storage | undefined>).proxy

/** Does the connected runtime have the Proxy pallet? */
export function hasProxyPallet(chain: Pick<Chain, 'api'>): boolean {
  return Boolean(proxyQuery(chain)?.proxies) && Boolean((chain.api.tx as unknown as Record<string, unknown>).proxy)
}

/** The proxy type names of the connected runtime (its ProxyType enum), in index order. */
export function proxyTypeNames(chain: Pick<Chain, 'api'>): string[] {
  const fn = (chain.api.tx as unknown as Record<string, Record<string, {meta: {args: {type: {toString(): string}}[]}}>>).proxy?.addProxy
  if (!fn) return []
  const typeName = fn.meta.args[1]!.type.toString()
  const value = chain.api.registry.createType(typeName) as unknown as {defKeys?: string[]}
  return value.defKeys ?? []
}

const ss58 = (chain: Pick<Chain, 'api'>, v: unknown) => chain.api.registry.createType('AccountId32', v as string).toString()

/** The proxies of `real` and the deposit held for them. */
export async function readProxies(chain: Pick<Chain, 'api'>, real: string, at?: string): Promise<{proxies: ProxyDefinition[]; depositRao: bigint}> {
  const q = at ? ((await chain.api.at(at)).query as unknown as Record<string, Storage>).proxy! : proxyQuery(chain)!
  const raw = (await q.proxies!(real)) as unknown as [{delegate: unknown; proxyType: {toString(): string}; delay: {toNumber(): number}}[], {toBigInt(): bigint}]
  return {
    depositRao: raw[1].toBigInt(),
    proxies: raw[0].map((d) => ({delay: d.delay.toNumber(), delegate: ss58(chain, d.delegate), proxyType: d.proxyType.toString()})),
  }
}

/** Pending announcements made by `delegate`. */
export async function readAnnouncements(chain: Pick<Chain, 'api'>, delegate: string): Promise<Announcement[]> {
  const raw = (await proxyQuery(chain)!.announcements!(delegate)) as unknown as [{real: unknown; callHash: {toHex(): string}; height: {toNumber(): number}}[], unknown]
  return raw[0].map((a) => ({callHash: a.callHash.toHex(), height: a.height.toNumber(), real: ss58(chain, a.real)}))
}

/** blake2-256 of a call's SCALE bytes: the hash `Proxy.announce` and multisig use (the runtime's CallHasher). */
export async function callHashOf(tx: Extrinsic): Promise<string> {
  const {blake2AsHex} = await import('@polkadot/util-crypto')
  return blake2AsHex(tx.method.toU8a(), 256)
}

/** The call of a submittable (its `method`) as hex. */
export function callHex(tx: Extrinsic): string {
  return tx.method.toHex()
}

/** Rebuild a call from its hex bytes (as saved by an announcement), as a submittable that can be wrapped. */
export function callFromHex(chain: Pick<Chain, 'api'>, hex: string): Extrinsic {
  const call = chain.api.registry.createType('Call', hex)
  return chain.api.tx(call) as unknown as Extrinsic
}

/** Section.method and plain arguments of a call (for filters, policies and plans). */
export function describeCall(tx: Extrinsic): {section: string; method: string; args: Record<string, unknown>} {
  const m = tx.method
  const args: Record<string, unknown> = {}
  m.meta.args.forEach((a, i) => (args[a.name.toString()] = toPlain(m.args[i])))
  return {args, method: m.method, section: m.section}
}

export async function currentBlock(chain: Pick<Chain, 'api'>): Promise<number> {
  return (await chain.api.rpc.chain.getHeader()).number.toNumber()
}
