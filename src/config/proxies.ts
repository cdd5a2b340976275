/**
 * The local proxy address book: names for accounts tao acts for through a proxy (`--proxy NAME`), kept in tao's
 * config folder as proxies.json (0600, written atomically). An entry names the real account and, for
 * reference, the proxy type and delay it was added with; the chain (Proxy.Proxies) is the authority and is
 * checked before every signature.
 */
import {readFile} from 'node:fs/promises'
import path from 'node:path'

import {InputError, WalletError} from '../errors.js'
import {fileWriteError, writeFileAtomic} from '../util/fs.js'
import {configDir} from './settings.js'

export interface ProxyBookEntry {
  name: string
  /** the account the proxy acts for */
  real: string
  /** the proxy (delegate) account, when known */
  delegate?: string
  proxyType?: string
  delay?: number
  /** a pure proxy: how to kill it (spawner, index, height, extrinsic index) */
  pure?: {spawner: string; index: number; height: number; extIndex: number}
}

export const proxyBookFile = () => path.join(configDir(), 'proxies.json')

export async function readProxyBook(): Promise<ProxyBookEntry[]> {
  let text: string
  try {
    text = await readFile(proxyBookFile(), 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return []
    throw new WalletError(`cannot read the proxy address book ${proxyBookFile()}: ${(error as Error).message}`, {code: 'BadConfig'})
  }
  try {
    const j = JSON.parse(text) as {proxies?: ProxyBookEntry[]}
    return Array.isArray(j.proxies) ? j.proxies : []
  } catch {
    throw new WalletError(`the proxy address book ${proxyBookFile()} is not valid JSON`, {code: 'BadConfig'})
  }
}

export async function writeProxyBook(entries: ProxyBookEntry[]): Promise<void> {
  const sorted = [...entries].sort((a, b) => a.name.localeCompare(b.name))
  try {
    await writeFileAtomic(proxyBookFile(), `${JSON.stringify({proxies: sorted}, null, 2)}\n`, {dirMode: 0o700, mode: 0o600})
  } catch (error) {
    throw fileWriteError(error, `the proxy address book ${proxyBookFile()}`, 'it is unchanged')
  }
}

export function checkBookName(name: string): string {
  const n = name.trim()
  if (!/^[\w.-]{1,64}$/.test(n)) throw new InputError(`a proxy name is 1–64 letters, digits, "_", "-" or ".": ${JSON.stringify(name)}`, {code: 'BadName', field: 'name'})
  return n
}

/** Add or replace an entry. */
export async function saveProxyEntry(entry: ProxyBookEntry): Promise<void> {
  const all = (await readProxyBook()).filter((e) => e.name !== entry.name)
  await writeProxyBook([...all, entry])
}

export async function removeProxyEntry(name: string): Promise<boolean> {
  const all = await readProxyBook()
  const rest = all.filter((e) => e.name !== name)
  if (rest.length === all.length) return false
  await writeProxyBook(rest)
  return true
}

/** `--proxy SS58_OR_NAME`: an ss58 address as it is, else the real account of a book entry of that name. */
export async function resolveProxyTarget(spec: string, field = 'proxy'): Promise<{real: string; entry?: ProxyBookEntry}> {
  const {checkAddress} = await import('../wallet/keys.js')
  try {
    return {real: await checkAddress(spec, `«${field}»`, field)}
  } catch {}
  const entry = (await readProxyBook()).find((e) => e.name === spec.trim())
  if (!entry) {
    throw new InputError(`unknown proxy ${JSON.stringify(spec)}: not an ss58 address nor a name in the proxy address book (${proxyBookFile()}); nothing was submitted`, {
      code: 'UnknownProxy',
      field,
      suggest: {command: 'proxy list'},
    })
  }
  return {entry, real: entry.real}
}
