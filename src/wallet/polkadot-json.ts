/**
 * polkadot.js / Substrate JSON account exports (wallet-format §4.2, "`--json`"): version 3,
 * `encoding.type` ['scrypt', 'xsalsa20-poly1305'] (or 'none'), `encoding.content` ['pkcs8', 'sr25519'].
 * The PKCS8 body holds the 64-byte secret in the ed25519 (×8) form; the key file tao writes holds btwallet's
 * `privateKey` (÷8), as btcli's `regen-coldkey --json` does. The address derived from the secret must match
 * both the public key in the body and the file's `address`.
 */
import {readFile} from 'node:fs/promises'

import {InputError} from '../errors.js'
import type {KeyfileJson} from './keys.js'
import type {PasswordSource} from './wallet.js'

export interface PolkadotJsonExport {
  address: string
  encoded: string
  encoding: {content: string[]; type: string[] | string; version: string}
  meta?: Record<string, unknown>
}

/** Parse and check the shape of an export; `file` names it in messages. */
export function parsePolkadotJson(text: string, file: string): PolkadotJsonExport {
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    throw new InputError(`${file} is not a polkadot.js JSON export (not JSON)`, {code: 'BadJsonExport', field: 'jsonFile'})
  }
  const j = json as Partial<PolkadotJsonExport> | null
  if (!j || typeof j !== 'object' || typeof j.encoded !== 'string' || typeof j.address !== 'string' || !j.encoding || typeof j.encoding !== 'object') {
    throw new InputError(`${file} is not a polkadot.js JSON export (needs "address", "encoded" and "encoding")`, {code: 'BadJsonExport', field: 'jsonFile'})
  }
  const content = Array.isArray(j.encoding.content) ? j.encoding.content : []
  if (content[0] !== 'pkcs8') throw new InputError(`${file}: unsupported content ${JSON.stringify(content)} (need pkcs8)`, {code: 'BadJsonExport', field: 'jsonFile'})
  if (content[1] !== 'sr25519') {
    throw new InputError(`${file}: key type ${content[1] ?? 'unknown'} is not supported (bittensor keys are sr25519)`, {code: 'BadJsonExport', field: 'jsonFile'})
  }
  if (String(j.encoding.version) !== '3' && String(j.encoding.version) !== '2') {
    throw new InputError(`${file}: export version ${String(j.encoding.version)} is not supported (need 2 or 3)`, {code: 'BadJsonExport', field: 'jsonFile'})
  }
  return j as PolkadotJsonExport
}

const encTypes = (e: PolkadotJsonExport) => (Array.isArray(e.encoding.type) ? e.encoding.type : [e.encoding.type])

export function isEncrypted(e: PolkadotJsonExport): boolean {
  return encTypes(e).includes('xsalsa20-poly1305')
}

/**
 * Decrypt an export with `password` into btwallet key file JSON (accountId, publicKey, privateKey, ss58Address).
 * A wrong password is InputError `WrongPassword`; an address that does not match the secret is `AddressMismatch`.
 */
export async function keyfileFromPolkadotJson(exp: PolkadotJsonExport, password: string | undefined, file: string): Promise<KeyfileJson> {
  const [uc, {decodePair}, {polkadotToBtSecret}, sr] = await Promise.all([
    import('@polkadot/util-crypto'),
    import('@polkadot/keyring/pair/decode'),
    import('./keys.js'),
    import('@scure/sr25519'),
  ])
  await uc.cryptoWaitReady()
  let body: Uint8Array
  try {
    body = /^0x[0-9a-fA-F]*$/.test(exp.encoded) ? new Uint8Array(Buffer.from(exp.encoded.slice(2), 'hex')) : uc.base64Decode(exp.encoded)
  } catch {
    throw new InputError(`${file}: "encoded" is neither hex nor base64`, {code: 'BadJsonExport', field: 'jsonFile'})
  }
  let pair: {publicKey: Uint8Array; secretKey: Uint8Array}
  try {
    pair = decodePair(isEncrypted(exp) ? password : undefined, body, encTypes(exp) as never)
  } catch (error) {
    const m = (error as Error).message
    if (/supplied passphrase|Password required/i.test(m)) throw new InputError(`wrong password for the polkadot.js export ${file}`, {code: 'WrongPassword'})
    throw new InputError(`${file}: cannot decode the export (${m})`, {code: 'BadJsonExport', field: 'jsonFile'})
  }
  if (pair.secretKey.length !== 64) throw new InputError(`${file}: the export holds a ${pair.secretKey.length}-byte secret, not an sr25519 key`, {code: 'BadJsonExport', field: 'jsonFile'})
  const secretKey = new Uint8Array(pair.secretKey)
  const publicKey = sr.getPublicKey(secretKey)
  const derived = uc.encodeAddress(publicKey, 42)
  let declared: Uint8Array
  try {
    declared = uc.decodeAddress(exp.address)
  } catch {
    throw new InputError(`${file}: "address" is not a valid ss58 address: ${JSON.stringify(exp.address)}`, {code: 'BadJsonExport', field: 'jsonFile'})
  }
  if (!Buffer.from(declared).equals(Buffer.from(publicKey)) || !Buffer.from(pair.publicKey).equals(Buffer.from(publicKey))) {
    throw new InputError(`${file}: the key in the export is ${derived}, not the address the file names (${uc.encodeAddress(declared, 42)}); nothing was written`, {
      code: 'AddressMismatch',
      field: 'jsonFile',
    })
  }
  const pub = `0x${Buffer.from(publicKey).toString('hex')}`
  const bt = polkadotToBtSecret(secretKey)
  secretKey.fill(0)
  return {accountId: pub, privateKey: `0x${Buffer.from(bt).toString('hex')}`, publicKey: pub, ss58Address: derived}
}

interface SourceExtras {
  origin?: (file: string) => string | undefined
  notice?: (message: string) => void
  progress?: (message: string) => () => void
}

/**
 * Read an export from `file`, get its password from `passwords` (keyed by the export's path, so BT_PW_<path>,
 * TAO_PASSWORD, TAO_PASSWORD_FILE, the systemd credential or the prompt), decrypt and check it. A wrong password
 * from a non-interactive source fails at once; at a prompt there are three tries.
 */
export async function importPolkadotJson(file: string, passwords: PasswordSource | undefined): Promise<KeyfileJson> {
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch (error) {
    throw new InputError(`cannot read «jsonFile» ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, {code: 'BadSecretFile', field: 'jsonFile'})
  }
  const exp = parsePolkadotJson(text, file)
  if (!isEncrypted(exp)) return keyfileFromPolkadotJson(exp, undefined, file)
  if (!passwords) throw new InputError(`the polkadot.js export ${file} is encrypted and no password source was given`, {code: 'PasswordNeeded'})
  const src = passwords as PasswordSource & SourceExtras
  const what = `polkadot.js export ${file}`
  for (let attempt = 1; ; attempt++) {
    const password = await passwords.get(file, what)
    const stop = src.progress?.('decrypting the export…')
    try {
      return await keyfileFromPolkadotJson(exp, password, file)
    } catch (error) {
      if ((error as InputError).code !== 'WrongPassword') throw error
      const origin = src.origin?.(file)
      if (origin === 'prompt' && attempt < 3) {
        src.notice?.('wrong password, try again')
        continue
      }
      throw new InputError(`wrong password for the ${what}${origin && origin !== 'prompt' ? ` (password from ${origin})` : ''}; nothing was written`, {code: 'WrongPassword'})
    } finally {
      stop?.()
    }
  }
}
