import {mkdirSync, readFileSync} from 'node:fs'
import path from 'node:path'

import {InputError, WalletError} from '../errors.js'
import {configDir, dataDir, defaultCacheDir} from './dirs.js'
import {fileWriteError} from '../util/fs.js'
import {pidAlive} from '../util/process.js'

/**
 * tao's persistent, non-secret defaults (`<configDir>/config.json`). Precedence everywhere: flag > env > config >
 * default.
 */
export interface SettingsShape {
  network?: string
  wallet?: string
  hotkey?: string
  walletPath?: string
  timeout?: number
  tolerance?: string
  cacheDir?: string
}

export const SETTING_KEYS = ['network', 'wallet', 'hotkey', 'walletPath', 'timeout', 'tolerance', 'cacheDir'] as const
export type SettingKey = (typeof SETTING_KEYS)[number]

export const SETTING_HELP: Record<SettingKey, string> = {
  network: 'finney, test, local, or a ws:// / wss:// URL (env TAO_NETWORK)',
  wallet: 'default wallet (coldkey) name (env TAO_WALLET)',
  hotkey: 'default hotkey name (env TAO_HOTKEY)',
  walletPath: 'wallets folder, default ~/.bittensor/wallets (env TAO_WALLET_PATH)',
  timeout: 'network request timeout in seconds (env TAO_TIMEOUT)',
  tolerance: 'default slippage tolerance for staking, e.g. 0.5% (env TAO_TOLERANCE)',
  cacheDir: 'where runtime metadata is cached (env TAO_CACHE_DIR)',
}

export {configDir, dataDir, defaultCacheDir}

/** A setting's name, checked (exit 2 with the known names when it is not one). */
export function settingKey(key: string): SettingKey {
  if (!(SETTING_KEYS as readonly string[]).includes(key)) {
    throw new InputError(`unknown setting ${JSON.stringify(key)}; known: ${SETTING_KEYS.join(', ')}`, {code: 'BadSetting'})
  }
  return key as SettingKey
}

export function validateSetting(key: string, value: string): SettingKey {
  const k = settingKey(key)
  if (k === 'timeout' && !(Number(value) > 0)) throw new InputError(`timeout must be a positive number of seconds: ${value}`)
  if (k === 'network') resolveEndpoints(value)
  return k
}

export interface SettingsStore {
  get<K extends SettingKey>(key: K): SettingsShape[K]
  set<K extends SettingKey>(key: K, value: SettingsShape[K]): Promise<void>
  delete(key: SettingKey): Promise<void>
  all(): SettingsShape
  path: string
}

/**
 * The config file is `conf`'s: `<configDir>/config.json`, a tab-indented JSON object that `conf` writes (atomically,
 * through a symlink to its target, mode 0666 less the umask). Reading it needs no `conf`: every command that reads a
 * setting reads the JSON with node:fs (a missing file is an empty store and its folder is made, as conf did; a
 * file that is not JSON is "cannot read tao config in <dir>: <reason>"), because importing `conf` and its schema
 * validator costs ~100 modules and ~120 ms at start-up. `conf` is loaded only by a write (`config set|unset`).
 */
function readStore(file: string): Record<string, unknown> {
  try {
    return Object.assign(Object.create(null) as Record<string, unknown>, JSON.parse(readFileSync(file, 'utf8')))
  } catch (error) {
    if ((error as NodeJS.ErrnoException)?.code === 'ENOENT') {
      mkdirSync(path.dirname(file), {recursive: true})
      return Object.create(null) as Record<string, unknown>
    }
    throw error
  }
}

/**
 * `conf` writes through `atomically`, whose `when-exit` hooks SIGINT, SIGTERM and a dozen other signals on import and,
 * after its temp-file cleanup, re-raises the signal with process.kill: a process that handles SIGTERM itself (a
 * long-running command stopping cleanly, a validator script) gets a second SIGTERM a few ms later and dies of it or
 * takes it for a second Ctrl-C (exit 143 instead of a clean stop). Its signal hooks are removed as soon as it is
 * loaded; its 'exit' hook stays, so the cleanup still runs when the process exits.
 */
async function importConf(): Promise<typeof import('conf')> {
  const {constants} = await import('node:os')
  const signals = Object.keys(constants.signals) as NodeJS.Signals[]
  const before = new Map(signals.map((sig) => [sig, new Set(process.listeners(sig))]))
  const mod = await import('conf')
  for (const sig of signals) {
    const had = before.get(sig)!
    for (const l of process.listeners(sig)) if (!had.has(l)) process.removeListener(sig, l as (...args: unknown[]) => void)
  }
  return mod
}

export async function openSettings(): Promise<SettingsStore> {
  const file = path.resolve(configDir(), 'config.json')
  try {
    readStore(file)
  } catch (error) {
    throw new WalletError(`cannot read tao config in ${configDir()}: ${(error as Error).message}`, {code: 'BadConfig'})
  }
  const write = async (change: (conf: import('conf').default<SettingsShape>) => void) => {
    const {default: Conf} = await importConf()
    try {
      change(new Conf<SettingsShape>({configName: 'config', cwd: configDir(), projectName: 'tao'}))
    } catch (error) {
      throw fileWriteError(error, `tao config ${file}`, 'the setting is unchanged')
    }
  }
  return {
    get: (key) => readStore(file)[key] as never,
    set: (key, value) => write((conf) => conf.set(key, value)),
    delete: (key) => write((conf) => conf.delete(key)),
    all: () => ({...readStore(file)}) as SettingsShape,
    path: file,
  }
}

/** Well-known network names, as btcli spells them. */
export const NETWORKS: Record<string, string> = {
  finney: 'wss://entrypoint-finney.opentensor.ai:443',
  mainnet: 'wss://entrypoint-finney.opentensor.ai:443',
  test: 'wss://test.finney.opentensor.ai:443',
  archive: 'wss://archive.chain.opentensor.ai:443',
  local: 'ws://127.0.0.1:9944',
}

/** Where a running `tao localnet start` records its endpoint (and pid), for `-n local`. */
export function localnetStateFile(): string {
  return path.join(dataDir(), 'localnet.json')
}

/**
 * The endpoint `local` names: the one the running `tao localnet start` recorded (its process still alive), else
 * ws://127.0.0.1:9944.
 */
export function localEndpoint(): string {
  try {
    const s = JSON.parse(readFileSync(localnetStateFile(), 'utf8')) as {endpoint?: unknown; pid?: unknown}
    if (typeof s.endpoint === 'string' && /^wss?:\/\//.test(s.endpoint) && typeof s.pid === 'number' && pidAlive(s.pid)) return s.endpoint
  } catch {
    // no localnet recorded
  }
  return NETWORKS.local!
}


/** Resolve a network name or URL to a websocket endpoint; bad input exits with the usage code. */
export function resolveNetworkName(network: string): string {
  const n = network.trim()
  if (n.toLowerCase() === 'local') return localEndpoint()
  const known = NETWORKS[n.toLowerCase()]
  if (known) return known
  if (/^wss?:\/\//i.test(n)) {
    try {
      const u = new URL(n)
      if (!u.hostname) throw new Error('no host')
      return n
    } catch {
      throw new InputError(`not a valid websocket URL: ${network}`, {code: 'BadNetwork'})
    }
  }
  throw new InputError(`unknown network ${JSON.stringify(network)}: use finney, test, local, archive, or a ws:// / wss:// URL`, {
    code: 'BadNetwork',
  })
}

/**
 * The endpoints a network setting names: a name or URL, or several separated by commas (tried in order; the
 * first that answers wins, the next takes over when a connection is lost).
 */
export function resolveEndpoints(network: string | string[]): string[] {
  const list = (Array.isArray(network) ? network : network.split(','))
    .map((n) => n.trim())
    .filter(Boolean)
  if (list.length === 0) throw new InputError('no network given', {code: 'BadNetwork'})
  return [...new Set(list.map((n) => resolveNetworkName(n)))]
}
