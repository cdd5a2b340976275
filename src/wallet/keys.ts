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
    throw new InputError(`${what}: derived address ${pair.address} does not match the stored ss58Address ${json.ss58Address}`, {code: 'BadKeyfile'})
  }
  return pair
}
