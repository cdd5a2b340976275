/**
 * Reading runtime APIs and storage at one block, the same way on every runtime.
 *
 * Subtensor's custom runtime APIs return raw SCALE bytes (`Vec<u8>`) up to spec ~225 (our spec-218 test chain)
 * and typed values after (metadata v15 describes them). `callRuntimeApi` reads the connected runtime's metadata
 * to tell which, decodes raw bytes with a struct definition the caller supplies for the old runtime, and turns
 * the result into plain data either way: unsigned integers → bigint, accounts → SS58 strings, byte vectors →
 * 0x hex, structs → objects with camelCase keys, `Option::None` (or an empty raw reply) → null.
 *
 * Reads are pinned to a block hash and go to the node as raw JSON-RPC (`state_call`, `state_queryStorageAt`),
 * so several of them run in parallel in one round trip and @polkadot/api does not fetch a historic registry.
 *
 *   const head = await bestHead(chain)
 *   const [info, burn] = await Promise.all([
 *     callRuntimeApi(chain, 'SubnetInfoRuntimeApi', 'get_dynamic_info', [netuid], {at: head.hash, raw: 'Option<DynamicInfo218>'}),
 *     queryAt(chain, head.hash, [[chain.api.query.subtensorModule.burn, netuid]]),
 *   ])
 */
import type {Registry} from '@polkadot/types/types'

import type {Chain} from './client.js'

import {deadline} from './client.js'

/** A runtime API method as the connected runtime's metadata describes it. */
export interface RuntimeApiMethod {
  api: string
  method: string
  inputs: {name: string; type: string; readable: string}[]
  /** registry type name of the output (e.g. `Lookup14`), and its readable form (e.g. `Vec<u8>`) */
  output: string
  outputReadable: string
  /** true when the runtime returns undescribed SCALE bytes (`Vec<u8>`) the client must decode itself */
  raw: boolean
}

/** Find `api.method` (snake_case names, as in metadata) in the runtime's metadata; undefined when absent. */
export function runtimeApiMethod(registry: Registry, api: string, method: string): RuntimeApiMethod | undefined {
  const meta = registry.metadata as unknown as {apis?: {name: unknown; methods: {name: unknown; inputs: {name: unknown; type: unknown}[]; output: unknown}[]}[]}
  const def = meta.apis?.find((a) => String(a.name) === api)
  const m = def?.methods.find((x) => String(x.name) === method)
  if (!m) return undefined
  const lookup = registry.lookup as unknown as {getTypeDef(id: unknown): {type: string}}
  const typeName = (id: unknown) => registry.createLookupType(id as never)
  const outputReadable = lookup.getTypeDef(m.output).type
  return {
    api,
    inputs: m.inputs.map((i) => ({name: String(i.name), readable: lookup.getTypeDef(i.type).type, type: typeName(i.type)})),
    method,
    output: typeName(m.output),
    outputReadable,
    raw: outputReadable === 'Vec<u8>' || outputReadable === 'Bytes',
  }
}

/** Does the connected runtime have this runtime API method? */
export function hasRuntimeApi(chain: Pick<Chain, 'api'>, api: string, method: string): boolean {
  return runtimeApiMethod(chain.api.registry, api, method) !== undefined
}

export interface RuntimeCallOptions {
  /** block hash to read at (default: the node's best block) */
  at?: string
  /**
   * Type to decode a raw `Vec<u8>` reply with (old runtimes), e.g. `Vec<Option<DynamicInfo218>>`.
   * Required when the runtime returns raw bytes; ignored when it returns typed values.
   */
  raw?: string
  /** struct definitions `raw` needs, registered on first use when the registry lacks them */
  rawTypes?: Record<string, unknown>
}

/**
 * Encode call arguments by the method's declared input types. On old runtimes (218) account arguments are
 * `Vec<u8>` (or `Vec<Vec<u8>>`): an SS58 address given there is sent as its 32 bytes.
 */
export function encodeRuntimeArgs(registry: Registry, m: RuntimeApiMethod, args: unknown[]): string {
  if (args.length !== m.inputs.length) {
    throw new Error(`${m.api}.${m.method} takes ${m.inputs.length} argument(s), got ${args.length}`)
  }
  const asBytes = (a: unknown) => (typeof a === 'string' && !a.startsWith('0x') ? registry.createType('AccountId32', a).toHex() : a)
  const parts = m.inputs.map((input, i) => {
    let arg = args[i]
    if (input.readable === 'Vec<u8>' || input.readable === 'Bytes') arg = asBytes(arg)
    else if ((input.readable === 'Vec<Vec<u8>>' || input.readable === 'Vec<Bytes>') && Array.isArray(arg)) arg = arg.map(asBytes)
    return registry.createType(input.type, arg).toU8a()
  })
  const total = parts.reduce((n, p) => n + p.length, 0)
  const out = new Uint8Array(total)
  let o = 0
  for (const p of parts) {
    out.set(p, o)
    o += p.length
  }
  return '0x' + Buffer.from(out).toString('hex')
}

/**
 * Decode a runtime API reply (the raw `state_call` result bytes) to plain data.
 * Raw-bytes runtimes: strip the `Vec<u8>` length prefix, then decode with `opts.raw`; an empty reply is null.
 */
export function decodeRuntimeReply(registry: Registry, m: RuntimeApiMethod, reply: Uint8Array, opts: Pick<RuntimeCallOptions, 'raw' | 'rawTypes'> = {}): unknown {
  if (m.raw) {
    if (!opts.raw) throw new Error(`${m.api}.${m.method} returns raw bytes on this runtime and no decoder type was given`)
    if (opts.rawTypes) registerMissing(registry, opts.rawTypes)
    const inner = registry.createType('Bytes', reply).toU8a(true)
    if (inner.length === 0) return null
    return toPlain(registry.createType(opts.raw, inner))
  }
  return toPlain(registry.createType(m.output, reply))
}

function registerMissing(registry: Registry, types: Record<string, unknown>): void {
  const missing: Record<string, unknown> = {}
  for (const [name, def] of Object.entries(types)) if (!registry.getDefinition(name)) missing[name] = def
  if (Object.keys(missing).length > 0) registry.register(missing as never)
}

/**
 * Call a runtime API (`api`/`method` in snake_case as in metadata, e.g. `SubnetInfoRuntimeApi`, `get_all_dynamic_info`)
 * and return plain data. Throws a plain Error when the runtime lacks the method: check `hasRuntimeApi` first where
 * runtimes differ.
 */
export async function callRuntimeApi<T = unknown>(chain: Pick<Chain, 'api' | 'endpoint' | 'timeoutMs'>, api: string, method: string, args: unknown[] = [], opts: RuntimeCallOptions = {}): Promise<T | null> {
  const registry = chain.api.registry
  const m = runtimeApiMethod(registry, api, method)
  if (!m) throw new Error(`this runtime has no runtime API ${api}.${method}`)
  const data = encodeRuntimeArgs(registry, m, args)
  const params = opts.at ? [`${api}_${method}`, data, opts.at] : [`${api}_${method}`, data]
  const hex = await deadline(chain, rawRpc<string>(chain, 'state_call', params), `calling ${api}.${method}`)
  return decodeRuntimeReply(registry, m, hexToBytes(hex), opts) as T | null
}

/** The best block: number and hash (one round trip). Pin every read of one command to it. */
export async function bestHead(chain: Pick<Chain, 'api' | 'endpoint' | 'timeoutMs'>): Promise<{hash: string; number: number; parentHash: string}> {
  const header = await deadline(chain, chain.api.rpc.chain.getHeader(), 'reading the best block')
  return {hash: header.hash.toHex(), number: header.number.toNumber(), parentHash: header.parentHash.toHex()}
}

/** Header of a given block: number and parent. */
export async function headerOf(chain: Pick<Chain, 'api' | 'endpoint' | 'timeoutMs'>, hash: string): Promise<{hash: string; number: number; parentHash: string}> {
  const header = await deadline(chain, chain.api.rpc.chain.getHeader(hash), 'reading a block header')
  return {hash, number: header.number.toNumber(), parentHash: header.parentHash.toHex()}
}

/** A storage entry of `api.query.<pallet>.<item>` (only what queryAt needs). */
export interface StorageEntryLike {
  key(...args: unknown[]): string
  creator: {meta: {modifier: {isOptional: boolean}; type: {isPlain: boolean; asPlain: unknown; asMap: {value: unknown}}; fallback: {toU8a(bare?: boolean): Uint8Array}}}
}

/**
 * Read several storage items at one block in one `state_queryStorageAt` round trip; values come back as plain
 * data (see above), in the order asked. A missing `OptionQuery` value is null; a missing `ValueQuery` value is
 * its default.
 *
 *   const [burn, allowed] = await queryAt(chain, hash, [[q.burn, netuid], [q.networkRegistrationAllowed, netuid]])
 */
export async function queryAt(chain: Pick<Chain, 'api' | 'endpoint' | 'timeoutMs'>, hash: string, reads: [StorageEntryLike, ...unknown[]][]): Promise<unknown[]> {
  if (reads.length === 0) return []
  const registry = chain.api.registry
  const keys = reads.map(([entry, ...args]) => entry.key(...args))
  const sets = await deadline(
    chain,
    rawRpc<{changes: [string, string | null][]}[]>(chain, 'state_queryStorageAt', [[...new Set(keys)], hash]),
    'reading chain state',
  )
  const found = new Map<string, string | null>()
  for (const set of sets) for (const [k, v] of set.changes) found.set(k.toLowerCase(), v)
  return reads.map(([entry], i) => decodeStorageValue(registry, entry, found.get(keys[i]!.toLowerCase()) ?? null))
}

/** Decode one storage value (hex or null) by its entry's metadata. */
export function decodeStorageValue(registry: Registry, entry: StorageEntryLike, hex: string | null): unknown {
  const meta = entry.creator.meta
  const typeId = meta.type.isPlain ? meta.type.asPlain : meta.type.asMap.value
  const type = registry.createLookupType(typeId as never)
  if (hex === null) {
    if (meta.modifier.isOptional) return null
    return toPlain(registry.createType(type, meta.fallback.toU8a(true)))
  }
  return toPlain(registry.createType(type, hexToBytes(hex)))
}

export function rawRpc<T>(chain: Pick<Chain, 'api'>, method: string, params: unknown[]): Promise<T> {
  const provider = (chain.api as unknown as {_rpcCore: {provider: {send<R>(m: string, p: unknown[]): Promise<R>}}})._rpcCore.provider
  return provider.send<T>(method, params)
}

function hexToBytes(hex: string): Uint8Array {
  const h = hex.startsWith('0x') ? hex.slice(2) : hex
  return new Uint8Array(Buffer.from(h, 'hex'))
}

const camel = (s: string) => s.replace(/_([a-z0-9])/g, (_, ch: string) => ch.toUpperCase())

/**
 * Any @polkadot codec → plain data without losing precision (see the header). Duck-typed, so this module needs
 * no runtime import of @polkadot/types.
 */
export function toPlain(value: unknown): unknown {
  const v = value as Record<string, any> | null | undefined
  if (v === null || v === undefined || typeof v !== 'object') return v
  const raw: string = typeof v.toRawType === 'function' ? v.toRawType() : ''
  if (typeof v.isNone === 'boolean' && typeof v.unwrap === 'function' && raw.startsWith('Option<')) {
    return v.isNone ? null : toPlain(v.unwrap())
  }
  if (raw.startsWith('Compact<')) return toPlain(v.unwrap())
  if (raw === 'bool') return v.isTrue as boolean
  if (/^[ui](8|16|32|64|128|256)$/.test(raw)) return (v.toBigInt as () => bigint)()
  if (raw === 'AccountId32' || raw === 'AccountId' || raw === 'AccountId20') return v.toString() as string
  if (raw === 'Text') return v.toString() as string
  if (raw === 'Bytes' || raw === 'Vec<u8>' || /^\[u8;\d+\]$/.test(raw) || raw === 'H256') return v.toHex() as string
  if (Array.isArray(v)) return (v as unknown[]).map(toPlain)
  if (Array.isArray(v.defKeys) && v instanceof Map) {
    const out: Record<string, unknown> = {}
    for (const [k, val] of v as Map<string, unknown>) out[camel(k)] = toPlain(val)
    return out
  }
  if (typeof v.isBasic === 'boolean' && typeof v.type === 'string' && 'value' in v) {
    // enum: basic variants as their name, others as {Name: value}
    return v.isBasic ? v.type : {[v.type]: toPlain(v.value)}
  }
  if (typeof v.toBigInt === 'function') return (v.toBigInt as () => bigint)()
  if (v instanceof Uint8Array) return '0x' + Buffer.from(v).toString('hex')
  return typeof v.toJSON === 'function' ? v.toJSON() : v
}

// ---- small helpers for plain decoded values ------------------------------------------------------------

/** bigint from a plain decoded value (bigint, number, decimal or hex string). */
export function big(v: unknown): bigint {
  if (typeof v === 'bigint') return v
  if (typeof v === 'number') return BigInt(v)
  if (typeof v === 'string') return BigInt(v)
  if (typeof v === 'boolean') return v ? 1n : 0n
  if (v === null || v === undefined) return 0n
  throw new Error(`not an integer: ${String(v)}`)
}

/** number from a plain decoded value (block numbers, uids, u16 values). */
export const num = (v: unknown): number => Number(big(v))

/**
 * Text from bytes as the runtimes encode names: 0x hex (`Vec<u8>`), or an array of numbers (`Vec<Compact<u8>>`).
 * Null when empty.
 */
export function text(v: unknown): string | null {
  let bytes: Uint8Array
  if (typeof v === 'string') bytes = v.startsWith('0x') ? hexToBytes(v) : new TextEncoder().encode(v)
  else if (Array.isArray(v)) bytes = new Uint8Array(v.map((x) => Number(x)))
  else return null
  if (bytes.length === 0) return null
  return new TextDecoder('utf-8', {fatal: false}).decode(bytes)
}

/**
 * Every entry of a storage map at one block (the best block when `hash` is undefined; optionally under a prefix
 * of its keys): keys via `state_getKeysPaged`, values via `state_queryStorageAt` (two round trips; one when the map
 * is empty). `args` are the decoded keys.
 */
export async function entriesAt(
  chain: Pick<Chain, 'api' | 'endpoint' | 'timeoutMs'>,
  hash: string | undefined,
  entry: StorageEntryLike & {keyPrefix(...args: unknown[]): string; creator: {section: string; method: string}},
  ...prefixArgs: unknown[]
): Promise<{args: unknown[]; value: unknown}[]> {
  const registry = chain.api.registry
  const prefix = entry.keyPrefix(...prefixArgs)
  const keys: string[] = []
  const PAGE = 1000
  for (;;) {
    const page = await deadline(
      chain,
      rawRpc<string[]>(chain, 'state_getKeysPaged', hash ? [prefix, PAGE, keys.at(-1) ?? null, hash] : [prefix, PAGE, keys.at(-1) ?? null]),
      'listing chain state',
    )
    keys.push(...page)
    if (page.length < PAGE) break
  }
  const out: {args: unknown[]; value: unknown}[] = []
  for (let i = 0; i < keys.length; i += PAGE) {
    const chunk = keys.slice(i, i + PAGE)
    const sets = await deadline(chain, rawRpc<{changes: [string, string | null][]}[]>(chain, 'state_queryStorageAt', hash ? [chunk, hash] : [chunk]), 'reading chain state')
    for (const set of sets) {
      for (const [k, v] of set.changes) {
        if (v === null) continue
        const sk = registry.createType('StorageKey', k) as unknown as {setMeta(m: unknown, s: string, me: string): void; args: unknown[]}
        sk.setMeta(entry.creator.meta, entry.creator.section, entry.creator.method)
        out.push({args: sk.args.map(toPlain), value: decodeStorageValue(registry, entry, v)})
      }
    }
  }
  return out
}
