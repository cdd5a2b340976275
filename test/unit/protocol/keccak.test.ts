import {keccakP} from '@noble/hashes/sha3'
import fc from 'fast-check'
import {describe, expect, it} from 'vitest'

import {keccakF1600, keccakF1600Wasm} from '../../../src/protocol/keccak.js'

const wasm = keccakF1600Wasm()!

describe('keccak-f[1600] (TypeScript and the generated WebAssembly module)', () => {
  it('equals @noble/hashes keccakP on random states', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({max: 0xffffffff, min: 0}), {maxLength: 50, minLength: 50}), (words) => {
        const a = Uint32Array.from(words)
        const b = Uint32Array.from(words)
        const c = Uint32Array.from(words)
        keccakF1600(a)
        keccakP(b)
        wasm(c)
        expect([...a]).toEqual([...b])
        expect([...c]).toEqual([...b])
      }),
      {numRuns: 500},
    )
  })

  it('the all-zero state gives the FIPS 202 known answer (first lane 0xF1258F7940E1DDE7)', () => {
    const s = new Uint32Array(50)
    const w = new Uint32Array(50)
    keccakF1600(s)
    wasm(w)
    for (const x of [s, w]) {
      expect(x[0]).toBe(0x40e1dde7)
      expect(x[1]).toBe(0xf1258f79)
    }
  })
})
