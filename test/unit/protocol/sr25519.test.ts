/**
 * The fast sr25519 (libsodium ristretto255 + Merlin) against two independent implementations:
 * @polkadot/wasm-crypto (Rust schnorrkel) and @scure/sr25519 (pure JS). Signatures go both ways; every tamper
 * is refused by all three; malformed input never throws.
 */
import {Keyring} from '@polkadot/keyring'
import {cryptoWaitReady, sr25519PairFromSeed, sr25519Sign, sr25519Verify} from '@polkadot/util-crypto'
import * as scure from '@scure/sr25519'
import fc from 'fast-check'
import {beforeAll, describe, expect, it} from 'vitest'

import {type Sr25519, messageSigner, secretOfPair, sr25519} from '../../../src/protocol/sr25519.js'

let impl: Sr25519

beforeAll(async () => {
  await cryptoWaitReady()
  impl = await sr25519()
})

const keyring = () => new Keyring({ss58Format: 42, type: 'sr25519'})

describe('fast sr25519', () => {
  it('signatures by the fast signer verify with schnorrkel (wasm) and @scure; schnorrkel signatures verify here', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({maxLength: 300, minLength: 0}), fc.uint8Array({maxLength: 32, minLength: 32}), async (msg, seed) => {
        const pair = keyring().addFromPair(sr25519PairFromSeed(seed))
        const signer = await messageSigner(pair)
        const sig = signer.sign(msg)
        expect(sig.length).toBe(64)
        expect(sig[63]! & 0x80).toBe(0x80)
        expect(sr25519Verify(msg, sig, pair.publicKey)).toBe(true)
        expect(scure.verify(msg, sig, pair.publicKey)).toBe(true)
        expect(impl.verify(msg, sig, pair.publicKey)).toBe(true)
        const theirs = sr25519Sign(msg, {publicKey: pair.publicKey, secretKey: pairSecret(seed)})
        expect(impl.verify(msg, theirs, pair.publicKey)).toBe(true)
      }),
      {numRuns: 40},
    )
  })

  it('any flipped bit in message, signature or key is refused (as schnorrkel refuses it)', () => {
    const pair = keyring().addFromUri('//Alice//miner-sr')
    const msg = new TextEncoder().encode('1700000000123456789.a.b.c.d')
    const sig = pair.sign(msg)
    fc.assert(
      fc.property(fc.integer({max: 64 + 32 + msg.length - 1, min: 0}), fc.integer({max: 7, min: 0}), (pos, bit) => {
        const m = Uint8Array.from(msg)
        const s = Uint8Array.from(sig)
        const k = Uint8Array.from(pair.publicKey)
        if (pos < 64) s[pos]! ^= 1 << bit
        else if (pos < 96) k[pos - 64]! ^= 1 << bit
        else m[pos - 96]! ^= 1 << bit
        const theirs = safe(() => sr25519Verify(m, s, k))
        expect(impl.verify(m, s, k)).toBe(theirs)
        expect(theirs).toBe(false)
      }),
      {numRuns: 300},
    )
  })

  it('malformed input is false, never an exception (where @scure throws)', () => {
    const pair = keyring().addFromUri('//Bob')
    const msg = new Uint8Array([1, 2, 3])
    const sig = pair.sign(msg)
    const noMarker = Uint8Array.from(sig)
    noMarker[63]! &= 0x7f
    expect(impl.verify(msg, noMarker, pair.publicKey)).toBe(false)
    expect(() => scure.verify(msg, noMarker, pair.publicKey)).toThrow()
    // s not canonical (≥ ℓ)
    const bigS = Uint8Array.from(sig)
    bigS.fill(0xff, 32, 63)
    bigS[63] = 0xff
    expect(impl.verify(msg, bigS, pair.publicKey)).toBe(false)
    expect(impl.verify(msg, sig.subarray(0, 63), pair.publicKey)).toBe(false)
    expect(impl.verify(msg, sig, new Uint8Array(31))).toBe(false)
    expect(impl.verify(msg, sig, new Uint8Array(32).fill(0xff))).toBe(false)
    expect(impl.verify(msg, new Uint8Array(64).fill(0x80), pair.publicKey)).toBe(false)
    // identity public key and zero signature: refused
    const zeroSig = new Uint8Array(64)
    zeroSig[63] = 0x80
    expect(impl.verify(msg, zeroSig, new Uint8Array(32))).toBe(false)
  })

  it('extracts the schnorrkel secret of a keyring pair (public key re-derived matches)', async () => {
    const pair = keyring().addFromUri('//Alice')
    const secret = await secretOfPair(pair)
    expect(secret).toBeDefined()
    expect(Buffer.from(impl.publicKeyOf(secret!.key)).equals(Buffer.from(pair.publicKey))).toBe(true)
    // a locked (public-only) pair falls back to the pair's own signer, which then refuses to sign
    const pub = keyring().addFromAddress(pair.address)
    expect(await secretOfPair(pub)).toBeUndefined()
  })

  it('is much faster than the wasm signer (the fan-out budget depends on it)', async () => {
    const pair = keyring().addFromUri('//Charlie')
    const signer = await messageSigner(pair)
    const msg = new TextEncoder().encode('x'.repeat(200))
    const time = (fn: () => void, n: number) => {
      const t = performance.now()
      for (let i = 0; i < n; i++) fn()
      return (performance.now() - t) / n
    }
    time(() => signer.sign(msg), 20)
    const fast = time(() => signer.sign(msg), 200)
    const slow = time(() => pair.sign(msg), 50)
    const sig = signer.sign(msg)
    const verify = time(() => impl.verify(msg, sig, pair.publicKey), 200)
    expect(fast).toBeLessThan(slow)
    expect(verify).toBeLessThan(2)
  })
})

function pairSecret(seed: Uint8Array): Uint8Array {
  return sr25519PairFromSeed(seed).secretKey
}

function safe(fn: () => boolean): boolean {
  try {
    return fn()
  } catch {
    return false
  }
}
