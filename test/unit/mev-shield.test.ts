/**
 * The MEV shield's encryption (src/chain/shield.ts) against the spec-381 metadata, with no chain: the scheme is
 * detected from metadata, the announced key decodes from the NextKey storage type, a signed add_stake built
 * against 381 round-trips through seal → open (the block author's side) to the same bytes, the commitment is
 * the inner extrinsic's blake2-256 hash, and the pieces agree with a second ML-KEM implementation (`mlkem`)
 * and with OpenSSL's ChaCha20-Poly1305 (XChaCha20 = HChaCha20 subkey + ChaCha20-Poly1305).
 */
import type {Call} from '@polkadot/types/interfaces'

import {Keyring} from '@polkadot/keyring'
import {compactToU8a} from '@polkadot/util'
import {cryptoWaitReady} from '@polkadot/util-crypto'
import {ml_kem768} from '@noble/post-quantum/ml-kem.js'
import {MlKem768} from 'mlkem'
import {createDecipheriv, randomBytes} from 'node:crypto'
import {beforeAll, describe, expect, it} from 'vitest'

import {addStakeCall} from '../../src/chain/calls/stake.js'
import {decideShield} from '../../src/stake/common.js'
import {submitEncryptedCall} from '../../src/chain/calls/mev.js'
import {
  ML_KEM_768_CIPHERTEXT_BYTES,
  ML_KEM_768_PUBLIC_KEY_BYTES,
  SHIELD_MORTAL_PERIOD,
  openWithShieldSecret,
  sealToShieldKey,
  shieldCommitment,
  shieldKeyFrom,
  shieldScheme,
} from '../../src/chain/shield.js'
import {tx381} from '../helpers/metadata.js'

const {query, registry, tx} = tx381()
const HOTKEY = '5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty'
const GENESIS = `0x${'11'.repeat(32)}`
const BLOCK = `0x${'22'.repeat(32)}`

/** A signed add_stake extrinsic (wire bytes, length-prefixed) as the 381 runtime decodes it. */
function signedAddStake(nonce: number) {
  const call = addStakeCall(tx, {amountRao: 5_000_000_000n, hotkey: HOTKEY, netuid: 3}) as Call
  const pair = new Keyring({type: 'sr25519'}).addFromUri('//Alice//shield-test')
  const ext = registry.createType('Extrinsic', call)
  ext.sign(pair, {
    blockHash: BLOCK,
    era: registry.createType('ExtrinsicEra', {current: 1000, period: SHIELD_MORTAL_PERIOD}),
    genesisHash: GENESIS,
    nonce,
    runtimeVersion: {specVersion: 381, transactionVersion: 1} as never,
    signedExtensions: registry.signedExtensions,
  })
  return {bytes: ext.toU8a(), ext, pair}
}

beforeAll(async () => {
  await cryptoWaitReady()
})

describe('MEV shield scheme on the 381 metadata', () => {
  it('is detected as the ML-KEM-768 NextKey scheme; without the pallet it is absent', () => {
    expect(shieldScheme({api: {query, tx}})).toBe('mlkem768-v1')
    const {mevShield: _t, ...txWithout} = tx as Record<string, unknown>
    expect(shieldScheme({api: {query, tx: txWithout}})).toBe('absent')
    // a later runtime's shape (a PendingKey storage beside NextKey) is not encrypted to
    expect(shieldScheme({api: {query: {...query, mevShield: {...query.mevShield, pendingKey: () => null}}, tx}})).toBe('unsupported')
  })

  it('the announced key decodes from MevShield.NextKey (Option<BoundedVec<u8, 2048>>), and an empty value is no key', () => {
    const entry = query.mevShield!.nextKey
    expect(entry.meta.modifier.isOptional).toBe(true)
    const type = `Option<${registry.createLookupType(entry.meta.type.asPlain)}>`
    const pk = ml_kem768.keygen().publicKey
    // the storage value as the node returns it: Some ‖ compact(1184) ‖ the key
    const raw = new Uint8Array([1, ...compactToU8a(pk.length), ...pk])
    expect(Buffer.from(shieldKeyFrom(registry.createType(type, raw))!)).toEqual(Buffer.from(pk))
    expect(shieldKeyFrom(registry.createType(type, new Uint8Array([0])))).toBeUndefined()
  })
})

describe('sealing a signed extrinsic to the shield key', () => {
  it('round-trips: the author decapsulates and decrypts to the same signed extrinsic, which decodes on 381', async () => {
    const {publicKey, secretKey} = ml_kem768.keygen()
    const {bytes, ext, pair} = signedAddStake(7)
    const blob = await sealToShieldKey(publicKey, bytes)
    // layout: u16 LE kem_len ‖ kem_ct ‖ nonce24 ‖ aead(plaintext) + 16-byte tag
    expect(blob[0] | (blob[1]! << 8)).toBe(ML_KEM_768_CIPHERTEXT_BYTES)
    expect(blob.length).toBe(2 + ML_KEM_768_CIPHERTEXT_BYTES + 24 + bytes.length + 16)
    const opened = await openWithShieldSecret(secretKey, blob)
    expect(Buffer.from(opened)).toEqual(Buffer.from(bytes))
    const decoded: any = registry.createType('Extrinsic', opened)
    expect(decoded.isSigned).toBe(true)
    expect(decoded.signer.toString()).toBe(pair.address)
    expect(decoded.nonce.toNumber()).toBe(7)
    expect(decoded.era.asMortalEra.period.toNumber()).toBe(SHIELD_MORTAL_PERIOD)
    expect(`${decoded.method.section}.${decoded.method.method}`).toBe('subtensorModule.addStake')
    // the commitment is blake2-256 of the wire bytes: the inner extrinsic's own hash
    expect(await shieldCommitment(bytes)).toBe(ext.hash.toHex())
  })

  it('a different key, or a flipped byte, does not open', async () => {
    const a = ml_kem768.keygen()
    const b = ml_kem768.keygen()
    const blob = await sealToShieldKey(a.publicKey, signedAddStake(1).bytes)
    await expect(openWithShieldSecret(b.secretKey, blob)).rejects.toThrow(/AEAD decrypt failed/)
    const bad = Uint8Array.from(blob)
    bad[bad.length - 1]! ^= 1
    await expect(openWithShieldSecret(a.secretKey, bad)).rejects.toThrow(/AEAD decrypt failed/)
  })

  it('refuses a key that is not ML-KEM-768', async () => {
    await expect(sealToShieldKey(new Uint8Array(800), new Uint8Array(3))).rejects.toThrow(/1184 bytes/)
    expect(ML_KEM_768_PUBLIC_KEY_BYTES).toBe(1184)
  })

  it('submit_encrypted carrying it encodes as the 381 runtime decodes it', async () => {
    const {publicKey} = ml_kem768.keygen()
    const {bytes} = signedAddStake(2)
    const ciphertext = await sealToShieldKey(publicKey, bytes)
    const commitment = await shieldCommitment(bytes)
    const call = submitEncryptedCall(tx, {ciphertext, commitment})
    const encoded: Uint8Array = (typeof call.method === 'string' ? call : call.method).toU8a()
    const decoded: any = registry.createType('Call', encoded)
    expect(`${decoded.section}.${decoded.method}`).toBe('mevShield.submitEncrypted')
    expect(decoded.args[0].toHex()).toBe(commitment)
    expect(Buffer.from(decoded.args[1].toU8a(true))).toEqual(Buffer.from(ciphertext))
    expect(ciphertext.length).toBeLessThanOrEqual(8192)
  })
})

describe('cross-checks with independent implementations', () => {
  it('ML-KEM-768: keys from one seed, and encapsulation with a fixed message, match the `mlkem` package', async () => {
    const other = new MlKem768()
    const seed = new Uint8Array(randomBytes(64))
    const ours = ml_kem768.keygen(seed)
    const [pk, sk] = await other.deriveKeyPair(seed)
    expect(Buffer.from(ours.publicKey)).toEqual(Buffer.from(pk))
    expect(Buffer.from(ours.secretKey)).toEqual(Buffer.from(sk))
    const m = new Uint8Array(randomBytes(32))
    const e1 = ml_kem768.encapsulate(pk, m)
    const [ct, ss] = await other.encap(pk, m)
    expect(Buffer.from(e1.cipherText)).toEqual(Buffer.from(ct))
    expect(Buffer.from(e1.sharedSecret)).toEqual(Buffer.from(ss))
  })

  it('the whole blob opens with `mlkem` decapsulation and OpenSSL ChaCha20-Poly1305 keyed by the raw shared secret (no KDF, empty AAD)', async () => {
    const other = new MlKem768()
    const [pk, sk] = await other.generateKeyPair()
    const plaintext = signedAddStake(3).bytes
    const blob = await sealToShieldKey(pk, plaintext)
    const kemLen = blob[0]! | (blob[1]! << 8)
    const ss = await other.decap(blob.subarray(2, 2 + kemLen), sk)
    const nonce = blob.subarray(2 + kemLen, 2 + kemLen + 24)
    const body = blob.subarray(2 + kemLen + 24)
    const {default: sodium} = await import('libsodium-wrappers-sumo')
    await sodium.ready
    // XChaCha20: subkey = HChaCha20(key, nonce[0..16]); ChaCha20-Poly1305 with nonce 0^4 ‖ nonce[16..24]
    const subkey = sodium.crypto_core_hchacha20(nonce.subarray(0, 16), ss, null)
    const d = createDecipheriv('chacha20-poly1305', subkey, Buffer.concat([Buffer.alloc(4), nonce.subarray(16)]), {authTagLength: 16})
    d.setAuthTag(body.subarray(body.length - 16))
    const out = Buffer.concat([d.update(body.subarray(0, body.length - 16)), d.final()])
    expect(out).toEqual(Buffer.from(plaintext))
  })
})

describe('whether a stake trade is shielded (decided from the metadata)', () => {
  const withShield = {api: {query, tx}} as never
  const {mevShield: _t, ...txWithout} = tx as Record<string, unknown>
  const without = {api: {query, tx: txWithout}} as never
  it('default: on where the runtime has the shield; in the clear, saying why, where it has none', () => {
    expect(decideShield(withShield, {})).toMatchObject({enabled: true, note: expect.stringMatching(/^on: .*ML-KEM-768.*era 8 blocks/)})
    expect(decideShield(without, {})).toEqual({enabled: false, note: 'absent on this runtime: submitted in the clear'})
  })
  it('--no-mev-shield is off on both; an explicit --mev-shield is refused where there is none', () => {
    expect(decideShield(withShield, {mevShield: false}).enabled).toBe(false)
    expect(decideShield(without, {mevShield: false}).note).toMatch(/^off \(--no-mev-shield\)/)
    expect(() => decideShield(without, {mevShield: true})).toThrow(/^this runtime has no MEV shield/)
    expect(decideShield(withShield, {mevShield: true}).enabled).toBe(true)
  })
  it('with --proxy or --multisig: the default goes in the clear and says so, an explicit request is refused', () => {
    const proxy = {delegate: 'x', real: 'y'} as never
    expect(decideShield(withShield, {proxy})).toMatchObject({enabled: false, note: expect.stringMatching(/not with --proxy/)})
    expect(() => decideShield(withShield, {mevShield: true, proxy})).toThrow(/cannot be combined with \W?proxy/)
    expect(() => decideShield(withShield, {mevShield: true, multisig: {} as never})).toThrow(/cannot be combined with \W?multisig/)
  })
})
