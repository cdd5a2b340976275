/**
 * Fast sr25519 (schnorrkel) signing and verification for the dendrite hot path and the axon.
 *
 * Why not @polkadot/wasm-crypto: on this class of machine it costs ~0.9 ms per signature and ~2 ms per
 * verification, which is most of a 256-axon fan-out's budget. This module does the same arithmetic with
 * libsodium's ristretto255 (wasm, ~0.05 ms per base multiplication) and a Merlin transcript over
 * keccak-f[1600] (./keccak.ts). The scheme is schnorrkel's, signing context `substrate`, message bytes raw:
 *
 *   t = Transcript("SigningContext"); t.append("", "substrate"); t.append("sign-bytes", msg)
 *   t.append("proto-name", "Schnorr-sig"); t.append("sign:pk", A)
 *   r = witness scalar (transcript rng keyed with the key's nonce and 32 random bytes); R = r·B
 *   t.append("sign:R", R); k = challenge scalar "sign:c" (64 bytes, reduced); s = k·a + r
 *   signature = R ‖ s, with the top bit of byte 63 set (schnorrkel's marker)
 *
 * Verification recomputes k and checks R == s·B − k·A (canonical encodings compared). Every result is
 * cross-checked against @polkadot/wasm-crypto and @scure/sr25519 in test/unit/miner/sr25519.test.ts.
 * Verification never throws: malformed keys or signatures are simply false.
 */
import type {KeyringPair} from '@polkadot/keyring/types'

import {randomFillSync} from 'node:crypto'
import {endianness} from 'node:os'

type Sodium = typeof import('libsodium-wrappers-sumo')['default']
type KeccakP = (s: Uint32Array, rounds?: number) => void

const enc = new TextEncoder()

// 32 fresh random bytes per signature, cut from a pool refilled 8 KiB at a time (each byte used once)
const pool = new Uint8Array(8192)
let poolPos = pool.length
function random32(): Uint8Array {
  if (poolPos + 32 > pool.length) {
    randomFillSync(pool)
    poolPos = 0
  }
  const out = pool.slice(poolPos, poolPos + 32)
  pool.fill(0, poolPos, poolPos + 32)
  poolPos += 32
  return out
}
const bytes = (s: string) => enc.encode(s)

// ---- Strobe-128 / Merlin (merlin crate 3.x, byte for byte) -------------------------------------

const STROBE_R = 166
const FLAG_I = 1
const FLAG_A = 2
const FLAG_C = 4
const FLAG_M = 16
const FLAG_K = 32

class Strobe128 {
  readonly st: Uint8Array
  readonly st32: Uint32Array
  pos = 0
  posBegin = 0
  curFlags = 0

  constructor(
    private readonly keccak: KeccakP,
    from?: Strobe128,
  ) {
    const buf = new ArrayBuffer(200)
    this.st = new Uint8Array(buf)
    this.st32 = new Uint32Array(buf)
    if (from) {
      this.st.set(from.st)
      this.pos = from.pos
      this.posBegin = from.posBegin
      this.curFlags = from.curFlags
    }
  }

  static create(keccak: KeccakP, protocolLabel: Uint8Array): Strobe128 {
    const s = new Strobe128(keccak)
    s.st.set([1, STROBE_R + 2, 1, 0, 1, 96], 0)
    s.st.set(bytes('STROBEv1.0.2'), 6)
    keccak(s.st32)
    s.metaAd(protocolLabel, false)
    return s
  }

  clone(): Strobe128 {
    return new Strobe128(this.keccak, this)
  }

  private runF(): void {
    this.st[this.pos]! ^= this.posBegin
    this.st[this.pos + 1]! ^= 0x04
    this.st[STROBE_R + 1]! ^= 0x80
    this.keccak(this.st32)
    this.pos = 0
    this.posBegin = 0
  }

  // the byte loops below are plain indexed loops over one stretch of the rate at a time (no iterator, no
  // allocation): a new process signs its first fan-out's 256 requests before V8 has optimized any of this
  private absorb(data: Uint8Array): void {
    const st = this.st
    const n = data.length
    let i = 0
    while (i < n) {
      const pos = this.pos
      const take = Math.min(n - i, STROBE_R - pos)
      for (let j = 0; j < take; j++) st[pos + j]! ^= data[i + j]!
      i += take
      this.pos = pos + take
      if (this.pos === STROBE_R) this.runF()
    }
  }

  private absorbByte(b: number): void {
    this.st[this.pos]! ^= b
    if (++this.pos === STROBE_R) this.runF()
  }

  private overwrite(data: Uint8Array): void {
    const n = data.length
    let i = 0
    while (i < n) {
      const take = Math.min(n - i, STROBE_R - this.pos)
      this.st.set(data.subarray(i, i + take), this.pos)
      i += take
      this.pos += take
      if (this.pos === STROBE_R) this.runF()
    }
  }

  private squeeze(out: Uint8Array): void {
    const n = out.length
    let i = 0
    while (i < n) {
      const pos = this.pos
      const take = Math.min(n - i, STROBE_R - pos)
      out.set(this.st.subarray(pos, pos + take), i)
      this.st.fill(0, pos, pos + take)
      i += take
      this.pos = pos + take
      if (this.pos === STROBE_R) this.runF()
    }
  }

  private beginOp(flags: number, more: boolean): void {
    if (more) {
      if (this.curFlags !== flags) throw new Error('strobe: continued op with different flags')
      return
    }
    const oldBegin = this.posBegin
    this.posBegin = this.pos + 1
    this.curFlags = flags
    this.absorbByte(oldBegin)
    this.absorbByte(flags)
    if ((flags & (FLAG_C | FLAG_K)) !== 0 && this.pos !== 0) this.runF()
  }

  /** meta-AD of a 32-bit little-endian length (merlin's encoding of sizes), without making a buffer for it */
  metaAdU32(n: number, more: boolean): void {
    this.beginOp(FLAG_M | FLAG_A, more)
    this.absorbByte(n & 0xff)
    this.absorbByte((n >>> 8) & 0xff)
    this.absorbByte((n >>> 16) & 0xff)
    this.absorbByte((n >>> 24) & 0xff)
  }

  metaAd(data: Uint8Array, more: boolean): void {
    this.beginOp(FLAG_M | FLAG_A, more)
    this.absorb(data)
  }

  ad(data: Uint8Array, more: boolean): void {
    this.beginOp(FLAG_A, more)
    this.absorb(data)
  }

  prf(out: Uint8Array, more: boolean): void {
    this.beginOp(FLAG_I | FLAG_A | FLAG_C, more)
    this.squeeze(out)
  }

  key(data: Uint8Array, more: boolean): void {
    this.beginOp(FLAG_A | FLAG_C, more)
    this.overwrite(data)
  }
}

const RNG_LABEL = bytes('rng')

class Transcript {
  constructor(public strobe: Strobe128) {}

  static create(keccak: KeccakP, label: Uint8Array): Transcript {
    const t = new Transcript(Strobe128.create(keccak, bytes('Merlin v1.0')))
    t.append(bytes('dom-sep'), label)
    return t
  }

  clone(): Transcript {
    return new Transcript(this.strobe.clone())
  }

  append(label: Uint8Array, message: Uint8Array): void {
    this.strobe.metaAd(label, false)
    this.strobe.metaAdU32(message.length, true)
    this.strobe.ad(message, false)
  }

  challenge(label: Uint8Array, n: number): Uint8Array {
    const out = new Uint8Array(n)
    this.strobe.metaAd(label, false)
    this.strobe.metaAdU32(n, true)
    this.strobe.prf(out, false)
    return out
  }

  /** merlin's TranscriptRng: rekey with witness bytes, then with 32 random bytes, then squeeze. */
  witness(label: Uint8Array, witness: Uint8Array, n: number, random: () => Uint8Array = random32): Uint8Array {
    const s = this.strobe.clone()
    s.metaAd(label, false)
    s.metaAdU32(witness.length, true)
    s.key(witness, false)
    s.metaAd(RNG_LABEL, false)
    const rnd = random()
    if (rnd.length !== 32) throw new Error('the witness randomness must be 32 bytes')
    s.key(rnd, false)
    const out = new Uint8Array(n)
    s.metaAdU32(n, false)
    s.prf(out, false)
    return out
  }
}

// ---- the scheme --------------------------------------------------------------------------------

/** ℓ, the ristretto255 group order, little-endian. */
const L_LE = Uint8Array.from(Buffer.from('edd3f55c1a631258d69cf7a2def9de1400000000000000000000000000000010', 'hex'))

function isCanonicalScalar(s: Uint8Array): boolean {
  for (let i = 31; i >= 0; i--) {
    if (s[i]! < L_LE[i]!) return true
    if (s[i]! > L_LE[i]!) return false
  }
  return false
}

const leBig = (b: Uint8Array) => {
  let x = 0n
  for (let i = b.length - 1; i >= 0; i--) x = (x << 8n) | BigInt(b[i]!)
  return x
}

export interface Sr25519 {
  /**
   * sign `message` (raw bytes) with a schnorrkel secret (scalar `key`, 32-byte `nonce`) and its public key.
   * `random` replaces the 32 fresh random bytes of the witness (tests only: byte-for-byte comparisons with another
   * implementation given the same bytes; a fixed value in real use would leak the key across signatures).
   */
  sign(secret: SecretKey, message: Uint8Array, random?: () => Uint8Array): Uint8Array
  /** true when `signature` (64 bytes) is valid for `message` under `publicKey` (32 bytes); never throws */
  verify(message: Uint8Array, signature: Uint8Array, publicKey: Uint8Array): boolean
  /** the ristretto public key of a secret scalar */
  publicKeyOf(key: Uint8Array): Uint8Array
}

export interface SecretKey {
  /** canonical scalar, 32 bytes little-endian */
  key: Uint8Array
  nonce: Uint8Array
  publicKey: Uint8Array
}

let instance: Promise<Sr25519> | undefined

/** The fast implementation (loads libsodium's wasm on first use, ~20 ms). */
export function sr25519(): Promise<Sr25519> {
  instance ??= (async () => {
    if (endianness() !== 'LE') throw new Error('sr25519 fast path needs a little-endian host')
    const [{default: sodium}, {keccakF1600, keccakF1600Wasm}] = await Promise.all([import('libsodium-wrappers-sumo'), import('./keccak.js')])
    await sodium.ready
    return build(sodium, keccakF1600Wasm() ?? keccakF1600)
  })()
  return instance
}

function build(sodium: Sodium, keccak: KeccakP): Sr25519 {
  const base = Transcript.create(keccak, bytes('SigningContext'))
  base.append(new Uint8Array(0), bytes('substrate'))
  const SIGN_BYTES = bytes('sign-bytes')
  const PROTO = bytes('proto-name')
  const SCHNORR = bytes('Schnorr-sig')
  const PK = bytes('sign:pk')
  const R_LABEL = bytes('sign:R')
  const C_LABEL = bytes('sign:c')
  const W_LABEL = bytes('signing')

  const reduce64 = (b: Uint8Array) => sodium.crypto_core_ristretto255_scalar_reduce(b)

  const transcriptFor = (message: Uint8Array, publicKey: Uint8Array) => {
    const t = base.clone()
    t.append(SIGN_BYTES, message)
    t.append(PROTO, SCHNORR)
    t.append(PK, publicKey)
    return t
  }

  /** s·B − k·A, encoded; null when a component is the identity (handled by the slow path). */
  const combination = (s: Uint8Array, k: Uint8Array, A: Uint8Array): Uint8Array | null => {
    try {
      const sB = sodium.crypto_scalarmult_ristretto255_base(s)
      const kA = sodium.crypto_scalarmult_ristretto255(k, A)
      return sodium.crypto_core_ristretto255_sub(sB, kA)
    } catch {
      return null
    }
  }


  // an axon sees the same few dendrite keys over and over: remember which encodings are valid points
  const valid = new Map<string, boolean>()
  const validKey = (publicKey: Uint8Array): boolean => {
    const hexKey = Buffer.from(publicKey).toString('hex')
    let ok = valid.get(hexKey)
    if (ok === undefined) {
      ok = sodium.crypto_core_ristretto255_is_valid_point(publicKey)
      if (valid.size >= 4096) valid.clear()
      valid.set(hexKey, ok)
    }
    return ok
  }

  const verify = (message: Uint8Array, signature: Uint8Array, publicKey: Uint8Array): boolean => {
    try {
      if (signature.length !== 64 || publicKey.length !== 32) return false
      if ((signature[63]! & 0x80) === 0) return false // schnorrkel marker missing
      if (!validKey(publicKey)) return false
      const R = signature.subarray(0, 32)
      const s = Uint8Array.from(signature.subarray(32, 64))
      s[31]! &= 0x7f
      if (!isCanonicalScalar(s)) return false
      const t = transcriptFor(message, publicKey)
      t.append(R_LABEL, R)
      const k = reduce64(t.challenge(C_LABEL, 64))
      const got = combination(s, k, publicKey)
      if (got === null) return verifyEdge(s, k, publicKey, R)
      return Buffer.from(got).equals(Buffer.from(R))
    } catch {
      return false
    }
  }

  /**
   * s·B or k·A is the identity (s = 0 or k = 0: never for honest signatures). Decide with plain bigint
   * arithmetic on the identity cases libsodium refuses to encode.
   */
  const verifyEdge = (s: Uint8Array, k: Uint8Array, A: Uint8Array, R: Uint8Array): boolean => {
    const zero = (b: Uint8Array) => b.every((x) => x === 0)
    const identity = new Uint8Array(32)
    try {
      if (zero(s) && zero(k)) return Buffer.from(R).equals(Buffer.from(identity))
      if (zero(k)) return Buffer.from(sodium.crypto_scalarmult_ristretto255_base(s)).equals(Buffer.from(R))
      if (zero(s)) {
        const kA = sodium.crypto_scalarmult_ristretto255(sodium.crypto_core_ristretto255_scalar_negate(k), A)
        return Buffer.from(kA).equals(Buffer.from(R))
      }
      // s·B == k·A: the result is the identity
      return Buffer.from(R).equals(Buffer.from(identity)) && Buffer.from(sodium.crypto_scalarmult_ristretto255_base(s)).equals(Buffer.from(sodium.crypto_scalarmult_ristretto255(k, A)))
    } catch {
      return false
    }
  }

  const sign = (secret: SecretKey, message: Uint8Array, random?: () => Uint8Array): Uint8Array => {
    const t = transcriptFor(message, secret.publicKey)
    let r: Uint8Array
    let R: Uint8Array
    for (;;) {
      r = reduce64(t.witness(W_LABEL, secret.nonce, 64, random))
      try {
        R = sodium.crypto_scalarmult_ristretto255_base(r)
        break
      } catch {
        // r = 0 (probability 2^-252): draw again
      }
    }
    t.append(R_LABEL, R)
    const k = reduce64(t.challenge(C_LABEL, 64))
    const s = sodium.crypto_core_ristretto255_scalar_add(sodium.crypto_core_ristretto255_scalar_mul(k, secret.key), r)
    const sig = new Uint8Array(64)
    sig.set(R, 0)
    sig.set(s, 32)
    sig[63]! |= 0x80
    return sig
  }

  const publicKeyOf = (key: Uint8Array) => sodium.crypto_scalarmult_ristretto255_base(key)

  return {publicKeyOf, sign, verify}
}

// ---- keys --------------------------------------------------------------------------------------

const PKCS8_HEADER = [48, 83, 2, 1, 1, 48, 5, 6, 3, 43, 101, 112, 4, 34, 4, 32]
const PKCS8_DIVIDER = [161, 35, 3, 33, 0]

/**
 * The schnorrkel secret of a @polkadot KeyringPair (sr25519), or undefined when it cannot be had
 * (locked pair, other key type). @polkadot keeps the ed25519-form secret (scalar × 8 ‖ nonce).
 */
export async function secretOfPair(pair: KeyringPair): Promise<SecretKey | undefined> {
  if (pair.type !== 'sr25519') return undefined
  let pkcs8: Uint8Array
  try {
    pkcs8 = pair.encodePkcs8()
  } catch {
    return undefined
  }
  if (pkcs8.length !== 16 + 64 + 5 + 32) return undefined
  if (!PKCS8_HEADER.every((b, i) => pkcs8[i] === b) || !PKCS8_DIVIDER.every((b, i) => pkcs8[80 + i] === b)) return undefined
  const ed = pkcs8.subarray(16, 80)
  const scalar = leBig(ed.subarray(0, 32)) >> 3n
  const wide = new Uint8Array(64)
  let x = scalar
  for (let i = 0; i < 32; i++) {
    wide[i] = Number(x & 0xffn)
    x >>= 8n
  }
  const impl = await sr25519()
  const {default: sodium} = await import('libsodium-wrappers-sumo')
  const key = sodium.crypto_core_ristretto255_scalar_reduce(wide)
  const secret: SecretKey = {key, nonce: Uint8Array.from(ed.subarray(32, 64)), publicKey: Uint8Array.from(pair.publicKey)}
  // the derived public key must be the pair's: otherwise fall back to the pair's own signer
  if (!Buffer.from(impl.publicKeyOf(key)).equals(Buffer.from(pair.publicKey))) return undefined
  return secret
}

/** A hotkey that signs dendrite messages. */
export interface MessageSigner {
  address: string
  publicKey: Uint8Array
  /** sign the UTF-8 message; returns 64 signature bytes */
  sign(message: Uint8Array): Uint8Array
}

/** Wrap a KeyringPair in the fast signer, falling back to the pair's own (slower) sr25519 signer. */
export async function messageSigner(pair: KeyringPair): Promise<MessageSigner> {
  const secret = await secretOfPair(pair).catch(() => undefined)
  if (secret) {
    const impl = await sr25519()
    return {address: pair.address, publicKey: secret.publicKey, sign: (m) => impl.sign(secret, m)}
  }
  return {address: pair.address, publicKey: pair.publicKey, sign: (m) => pair.sign(m)}
}
