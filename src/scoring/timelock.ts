/**
 * Timelock encryption for `commit_timelocked_weights`, in the exact format subtensor decrypts:
 * an arkworks-compressed `TLECiphertext<TinyBLS381>` (ideal-lab5 `tle` at the revision subtensor pins) for
 * drand quicknet (BLS12-381, signatures on G1, public key on G2, identity = sha256(u64_be(round))).
 *
 *   u     G2 point, 96 bytes compressed                     U = r·G2
 *   v     u64le len ‖ 32 bytes   sigma ⊕ sha256(arkworks LE bytes of e(H(id), P_pub·r))
 *   w     u64le len ‖ 32 bytes   key ⊕ sha256(sigma)
 *   body  u64le len ‖ (u64le len ‖ AES-256-GCM(ct ‖ tag)) ‖ (u64le len ‖ 12-byte nonce)
 *   suite u64le len ‖ "AES_GCM_"
 *   r = Fr::from_be_bytes_mod_order(sha256(sigma ‖ key))
 *
 * Pure apart from the injected randomness. `decrypt` re-implements the chain's side (including its
 * U = r·G2 consistency check) so tests can verify a commit with a real beacon signature.
 */
import {bls12_381} from '@noble/curves/bls12-381'
import {createCipheriv, createDecipheriv, createHash} from 'node:crypto'

import {compactLength, concat, encodeVecU16} from './commit.js'

export const QUICKNET = {
  chainHash: '52db9ba70e0cc0f6eaf7803dd07447a1f5477735fd3f661792ba94600c84e971',
  dst: 'BLS_SIG_BLS12381G1_XMD:SHA-256_SSWU_RO_NUL_',
  genesisTime: 1692803367,
  period: 3,
  publicKey:
    '83cf0f2896adee7eb8b5f01fcad3912212c437e0073e911fb90022d3e760183c8c4b450b6a0a6c3ac6a5776a2d1064510d1fec758c921cc22b0e17e63aaf4bcb5ed66304de9cf809bd274ca73bab4af5a6e9c76a4bc09e76eae8991ef5ece45a',
} as const

const sha256 = (...parts: Uint8Array[]) => {
  const h = createHash('sha256')
  for (const p of parts) h.update(p)
  return new Uint8Array(h.digest())
}

/** identity of a drand round: sha256 of the round as big-endian u64 */
export function roundIdentity(round: bigint | number): Uint8Array {
  const b = Buffer.alloc(8)
  b.writeBigUInt64BE(BigInt(round))
  return sha256(b)
}

/** The latest round published at or before `unixSeconds` (round n is published at genesis + (n−1)·period). */
export function roundAt(unixSeconds: number): number {
  return Math.floor((unixSeconds - QUICKNET.genesisTime) / QUICKNET.period) + 1
}

// arkworks CanonicalSerialize of an Fp12 = c0 ‖ c1 recursively down to Fp, each Fp as 48 little-endian bytes
type Fp2 = {c0: bigint; c1: bigint}
type Fp6 = {c0: Fp2; c1: Fp2; c2: Fp2}
type Fp12 = {c0: Fp6; c1: Fp6}
function fpLE(x: bigint): Uint8Array {
  const out = new Uint8Array(48)
  let v = x
  for (let i = 0; i < 48; i++) {
    out[i] = Number(v & 0xffn)
    v >>= 8n
  }
  return out
}
const fp2 = (e: Fp2) => concat([fpLE(e.c0), fpLE(e.c1)])
const fp6 = (e: Fp6) => concat([fp2(e.c0), fp2(e.c1), fp2(e.c2)])
const gtBytes = (e: Fp12) => concat([fp6(e.c0), fp6(e.c1)])

function lenPrefixed(b: Uint8Array): Uint8Array {
  const l = Buffer.alloc(8)
  l.writeBigUInt64LE(BigInt(b.length))
  return concat([l, b])
}

const xor = (a: Uint8Array, b: Uint8Array) => a.map((x, i) => x ^ b[i]!)
const beToBig = (b: Uint8Array) => BigInt('0x' + Buffer.from(b).toString('hex'))

/** Encrypt `plaintext` so it can be decrypted with the drand signature of `round`. */
export function tlockEncrypt(plaintext: Uint8Array, round: bigint | number, randomBytes: (n: number) => Uint8Array, publicKeyHex: string = QUICKNET.publicKey): Uint8Array {
  const G1 = bls12_381.G1.ProjectivePoint
  const G2 = bls12_381.G2.ProjectivePoint
  const qid = bls12_381.G1.hashToCurve(roundIdentity(round), {DST: QUICKNET.dst}) as unknown as InstanceType<typeof G1>
  const ppub = G2.fromHex(publicKeyHex)
  const key = randomBytes(32)
  const sigma = randomBytes(32)
  const r = beToBig(sha256(sigma, key)) % bls12_381.fields.Fr.ORDER
  const U = G2.BASE.multiply(r)
  const gid = bls12_381.pairing(G1.fromAffine(qid.toAffine()), ppub.multiply(r)) as unknown as Fp12
  const v = xor(sigma, sha256(gtBytes(gid)))
  const w = xor(key, sha256(sigma).subarray(0, 32))
  const nonce = randomBytes(12)
  const c = createCipheriv('aes-256-gcm', key, nonce)
  const aes = concat([new Uint8Array(c.update(plaintext)), new Uint8Array(c.final()), new Uint8Array(c.getAuthTag())])
  const body = concat([lenPrefixed(aes), lenPrefixed(nonce)])
  return concat([U.toRawBytes(true), lenPrefixed(v), lenPrefixed(w), lenPrefixed(body), lenPrefixed(new TextEncoder().encode('AES_GCM_'))])
}

interface Parsed {
  u: Uint8Array
  v: Uint8Array
  w: Uint8Array
  aes: Uint8Array
  nonce: Uint8Array
  suite: string
}

export function parseCiphertext(ct: Uint8Array): Parsed {
  let o = 0
  const rd = (buf: Uint8Array, n: number, at: {o: number}) => {
    if (at.o + n > buf.length) throw new RangeError('timelock ciphertext truncated')
    const s = buf.subarray(at.o, at.o + n)
    at.o += n
    return s
  }
  const rdVec = (buf: Uint8Array, at: {o: number}) => rd(buf, Number(Buffer.from(rd(buf, 8, at)).readBigUInt64LE()), at)
  const at = {o}
  const u = rd(ct, 96, at)
  const v = rdVec(ct, at)
  const w = rdVec(ct, at)
  const body = rdVec(ct, at)
  const suite = rdVec(ct, at)
  o = at.o
  if (o !== ct.length) throw new RangeError('trailing bytes after timelock ciphertext')
  const bt = {o: 0}
  const aes = rdVec(body, bt)
  const nonce = rdVec(body, bt)
  return {aes, nonce, suite: Buffer.from(suite).toString(), u, v, w}
}

/** Decrypt as the chain does, given the drand signature (48-byte G1, hex) of the commit's round. */
export function tlockDecrypt(ct: Uint8Array, signatureHex: string): Uint8Array {
  const c = parseCiphertext(ct)
  if (c.suite !== 'AES_GCM_') throw new RangeError(`unexpected cipher suite ${c.suite}`)
  const G2 = bls12_381.G2.ProjectivePoint
  const U = G2.fromHex(Buffer.from(c.u).toString('hex'))
  const S = bls12_381.G1.ProjectivePoint.fromHex(signatureHex)
  const gt = bls12_381.pairing(S, U) as unknown as Fp12
  const sigma = xor(c.v, sha256(gtBytes(gt)))
  const key = xor(c.w, sha256(sigma).subarray(0, 32))
  const r = beToBig(sha256(sigma, key)) % bls12_381.fields.Fr.ORDER
  if (!G2.BASE.multiply(r).equals(U)) throw new RangeError('timelock consistency check failed (wrong signature or corrupt ciphertext)')
  const tag = c.aes.subarray(c.aes.length - 16)
  const d = createDecipheriv('aes-256-gcm', key, c.nonce)
  d.setAuthTag(tag)
  return concat([new Uint8Array(d.update(c.aes.subarray(0, c.aes.length - 16))), new Uint8Array(d.final())])
}

/**
 * `WeightsTlockPayload { hotkey: Vec<u8>, uids: Vec<u16>, values: Vec<u16>, version_key: u64 }` (SCALE):
 * the hotkey is the SCALE encoding of the signer's AccountId32 (its 32 bytes) inside a `Vec<u8>`.
 */
export function encodeTlockPayload(p: {hotkey: Uint8Array; uids: readonly number[]; values: readonly number[]; versionKey: bigint | number}): Uint8Array {
  if (p.hotkey.length !== 32) throw new RangeError('hotkey public key must be 32 bytes')
  const vk = Buffer.alloc(8)
  vk.writeBigUInt64LE(BigInt(p.versionKey))
  return concat([compactLength(32), p.hotkey, encodeVecU16(p.uids), encodeVecU16(p.values), vk])
}

export function decodeTlockPayload(b: Uint8Array): {hotkey: Uint8Array; uids: number[]; values: number[]; versionKey: bigint} {
  let o = 0
  const compact = () => {
    const m = b[o]! & 3
    if (m === 0) return b[o++]! >> 2
    if (m === 1) {
      const v = (b[o]! | (b[o + 1]! << 8)) >> 2
      o += 2
      return v
    }
    if (m === 2) {
      const v = Buffer.from(b.subarray(o, o + 4)).readUInt32LE() >>> 2
      o += 4
      return v
    }
    throw new RangeError('length too large')
  }
  const hl = compact()
  const hotkey = b.slice(o, o + hl)
  o += hl
  const vec = () => {
    const n = compact()
    const out: number[] = []
    for (let i = 0; i < n; i++, o += 2) out.push(b[o]! | (b[o + 1]! << 8))
    return out
  }
  const uids = vec()
  const values = vec()
  const versionKey = Buffer.from(b.subarray(o, o + 8)).readBigUInt64LE()
  o += 8
  if (o !== b.length) throw new RangeError('trailing bytes after payload')
  return {hotkey, uids, values, versionKey}
}
