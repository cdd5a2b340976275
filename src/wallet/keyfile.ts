import {InputError} from '../errors.js'
import type {KeyfileJson} from './keys.js'
import type {PasswordSource} from './wallet.js'

/**
 * Key file encodings. Detection is on raw bytes (wallet-format §3.1): `$NACL`, `$ANSIBLE_VAULT`, `gAAAAA`
 * (Fernet), else plaintext JSON.
 * NOTE: only plaintext is implemented here so far; the encrypted formats are the wallet module's next step.
 */
export type KeyfileEncoding = 'nacl' | 'ansible-vault' | 'fernet' | 'plaintext'

export function detectEncoding(bytes: Uint8Array): KeyfileEncoding {
  const head = Buffer.from(bytes.subarray(0, 14)).toString('latin1')
  if (head.startsWith('$NACL')) return 'nacl'
  if (head.startsWith('$ANSIBLE_VAULT')) return 'ansible-vault'
  if (head.startsWith('gAAAAA')) return 'fernet'
  return 'plaintext'
}

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

export async function decryptKeyfileIfNeeded(bytes: Buffer, file: string, what: string, _passwords?: PasswordSource): Promise<KeyfileJson> {
  const enc = detectEncoding(bytes)
  if (enc !== 'plaintext') throw new InputError(`${what}: ${enc} encrypted key files are not supported yet`, {code: 'Unsupported'})
  return parseKeyfileJson(bytes.toString('utf8'), file)
}

/** SS58 address from a public file (coldkeypub.txt / <hk>pub.txt / a plaintext key file). */
export async function addressFromPublicFile(bytes: Buffer, file: string): Promise<string | undefined> {
  const {encodeAddress} = await import('@polkadot/util-crypto')
  const text = bytes.toString('utf8').trim()
  if (/^0x[0-9a-fA-F]{64}$/.test(text)) return encodeAddress(text, 42) // 2021-era bare hex coldkeypub
  if (detectEncoding(bytes) !== 'plaintext') return undefined
  const json = parseKeyfileJson(text, file)
  if (typeof json.ss58Address === 'string' && json.ss58Address) return json.ss58Address
  const pk = json.publicKey ?? json.accountId
  if (typeof pk === 'string' && /^(0x)?[0-9a-fA-F]{64}$/.test(pk)) return encodeAddress(pk.startsWith('0x') ? pk : `0x${pk}`, 42)
  return undefined
}
