/**
 * What every service gets first: where the chain is (connected on first use, one connection), where tao keeps
 * its files, and where passwords for encrypted keys come from. The CLI builds one per command run from flags,
 * environment and config; validator code builds one with `createClient`.
 */
import type {Chain} from './chain/client.js'
import type {PasswordSource} from './wallet/wallet.js'

import {dataDir as defaultDataDir, defaultCacheDir, resolveNetworkName} from './config/settings.js'

export interface TaoClient {
  /** the websocket endpoint (resolved from a network name) */
  readonly endpoint: string
  /** per-request deadline, ms */
  readonly timeoutMs: number
  /** tao's data folder (weights state, EMA, pending commits) */
  readonly dataDir: string
  /** where runtime metadata is cached */
  readonly cacheDir: string
  /** where passwords for encrypted key files come from */
  readonly passwords: PasswordSource
  /** the chain connection, opened on first use */
  chain(): Promise<Chain>
  /** is a connection open (or being opened)? */
  connected(): boolean
  /** close the connection, if one was opened */
  close(): Promise<void>
}

export interface ClientOptions {
  /** finney, test, local, archive, or a ws:// / wss:// URL [default: finney] */
  network?: string
  /** per-request deadline in ms [default: 30000] */
  timeoutMs?: number
  /** [default: $TAO_DATA_DIR, else $XDG_DATA_HOME/tao] */
  dataDir?: string
  /** [default: $TAO_CACHE_DIR, else $XDG_CACHE_HOME/tao] */
  cacheDir?: string
  /**
   * where passwords come from [default: the environment sources of docs/wallet.md (TAO_PASSWORD,
   * TAO_PASSWORD_FILE, BT_PW_<path>, systemd credentials), never a prompt]
   */
  passwords?: PasswordSource
  /** warnings from the connection (a changed runtime) */
  onWarning?: (message: string) => void
  /** called when the connection is being opened */
  onConnect?: (endpoint: string) => void
}

/** A client for library use and for the CLI. Nothing is opened until a service asks for the chain. */
export function createClient(opts: ClientOptions = {}): TaoClient {
  const endpoint = resolveNetworkName(opts.network ?? 'finney')
  const timeoutMs = opts.timeoutMs ?? 30_000
  const cacheDir = opts.cacheDir ?? defaultCacheDir()
  let chainPromise: Promise<Chain> | undefined
  let passwords = opts.passwords
  return {
    cacheDir,
    async close() {
      if (!chainPromise) return
      const p = chainPromise
      chainPromise = undefined
      try {
        await (await p).disconnect()
      } catch {
        // connecting failed: nothing to close
      }
    },
    chain() {
      chainPromise ??= (async () => {
        const {connect} = await import('./chain/client.js')
        opts.onConnect?.(endpoint)
        return connect({cacheDir, endpoint, onWarning: opts.onWarning, timeoutMs})
      })()
      return chainPromise
    },
    connected: () => chainPromise !== undefined,
    dataDir: opts.dataDir ?? defaultDataDir(),
    endpoint,
    get passwords(): PasswordSource {
      passwords ??= lazyEnvironmentPasswords()
      return passwords
    },
    timeoutMs,
  }
}

/** The environment password sources, loaded on first use (no prompt). */
function lazyEnvironmentPasswords(): PasswordSource {
  let source: Promise<PasswordSource> | undefined
  const load = () => (source ??= import('./wallet/passwords.js').then((m) => m.createPasswordSource({})))
  return {
    get: async (file, what) => (await load()).get(file, what),
    getNew: async (file, what) => (await load()).getNew!(file, what),
  }
}
