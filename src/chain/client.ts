import type {ApiPromise} from '@polkadot/api'
// the typed storage/tx augmentation (types only: erased at runtime); it used to come in with chopsticks' types
import type {} from '@polkadot/api-augment'

import {createHash} from 'node:crypto'
import {readFile} from 'node:fs/promises'
import path from 'node:path'

import {defaultCacheDir} from '../config/settings.js'
import {writeFileAtomic} from '../util/fs.js'
import {NetworkError} from '../errors.js'
import {SIGNED_EXTENSIONS} from './extensions.js'
import {RUNTIME_TYPES} from './types.js'

export interface ConnectOptions {
  endpoint: string
  /** deadline for connecting and for every request (read deadline), ms */
  timeoutMs?: number
  /** where metadata is cached; default $TAO_CACHE_DIR or ~/.cache/tao */
  cacheDir?: string
  onWarning?: (message: string) => void
}

export interface Chain {
  api: ApiPromise
  endpoint: string
  genesisHash: string
  specName: string
  specVersion: number
  /** `cache` when runtime metadata came from the on-disk cache, `network` when it was downloaded */
  metadataSource: 'cache' | 'network'
  tokenSymbol: string
  tokenDecimals: number
  ss58Format: number
  timeoutMs: number
  /** the submission journal of this chain (set by the client; submit() records there before sending) */
  journalFile?: string
  /**
   * Open a new connection (the same or the next configured endpoint) and switch this object to it: `api`,
   * `endpoint` and the rest change in place, so every holder of this Chain sees the new connection.
   */
  reconnect?: () => Promise<void>
  disconnect(): Promise<void>
}

function withDeadline<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new NetworkError(`${what}: no answer within ${Math.round(ms / 100) / 10} s`, {code: 'Timeout'})), ms)
  })
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer))
}

interface RuntimeSeen {
  specVersion: number
  endpoint: string
  at: string
}

/**
 * Open a connection to a subtensor node. Fails fast with a NetworkError (exit 4) when the endpoint is down,
 * never reconnects behind the caller's back, caches runtime metadata on disk keyed by genesis hash and spec version,
 * and warns when the runtime changed since the last run.
 */
export async function connect(opts: ConnectOptions): Promise<Chain> {
  const timeoutMs = opts.timeoutMs ?? 30_000
  const cacheDir = opts.cacheDir ?? defaultCacheDir()
  const {ApiPromise, WsProvider} = await import('@polkadot/api')

  // autoConnectMs 0: no silent reconnect loop; `timeout` is the per-request read deadline.
  const provider = new WsProvider(opts.endpoint, 0, {}, timeoutMs)
  let lastError: string | undefined
  const offError = provider.on('error', (e: unknown) => {
    const err = e as {message?: string; error?: {code?: string; message?: string}}
    lastError = err?.error?.code ?? err?.error?.message ?? err?.message ?? 'connection error'
  })
  const failed = new Promise<never>((_, reject) => {
    provider.on('error', () =>
      reject(new NetworkError(`cannot reach ${opts.endpoint}: ${lastError ?? 'connection failed'}`, {code: 'Unreachable'})),
    )
    provider.on('disconnected', () =>
      reject(new NetworkError(`connection to ${opts.endpoint} closed${lastError ? `: ${lastError}` : ''}`, {code: 'Disconnected'})),
    )
  })
  failed.catch(() => {})
  const cleanup = async () => {
    try {
      await provider.disconnect()
    } catch {}
  }

  try {
    await withDeadline(Promise.race([provider.connect().then(() => provider.isReady), failed]), timeoutMs, `connecting to ${opts.endpoint}`)
    const [genesisHash, version] = await withDeadline(
      Promise.race([
        Promise.all([
          provider.send<string>('chain_getBlockHash', [0]),
          provider.send<{specName: string; specVersion: number}>('state_getRuntimeVersion', []),
        ]),
        failed,
      ]),
      timeoutMs,
      `asking ${opts.endpoint} for its runtime version`,
    )
    const key = metadataKey(genesisHash, version.specVersion)
    const metaFile = metadataFile(cacheDir, key)
    const metadataHex = await readCachedMetadata(cacheDir, key)

    const api = await withDeadline(
      Promise.race([
        ApiPromise.create({
          metadata: metadataHex ? {[key]: metadataHex as `0x${string}`} : undefined,
          noInitWarn: true,
          provider,
          signedExtensions: SIGNED_EXTENSIONS,
          throwOnConnect: true,
          types: RUNTIME_TYPES,
        }),
        failed,
      ]),
      timeoutMs,
      `loading runtime of ${opts.endpoint}`,
    )

    if (!metadataHex) {
      const hex = api.runtimeMetadata.toHex()
      await writeFileAtomic(metaFile, `${hex}\n#${sha(hex)}\n`).catch(() => {})
    }

    await noteRuntimeSeen(cacheDir, genesisHash, version.specVersion, opts.endpoint, opts.onWarning)

    const props = api.registry.getChainProperties()
    const symbol = props?.tokenSymbol.unwrapOr(undefined)?.[0]?.toString() ?? 'TAO'
    const decimals = props?.tokenDecimals.unwrapOr(undefined)?.[0]?.toNumber() ?? 9
    const ss58Format = props?.ss58Format.unwrapOr(undefined)?.toNumber() ?? 42
    offError()
    return {
      api,
      disconnect: async () => {
        try {
          await api.disconnect()
        } catch {}
      },
      endpoint: opts.endpoint,
      genesisHash,
      metadataSource: metadataHex ? 'cache' : 'network',
      specName: version.specName,
      specVersion: version.specVersion,
      ss58Format,
      timeoutMs,
      tokenDecimals: decimals,
      tokenSymbol: symbol,
    }
  } catch (error) {
    await cleanup()
    if (error instanceof NetworkError) throw error
    const msg = (error as Error).message ?? String(error)
    throw new NetworkError(`cannot use ${opts.endpoint}: ${msg.split('\n')[0]}`, {cause: error, code: 'Unreachable'})
  }
}

/** The metadata cache key: genesis hash and spec version. */
export const metadataKey = (genesisHash: string, specVersion: number): string => `${genesisHash}-${specVersion}`

const metadataFile = (cacheDir: string, key: string): string => path.join(cacheDir, 'metadata', `${key}.hex`)

/** The cached runtime metadata (0x hex) for a key, or undefined when absent, truncated or corrupt. */
export async function readCachedMetadata(cacheDir: string, key: string): Promise<string | undefined> {
  try {
    const text = (await readFile(metadataFile(cacheDir, key), 'utf8')).trim()
    const [hex, digest] = text.split('\n#')
    // a truncated or corrupt cache entry is ignored (and rewritten by the next full connection)
    if (!hex || !digest || sha(hex) !== digest) return undefined
    return hex
  } catch {
    return undefined
  }
}

/** Warn when the runtime changed since the last run against this chain, and remember the one seen now. */
export async function noteRuntimeSeen(cacheDir: string, genesisHash: string, specVersion: number, endpoint: string, onWarning?: (m: string) => void): Promise<void> {
  const seenFile = path.join(cacheDir, 'runtime-seen.json')
  let seen: Record<string, RuntimeSeen> = {}
  try {
    seen = JSON.parse(await readFile(seenFile, 'utf8'))
  } catch {}
  const prev = seen[genesisHash]
  if (prev && prev.specVersion !== specVersion) {
    onWarning?.(`runtime upgraded since the last run: spec ${prev.specVersion} -> ${specVersion}`)
  }
  if (!prev || prev.specVersion !== specVersion) {
    seen[genesisHash] = {at: new Date().toISOString(), endpoint, specVersion}
    await writeFileAtomic(seenFile, JSON.stringify(seen, null, 2)).catch(() => {})
  }
}

function sha(s: string): string {
  return createHash('sha256').update(s).digest('hex').slice(0, 16)
}

/** Race any chain request against the connection's read deadline. */
export function deadline<T>(chain: Pick<Chain, 'timeoutMs' | 'endpoint'>, p: Promise<T>, what: string): Promise<T> {
  return withDeadline(p, chain.timeoutMs, `${what} (${chain.endpoint})`)
}
