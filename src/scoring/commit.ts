/**
 * Commit-reveal helpers (spec 218 and the main mechanism of newer runtimes): the commit hash is
 * blake2b-256 of the SCALE encoding of `(AccountId32 hotkey, u16 netuid, Vec<u16> uids, Vec<u16> values,
 * Vec<u16> salt, u64 version_key)`. Pure: the salt's randomness is injected.
 */
import {blake2b} from '@noble/hashes/blake2b'

/** SCALE compact length prefix (lengths below 2^30). */
export function compactLength(n: number): Uint8Array {
  if (!Number.isInteger(n) || n < 0 || n >= 2 ** 30) throw new RangeError(`length out of range: ${n}`)
  if (n < 64) return Uint8Array.of(n << 2)
  if (n < 2 ** 14) {
    const v = (n << 2) | 1
    return Uint8Array.of(v & 0xff, v >> 8)
  }
  const v = n * 4 + 2
  return Uint8Array.of(v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, (v >>> 24) & 0xff)
}

function u16le(x: number): Uint8Array {
  if (!Number.isInteger(x) || x < 0 || x > 0xffff) throw new RangeError(`not a u16: ${x}`)
  return Uint8Array.of(x & 0xff, x >> 8)
}

function u64le(x: bigint | number): Uint8Array {
  let v = BigInt(x)
  if (v < 0n || v >= 1n << 64n) throw new RangeError(`not a u64: ${x}`)
  const out = new Uint8Array(8)
  for (let i = 0; i < 8; i++) {
    out[i] = Number(v & 0xffn)
    v >>= 8n
  }
  return out
}

/** SCALE `Vec<u16>`. */
export function encodeVecU16(xs: readonly number[]): Uint8Array {
  return concat([compactLength(xs.length), ...xs.map(u16le)])
}

export function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((a, p) => a + p.length, 0))
  let o = 0
  for (const p of parts) {
    out.set(p, o)
    o += p.length
  }
  return out
}

export const toHex = (b: Uint8Array) => '0x' + Buffer.from(b).toString('hex')

export interface CommitPreimage {
  /** 32-byte public key of the hotkey that signs commit and reveal */
  hotkey: Uint8Array
  netuid: number
  uids: readonly number[]
  values: readonly number[]
  salt: readonly number[]
  versionKey: bigint | number
}

export function commitPreimage(p: CommitPreimage): Uint8Array {
  if (p.hotkey.length !== 32) throw new RangeError('hotkey public key must be 32 bytes')
  return concat([p.hotkey, u16le(p.netuid), encodeVecU16(p.uids), encodeVecU16(p.values), encodeVecU16(p.salt), u64le(p.versionKey)])
}

/** The H256 the chain stores in `WeightCommits` and recomputes on reveal. */
export function commitHash(p: CommitPreimage): string {
  return toHex(blake2b(commitPreimage(p), {dkLen: 32}))
}

/** A salt of `length` random u16 (bittensor uses 8), from an injected byte source. */
export function makeSalt(randomBytes: (n: number) => Uint8Array, length = 8): number[] {
  const b = randomBytes(length * 2)
  return Array.from({length}, (_, i) => b[2 * i]! | (b[2 * i + 1]! << 8))
}
