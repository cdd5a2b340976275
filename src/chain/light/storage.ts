/**
 * Storage maps on the light connection, pinned to a block: listing keys (under a prefix of the key arguments) and
 * reading their values, as separate steps so a command can send a listing and other reads in one round trip.
 */
import type {LightChain} from './client.js'
import type {LightMetadata, StorageEntry} from './metadata.js'

const PAGE = 1000

/** Every key of `entry` at `hash` whose leading key arguments are `prefixArgs` (page by page). */
export async function lightKeys(chain: LightChain, md: LightMetadata, hash: string, entry: StorageEntry, ...prefixArgs: unknown[]): Promise<string[]> {
  const prefix = md.storageKey(entry, ...prefixArgs)
  const keys: string[] = []
  for (;;) {
    const page = await chain.rpc.call<string[]>('state_getKeysPaged', [prefix, PAGE, keys.at(-1) ?? null, hash], 'listing chain state')
    keys.push(...page)
    if (page.length < PAGE) break
  }
  return keys
}

/** The stored values of full keys of `entry` at `hash`, with their decoded key arguments (absent keys left out). */
export async function lightValues(chain: LightChain, md: LightMetadata, hash: string, entry: StorageEntry, keys: string[]): Promise<{args: unknown[]; value: unknown}[]> {
  const chunks: string[][] = []
  for (let i = 0; i < keys.length; i += PAGE) chunks.push(keys.slice(i, i + PAGE))
  const sets = await Promise.all(chunks.map((chunk) => chain.rpc.call<{changes: [string, string | null][]}[]>('state_queryStorageAt', [chunk, hash], 'reading chain state')))
  const out: {args: unknown[]; value: unknown}[] = []
  for (const set of sets.flat()) for (const [k, v] of set.changes) if (v !== null) out.push({args: md.storageArgs(entry, k), value: md.storageValue(entry, v)})
  return out
}

/** Every entry of `entry` (under `prefixArgs`) at `hash`: keys, then values (as the full client's `entriesAt`). */
export async function lightEntriesUnder(chain: LightChain, md: LightMetadata, hash: string, entry: StorageEntry, ...prefixArgs: unknown[]): Promise<{args: unknown[]; value: unknown}[]> {
  return lightValues(chain, md, hash, entry, await lightKeys(chain, md, hash, entry, ...prefixArgs))
}

/** Read several storage values at `hash` in one request; plain data in the order asked (as `queryAt`). */
export async function lightQueryAt(chain: LightChain, md: LightMetadata, hash: string, reads: [string, ...unknown[]][]): Promise<unknown[]> {
  const entries = reads.map(([name]) => {
    const e = md.storageEntry(name)
    if (!e) throw new Error(`this runtime has no storage ${name}`)
    return e
  })
  const raw = await lightRawAt(chain, hash, reads.map(([, ...args], i) => md.storageKey(entries[i]!, ...args)))
  return raw.map((hex, i) => md.storageValue(entries[i]!, hex))
}

/** The stored bytes (0x hex, null when nothing is stored) of full storage keys at `hash`, in one request. */
export async function lightRawAt(chain: LightChain, hash: string, keys: string[]): Promise<(string | null)[]> {
  if (keys.length === 0) return []
  const sets = await chain.rpc.call<{changes: [string, string | null][]}[]>('state_queryStorageAt', [[...new Set(keys)], hash], 'reading chain state')
  const found = new Map<string, string | null>()
  for (const set of sets) for (const [k, v] of set.changes) found.set(k.toLowerCase(), v)
  return keys.map((k) => found.get(k.toLowerCase()) ?? null)
}
