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

  it('with the same key, message and injected randomness, signatures equal @scure/sr25519 byte for byte', async () => {
    const hex = (b: Uint8Array) => Buffer.from(b).toString('hex')
    const fixed = (bytes: Uint8Array) => () => Uint8Array.from(bytes)
    const cases: [string, Uint8Array][] = [
      ['empty', new Uint8Array(0)],
      ['one byte', new Uint8Array([0])],
      ['a dendrite message', new TextEncoder().encode('1700000000123456789.5F3sa2TJAWMqDhXG6jhV4N8ko9SxwGy8TpaNS1repo5EYjQX.5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY.0b4f0f1c-7d5e-4d3a-9a61-2f6d8a5b3c21.a7ffc6f8bf1ed76651c14756a061d662f580ff4de43b49fa82d80a4b80f8434a')],
      ['exactly 32 bytes', new Uint8Array(32).fill(0xab)],
      ['long (100 KiB)', Uint8Array.from({length: 100 * 1024}, (_, i) => (i * 31 + 7) & 0xff)],
    ]
    const seeds = [new Uint8Array(32), new Uint8Array(32).fill(0xff), Uint8Array.from({length: 32}, (_, i) => i * 7 + 1)]
    const randoms = [new Uint8Array(32), new Uint8Array(32).fill(0x5a), Uint8Array.from({length: 32}, (_, i) => 255 - i)]
    const seen = new Set<string>()
    for (const seed of seeds) {
      const sk = scure.secretFromSeed(seed)
      const secret = fromScure(sk)
      // the same key reached through a keyring pair (@polkadot's ed25519-form secret) signs identically
      const viaPair = await secretOfPair(keyring().addFromPair(sr25519PairFromSeed(seed)))
      expect(hex(viaPair!.publicKey)).toBe(hex(secret.publicKey))
      for (const [, msg] of cases) {
        for (const rnd of randoms) {
          const theirs = scure.sign(sk, msg, (n?: number) => {
            expect(n).toBe(32)
            return Uint8Array.from(rnd)
          })
          const ours = impl.sign(secret, msg, fixed(rnd))
          expect(ours.length).toBe(64)
          expect(hex(ours)).toBe(hex(theirs))
          expect(hex(impl.sign(viaPair!, msg, fixed(rnd)))).toBe(hex(theirs))
          expect(scure.verify(msg, ours, secret.publicKey)).toBe(true)
          seen.add(hex(ours))
        }
      }
    }
    // every (key, message, randomness) gave its own signature: the randomness reaches the nonce
    expect(seen.size).toBe(seeds.length * cases.length * randoms.length)
    // and without injected bytes two signatures of one message differ (fresh randomness each time)
    const sk = scure.secretFromSeed(seeds[2]!)
    const secret = fromScure(sk)
    expect(hex(impl.sign(secret, cases[2]![1]))).not.toBe(hex(impl.sign(secret, cases[2]![1])))
  })

  it('fixed-randomness signatures match @scure for random keys, messages and randomness (property)', () => {
    fc.assert(
      fc.property(fc.uint8Array({maxLength: 32, minLength: 32}), fc.uint8Array({maxLength: 600, minLength: 0}), fc.uint8Array({maxLength: 32, minLength: 32}), (seed, msg, rnd) => {
        const sk = scure.secretFromSeed(seed)
        const secret = fromScure(sk)
        const ours = impl.sign(secret, msg, () => Uint8Array.from(rnd))
        expect(Buffer.from(ours).toString('hex')).toBe(Buffer.from(scure.sign(sk, msg, () => Uint8Array.from(rnd))).toString('hex'))
      }),
      {numRuns: 100},
    )
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

/** @scure's 64-byte secret (ed25519 form: scalar × 8 ‖ nonce) as the fast signer's canonical scalar and nonce. */
function fromScure(sk: Uint8Array): {key: Uint8Array; nonce: Uint8Array; publicKey: Uint8Array} {
  const L = 2n ** 252n + 27_742_317_777_372_353_535_851_937_790_883_648_493n
  let x = 0n
  for (let i = 31; i >= 0; i--) x = (x << 8n) | BigInt(sk[i]!)
  x = (x >> 3n) % L
  const key = new Uint8Array(32)
  for (let i = 0; i < 32; i++, x >>= 8n) key[i] = Number(x & 0xffn)
  return {key, nonce: sk.slice(32, 64), publicKey: scure.getPublicKey(sk)}
}

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
