/**
 * Resolving `--hotkey` (and other account flags) before any chain call: an SS58 address, or the name of a
 * hotkey of the wallet. Only key files' public parts are read; no password.
 */
import {readdir} from 'node:fs/promises'
import path from 'node:path'

import {InputError, TaoError, WalletError} from '../errors.js'
import {hotkeyAddress, type WalletRef, walletDir} from '../wallet/wallet.js'

const BASE58 = /^[1-9A-HJ-NP-Za-km-z]+$/

/** Decode an SS58 address (any network prefix) and re-encode it with Bittensor's prefix 42; undefined if invalid. */
export async function normaliseAddress(input: string): Promise<string | undefined> {
  const s = input.trim()
  if (!BASE58.test(s) || s.length < 40 || s.length > 50) return undefined
  const {decodeAddress, encodeAddress} = await import('@polkadot/util-crypto')
  try {
    const pk = decodeAddress(s)
    if (pk.length !== 32) return undefined
    return encodeAddress(pk, 42)
  } catch {
    return undefined
  }
}

/** Does the string look like an attempt at an SS58 address (so a failed decode is an error, not a name)? */
export function looksLikeAddress(input: string): boolean {
  const s = input.trim()
  return s.length >= 40 && BASE58.test(s)
}

/** An SS58 address given in a flag; a bad one is one clear InputError. */
export async function parseAddress(input: string, flag: string): Promise<string> {
  const a = await normaliseAddress(input)
  if (!a) throw new InputError(`${flag} is not a valid SS58 address: ${input}`, {code: 'BadAddress'})
  return a
}

export interface ResolvedHotkey {
  address: string
  /** the wallet hotkey name, when given by name */
  name?: string
}

/**
 * `--hotkey SS58|NAME`: an SS58 address is used as is (normalised to prefix 42); anything else is the name of a
 * hotkey of `wallet`. With no value, the wallet's configured hotkey (default "default") is used.
 */
export async function resolveHotkey(input: string | undefined, wallet: WalletRef, flag = '--hotkey'): Promise<ResolvedHotkey> {
  if (input !== undefined && looksLikeAddress(input)) {
    return {address: await parseAddress(input, flag)}
  }
  const name = input ?? wallet.hotkey
  if (!name || /[/\\\0]/.test(name) || name === '.' || name === '..') {
    throw new InputError(`${flag} must be an SS58 address or a hotkey name: ${JSON.stringify(name)}`, {code: 'BadHotkey'})
  }
  try {
    return {address: await hotkeyAddress(wallet, name), name}
  } catch (error) {
    if (error instanceof WalletError || (error instanceof TaoError && error.exitCode === 2)) {
      const given = input === undefined ? `no ${flag} given, and` : `${flag} ${JSON.stringify(name)} is not an SS58 address, and`
      throw new InputError(`${given} wallet "${wallet.name}" has no hotkey "${name}" (${path.join(walletDir(wallet), 'hotkeys')})`, {
        code: 'UnknownHotkey',
        hint: `pass ${flag} with an SS58 address or one of the wallet's hotkey names`,
      })
    }
    throw error
  }
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
