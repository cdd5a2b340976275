import type {KeyringPair} from '@polkadot/keyring/types'

import {InputError} from '../errors.js'

/**
 * Key material helpers. The 64-byte `privateKey` bittensor tools write is schnorrkel's `SecretKey::to_bytes`
 * (scalar / 8 ‖ nonce); @polkadot/keyring wants the ed25519 form (scalar × 8 ‖ nonce). Convert both ways,
 * on the first 32 bytes as a little-endian integer (wallet-format §4.2).
 */
function leToBig(b: Uint8Array): bigint {
  let x = 0n
  for (let i = b.length - 1; i >= 0; i--) x = (x << 8n) | BigInt(b[i]!)
  return x
}

function bigToLe(x: bigint, len: number): Uint8Array {
  const out = new Uint8Array(len)
  for (let i = 0; i < len; i++) {
    out[i] = Number(x & 0xffn)
    x >>= 8n
  }
  if (x !== 0n) throw new InputError('private key scalar out of range')
  return out
}

/** btcli/btwallet privateKey (schnorrkel to_bytes) → @polkadot secretKey (ed25519 form). */
export function btToPolkadotSecret(bt: Uint8Array): Uint8Array {
  if (bt.length !== 64) throw new InputError(`privateKey must be 64 bytes, got ${bt.length}`)
  const out = new Uint8Array(64)
  out.set(bigToLe(leToBig(bt.subarray(0, 32)) * 8n, 32), 0)
  out.set(bt.subarray(32), 32)
  return out
}

/** @polkadot secretKey (ed25519 form) → btcli/btwallet privateKey (schnorrkel to_bytes). */
export function polkadotToBtSecret(pd: Uint8Array): Uint8Array {
  if (pd.length !== 64) throw new InputError(`secret key must be 64 bytes, got ${pd.length}`)
  const scalar = leToBig(pd.subarray(0, 32))
  if (scalar % 8n !== 0n) throw new InputError('secret key is not in the ed25519 (×8) form')
  const out = new Uint8Array(64)
  out.set(bigToLe(scalar / 8n, 32), 0)
  out.set(pd.subarray(32), 32)
  return out
}

function hexToBytes(hex: string, what: string): Uint8Array {
  const h = hex.trim().replace(/^0x/i, '')
  if (!/^[0-9a-fA-F]*$/.test(h) || h.length % 2) throw new InputError(`${what} is not valid hex`)
  return new Uint8Array(Buffer.from(h, 'hex'))
}

export interface KeyfileJson {
  accountId?: string | null
  publicKey?: string | null
  privateKey?: string | null
  secretPhrase?: string | null
  secretSeed?: string | null
  ss58Address?: string | null
  cryptoType?: string | number | null
  [k: string]: unknown
}

/**
 * Turn decrypted keyfile JSON into a signing pair, with btwallet's precedence:
 * secretPhrase, then secretSeed, then privateKey (converted ×8). Cross-checks ss58Address when present.
 */
export async function pairFromKeyfile(json: KeyfileJson, what = 'key file'): Promise<KeyringPair> {
  const [{Keyring}, uc] = await Promise.all([import('@polkadot/keyring'), import('@polkadot/util-crypto')])
  await uc.cryptoWaitReady()
  const ct = json.cryptoType
  if (ct !== undefined && ct !== null && Number(ct) !== 1) {
    throw new InputError(`${what}: crypto type ${ct} is not supported (only sr25519)`, {code: 'BadKeyfile'})
  }
  const keyring = new Keyring({ss58Format: 42, type: 'sr25519'})
  let pair: KeyringPair
  if (typeof json.secretPhrase === 'string' && json.secretPhrase.trim()) {
    const phrase = json.secretPhrase.trim()
    if (!uc.mnemonicValidate(phrase)) throw new InputError(`${what}: secretPhrase is not a valid BIP-39 mnemonic`, {code: 'BadKeyfile'})
    pair = keyring.addFromPair(uc.sr25519PairFromSeed(uc.mnemonicToMiniSecret(phrase)))
  } else if (typeof json.secretSeed === 'string' && json.secretSeed.trim()) {
    const seed = hexToBytes(json.secretSeed, `${what}: secretSeed`)
    if (seed.length !== 32) throw new InputError(`${what}: secretSeed must be 32 bytes`, {code: 'BadKeyfile'})
    pair = keyring.addFromPair(uc.sr25519PairFromSeed(seed))
  } else if (typeof json.privateKey === 'string' && json.privateKey.trim()) {
    const secretKey = btToPolkadotSecret(hexToBytes(json.privateKey, `${what}: privateKey`))
    const publicKey = (await import('@scure/sr25519')).getPublicKey(secretKey)
    pair = keyring.addFromPair({publicKey, secretKey})
  } else {
    throw new InputError(`${what} holds no secret (public key only)`, {code: 'NoSecret'})
  }
  if (typeof json.ss58Address === 'string' && json.ss58Address && json.ss58Address !== pair.address) {
    let same = false
    try {
      same = Buffer.from(uc.decodeAddress(json.ss58Address)).equals(Buffer.from(pair.publicKey))
    } catch {}
    if (!same) throw new InputError(`${what}: derived address ${pair.address} does not match the stored ss58Address ${json.ss58Address}`, {code: 'BadKeyfile'})
  }
  return pair
}

const toHex = (b: Uint8Array) => `0x${Buffer.from(b).toString('hex')}`

export const MNEMONIC_WORD_COUNTS = [12, 15, 18, 21, 24] as const

/** A fresh BIP-39 English mnemonic (12/15/18/21/24 words). */
export async function generateMnemonic(words: number = 12): Promise<string> {
  if (!(MNEMONIC_WORD_COUNTS as readonly number[]).includes(words)) throw new InputError(`«nWords» must be one of ${MNEMONIC_WORD_COUNTS.join(', ')}: ${words}`, {code: 'BadMnemonic', field: 'nWords'})
  const uc = await import('@polkadot/util-crypto')
  await uc.cryptoWaitReady()
  return uc.mnemonicGenerate(words as 12)
}

/**
 * Normalise and check a mnemonic as typed: whitespace collapsed, lower-cased, btcli's numbered form
 * ("1-word 2-word …", any order) reordered. Throws InputError (exit 2) when it is not valid BIP-39.
 */
export async function normalizeMnemonic(input: string): Promise<string> {
  if (/^\s*[{[]/.test(input)) throw new InputError('not a mnemonic; for a polkadot.js export use «jsonFile»', {code: 'NotAMnemonic', field: 'jsonFile'})
  let words = input.trim().toLowerCase().split(/\s+/).filter(Boolean)
  if (words.length > 0 && words.every((w) => /^\d+-\S+$/.test(w))) {
    words = words
      .map((w) => {
        const i = w.indexOf('-')
        return [Number(w.slice(0, i)), w.slice(i + 1)] as const
      })
      .sort((a, b) => a[0] - b[0])
      .map(([, w]) => w)
  }
  const phrase = words.join(' ')
  if (!(MNEMONIC_WORD_COUNTS as readonly number[]).includes(words.length)) {
    throw new InputError(`mnemonic is invalid: ${words.length} words (need 12, 15, 18, 21 or 24)`, {code: 'BadMnemonic'})
  }
  const uc = await import('@polkadot/util-crypto')
  await uc.cryptoWaitReady()
  if (!uc.mnemonicValidate(phrase)) throw new InputError('mnemonic is invalid (unknown word or bad checksum)', {code: 'BadMnemonic'})
  return phrase
}

async function fullKeyfile(seed: Uint8Array | undefined, pairIn: {publicKey: Uint8Array; secretKey: Uint8Array}, phrase?: string): Promise<KeyfileJson> {
  const uc = await import('@polkadot/util-crypto')
  const pub = toHex(pairIn.publicKey)
  return {
    accountId: pub,
    privateKey: toHex(polkadotToBtSecret(pairIn.secretKey)),
    publicKey: pub,
    secretPhrase: phrase,
    secretSeed: seed ? toHex(seed) : undefined,
    ss58Address: uc.encodeAddress(pairIn.publicKey, 42),
  }
}

/** Key file JSON (btwallet's six fields) for a mnemonic. */
export async function keyfileFromMnemonic(mnemonic: string): Promise<KeyfileJson> {
  const phrase = await normalizeMnemonic(mnemonic)
  const uc = await import('@polkadot/util-crypto')
  const seed = uc.mnemonicToMiniSecret(phrase)
  return fullKeyfile(seed, uc.sr25519PairFromSeed(seed), phrase)
}

/** Key file JSON for a 32-byte seed (mini secret) or a 64-byte btwallet privateKey, given as hex. */
export async function keyfileFromSeed(seedHex: string): Promise<KeyfileJson> {
  const h = seedHex.trim()
  if (!/^(0x)?[0-9a-fA-F]+$/.test(h)) throw new InputError('seed is not hex', {code: 'BadSeed'})
  const bytes = hexToBytes(h, 'seed')
  const uc = await import('@polkadot/util-crypto')
  await uc.cryptoWaitReady()
  if (bytes.length === 32) return fullKeyfile(bytes, uc.sr25519PairFromSeed(bytes))
  if (bytes.length === 64) {
    const secretKey = btToPolkadotSecret(bytes)
    const publicKey = (await import('@scure/sr25519')).getPublicKey(secretKey)
    return fullKeyfile(undefined, {publicKey, secretKey})
  }
  throw new InputError(`seed must be 32 bytes (or a 64-byte private key), got ${bytes.length}`, {code: 'BadSeed'})
}

/** Key file JSON for a secret URI (`//Alice`, `<mnemonic>//hard/soft`, `0x<seed>//x`). No phrase or seed is stored. */
export async function keyfileFromUri(uri: string): Promise<KeyfileJson> {
  const uc = await import('@polkadot/util-crypto')
  await uc.cryptoWaitReady()
  let pair: {publicKey: Uint8Array; secretKey: Uint8Array}
  try {
    const {password, path, phrase} = uc.keyExtractSuri(uri.startsWith('/') ? `${DEV_PHRASE}${uri}` : uri)
    let seed: Uint8Array
    if (/^0x[0-9a-fA-F]{64}$/.test(phrase)) seed = hexToBytes(phrase, 'uri seed')
    else {
      if (!uc.mnemonicValidate(phrase)) throw new Error('bad phrase')
      seed = uc.mnemonicToMiniSecret(phrase, password)
    }
    pair = uc.keyFromPath(uc.sr25519PairFromSeed(seed), path, 'sr25519')
  } catch {
    throw new InputError('secret URI is invalid', {code: 'BadUri'})
  }
  return fullKeyfile(undefined, pair)
}

const DEV_PHRASE = 'bottom drive obey lake curtain smoke basket hold race lonely fit walk'

/** Public key file JSON from an ss58 address (any prefix) or a 32-byte public key in hex. */
export async function publicKeyfile(input: {ss58?: string; publicKey?: string}): Promise<KeyfileJson> {
  const uc = await import('@polkadot/util-crypto')
  await uc.cryptoWaitReady()
  let pub: Uint8Array
  if (input.ss58 !== undefined) {
    try {
      pub = uc.decodeAddress(input.ss58.trim())
    } catch {
      throw new InputError(`not a valid ss58 address: ${JSON.stringify(input.ss58)}`, {code: 'BadAddress'})
    }
    if (pub.length !== 32) throw new InputError(`not a 32-byte account address: ${input.ss58}`, {code: 'BadAddress'})
  } else if (input.publicKey !== undefined) {
    if (!/^(0x)?[0-9a-fA-F]{64}$/.test(input.publicKey.trim())) throw new InputError('public key must be 32 bytes of hex (0x + 64 hex digits)', {code: 'BadPublicKey'})
    pub = hexToBytes(input.publicKey, 'public key')
  } else throw new InputError('give an ss58 address or a public key', {code: 'BadAddress'})
  const hex = toHex(pub)
  return {accountId: hex, publicKey: hex, ss58Address: uc.encodeAddress(pub, 42)}
}

/** Validate an ss58 address (any prefix, 32-byte account) and return it in prefix 42. */
/** `what` names the address in messages (may be an «option»); `field` is the option the error is about. */
export async function checkAddress(address: string, what = 'address', field?: string): Promise<string> {
  // the small SS58 codec (@noble/hashes), not @polkadot/util-crypto: reads that only check an address stay light
  const {ss58Decode, ss58Encode} = await import('../chain/light/hash.js')
  let pub: Uint8Array
  try {
    pub = ss58Decode(address.trim())
  } catch {
    throw new InputError(`${what} is not a valid ss58 address: ${JSON.stringify(address)}`, {code: 'BadAddress', field})
  }
  return ss58Encode(pub, 42)
}
