/**
 * Readers for the two legacy key file encryptions (wallet-format §3.3, §3.4). Read-only: tao never writes
 * them, it offers to re-encrypt as `$NACL` (`tao wallet reencrypt`).
 * PBKDF2 runs on libuv's thread pool (async node:crypto), so the event loop stays free.
 */
import {createDecipheriv, createHmac, pbkdf2, timingSafeEqual} from 'node:crypto'
import {promisify} from 'node:util'

import {InputError} from '../errors.js'
import {WrongPasswordError} from './nacl.js'

const pbkdf2Async = promisify(pbkdf2)

/** ansible-vault 1.1 AES256 (bittensor 1.5 – 5.2, 2021–2023). */
export async function ansibleVaultDecrypt(data: Uint8Array, password: string, what = 'key file'): Promise<Uint8Array> {
  const text = Buffer.from(data).toString('utf8')
  const lines = text.split(/\r?\n/)
  const header = lines.shift() ?? ''
  const parts = header.trim().split(';')
  if (parts[0] !== '$ANSIBLE_VAULT' || parts[2]?.trim() !== 'AES256') {
    throw new InputError(`${what}: unsupported ansible-vault header ${JSON.stringify(header.slice(0, 40))}`, {code: 'BadKeyfile'})
  }
  const hex = lines.join('').trim()
  if (!/^[0-9a-fA-F]*$/.test(hex) || hex.length % 2) throw new InputError(`${what}: ansible-vault body is not hex (file corrupt)`, {code: 'BadKeyfile'})
  const body = Buffer.from(hex, 'hex').toString('latin1').split('\n')
  if (body.length < 3) throw new InputError(`${what}: ansible-vault body is incomplete (file corrupt)`, {code: 'BadKeyfile'})
  const [saltHex, macHex, ctHex] = body as [string, string, string]
  const salt = Buffer.from(saltHex.trim(), 'hex')
  const mac = Buffer.from(macHex.trim(), 'hex')
  const ct = Buffer.from(ctHex.trim(), 'hex')
  if (salt.length === 0 || mac.length !== 32 || ct.length === 0 || ct.length % 16) {
    throw new InputError(`${what}: ansible-vault body is malformed (file corrupt)`, {code: 'BadKeyfile'})
  }
  const derived = await pbkdf2Async(Buffer.from(password, 'utf8'), salt, 10_000, 80, 'sha256')
  const aesKey = derived.subarray(0, 32)
  const hmacKey = derived.subarray(32, 64)
  const iv = derived.subarray(64, 80)
  const expect = createHmac('sha256', hmacKey).update(ct).digest()
  if (!timingSafeEqual(expect, mac)) throw new WrongPasswordError(what)
  const decipher = createDecipheriv('aes-256-ctr', aesKey, iv)
  const padded = Buffer.concat([decipher.update(ct), decipher.final()])
  derived.fill(0)
  const pad = padded.at(-1) ?? 0
  if (pad < 1 || pad > 16 || pad > padded.length) throw new InputError(`${what}: ansible-vault padding is invalid (file corrupt)`, {code: 'BadKeyfile'})
  return new Uint8Array(padded.subarray(0, padded.length - pad))
}

export const FERNET_SALT = 'Iguesscyborgslikemyselfhaveatendencytobeparanoidaboutourorigins'
export const FERNET_ITERATIONS = 10_000_000

/** Legacy Fernet ("gAAAAA…", before Oct 2021). Upstream's Rust reader of this format is broken; this one works. */
export async function fernetDecrypt(data: Uint8Array, password: string, what = 'key file', iterations = FERNET_ITERATIONS): Promise<Uint8Array> {
  const token = Buffer.from(data).toString('latin1').trim()
  if (!/^[A-Za-z0-9_=-]+$/.test(token)) throw new InputError(`${what}: Fernet token is not base64url (file corrupt)`, {code: 'BadKeyfile'})
  const raw = Buffer.from(token, 'base64url')
  if (raw.length < 1 + 8 + 16 + 16 + 32 || raw[0] !== 0x80 || (raw.length - 57) % 16) {
    throw new InputError(`${what}: Fernet token is malformed (file corrupt)`, {code: 'BadKeyfile'})
  }
  const key = await pbkdf2Async(Buffer.from(password, 'utf8'), Buffer.from(FERNET_SALT, 'latin1'), iterations, 32, 'sha256')
  const signingKey = key.subarray(0, 16)
  const encryptionKey = key.subarray(16, 32)
  const signed = raw.subarray(0, raw.length - 32)
  const mac = raw.subarray(raw.length - 32)
  const expect = createHmac('sha256', signingKey).update(signed).digest()
  if (!timingSafeEqual(expect, mac)) throw new WrongPasswordError(what)
  const iv = raw.subarray(9, 25)
  const ct = raw.subarray(25, raw.length - 32)
  try {
    const decipher = createDecipheriv('aes-128-cbc', encryptionKey, iv)
    return new Uint8Array(Buffer.concat([decipher.update(ct), decipher.final()]))
  } catch {
    throw new InputError(`${what}: Fernet padding is invalid (file corrupt)`, {code: 'BadKeyfile'})
  } finally {
    key.fill(0)
  }
}
