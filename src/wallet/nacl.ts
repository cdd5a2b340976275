/**
 * The `$NACL` key file encryption every current bittensor tool writes (wallet-format §3.2):
 *
 *   file = "$NACL" ‖ nonce(24) ‖ secretbox(plaintext)          (libsodium "easy" layout: MAC first)
 *   key  = argon2i v1.3, t = 8, m = 512 MiB, p = 1, 32 bytes, fixed salt below
 *
 * The KDF is slow by design (≈2.5–3 s native, 5–7 s wasm, 512 MiB of RAM). It never runs on the event loop:
 * sodium-native's `crypto_pwhash_async` runs it on libuv's thread pool; the wasm fallback
 * (libsodium-wrappers-sumo) runs it in a worker thread. Nothing secret is cached between calls.
 */
import {randomBytes} from 'node:crypto'
import {createRequire} from 'node:module'

import {InputError} from '../errors.js'

export const NACL_PREFIX = Buffer.from('$NACL', 'latin1')
/** upstream's fixed salt: b"\x13q\x83\xdf\xf1Z\t\xbc\x9c\x90\xb5Q\x879\xe9\xb1" */
export const NACL_SALT = Uint8Array.from(Buffer.from('137183dff15a09bc9c90b5518739e9b1', 'hex'))
/** libsodium crypto_pwhash_argon2i_OPSLIMIT_SENSITIVE */
export const NACL_OPSLIMIT = 8
/** libsodium crypto_pwhash_argon2i_MEMLIMIT_SENSITIVE (512 MiB, not 1 GiB) */
export const NACL_MEMLIMIT = 536_870_912
const ALG_ARGON2I13 = 1
const NONCE_BYTES = 24
const MAC_BYTES = 16
const KEY_BYTES = 32

export type SodiumBackend = 'native' | 'wasm'
/** `auto` = sodium-native when its prebuilt binary loads, else the wasm build. `TAO_SODIUM=wasm|native` forces one. */
export type BackendChoice = SodiumBackend | 'auto'

const require = createRequire(import.meta.url)

interface SodiumNative {
  crypto_pwhash_async(out: Uint8Array, pw: Uint8Array, salt: Uint8Array, ops: number, mem: number, alg: number): Promise<void>
  crypto_secretbox_easy(c: Uint8Array, m: Uint8Array, n: Uint8Array, k: Uint8Array): void
  crypto_secretbox_open_easy(m: Uint8Array, c: Uint8Array, n: Uint8Array, k: Uint8Array): boolean
  sodium_memzero(b: Uint8Array): void
}

interface SodiumWasm {
  ready: Promise<void>
  crypto_secretbox_easy(m: Uint8Array, n: Uint8Array, k: Uint8Array): Uint8Array
  crypto_secretbox_open_easy(c: Uint8Array, n: Uint8Array, k: Uint8Array): Uint8Array
  memzero(b: Uint8Array): void
}

let nativeMod: SodiumNative | null | undefined
function loadNative(): SodiumNative | null {
  if (nativeMod === undefined) {
    try {
      nativeMod = require('sodium-native') as SodiumNative
    } catch {
      nativeMod = null
    }
  }
  return nativeMod
}

let wasmMod: Promise<SodiumWasm> | undefined
function loadWasm(): Promise<SodiumWasm> {
  wasmMod ??= (async () => {
    const sodium = require('libsodium-wrappers-sumo') as SodiumWasm
    await sodium.ready
    return sodium
  })()
  return wasmMod
}

/** Which backend `choice` resolves to here. */
export function resolveBackend(choice: BackendChoice = (process.env.TAO_SODIUM as BackendChoice | undefined) ?? 'auto'): SodiumBackend {
  if (choice === 'wasm') return 'wasm'
  if (choice === 'native') {
    if (!loadNative()) throw new Error('sodium-native is not available on this platform')
    return 'native'
  }
  return loadNative() ? 'native' : 'wasm'
}

// The wasm KDF blocks whatever thread runs it, so it runs in a worker (eval'd CommonJS: works from src and dist).
const WORKER_SOURCE = `
const {parentPort, workerData} = require('node:worker_threads')
const sodium = require(workerData.mod)
sodium.ready.then(() => {
  const key = sodium.crypto_pwhash(32, workerData.pw, workerData.salt, workerData.ops, workerData.mem, sodium.crypto_pwhash_ALG_ARGON2I13)
  parentPort.postMessage(key, [key.buffer])
}).catch((e) => parentPort.postMessage({error: String(e && e.message || e)}))
`

async function wasmKdf(pw: Uint8Array, ops: number, mem: number): Promise<Uint8Array> {
  const {Worker} = await import('node:worker_threads')
  const mod = require.resolve('libsodium-wrappers-sumo')
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER_SOURCE, {eval: true, workerData: {mem, mod, ops, pw, salt: NACL_SALT}})
    let settled = false
    worker.once('message', (m: Uint8Array | {error: string}) => {
      settled = true
      void worker.terminate()
      if (m instanceof Uint8Array) resolve(new Uint8Array(m))
      else reject(new Error(`argon2i (wasm) failed: ${m.error}`))
    })
    worker.once('error', (e) => {
      settled = true
      reject(e)
    })
    worker.once('exit', (code) => {
      if (!settled) reject(new Error(`argon2i (wasm) worker exited with code ${code}`))
    })
  })
}

export interface KdfOptions {
  backend?: BackendChoice
  /** test hook: cheaper parameters. Files written with anything but the defaults are NOT upstream-compatible. */
  opslimit?: number
  memlimit?: number
}

/** argon2i13(password, fixed salt, t=8, m=512 MiB) → 32-byte secretbox key. Off the event loop. */
export async function deriveNaclKey(password: string, opts: KdfOptions = {}): Promise<Uint8Array> {
  const pw = new Uint8Array(Buffer.from(password, 'utf8'))
  const ops = opts.opslimit ?? NACL_OPSLIMIT
  const mem = opts.memlimit ?? NACL_MEMLIMIT
  try {
    if (resolveBackend(opts.backend) === 'native') {
      const sodium = loadNative()!
      const key = new Uint8Array(KEY_BYTES)
      await sodium.crypto_pwhash_async(key, pw, NACL_SALT, ops, mem, ALG_ARGON2I13)
      return key
    }
    return await wasmKdf(pw, ops, mem)
  } finally {
    pw.fill(0)
  }
}

export function isNacl(bytes: Uint8Array): boolean {
  return bytes.length >= NACL_PREFIX.length && Buffer.from(bytes.subarray(0, NACL_PREFIX.length)).equals(NACL_PREFIX)
}

/** secretbox_open with a derived key; undefined when the MAC does not verify (wrong password or tampered file). */
export async function naclOpenWithKey(file: Uint8Array, key: Uint8Array, backend?: BackendChoice): Promise<Uint8Array | undefined> {
  if (!isNacl(file)) throw new InputError('not a $NACL key file', {code: 'BadKeyfile'})
  if (file.length < NACL_PREFIX.length + NONCE_BYTES + MAC_BYTES) throw new InputError('$NACL key file is truncated', {code: 'BadKeyfile'})
  const nonce = file.subarray(5, 5 + NONCE_BYTES)
  const box = file.subarray(5 + NONCE_BYTES)
  if (resolveBackend(backend) === 'native') {
    const sodium = loadNative()!
    const out = new Uint8Array(box.length - MAC_BYTES)
    return sodium.crypto_secretbox_open_easy(out, box, nonce, key) ? out : undefined
  }
  const sodium = await loadWasm()
  try {
    return sodium.crypto_secretbox_open_easy(box, nonce, key)
  } catch {
    return undefined
  }
}

/** secretbox with a derived key and the given (or a random) nonce → full `$NACL` file bytes. */
export async function naclSealWithKey(plaintext: Uint8Array, key: Uint8Array, nonce?: Uint8Array, backend?: BackendChoice): Promise<Buffer> {
  const n = nonce ?? new Uint8Array(randomBytes(NONCE_BYTES))
  if (n.length !== NONCE_BYTES) throw new Error(`nonce must be ${NONCE_BYTES} bytes`)
  let box: Uint8Array
  if (resolveBackend(backend) === 'native') {
    box = new Uint8Array(plaintext.length + MAC_BYTES)
    loadNative()!.crypto_secretbox_easy(box, plaintext, n, key)
  } else {
    box = (await loadWasm()).crypto_secretbox_easy(plaintext, n, key)
  }
  return Buffer.concat([NACL_PREFIX, n, box])
}

/**
 * The smallest plaintext a key file can have: `{"secretPhrase":"…"}` with the shortest 12-word BIP-39 phrase
 * (12 × 3 letters + 11 spaces) is 66 bytes; a seed or private key in hex is longer.
 */
export const MIN_KEY_PLAINTEXT = 66
/** header + nonce + MAC: shorter `$NACL` data is not a secretbox at all */
export const NACL_OVERHEAD = NACL_PREFIX.length + NONCE_BYTES + MAC_BYTES

/**
 * Check a `$NACL` file's structure before any key derivation: header, 24-byte nonce, 16-byte MAC and at least
 * `minPlaintext` bytes (a key file: the smallest key JSON). A truncated file is "corrupt key file" (exit 2, like a key file that is not JSON) at
 * once, not "wrong password" after the KDF.
 */
export function assertNaclStructure(file: Uint8Array, name = 'key file', minPlaintext = MIN_KEY_PLAINTEXT): void {
  if (!isNacl(file)) throw new InputError(`corrupt key file ${name}: no $NACL header`, {code: 'BadKeyfile'})
  const min = NACL_OVERHEAD + minPlaintext
  if (file.length < min) {
    throw new InputError(`corrupt key file ${name}: ${file.length} bytes, shorter than any encrypted key (${min}); it is truncated`, {
      code: 'BadKeyfile',
      hint: 'restore it from a backup or regenerate it from the mnemonic',
    })
  }
}

export class WrongPasswordError extends InputError {
  constructor(what: string, origin?: string) {
    super(`wrong password for ${what}${origin ? ` (password from ${origin})` : ''}`, {code: 'WrongPassword'})
  }
}

/** Decrypt a `$NACL` file. Throws WrongPasswordError (exit 2) when the MAC fails. */
export async function naclDecrypt(file: Uint8Array, password: string, opts: KdfOptions & {what?: string} = {}): Promise<Uint8Array> {
  assertNaclStructure(file, opts.what, 0)
  const key = await deriveNaclKey(password, opts)
  try {
    const out = await naclOpenWithKey(file, key, opts.backend)
    if (!out) throw new WrongPasswordError(opts.what ?? 'key file')
    return out
  } finally {
    key.fill(0)
  }
}

/** Encrypt to a `$NACL` file with a random nonce (or `nonce`, for test vectors). */
export async function naclEncrypt(plaintext: Uint8Array, password: string, opts: KdfOptions & {nonce?: Uint8Array} = {}): Promise<Buffer> {
  const key = await deriveNaclKey(password, opts)
  try {
    return await naclSealWithKey(plaintext, key, opts.nonce, opts.backend)
  } finally {
    key.fill(0)
  }
}
