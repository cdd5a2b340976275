/**
 * Minimal runtime-API caller for the staking reads. TEMPORARY: the subnet helper is writing
 * `src/chain/runtime-api.ts` for the whole project; once it is on main, replace `callRuntimeApi` below with
 * that module's equivalent (same idea: raw `Vec<u8>` at spec 218, typed results on newer runtimes).
 *
 * At spec 218 the custom APIs return `Vec<u8>` that @polkadot/api hands back as `Bytes` with the SCALE
 * length prefix still inside (chain-notes §4), and their account arguments are `Bytes` of the 32-byte public
 * key, which must be passed as hex. Newer runtimes describe the types in metadata, so @polkadot decodes them.
 */
import type {ApiDecoration} from '@polkadot/api/types'
import type {ApiPromise} from '@polkadot/api'
import type {Codec} from '@polkadot/types/types'

type AnyApi = ApiPromise | ApiDecoration<'promise'>

interface RuntimeFn {
  (...args: unknown[]): Promise<Codec>
  meta: {params: {name: {toString(): string}; type: {toString(): string}}[]; type: {toString(): string}}
}

function fnOf(api: AnyApi, section: string, method: string): RuntimeFn | undefined {
  const call = (api as unknown as {call: Record<string, Record<string, RuntimeFn> | undefined>}).call
  return call[section]?.[method]
}

/** Does the runtime expose `section.method` (camelCase as in api.call)? */
export function hasRuntimeApi(api: AnyApi, section: string, method: string): boolean {
  return typeof fnOf(api, section, method) === 'function'
}

/** True when the method returns raw bytes the client must decode itself (spec-218 era). */
export function returnsRawBytes(api: AnyApi, section: string, method: string): boolean {
  const fn = fnOf(api, section, method)
  const t = fn?.meta.type.toString() ?? ''
  return t === 'Bytes' || t === 'Vec<u8>'
}

/**
 * Call a runtime API. `args` may hold SS58 addresses; where the runtime wants `Bytes` (218) they are turned
 * into the hex public key. With a raw-bytes return, the inner bytes are decoded as `rawType`
 * (empty bytes → null, the 218 way of saying "none"). Returns undefined when the runtime lacks the method.
 */
export async function callRuntimeApi(api: AnyApi, section: string, method: string, args: unknown[], rawType?: string): Promise<Codec | null | undefined> {
  const fn = fnOf(api, section, method)
  if (!fn) return undefined
  const {decodeAddress} = await import('@polkadot/util-crypto')
  const {u8aToHex} = await import('@polkadot/util')
  const params = fn.meta.params
  const conv = (arg: unknown, type: string): unknown => {
    if ((type === 'Bytes' || type === 'Vec<u8>') && typeof arg === 'string' && !arg.startsWith('0x')) return u8aToHex(decodeAddress(arg))
    if (type === 'Vec<Bytes>' && Array.isArray(arg)) return arg.map((a) => conv(a, 'Bytes'))
    return arg
  }
  const callArgs = args.map((a, i) => conv(a, params[i]?.type.toString() ?? ''))
  const res = await fn(...callArgs)
  if (!returnsRawBytes(api, section, method)) return res
  if (!rawType) throw new Error(`${section}.${method} returns raw bytes on this runtime; a decode type is needed`)
  const registry = res.registry
  const inner = registry.createType('Bytes', res.toU8a(true)).toU8a(true)
  if (inner.length === 0) return null
  return registry.createType(rawType, inner)
}
