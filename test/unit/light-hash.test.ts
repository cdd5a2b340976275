/** The light path's hashes against @polkadot/util-crypto's (the full client's) on fixed and random inputs. */
import {TypeRegistry} from '@polkadot/types'
import {blake2AsU8a, decodeAddress, encodeAddress, xxhashAsU8a} from '@polkadot/util-crypto'
import fc from 'fast-check'
import {describe, expect, it} from 'vitest'

import {blake2, compactBytes, headerHash, ss58Decode, ss58Encode, toHex, twox} from '../../src/chain/light/hash.js'

const enc = (s: string) => new TextEncoder().encode(s)

describe('light hashes', () => {
  it('twox128 of the storage prefixes everyone knows', () => {
    expect(toHex(twox(enc('System'), 128))).toBe('0x26aa394eea5630e07c48ae0c9558cef7')
    expect(toHex(twox(enc('Account'), 128))).toBe('0xb99d880ec681799c0cf30e8886371da9')
  })

  it('twox 64/128/256 and blake2 equal @polkadot/util-crypto on any input (lengths around the 32-byte stripe)', () => {
    fc.assert(
      fc.property(fc.uint8Array({maxLength: 80}), (data) => {
        for (const bits of [64, 128, 256] as const) expect(toHex(twox(data, bits))).toBe(toHex(xxhashAsU8a(data, bits)))
        for (const bytes of [16, 32, 64] as const) expect(toHex(blake2(data, bytes))).toBe(toHex(blake2AsU8a(data, bytes * 8 as 128 | 256 | 512)))
      }),
      {numRuns: 300},
    )
  })

  it('SS58 encodes and decodes as @polkadot/util-crypto does, formats 0..16383', () => {
    expect(toHex(ss58Decode('5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY'))).toBe('0xd43593c715fdd31c61141abd04a99fd6822c8558854ccde39a5684e7a56da27d')
    fc.assert(
      fc.property(fc.uint8Array({maxLength: 32, minLength: 32}), fc.oneof(fc.constant(42), fc.integer({max: 16_383, min: 0}).filter((f) => f !== 46 && f !== 47)), (key, format) => {
        const a = ss58Encode(key, format)
        expect(a).toBe(encodeAddress(key, format))
        expect(toHex(ss58Decode(a))).toBe(toHex(decodeAddress(a)))
      }),
      {numRuns: 200},
    )
    expect(() => ss58Decode('5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQZ')).toThrow(/checksum|base58|SS58/)
  })

  it('compact encoding and a header hash equal @polkadot/types’', () => {
    const registry = new TypeRegistry()
    for (const n of [0n, 63n, 64n, 16_383n, 16_384n, (1n << 30n) - 1n, 1n << 30n, (1n << 64n) - 1n]) {
      expect(toHex(compactBytes(n))).toBe(toHex(registry.createType('Compact<u128>', n).toU8a()))
    }
    const header = {
      digest: {logs: ['0x0661757261201234567800000000', '0x05617572610101' + 'ab'.repeat(64)]},
      extrinsicsRoot: '0x' + '11'.repeat(32),
      number: '0x1f4',
      parentHash: '0x' + '45'.repeat(32),
      stateRoot: '0x' + '22'.repeat(32),
    }
    expect(headerHash(header)).toBe(registry.createType('Header', {...header, number: 500}).hash.toHex())
  })

  it('an address this process encoded decodes to its bytes from memory, a copy each time; others are still checked', () => {
    fc.assert(
      fc.property(fc.uint8Array({maxLength: 32, minLength: 32}), fc.constantFrom(0, 42, 63, 64, 1000), (account, format) => {
        const address = ss58Encode(account, format)
        const a = ss58Decode(address)
        expect(toHex(a)).toBe(toHex(decodeAddress(address)))
        a.fill(7) // the caller's copy: the next decode is unchanged
        expect(toHex(ss58Decode(address))).toBe(toHex(account))
        const tampered = address.slice(0, -1) + (address.endsWith('a') ? 'b' : 'a')
        expect(() => ss58Decode(tampered)).toThrow()
      }),
      {numRuns: 100},
    )
  })
})

