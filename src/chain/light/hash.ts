/**
 * The hashes the light path needs, on @noble/hashes: storage-key hashers (twox = xxHash64, written out here; blake2),
 * the block hash of a JSON-RPC header, and SS58 addresses.
 */
import {blake2b} from '@noble/hashes/blake2b'
import {createHash, getHashes} from 'node:crypto'

const M = (1n << 64n) - 1n
const P1 = 11_400_714_785_074_694_791n
const P2 = 14_029_467_366_897_019_727n
const P3 = 1_609_587_929_392_839_161n
const P4 = 9_650_029_242_287_828_579n
const P5 = 2_870_177_450_012_600_261n
const rotl = (x: bigint, r: bigint) => ((x << r) | (x >> (64n - r))) & M
const round = (acc: bigint, input: bigint) => (rotl((acc + input * P2) & M, 31n) * P1) & M
const merge = (acc: bigint, val: bigint) => (((acc ^ round(0n, val)) * P1) & M) + P4 & M

function u64le(d: Uint8Array, p: number): bigint {
  let v = 0n
  for (let i = 7; i >= 0; i--) v = (v << 8n) | BigInt(d[p + i]!)
  return v
}

/** xxHash64 of `data` with `seed`. */
export function xxhash64(data: Uint8Array, seed: bigint): bigint {
  const len = data.length
  let p = 0
  let h: bigint
  if (len >= 32) {
    let v1 = (seed + P1 + P2) & M
    let v2 = (seed + P2) & M
    let v3 = seed
    let v4 = (seed - P1) & M
    while (p <= len - 32) {
      v1 = round(v1, u64le(data, p))
      v2 = round(v2, u64le(data, p + 8))
      v3 = round(v3, u64le(data, p + 16))
      v4 = round(v4, u64le(data, p + 24))
      p += 32
    }
    h = (rotl(v1, 1n) + rotl(v2, 7n) + rotl(v3, 12n) + rotl(v4, 18n)) & M
    h = merge(h, v1)
    h = merge(h, v2)
    h = merge(h, v3)
    h = merge(h, v4)
  } else h = (seed + P5) & M
  h = (h + BigInt(len)) & M
  while (p + 8 <= len) {
    h ^= round(0n, u64le(data, p))
    h = ((rotl(h, 27n) * P1) & M) + P4 & M
    p += 8
  }
  if (p + 4 <= len) {
    const k = BigInt(data[p]!) | (BigInt(data[p + 1]!) << 8n) | (BigInt(data[p + 2]!) << 16n) | (BigInt(data[p + 3]!) << 24n)
    h ^= (k * P1) & M
    h = ((rotl(h, 23n) * P2) & M) + P3 & M
    p += 4
  }
  while (p < len) {
    h ^= (BigInt(data[p]!) * P5) & M
    h = (rotl(h, 11n) * P1) & M
    p++
  }
  h ^= h >> 33n
  h = (h * P2) & M
  h ^= h >> 29n
  h = (h * P3) & M
  h ^= h >> 32n
  return h
}

function le64(v: bigint): Uint8Array {
  const out = new Uint8Array(8)
  for (let i = 0; i < 8; i++) out[i] = Number((v >> BigInt(8 * i)) & 0xffn)
  return out
}

/** Twox with `bits` output (64, 128, 256): xxHash64 with seeds 0, 1, … little-endian, concatenated. */
export function twox(data: Uint8Array, bits: 64 | 128 | 256): Uint8Array {
  const out = new Uint8Array(bits / 8)
  for (let i = 0; i < bits / 64; i++) out.set(le64(xxhash64(data, BigInt(i))), i * 8)
  return out
}

// BLAKE2b-512 (the SS58 checksum's hash) through Node's OpenSSL where it has it: a 256-neuron metagraph encodes 512
// addresses, and the native digest is several times faster than the JavaScript one there. Other lengths are other
// hashes (BLAKE2b's parameter block holds the length), so they stay on @noble/hashes.
const NATIVE_BLAKE2B_512 = getHashes().includes('blake2b512')

export const blake2 = (data: Uint8Array, bytes: 16 | 32 | 64): Uint8Array =>
  bytes === 64 && NATIVE_BLAKE2B_512 ? new Uint8Array(createHash('blake2b512').update(data).digest()) : blake2b(data, {dkLen: bytes})

export const toHex = (b: Uint8Array): string => '0x' + Buffer.from(b).toString('hex')
export const fromHex = (h: string): Uint8Array => new Uint8Array(Buffer.from(h.startsWith('0x') ? h.slice(2) : h, 'hex'))

export function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0))
  let o = 0
  for (const p of parts) {
    out.set(p, o)
    o += p.length
  }
  return out
}

/** SCALE compact encoding of a non-negative integer. */
export function compactBytes(n: number | bigint): Uint8Array {
  const v = BigInt(n)
  if (v < 1n << 6n) return Uint8Array.of(Number(v << 2n))
  if (v < 1n << 14n) return le(((v << 2n) | 1n), 2)
  if (v < 1n << 30n) return le(((v << 2n) | 2n), 4)
  const bytes: number[] = []
  for (let x = v; x > 0n; x >>= 8n) bytes.push(Number(x & 0xffn))
  return Uint8Array.of(((bytes.length - 4) << 2) | 3, ...bytes)
}

function le(v: bigint, n: number): Uint8Array {
  const out = new Uint8Array(n)
  for (let i = 0; i < n; i++) out[i] = Number((v >> BigInt(8 * i)) & 0xffn)
  return out
}

/** The hash of a block from its JSON-RPC header (blake2-256 of the SCALE-encoded header). */
export function headerHash(h: {parentHash: string; number: string; stateRoot: string; extrinsicsRoot: string; digest: {logs: string[]}}): string {
  const logs = h.digest.logs.map(fromHex)
  return toHex(blake2(concat(fromHex(h.parentHash), compactBytes(BigInt(h.number)), fromHex(h.stateRoot), fromHex(h.extrinsicsRoot), compactBytes(logs.length), ...logs), 32))
}

const B58 = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz'
const SS58PRE = new TextEncoder().encode('SS58PRE')

function base58(bytes: Uint8Array): string {
  let n = BigInt(toHex(bytes))
  let out = ''
  while (n > 0n) {
    out = B58[Number(n % 58n)] + out
    n /= 58n
  }
  for (const b of bytes) {
    if (b !== 0) break
    out = '1' + out
  }
  return out
}

function base58Decode(s: string): Uint8Array {
  let n = 0n
  for (const ch of s) {
    const i = B58.indexOf(ch)
    if (i < 0) throw new Error(`not base58: ${s}`)
    n = n * 58n + BigInt(i)
  }
  const hex = n === 0n ? '' : n.toString(16)
  const body = fromHex(hex.length % 2 ? '0' + hex : hex)
  let zeros = 0
  while (s[zeros] === '1') zeros++
  return concat(new Uint8Array(zeros), body)
}

/**
 * Addresses this process encoded, with their account bytes: a read that turns decoded accounts into addresses and
 * then builds storage keys from them (the metagraph's 256 hotkeys) does not decode base58 again.
 */
const encoded = new Map<string, Uint8Array>()

/** SS58 address of a 32-byte account for `format`. */
export function ss58Encode(account: Uint8Array, format: number): string {
  const prefix = format < 64 ? Uint8Array.of(format) : Uint8Array.of(((format & 0xfc) >> 2) | 0x40, (format >> 8) | ((format & 0x03) << 6))
  const payload = concat(prefix, account)
  const address = base58(concat(payload, blake2(concat(SS58PRE, payload), 64).subarray(0, 2)))
  if (account.length === 32 && encoded.size < 100_000) encoded.set(address, account.slice())
  return address
}

/** The 32 account bytes of an SS58 address (prefix and checksum checked: refused exactly where @polkadot/util-crypto refuses). */
export function ss58Decode(address: string): Uint8Array {
  const known = encoded.get(address)
  if (known) return known.slice()
  const raw = base58Decode(address)
  // as @polkadot/util-crypto's decodeAddress: a first byte with the top bit set, or the reserved prefixes 46 and 47, is no address
  if (raw.length === 0 || (raw[0]! & 0x80) !== 0 || raw[0] === 46 || raw[0] === 47) throw new Error(`not an SS58 address prefix: ${address}`)
  const prefixLen = (raw[0]! & 0x40) === 0 ? 1 : 2
  if (raw.length !== prefixLen + 32 + 2) throw new Error(`not a 32-byte SS58 address: ${address}`)
  const payload = raw.subarray(0, prefixLen + 32)
  const sum = blake2(concat(SS58PRE, payload), 64)
  if (sum[0] !== raw[prefixLen + 32] || sum[1] !== raw[prefixLen + 33]) throw new Error(`bad SS58 checksum: ${address}`)
  return raw.slice(prefixLen, prefixLen + 32)
}
