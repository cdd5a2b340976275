/**
 * Resolving a hotkey (or another account option) before any chain call: an SS58 address, or the name of a
 * hotkey of the wallet. Only key files' public parts are read; no password. `field` is the option of the
 * service the value came from; messages name it as «field».
 */
import {readdir} from 'node:fs/promises'
import path from 'node:path'

import {InputError, TaoError, WalletError} from '../errors.js'
import {coldkeyAddress, hotkeyAddress, type WalletRef, walletDir} from '../wallet/wallet.js'

const BASE58 = /^[1-9A-HJ-NP-Za-km-z]+$/

/** Decode an SS58 address (any network prefix) and re-encode it with Bittensor's prefix 42; undefined if invalid. */
export async function normaliseAddress(input: string): Promise<string | undefined> {
  const s = input.trim()
  if (!BASE58.test(s) || s.length < 40 || s.length > 50) return undefined
  const {ss58Decode, ss58Encode} = await import('../chain/light/hash.js')
  try {
    return ss58Encode(ss58Decode(s), 42)
  } catch {
    return undefined
  }
}

/** Does the string look like an attempt at an SS58 address (so a failed decode is an error, not a name)? */
export function looksLikeAddress(input: string): boolean {
  const s = input.trim()
  return s.length >= 40 && BASE58.test(s)
}

/** An SS58 address given in option `field`; a bad one is one clear InputError. */
export async function parseAddress(input: string, field: string): Promise<string> {
  const a = await normaliseAddress(input)
  if (!a) throw new InputError(`«${field}» is not a valid SS58 address: ${input}`, {code: 'BadAddress', field})
  return a
}

export interface ResolvedHotkey {
  address: string
  /** the wallet hotkey name, when given by name */
  name?: string
}

/**
 * A hotkey as SS58 or NAME: an SS58 address is used as is (normalised to prefix 42); anything else is the name of
 * a hotkey of `wallet`. With no value, the wallet's configured hotkey (default "default") is used.
 */
export async function resolveHotkey(input: string | undefined, wallet: WalletRef, field = 'hotkey'): Promise<ResolvedHotkey> {
  if (input !== undefined && looksLikeAddress(input)) {
    return {address: await parseAddress(input, field)}
  }
  const name = input ?? wallet.hotkey
  if (!usableName(name)) {
    throw new InputError(`«${field}» must be an SS58 address or a hotkey name: ${JSON.stringify(name)}`, {code: 'BadHotkey', field})
  }
  try {
    return {address: await hotkeyAddress(wallet, name), name}
  } catch (error) {
    if (error instanceof WalletError || (error instanceof TaoError && error.exitCode === 2)) {
      const given = input === undefined ? `no «${field}» given, and` : `«${field}» ${JSON.stringify(name)} is not an SS58 address, and`
      throw new InputError(`${given} wallet "${wallet.name}" has no hotkey "${name}" (${path.join(walletDir(wallet), 'hotkeys')})`, {
        code: 'UnknownHotkey',
        field,
        hint: `pass «${field}» with an SS58 address or one of the wallet's hotkey names`,
      })
    }
    throw error
  }
}

/**
 * The wallet's hotkey where it is only read (never signs): an SS58 address given as the hotkey is used as it is;
 * a name is the wallet's hotkey file, and a missing one stays the wallet error (exit 3) it always was.
 */
export async function walletHotkeyAddress(wallet: WalletRef): Promise<string> {
  return looksLikeAddress(wallet.hotkey) ? parseAddress(wallet.hotkey, 'hotkey') : hotkeyAddress(wallet)
}

/**
 * A coldkey as SS58 or the NAME of a wallet in the same wallets folder as `wallet` (its coldkeypub.txt is read).
 */
export async function resolveColdkey(input: string, wallet: WalletRef, field: string): Promise<string> {
  if (looksLikeAddress(input)) return parseAddress(input, field)
  if (!usableName(input)) throw new InputError(`«${field}» must be an SS58 address or a wallet name: ${JSON.stringify(input)}`, {code: 'BadAddress', field})
  try {
    return await coldkeyAddress({...wallet, name: input})
  } catch (error) {
    if (error instanceof TaoError) {
      throw new InputError(`«${field}» ${JSON.stringify(input)} is neither an SS58 address nor a wallet with a coldkey in ${wallet.path}`, {code: 'BadAddress', field})
    }
    throw error
  }
}

/** Is `name` usable as a key file name (not empty, no path)? */
function usableName(name: string | undefined): name is string {
  return Boolean(name) && !/[/\\\0]/.test(name!) && name !== '.' && name !== '..'
}

/** Map of the wallet's hotkey addresses to their names (for labelling tables); unreadable entries are skipped. */
export async function walletHotkeyNames(wallet: WalletRef): Promise<Map<string, string>> {
  const out = new Map<string, string>()
  let entries: string[]
  try {
    entries = await readdir(path.join(walletDir(wallet), 'hotkeys'))
  } catch {
    return out
  }
  const names = new Set<string>()
  for (const e of entries) {
    if (e.startsWith('.')) continue
    names.add(e.endsWith('pub.txt') ? e.slice(0, -'pub.txt'.length) : e)
  }
  await Promise.all(
    [...names].map(async (n) => {
      try {
        out.set(await hotkeyAddress(wallet, n), n)
      } catch {
        // not a key file: skip, as btcli does
      }
    }),
  )
  return out
}
