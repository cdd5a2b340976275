/**
 * The light path's spec-218 struct decoders (scale-ts) against the full client's (@polkadot/types + toPlain) on
 * random values of every struct in src/chain/types.ts: the same plain data, byte for byte of input.
 */
import {TypeRegistry} from '@polkadot/types'
import fc from 'fast-check'
import {describe, expect, it} from 'vitest'

import {compactBytes, concat, toHex} from '../../src/chain/light/hash.js'
import {decodeRawReply, typeDecoder} from '../../src/chain/light/typedefs.js'
import {toPlain} from '../../src/chain/runtime-api.js'
import {RUNTIME_TYPES} from '../../src/chain/types.js'

const registry = new TypeRegistry()
registry.register(RUNTIME_TYPES as never)

/** A random value for a type string of the table (as @polkadot/types accepts it for encoding). */
function arb(type: string): fc.Arbitrary<unknown> {
  const t = type.trim()
  const g = /^(\w+)<(.+)>$/.exec(t)
  if (g) {
    if (g[1] === 'Compact') return arb(g[2]!)
    if (g[1] === 'Option') return fc.option(arb(g[2]!), {nil: null})
    if (g[1] === 'Vec') return fc.array(arb(g[2]!), {maxLength: 4})
  }
  const fixed = /^\[(.+);\s*(\d+)\]$/.exec(t)
  if (fixed) return fc.array(arb(fixed[1]!), {maxLength: Number(fixed[2]), minLength: Number(fixed[2])})
  if (t.startsWith('(')) return fc.tuple(...t.slice(1, -1).split(',').map((x) => arb(x)))
  switch (t) {
    case 'bool':
      return fc.boolean()
    case 'u8':
      return fc.integer({max: 255, min: 0})
    case 'u16':
      return fc.integer({max: 65_535, min: 0})
    case 'u32':
      return fc.integer({max: 2 ** 32 - 1, min: 0})
    case 'u64':
      return fc.bigInt({max: (1n << 64n) - 1n, min: 0n})
    case 'u128':
      return fc.bigInt({max: (1n << 128n) - 1n, min: 0n})
    case 'AccountId':
    case 'AccountId32':
      return fc.uint8Array({maxLength: 32, minLength: 32})
  }
  const def = (RUNTIME_TYPES as unknown as Record<string, Record<string, string>>)[t]
  if (!def) throw new Error(`no arbitrary for ${t}`)
  return fc.record(Object.fromEntries(Object.entries(def).map(([k, v]) => [k, arb(v)])))
}

const plainJson = (v: unknown) => JSON.stringify(v, (_, x) => (typeof x === 'bigint' ? `${x}n` : x))

describe('spec-218 struct decoders (scale-ts) equal @polkadot/types + toPlain', () => {
  for (const type of [...Object.keys(RUNTIME_TYPES), 'Vec<Option<DynamicInfo218>>', 'Vec<Option<SubnetInfo218>>', 'Vec<NeuronInfoLite218>', 'Vec<StakeInfo218>']) {
    it(type, () => {
      const dec = typeDecoder(type, 42)
      fc.assert(
        fc.property(arb(type), (value) => {
          const bytes = registry.createType(type, value as never).toU8a()
          expect(plainJson(dec(new Uint8Array(bytes)))).toBe(plainJson(toPlain(registry.createType(type, bytes))))
        }),
        {numRuns: 60},
      )
    })
  }

  it('a raw runtime-API reply: the Vec<u8> around the value is stripped, an empty reply is null', () => {
    const inner = registry.createType('Vec<StakeInfo218>', [{coldkey: new Uint8Array(32).fill(1), emission: 5, hotkey: new Uint8Array(32).fill(2), is_registered: true, locked: 0, netuid: 3, stake: 1_000_000_000}]).toU8a()
    // the state_call result: the SCALE Vec<u8> (length prefix + bytes)
    const reply = toHex(concat(compactBytes(inner.length), inner))
    expect(plainJson(decodeRawReply(reply, 'Vec<StakeInfo218>', 42))).toBe(plainJson(toPlain(registry.createType('Vec<StakeInfo218>', inner))))
    expect(decodeRawReply('0x00', 'Vec<StakeInfo218>', 42)).toBeNull()
  })
})
