import {bls12_381} from '@noble/curves/bls12-381'
import {randomBytes} from 'node:crypto'
import {readFileSync} from 'node:fs'
import path from 'node:path'
import {describe, expect, it} from 'vitest'

import {commitHash, commitPreimage, compactLength, makeSalt, toHex} from '../../../src/scoring/commit.js'
import {QUICKNET, decodeTlockPayload, encodeTlockPayload, parseCiphertext, roundAt, roundIdentity, tlockDecrypt, tlockEncrypt} from '../../../src/scoring/timelock.js'
import {SHARED} from '../../helpers/paths.js'

const rnd = (n: number) => new Uint8Array(randomBytes(n))
const REF = path.join(SHARED, 'reference', 'chain-218')
/** the real quicknet signature of round 1000, as recorded in the reference scripts (from subtensor's drand tests) */
const SIG1000 = /SIG1000 = '([0-9a-f]{96})'/.exec(readFileSync(path.join(REF, 'tlock-chain-encrypt-noble.mjs'), 'utf8'))![1]!

describe('commit hash (spec 218 commit_weights)', () => {
  it('reproduces the hash the chain accepted in the reference demo (step 5d)', () => {
    const out = readFileSync(path.join(REF, 'demo-218.out'), 'utf8')
    const preimage = /commit preimage \(SCALE\) = ([0-9a-f]+)/.exec(out)![1]!
    const hash = /commit hash \(blake2_256\) = (0x[0-9a-f]{64})/.exec(out)![1]!
    const hotkey = new Uint8Array(Buffer.from(preimage.slice(0, 64), 'hex'))
    const p = {hotkey, netuid: 2, salt: [1, 2, 3, 4, 5, 6, 7, 8], uids: [1, 0], values: [10000, 65535], versionKey: 0n}
    expect(toHex(commitPreimage(p)).slice(2)).toBe(preimage)
    expect(commitHash(p)).toBe(hash)
  })

  it('compact lengths and salts', () => {
    expect([...compactLength(0)]).toEqual([0])
    expect([...compactLength(63)]).toEqual([252])
    expect([...compactLength(64)]).toEqual([1, 1])
    expect([...compactLength(16383)]).toEqual([253, 255])
    expect([...compactLength(16384)]).toEqual([2, 0, 1, 0])
    expect(makeSalt(() => Uint8Array.from([1, 0, 255, 255]), 2)).toEqual([1, 65535])
    expect(makeSalt(rnd)).toHaveLength(8)
  })
})

describe('timelock (drand quicknet, subtensor TLECiphertext)', () => {
  it('the recorded round-1000 beacon is a valid quicknet signature for our round identity', () => {
    const msg = bls12_381.G1.hashToCurve(roundIdentity(1000), {DST: QUICKNET.dst})
    const sig = bls12_381.G1.ProjectivePoint.fromHex(SIG1000)
    const pk = bls12_381.G2.ProjectivePoint.fromHex(QUICKNET.publicKey)
    const lhs = bls12_381.pairing(sig, bls12_381.G2.ProjectivePoint.BASE)
    const rhs = bls12_381.pairing(bls12_381.G1.ProjectivePoint.fromAffine(msg.toAffine()), pk)
    expect(bls12_381.fields.Fp12.eql(lhs, rhs)).toBe(true)
  })

  it('a timelocked weights commit decrypts with the real round-1000 signature to the same payload', () => {
    const hotkey = rnd(32)
    const payload = encodeTlockPayload({hotkey, uids: [0, 1, 2], values: [65535, 1000, 7], versionKey: 12345n})
    // SCALE: 0x80 (len 32) ‖ hotkey ‖ vecs ‖ u64
    expect(payload[0]).toBe(0x80)
    const ct = tlockEncrypt(payload, 1000, rnd)
    const parsed = parseCiphertext(ct)
    expect(parsed.suite).toBe('AES_GCM_')
    expect(parsed.v).toHaveLength(32)
    expect(parsed.w).toHaveLength(32)
    expect(parsed.nonce).toHaveLength(12)
    expect(ct.length).toBeLessThanOrEqual(5000)
    const back = decodeTlockPayload(tlockDecrypt(ct, SIG1000))
    expect(back).toEqual({hotkey, uids: [0, 1, 2], values: [65535, 1000, 7], versionKey: 12345n})
  })

  it('does not decrypt with the signature of another round, and rejects tampering', () => {
    const ct = tlockEncrypt(new TextEncoder().encode('x'), 1001, rnd)
    expect(() => tlockDecrypt(ct, SIG1000)).toThrow(/consistency/)
    const ok = tlockEncrypt(new TextEncoder().encode('hello'), 1000, rnd)
    const bad = ok.slice()
    bad[bad.length - 20]! ^= 1
    expect(() => tlockDecrypt(bad, SIG1000)).toThrow()
    expect(() => parseCiphertext(ok.subarray(0, 100))).toThrow(/truncated/)
  })

  it('round arithmetic follows quicknet (3 s, genesis 1692803367)', () => {
    expect(roundAt(QUICKNET.genesisTime)).toBe(1)
    expect(roundAt(QUICKNET.genesisTime + 3 * 999)).toBe(1000)
  })
})
