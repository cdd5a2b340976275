import {InputError} from '../errors.js'
import type {KeyfileJson} from './keys.js'
import type {PasswordSource} from './wallet.js'

/**
 * Key file encodings. Detection is on raw bytes (wallet-format §3.1): `$NACL`, `$ANSIBLE_VAULT`, `gAAAAA`
 * (Fernet), else plaintext JSON. `$NACL` is read and written; the two legacy formats are read only.
 */
export type KeyfileEncoding = 'nacl' | 'ansible-vault' | 'fernet' | 'plaintext'

export function detectEncoding(bytes: Uint8Array): KeyfileEncoding {
  const head = Buffer.from(bytes.subarray(0, 14)).toString('latin1')
  if (head.startsWith('$NACL')) return 'nacl'
  if (head.startsWith('$ANSIBLE_VAULT')) return 'ansible-vault'
  if (head.startsWith('gAAAAA')) return 'fernet'
  return 'plaintext'
}

export const isLegacyEncoding = (e: KeyfileEncoding) => e === 'ansible-vault' || e === 'fernet'

export function parseKeyfileJson(text: string, file: string): KeyfileJson {
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    throw new InputError(`key file is corrupt (not JSON): ${file}`, {code: 'BadKeyfile'})
  }
  if (!json || typeof json !== 'object' || Array.isArray(json)) throw new InputError(`key file is corrupt (not a JSON object): ${file}`, {code: 'BadKeyfile'})
  return json as KeyfileJson
}

/** Optional extras a password source may offer (see passwords.ts); all optional so plain sources work. */
interface SourceExtras {
  origin?: (file: string) => string | undefined
  progress?: (message: string) => () => void
  notice?: (message: string) => void
}

export interface DecodedKeyfile {
  json: KeyfileJson
  encoding: KeyfileEncoding
}

async function decryptOnce(bytes: Uint8Array, encoding: KeyfileEncoding, password: string, what: string): Promise<Uint8Array> {
  if (encoding === 'nacl') {
    const {naclDecrypt} = await import('./nacl.js')
    return naclDecrypt(bytes, password, {what})
  }
  const legacy = await import('./legacy.js')
  if (encoding === 'ansible-vault') return legacy.ansibleVaultDecrypt(bytes, password, what)
  return legacy.fernetDecrypt(bytes, password, what)
}

/**
 * Decrypt (when needed) and parse a key file. A wrong password from a non-interactive source fails at once
 * (exit 2, naming where the password came from); at a prompt the person gets three tries.
 */
export async function readKeyfile(bytes: Buffer, file: string, what: string, passwords?: PasswordSource): Promise<DecodedKeyfile> {
  const encoding = detectEncoding(bytes)
  if (encoding === 'plaintext') return {encoding, json: parseKeyfileJson(bytes.toString('utf8'), file)}
  if (!passwords) {
    throw new InputError(`${what} is encrypted (${encoding}) and no password source was given`, {code: 'PasswordNeeded'})
  }
  if (encoding === 'nacl') {
    // structure first: a truncated file is corrupt, found before any password prompt or key derivation
    const {assertNaclStructure} = await import('./nacl.js')
    assertNaclStructure(bytes, file)
  }
  const src = passwords as PasswordSource & SourceExtras
  for (let attempt = 1; ; attempt++) {
    const password = await passwords.get(file, what)
    const stop = src.progress?.(`unlocking ${what.split(' ')[0]}…`)
    let plain: Uint8Array
    try {
      plain = await decryptOnce(bytes, encoding, password, what)
    } catch (error) {
      const origin = src.origin?.(file)
      if ((error as InputError).code === 'WrongPassword') {
        if (origin === 'prompt' && attempt < 3) {
          src.notice?.('wrong password, try again')
          continue
        }
        throw new InputError(`wrong password for ${what}${origin && origin !== 'prompt' ? ` (password from ${origin})` : ''}`, {code: 'WrongPassword'})
      }
      throw error
    } finally {
      stop?.()
    }
    const text = Buffer.from(plain).toString('utf8')
    plain.fill(0)
    return {encoding, json: parseKeyfileJson(text, file)}
  }
}

export async function decryptKeyfileIfNeeded(bytes: Buffer, file: string, what: string, passwords?: PasswordSource): Promise<KeyfileJson> {
  return (await readKeyfile(bytes, file, what, passwords)).json
}

/** The fields btwallet ≥ 2 writes, in a fixed order; every value a string (no numeric cryptoType). */
export const FULL_KEY_FIELDS = ['accountId', 'publicKey', 'privateKey', 'secretPhrase', 'secretSeed', 'ss58Address'] as const
export const PUBLIC_KEY_FIELDS = ['accountId', 'publicKey', 'ss58Address'] as const

/** Serialize keyfile JSON as btwallet does (compact), dropping absent fields and anything not a string. */
export function serializeKeyfile(json: KeyfileJson, fields: readonly string[] = FULL_KEY_FIELDS): string {
  const out: Record<string, string> = {}
  for (const f of fields) {
    const v = json[f]
    if (typeof v === 'string' && v !== '') out[f] = v
  }
  return JSON.stringify(out)
}

/** Encode key file bytes: `$NACL` when a password is given, else plaintext JSON. */
export async function encodeKeyfile(json: KeyfileJson, password?: string, fields: readonly string[] = FULL_KEY_FIELDS): Promise<Buffer> {
  const text = Buffer.from(serializeKeyfile(json, fields), 'utf8')
  if (password === undefined) return text
  const {naclEncrypt} = await import('./nacl.js')
  try {
    return await naclEncrypt(text, password)
  } finally {
    text.fill(0)
  }
}

/** SS58 address from a public file (coldkeypub.txt / <hk>pub.txt / a plaintext key file). */
export async function addressFromPublicFile(bytes: Buffer, file: string): Promise<string | undefined> {
  // the small SS58 codec (@noble/hashes): listing wallets needs no @polkadot/util-crypto
  const {fromHex, ss58Decode, ss58Encode} = await import('../chain/light/hash.js')
  const encodeAddress = (k: string) => ss58Encode(fromHex(k), 42)
  const text = bytes.toString('utf8').trim()
  if (/^0x[0-9a-fA-F]{64}$/.test(text)) return encodeAddress(text) // 2021-era bare hex coldkeypub
  if (detectEncoding(bytes) !== 'plaintext') return undefined
  const json = parseKeyfileJson(text, file)
  const ss58 = json.ss58Address ?? json[' ss58Address']
  if (typeof ss58 === 'string' && ss58) {
    try {
      // readers decode any prefix; tao shows the bittensor prefix (42)
      return ss58Encode(ss58Decode(ss58), 42)
    } catch {
      throw new InputError(`key file holds an invalid ss58Address: ${file}`, {code: 'BadKeyfile'})
    }
  }
  const pk = json.publicKey ?? json.accountId
  if (typeof pk === 'string' && /^(0x)?[0-9a-fA-F]{64}$/.test(pk)) return encodeAddress(pk.startsWith('0x') ? pk : `0x${pk}`)
  return undefined
}
