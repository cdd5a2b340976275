/**
 * The light read connection: plain JSON-RPC over one websocket (./rpc.ts) with the runtime metadata from the
 * on-disk cache the full client (../client.ts) fills, and no @polkadot/api. Read-only commands use it; commands
 * that build and sign extrinsics keep the full client.
 *
 * Opening it sends the identity requests (genesis hash, runtime version, chain properties) at once, and a command
 * sends its own first reads in the same round trip: `identity` is a promise the command awaits together with
 * them. When the cache has no metadata for this runtime, `identity.metadataHex` is undefined and the command falls
 * back to the full client (which downloads and caches it), so the light path never changes what a command shows.
 */
import type {ConnectOptions} from '../client.js'

import {defaultCacheDir} from '../../config/settings.js'
import {InputError, NetworkError} from '../../errors.js'
import {metadataKey, noteRuntimeSeen, readCachedMetadata} from '../client.js'
import {headerHash} from './hash.js'
import {LightMetadata, LightUnsupported} from './metadata.js'
import {planFile} from './plan.js'
import {LightRpc} from './rpc.js'

export interface LightIdentity {
  genesisHash: string
  specName: string
  specVersion: number
  tokenSymbol: string
  tokenDecimals: number
  ss58Format: number
  /** the cached runtime metadata (0x hex), undefined when this runtime's is not cached yet */
  metadataHex: string | undefined
}

export interface LightChain {
  endpoint: string
  timeoutMs: number
  rpc: LightRpc
  /** the chain's identity, asked for when the connection opened (await it with the command's first reads) */
  identity: Promise<LightIdentity>
  disconnect(): Promise<void>
}

interface Properties {
  ss58Format?: number | null
  tokenDecimals?: number | number[] | null
  tokenSymbol?: string | string[] | null
}

const first = <T>(v: T | T[] | null | undefined): T | undefined => (Array.isArray(v) ? v[0] : (v ?? undefined))

/** Open a light connection (see the header). Rejects when the endpoint cannot be reached. */
export async function openLight(opts: ConnectOptions & {readPlan?: string}): Promise<LightChain> {
  const timeoutMs = opts.timeoutMs ?? 30_000
  const cacheDir = opts.cacheDir ?? defaultCacheDir()
  const rpc = await LightRpc.open(opts.endpoint, timeoutMs)
  if (opts.readPlan) rpc.usePlan(planFile(cacheDir, opts.readPlan))
  const what = `asking ${opts.endpoint} for its runtime version`
  const identity = (async (): Promise<LightIdentity> => {
    const [genesisHash, version, props] = await Promise.all([
      rpc.call<string>('chain_getBlockHash', [0], what),
      rpc.call<{specName: string; specVersion: number}>('state_getRuntimeVersion', [], what),
      rpc.call<Properties>('system_properties', [], what),
    ])
    const metadataHex = await readCachedMetadata(cacheDir, metadataKey(genesisHash, version.specVersion))
    // the runtime-upgrade warning is the full client's job when it takes over (no cache: a new runtime)
    if (metadataHex) await noteRuntimeSeen(cacheDir, genesisHash, version.specVersion, opts.endpoint, opts.onWarning)
    return {
      genesisHash,
      metadataHex,
      specName: version.specName,
      specVersion: version.specVersion,
      ss58Format: props?.ss58Format ?? 42,
      tokenDecimals: first(props?.tokenDecimals) ?? 9,
      tokenSymbol: first(props?.tokenSymbol) ?? 'TAO',
    }
  })()
  identity.catch(() => {})
  return {disconnect: () => rpc.close(), endpoint: opts.endpoint, identity, rpc, timeoutMs}
}

/** A block header as JSON-RPC returns it (numbers in hex). */
export interface RpcHeader {
  parentHash: string
  number: string
  stateRoot: string
  extrinsicsRoot: string
}

export const headerNumber = (h: Pick<RpcHeader, 'number'>): number => Number.parseInt(h.number, 16)

/** A header as `chain_getHeader` returns it, with its digest (for the block hash). */
export interface RpcFullHeader extends RpcHeader {
  digest: {logs: string[]}
}

/** The best block's hash and number, from one `chain_getHeader` (the hash computed from the header). */
export async function lightBestHead(chain: LightChain, what = 'reading the best block'): Promise<{hash: string; number: number}> {
  const h = await chain.rpc.call<RpcFullHeader>('chain_getHeader', [], what)
  return {hash: headerHash(h), number: headerNumber(h)}
}

/** A read's footing: the identity, the best head (asked for together, one round trip) and the decoded metadata; undefined without cached v15 metadata. */
export async function lightPinned(chain: LightChain): Promise<{id: LightIdentity; head: {hash: string; number: number}; md: LightMetadata} | undefined> {
  const [id, head] = await Promise.all([chain.identity, lightBestHead(chain)])
  const md = lightMetadata(id)
  if (!md) return undefined
  // with a read plan, last run's reads leave now, together with the command's first reads at this block
  chain.rpc.pin(head.hash, id.genesisHash)
  return {head, id, md}
}

const decoded = new WeakMap<LightIdentity, LightMetadata>()

/** The runtime metadata of the identity, decoded once; undefined when not cached or not of a version the light path reads. */
export function lightMetadata(id: LightIdentity): LightMetadata | undefined {
  if (!id.metadataHex) return undefined
  let md = decoded.get(id)
  if (!md) {
    try {
      md = LightMetadata.fromHex(id.metadataHex, id.ss58Format)
    } catch (error) {
      if (error instanceof LightUnsupported) return undefined
      throw error
    }
    decoded.set(id, md)
  }
  return md
}

/**
 * Serve a read through the light connection when it can: `read` returns undefined (or throws LightUnsupported)
 * when it cannot, and then so does this, and the caller uses the full client. A node that does not answer in
 * time is reported as such (not asked twice), and so is bad input the reader found (InputError); any other
 * failure is left for the full client to report.
 */
export async function viaLight<T>(light: LightChain | undefined, read: (l: LightChain) => Promise<T | undefined>): Promise<T | undefined> {
  if (!light) return undefined
  try {
    const result = await read(light)
    if (result !== undefined) return result
  } catch (error) {
    if (error instanceof NetworkError && error.code === 'Timeout') throw error
    // the reader's own verdict on the input (a subnet that does not exist) is the answer, not a reason to step aside
    if (error instanceof InputError) throw error
    // why the light path stepped aside, for whoever debugs it (never shown otherwise)
    if (process.env.TAO_LIGHT_DEBUG) process.stderr.write(`light path: ${(error as Error).stack ?? String(error)}\n`)
  }
  light.rpc.discardPlan()
  await light.disconnect()
  return undefined
}
