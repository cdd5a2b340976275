/**
 * What every service gets first: where the chain is (connected on first use, one connection), where tao keeps
 * its files, and where passwords for encrypted keys come from. The CLI builds one per command run from flags,
 * environment and config; validator code builds one with `createClient`.
 */
import type {Chain} from './chain/client.js'
import type {LightChain} from './chain/light/client.js'
import type {PasswordSource} from './wallet/wallet.js'

import {dataDir as defaultDataDir, defaultCacheDir, resolveEndpoints} from './config/settings.js'

export interface TaoClient {
  /** the websocket endpoint in use (the first configured one until a connection says otherwise) */
  readonly endpoint: string
  /** every configured endpoint, in order of preference */
  readonly endpoints: string[]
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
  /**
   * A light read connection (plain JSON-RPC with the cached metadata, no @polkadot/api) to the current endpoint,
   * opened on first use; undefined when one cannot be opened (the reader then uses `chain()`, which reports why).
   * Optional: a client without it serves every read through `chain()`.
   */
  light?(): Promise<LightChain | undefined>
  /** is a connection open (or being opened)? */
  connected(): boolean
  /** close the connection, if one was opened */
  close(): Promise<void>
}

export interface ClientOptions {
  /**
   * finney, test, local, archive, or a ws:// / wss:// URL; several, comma-separated or as a list, are tried in
   * order (the first that answers wins; on a lost connection the next one is used) [default: finney]
   */
  network?: string | string[]
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
  /** called when a lost connection was replaced (one line a monitor can read) */
  onReconnect?: (info: {from: string; to: string; attempt: number}) => void
  /**
   * A name for what this client reads, the same for runs that read the same things (the CLI uses the command and
   * its arguments). The light read path then remembers which chain state a run of that name read, and the next
   * run asks for all of it with its first reads, at its own new block: fewer dependent round trips, never an old
   * value (src/chain/light/plan.ts; files in `<cacheDir>/plans`). Unset: no plan.
   */
  readPlan?: string
}

/** A client for library use and for the CLI. Nothing is opened until a service asks for the chain. */
export function createClient(opts: ClientOptions = {}): TaoClient {
  const endpoints = resolveEndpoints(opts.network ?? 'finney')
  const timeoutMs = opts.timeoutMs ?? 30_000
  const cacheDir = opts.cacheDir ?? defaultCacheDir()
  const dataDir = opts.dataDir ?? defaultDataDir()
  let chainPromise: Promise<Chain> | undefined
  let lightPromise: Promise<LightChain | undefined> | undefined
  let passwords = opts.passwords
  let current = 0

  /** Connect to the first endpoint that answers, starting at `start` and trying each once. */
  const connectAny = async (start: number): Promise<Chain> => {
    const {connect} = await import('./chain/client.js')
    let last: unknown
    for (let i = 0; i < endpoints.length; i++) {
      const k = (start + i) % endpoints.length
      try {
        opts.onConnect?.(endpoints[k]!)
        const chain = await connect({cacheDir, endpoint: endpoints[k]!, onWarning: opts.onWarning, timeoutMs})
        current = k
        return chain
      } catch (error) {
        last = error
      }
    }
    throw last
  }

  const open = async (): Promise<Chain> => {
    const {journalFile} = await import('./chain/journal.js')
    const chain = await connectAny(current)
    chain.journalFile = journalFile(dataDir, chain.genesisHash)
    let attempt = 0
    chain.reconnect = async () => {
      const from = chain.endpoint
      attempt++
      await chain.disconnect()
      // the next endpoint first (the one that failed last), then the rest
      const fresh = await connectAny(endpoints.length > 1 ? current + 1 : current)
      if (fresh.genesisHash !== chain.genesisHash) {
        await fresh.disconnect()
        const {NetworkError} = await import('./errors.js')
        throw new NetworkError(`${fresh.endpoint} serves another chain (genesis ${fresh.genesisHash.slice(0, 10)}…)`, {code: 'WrongChain'})
      }
      const {reconnect: _r, journalFile: _j, ...rest} = fresh
      Object.assign(chain, rest)
      opts.onReconnect?.({attempt, from, to: chain.endpoint})
    }
    return chain
  }

  return {
    cacheDir,
    async close() {
      const light = lightPromise
      lightPromise = undefined
      if (light) await (await light.catch(() => undefined))?.disconnect()
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
      chainPromise ??= open()
      return chainPromise
    },
    connected: () => chainPromise !== undefined,
    light() {
      lightPromise ??= (async () => {
        // TAO_LIGHT=0: every read through the full client (to compare, or to rule the light path out)
        if (process.env.TAO_LIGHT === '0') return undefined
        const [{openLight}, {NetworkError}] = await Promise.all([import('./chain/light/client.js'), import('./errors.js')])
        const endpoint = endpoints[current]!
        try {
          opts.onConnect?.(endpoint)
          return await openLight({cacheDir, endpoint, onWarning: opts.onWarning, readPlan: opts.readPlan, timeoutMs})
        } catch (error) {
          // an endpoint that does not answer at all is not tried twice; any other failure is the full client's to report
          if (error instanceof NetworkError && error.code === 'Timeout' && endpoints.length === 1) throw error
          return undefined
        }
      })()
      return lightPromise
    },
    dataDir,
    get endpoint() {
      return endpoints[current]!
    },
    endpoints,
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
