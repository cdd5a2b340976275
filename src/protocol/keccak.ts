/**
 * keccak-f[1600], unrolled within a round (about 3x faster than a generic loop): the permutation under the Strobe/
 * Merlin transcripts of every sr25519 signature and verification. Generated from the FIPS 202 definition (rotation
 * offsets, π lane mapping, round constants from the LFSR); test/unit/protocol/keccak.test.ts checks it against
 * @noble/hashes' keccakP on random states (both this and the WebAssembly module below).
 */
const RC_LO = new Uint32Array([1, 32898, 32906, 2147516416, 32907, 2147483649, 2147516545, 32777, 138, 136, 2147516425, 2147483658, 2147516555, 139, 32905, 32771, 32770, 128, 32778, 2147483658, 2147516545, 32896, 2147483649, 2147516424])
const RC_HI = new Uint32Array([0, 0, 2147483648, 2147483648, 0, 0, 2147483648, 2147483648, 0, 0, 0, 0, 0, 2147483648, 2147483648, 2147483648, 2147483648, 2147483648, 0, 2147483648, 2147483648, 2147483648, 0, 2147483648])

/** keccak-f[1600] in place on 25 lanes stored as (low, high) 32-bit words, little-endian (noble's layout). */
export function keccakF1600(s: Uint32Array): void {
  let a0l = s[0]!, a0h = s[1]!, a1l = s[2]!, a1h = s[3]!, a2l = s[4]!, a2h = s[5]!, a3l = s[6]!, a3h = s[7]!, a4l = s[8]!, a4h = s[9]!, a5l = s[10]!, a5h = s[11]!, a6l = s[12]!, a6h = s[13]!, a7l = s[14]!, a7h = s[15]!, a8l = s[16]!, a8h = s[17]!, a9l = s[18]!, a9h = s[19]!, a10l = s[20]!, a10h = s[21]!, a11l = s[22]!, a11h = s[23]!, a12l = s[24]!, a12h = s[25]!, a13l = s[26]!, a13h = s[27]!, a14l = s[28]!, a14h = s[29]!, a15l = s[30]!, a15h = s[31]!, a16l = s[32]!, a16h = s[33]!, a17l = s[34]!, a17h = s[35]!, a18l = s[36]!, a18h = s[37]!, a19l = s[38]!, a19h = s[39]!, a20l = s[40]!, a20h = s[41]!, a21l = s[42]!, a21h = s[43]!, a22l = s[44]!, a22h = s[45]!, a23l = s[46]!, a23h = s[47]!, a24l = s[48]!, a24h = s[49]!
  for (let round = 0; round < 24; round++) {
    const c0l = a0l ^ a5l ^ a10l ^ a15l ^ a20l
    const c0h = a0h ^ a5h ^ a10h ^ a15h ^ a20h
    const c1l = a1l ^ a6l ^ a11l ^ a16l ^ a21l
    const c1h = a1h ^ a6h ^ a11h ^ a16h ^ a21h
    const c2l = a2l ^ a7l ^ a12l ^ a17l ^ a22l
    const c2h = a2h ^ a7h ^ a12h ^ a17h ^ a22h
    const c3l = a3l ^ a8l ^ a13l ^ a18l ^ a23l
    const c3h = a3h ^ a8h ^ a13h ^ a18h ^ a23h
    const c4l = a4l ^ a9l ^ a14l ^ a19l ^ a24l
    const c4h = a4h ^ a9h ^ a14h ^ a19h ^ a24h
    const d0l = c4l ^ ((c1l << 1) | (c1h >>> 31))
    const d0h = c4h ^ ((c1h << 1) | (c1l >>> 31))
    const d1l = c0l ^ ((c2l << 1) | (c2h >>> 31))
    const d1h = c0h ^ ((c2h << 1) | (c2l >>> 31))
    const d2l = c1l ^ ((c3l << 1) | (c3h >>> 31))
    const d2h = c1h ^ ((c3h << 1) | (c3l >>> 31))
    const d3l = c2l ^ ((c4l << 1) | (c4h >>> 31))
    const d3h = c2h ^ ((c4h << 1) | (c4l >>> 31))
    const d4l = c3l ^ ((c0l << 1) | (c0h >>> 31))
    const d4h = c3h ^ ((c0h << 1) | (c0l >>> 31))
    a0l ^= d0l
    a0h ^= d0h
    a1l ^= d1l
    a1h ^= d1h
    a2l ^= d2l
    a2h ^= d2h
    a3l ^= d3l
    a3h ^= d3h
    a4l ^= d4l
    a4h ^= d4h
    a5l ^= d0l
    a5h ^= d0h
    a6l ^= d1l
    a6h ^= d1h
    a7l ^= d2l
    a7h ^= d2h
    a8l ^= d3l
    a8h ^= d3h
    a9l ^= d4l
    a9h ^= d4h
    a10l ^= d0l
    a10h ^= d0h
    a11l ^= d1l
    a11h ^= d1h
    a12l ^= d2l
    a12h ^= d2h
    a13l ^= d3l
    a13h ^= d3h
    a14l ^= d4l
    a14h ^= d4h
    a15l ^= d0l
    a15h ^= d0h
    a16l ^= d1l
    a16h ^= d1h
    a17l ^= d2l
    a17h ^= d2h
    a18l ^= d3l
    a18h ^= d3h
    a19l ^= d4l
    a19h ^= d4h
    a20l ^= d0l
    a20h ^= d0h
    a21l ^= d1l
    a21h ^= d1h
    a22l ^= d2l
    a22h ^= d2h
    a23l ^= d3l
    a23h ^= d3h
    a24l ^= d4l
    a24h ^= d4h
    const b0l = a0l, b0h = a0h
    const b16l = (a5h << 4) | (a5l >>> 28), b16h = (a5l << 4) | (a5h >>> 28)
    const b7l = (a10l << 3) | (a10h >>> 29), b7h = (a10h << 3) | (a10l >>> 29)
    const b23l = (a15h << 9) | (a15l >>> 23), b23h = (a15l << 9) | (a15h >>> 23)
    const b14l = (a20l << 18) | (a20h >>> 14), b14h = (a20h << 18) | (a20l >>> 14)
    const b10l = (a1l << 1) | (a1h >>> 31), b10h = (a1h << 1) | (a1l >>> 31)
    const b1l = (a6h << 12) | (a6l >>> 20), b1h = (a6l << 12) | (a6h >>> 20)
    const b17l = (a11l << 10) | (a11h >>> 22), b17h = (a11h << 10) | (a11l >>> 22)
    const b8l = (a16h << 13) | (a16l >>> 19), b8h = (a16l << 13) | (a16h >>> 19)
    const b24l = (a21l << 2) | (a21h >>> 30), b24h = (a21h << 2) | (a21l >>> 30)
    const b20l = (a2h << 30) | (a2l >>> 2), b20h = (a2l << 30) | (a2h >>> 2)
    const b11l = (a7l << 6) | (a7h >>> 26), b11h = (a7h << 6) | (a7l >>> 26)
    const b2l = (a12h << 11) | (a12l >>> 21), b2h = (a12l << 11) | (a12h >>> 21)
    const b18l = (a17l << 15) | (a17h >>> 17), b18h = (a17h << 15) | (a17l >>> 17)
    const b9l = (a22h << 29) | (a22l >>> 3), b9h = (a22l << 29) | (a22h >>> 3)
    const b5l = (a3l << 28) | (a3h >>> 4), b5h = (a3h << 28) | (a3l >>> 4)
    const b21l = (a8h << 23) | (a8l >>> 9), b21h = (a8l << 23) | (a8h >>> 9)
    const b12l = (a13l << 25) | (a13h >>> 7), b12h = (a13h << 25) | (a13l >>> 7)
    const b3l = (a18l << 21) | (a18h >>> 11), b3h = (a18h << 21) | (a18l >>> 11)
    const b19l = (a23h << 24) | (a23l >>> 8), b19h = (a23l << 24) | (a23h >>> 8)
    const b15l = (a4l << 27) | (a4h >>> 5), b15h = (a4h << 27) | (a4l >>> 5)
    const b6l = (a9l << 20) | (a9h >>> 12), b6h = (a9h << 20) | (a9l >>> 12)
    const b22l = (a14h << 7) | (a14l >>> 25), b22h = (a14l << 7) | (a14h >>> 25)
    const b13l = (a19l << 8) | (a19h >>> 24), b13h = (a19h << 8) | (a19l >>> 24)
    const b4l = (a24l << 14) | (a24h >>> 18), b4h = (a24h << 14) | (a24l >>> 18)
    a0l = b0l ^ (~b1l & b2l)
    a0h = b0h ^ (~b1h & b2h)
    a1l = b1l ^ (~b2l & b3l)
    a1h = b1h ^ (~b2h & b3h)
    a2l = b2l ^ (~b3l & b4l)
    a2h = b2h ^ (~b3h & b4h)
    a3l = b3l ^ (~b4l & b0l)
    a3h = b3h ^ (~b4h & b0h)
    a4l = b4l ^ (~b0l & b1l)
    a4h = b4h ^ (~b0h & b1h)
    a5l = b5l ^ (~b6l & b7l)
    a5h = b5h ^ (~b6h & b7h)
    a6l = b6l ^ (~b7l & b8l)
    a6h = b6h ^ (~b7h & b8h)
    a7l = b7l ^ (~b8l & b9l)
    a7h = b7h ^ (~b8h & b9h)
    a8l = b8l ^ (~b9l & b5l)
    a8h = b8h ^ (~b9h & b5h)
    a9l = b9l ^ (~b5l & b6l)
    a9h = b9h ^ (~b5h & b6h)
    a10l = b10l ^ (~b11l & b12l)
    a10h = b10h ^ (~b11h & b12h)
    a11l = b11l ^ (~b12l & b13l)
    a11h = b11h ^ (~b12h & b13h)
    a12l = b12l ^ (~b13l & b14l)
    a12h = b12h ^ (~b13h & b14h)
    a13l = b13l ^ (~b14l & b10l)
    a13h = b13h ^ (~b14h & b10h)
    a14l = b14l ^ (~b10l & b11l)
    a14h = b14h ^ (~b10h & b11h)
    a15l = b15l ^ (~b16l & b17l)
    a15h = b15h ^ (~b16h & b17h)
    a16l = b16l ^ (~b17l & b18l)
    a16h = b16h ^ (~b17h & b18h)
    a17l = b17l ^ (~b18l & b19l)
    a17h = b17h ^ (~b18h & b19h)
    a18l = b18l ^ (~b19l & b15l)
    a18h = b18h ^ (~b19h & b15h)
    a19l = b19l ^ (~b15l & b16l)
    a19h = b19h ^ (~b15h & b16h)
    a20l = b20l ^ (~b21l & b22l)
    a20h = b20h ^ (~b21h & b22h)
    a21l = b21l ^ (~b22l & b23l)
    a21h = b21h ^ (~b22h & b23h)
    a22l = b22l ^ (~b23l & b24l)
    a22h = b22h ^ (~b23h & b24h)
    a23l = b23l ^ (~b24l & b20l)
    a23h = b23h ^ (~b24h & b20h)
    a24l = b24l ^ (~b20l & b21l)
    a24h = b24h ^ (~b20h & b21h)
    a0l ^= RC_LO[round]!
    a0h ^= RC_HI[round]!
  }
  s[0] = a0l
  s[1] = a0h
  s[2] = a1l
  s[3] = a1h
  s[4] = a2l
  s[5] = a2h
  s[6] = a3l
  s[7] = a3h
  s[8] = a4l
  s[9] = a4h
  s[10] = a5l
  s[11] = a5h
  s[12] = a6l
  s[13] = a6h
  s[14] = a7l
  s[15] = a7h
  s[16] = a8l
  s[17] = a8h
  s[18] = a9l
  s[19] = a9h
  s[20] = a10l
  s[21] = a10h
  s[22] = a11l
  s[23] = a11h
  s[24] = a12l
  s[25] = a12h
  s[26] = a13l
  s[27] = a13h
  s[28] = a14l
  s[29] = a14h
  s[30] = a15l
  s[31] = a15h
  s[32] = a16l
  s[33] = a16h
  s[34] = a17l
  s[35] = a17h
  s[36] = a18l
  s[37] = a18h
  s[38] = a19l
  s[39] = a19h
  s[40] = a20l
  s[41] = a20h
  s[42] = a21l
  s[43] = a21h
  s[44] = a22l
  s[45] = a22h
  s[46] = a23l
  s[47] = a23h
  s[48] = a24l
  s[49] = a24h
}

// ---- the same permutation as a tiny WebAssembly module -------------------------------------------------------------
//
// A new process signs its first fan-out (~1,700 permutations for 256 requests) before V8 has optimized the function
// above: cold, each call costs ~5× what it does warm. WebAssembly runs at machine speed from its first call (V8's
// baseline compiler, Liftoff, compiles a module this size in well under a millisecond), with native 64-bit lanes.
// The module is generated here from the FIPS 202 definition (no build step, no binary in the repository): one
// function `f` permuting the 25 lanes at memory[0..200), the round constants at memory[200..392).

/** ρ rotation offsets, by lane index x + 5y (FIPS 202 table 2) */
const RHO = [0, 1, 62, 28, 27, 36, 44, 6, 55, 20, 3, 10, 43, 25, 39, 41, 45, 15, 21, 8, 18, 2, 61, 56, 14]

function uleb(n: number): number[] {
  const out: number[] = []
  do {
    let b = n & 0x7f
    n >>>= 7
    if (n !== 0) b |= 0x80
    out.push(b)
  } while (n !== 0)
  return out
}

/** The module's bytes: `(func $f)` over an exported memory `m`. */
export function keccakWasmBytes(): Uint8Array {
  const A = (i: number) => i // lanes a0..a24: locals 0..24
  const C = (x: number) => 25 + x // column parities: 25..29
  const D = 30
  const B = (i: number) => 31 + i // ρπ output: 31..55
  const ROUND = 56 // i32
  const get = (l: number) => [0x20, ...uleb(l)]
  const set = (l: number) => [0x21, ...uleb(l)]
  const i64const = (v: number) => [0x42, v & 0x7f] // small non-negative (< 64) or -1 (0x7f)
  const XOR = 0x85
  const AND = 0x83
  const ROTL = 0x89
  const code: number[] = []
  for (let i = 0; i < 25; i++) code.push(0x41, 0, 0x29, 3, ...uleb(8 * i), ...set(A(i))) // a_i = load64(8i)
  code.push(0x03, 0x40) // loop
  for (let x = 0; x < 5; x++) {
    code.push(...get(A(x)))
    for (let y = 1; y < 5; y++) code.push(...get(A(x + 5 * y)), XOR)
    code.push(...set(C(x)))
  }
  for (let x = 0; x < 5; x++) {
    code.push(...get(C((x + 4) % 5)), ...get(C((x + 1) % 5)), ...i64const(1), ROTL, XOR, ...set(D))
    for (let y = 0; y < 5; y++) code.push(...get(A(x + 5 * y)), ...get(D), XOR, ...set(A(x + 5 * y)))
  }
  for (let x = 0; x < 5; x++) {
    for (let y = 0; y < 5; y++) {
      const to = y + 5 * ((2 * x + 3 * y) % 5)
      code.push(...get(A(x + 5 * y)))
      if (RHO[x + 5 * y]) code.push(...i64const(RHO[x + 5 * y]!), ROTL)
      code.push(...set(B(to)))
    }
  }
  for (let y = 0; y < 5; y++) {
    for (let x = 0; x < 5; x++) {
      code.push(...get(B(x + 5 * y)), ...get(B(((x + 1) % 5) + 5 * y)), ...i64const(-1), XOR, ...get(B(((x + 2) % 5) + 5 * y)), AND, XOR, ...set(A(x + 5 * y)))
    }
  }
  // a0 ^= RC[round]; round++; loop while round < 24
  code.push(...get(A(0)), ...get(ROUND), 0x41, 3, 0x74, 0x29, 3, ...uleb(200), XOR, ...set(A(0)))
  code.push(...get(ROUND), 0x41, 1, 0x6a, 0x22, ...uleb(ROUND), 0x41, 24, 0x49, 0x0d, 0, 0x0b)
  for (let i = 0; i < 25; i++) code.push(0x41, 0, ...get(A(i)), 0x37, 3, ...uleb(8 * i)) // store64(8i, a_i)
  code.push(0x0b)
  const body = [2, 56, 0x7e, 1, 0x7f, ...code] // locals: 56 × i64, 1 × i32
  const section = (id: number, bytes: number[]) => [id, ...uleb(bytes.length), ...bytes]
  return Uint8Array.from([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, [1, 0x60, 0, 0]), // type: () -> ()
    ...section(3, [1, 0]), // function 0 of type 0
    ...section(5, [1, 0, 1]), // memory: 1 page
    ...section(7, [2, 1, 0x66, 0x00, 0, 1, 0x6d, 0x02, 0]), // export "f" func 0, "m" memory 0
    ...section(10, [1, ...uleb(body.length), ...body]),
  ])
}

/**
 * keccak-f[1600] on the same state layout as `keccakF1600`, run by the WebAssembly module; `undefined` where
 * WebAssembly is not available (then use `keccakF1600`).
 */
export function keccakF1600Wasm(): ((s: Uint32Array) => void) | undefined {
  // the few WebAssembly names used here (this project's TypeScript libs do not declare them)
  const wasm = (globalThis as {WebAssembly?: {Instance: new (m: object) => {exports: {f: () => void; m: {buffer: ArrayBuffer}}}; Module: new (b: Uint8Array) => object}}).WebAssembly
  if (!wasm) return undefined
  try {
    const instance = new wasm.Instance(new wasm.Module(keccakWasmBytes()))
    const f = instance.exports.f
    const memory = instance.exports.m
    const rc = new Uint32Array(memory.buffer, 200, 48)
    for (let i = 0; i < 24; i++) {
      rc[2 * i] = RC_LO[i]!
      rc[2 * i + 1] = RC_HI[i]!
    }
    const lanes = new Uint32Array(memory.buffer, 0, 50)
    return (s) => {
      lanes.set(s)
      f()
      s.set(lanes)
    }
  } catch {
    return undefined
  }
}
