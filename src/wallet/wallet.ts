import type {KeyringPair} from '@polkadot/keyring/types'

import {readFile} from 'node:fs/promises'
import {homedir} from 'node:os'
import path from 'node:path'

import {InputError, WalletError} from '../errors.js'
import type {KeyfileEncoding} from './keyfile.js'

import {type KeyfileJson, pairFromKeyfile} from './keys.js'

/** Where a wallet lives, as btcli lays it out: <path>/<name>/{coldkey,coldkeypub.txt,hotkeys/<hotkey>}. */
export interface WalletRef {
  path: string
  name: string
  hotkey: string
}

export const DEFAULT_WALLET_PATH = '~/.bittensor/wallets'

export function expandHome(p: string): string {
  if (p === '~' || p === 'default') return p === '~' ? homedir() : path.join(homedir(), '.bittensor', 'wallets')
  if (p.startsWith('~/')) return path.join(homedir(), p.slice(2))
  return p
}

/** flag > env (oclif puts env into the flag) > config > default. */
export function resolveWalletRef(input: {path?: string; name?: string; hotkey?: string}, config: {walletPath?: string; wallet?: string; hotkey?: string} = {}): WalletRef {
  const name = input.name ?? config.wallet ?? 'default'
  const hotkey = input.hotkey ?? config.hotkey ?? 'default'
  for (const [what, v] of [['wallet name', name], ['hotkey name', hotkey]] as const) {
    if (!v || v.includes('/') || v.includes('\\') || v === '.' || v === '..' || v.includes('\0')) {
      throw new InputError(`${what} must be a plain name, not a path: ${JSON.stringify(v)}`, {code: 'BadWalletName'})
    }
  }
  return {hotkey, name, path: path.resolve(expandHome(input.path ?? config.walletPath ?? DEFAULT_WALLET_PATH))}
}

export const walletDir = (w: WalletRef) => path.join(w.path, w.name)
export const coldkeyFile = (w: WalletRef) => path.join(walletDir(w), 'coldkey')
export const coldkeypubFile = (w: WalletRef) => path.join(walletDir(w), 'coldkeypub.txt')
export const hotkeyFile = (w: WalletRef, hotkey = w.hotkey) => path.join(walletDir(w), 'hotkeys', hotkey)
export const hotkeypubFile = (w: WalletRef, hotkey = w.hotkey) => path.join(walletDir(w), 'hotkeys', `${hotkey}pub.txt`)

/**
 * How to get a password when a key file is encrypted. Only `get` is required; the optional members
 * (implemented by `createPasswordSource` in ./passwords.ts) add prompts for new passwords, retries at a prompt,
 * "unlocking…" progress while the KDF runs and error messages naming where a wrong password came from.
 */
export interface PasswordSource {
  /** returns the password for `file`, or throws an InputError when none can be had without a prompt */
  get(file: string, what: string): Promise<string>
  /** a password for a key about to be encrypted (typed twice at a prompt) */
  getNew?(file: string, what: string): Promise<string>
  /** where the last password for `file` came from (`TAO_PASSWORD`, `prompt`, …) */
  origin?(file: string): string | undefined
  /** called while a slow key derivation runs; returns a function that ends the display */
  progress?(message: string): () => void
  /** a message for the person at the prompt */
  notice?(message: string): void
}

async function readKeyBytes(file: string, what: string): Promise<Buffer> {
  try {
    return await readFile(file)
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'ENOENT') throw new WalletError(`${what} not found: ${file}`, {code: 'NoKeyfile'})
    if (code === 'EISDIR') throw new InputError(`${what} is a directory, not a key file: ${file}`, {code: 'BadKeyfile'})
    throw new WalletError(`cannot read ${what} ${file}: ${(error as Error).message}`, {code: 'UnreadableKeyfile'})
  }
}

/** Decode key file bytes (plaintext JSON, or encrypted: see ./keyfile.ts) to its JSON. */
export async function decodeKeyfile(bytes: Buffer, file: string, what: string, passwords?: PasswordSource): Promise<KeyfileJson> {
  const {decryptKeyfileIfNeeded} = await import('./keyfile.js')
  return decryptKeyfileIfNeeded(bytes, file, what, passwords)
}

export interface LoadedKey {
  pair: KeyringPair
  file: string
  /** how the file was stored: `nacl`, `plaintext`, or a legacy encryption worth re-encrypting */
  encoding: KeyfileEncoding
}

async function loadKey(file: string, what: string, passwords?: PasswordSource): Promise<LoadedKey> {
  const bytes = await readKeyBytes(file, what)
  const {readKeyfile} = await import('./keyfile.js')
  const {encoding, json} = await readKeyfile(bytes, file, what, passwords)
  return {encoding, file, pair: await pairFromKeyfile(json, `${what} ${file}`)}
}

/** The coldkey pair (asks `passwords` when encrypted). */
export async function loadColdkey(w: WalletRef, passwords?: PasswordSource): Promise<KeyringPair> {
  return (await loadColdkeyInfo(w, passwords)).pair
}

/** As loadColdkey, also telling how the file is stored (to offer re-encryption of legacy files). */
export function loadColdkeyInfo(w: WalletRef, passwords?: PasswordSource): Promise<LoadedKey> {
  return loadKey(coldkeyFile(w), `coldkey of wallet "${w.name}"`, passwords)
}

/** The hotkey pair (hotkeys are usually unencrypted). Works on a hotkey-only host (no coldkey file). */
export async function loadHotkey(w: WalletRef, passwords?: PasswordSource, hotkey = w.hotkey): Promise<KeyringPair> {
  return (await loadHotkeyInfo(w, passwords, hotkey)).pair
}

export async function loadHotkeyInfo(w: WalletRef, passwords?: PasswordSource, hotkey = w.hotkey): Promise<LoadedKey> {
  const {looksLikeAddress} = await import('../stake/hotkey.js')
  if (looksLikeAddress(hotkey)) {
    throw new InputError(`«hotkey» ${hotkey} is an SS58 address, but this signs with the hotkey: give the name of a hotkey file of wallet "${w.name}"`, {
      code: 'HotkeyNeedsKeyFile',
      field: 'hotkey',
      hint: 'an SS58 address is accepted where tao only reads the hotkey or the coldkey signs (weights status/show, subnet register/create, stake)',
    })
  }
  return loadKey(hotkeyFile(w, hotkey), `hotkey "${hotkey}" of wallet "${w.name}"`, passwords)
}

/** Public address from a public file, without any password. */
async function publicAddress(files: string[], what: string): Promise<string> {
  const {addressFromPublicFile} = await import('./keyfile.js')
  for (const f of files) {
    try {
      const bytes = await readFile(f)
      const addr = await addressFromPublicFile(bytes, f)
      if (addr) return addr
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue
      throw error
    }
  }
  throw new WalletError(`${what} not found (looked in ${files.join(', ')})`, {code: 'NoKeyfile'})
}

export function coldkeyAddress(w: WalletRef): Promise<string> {
  return publicAddress([coldkeypubFile(w)], `coldkeypub.txt of wallet "${w.name}"`)
}

export function hotkeyAddress(w: WalletRef, hotkey = w.hotkey): Promise<string> {
  return publicAddress([hotkeypubFile(w, hotkey), hotkeyFile(w, hotkey)], `hotkey "${hotkey}" of wallet "${w.name}"`)
}
