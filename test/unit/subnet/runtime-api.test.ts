import {Metadata, TypeRegistry, expandMetadata} from '@polkadot/types'
import {readFileSync} from 'node:fs'
import path from 'node:path'
import {describe, expect, it} from 'vitest'

import {type RuntimeApiMethod, decodeRuntimeReply, decodeStorageValue, encodeRuntimeArgs, runtimeApiMethod, text, toPlain} from '../../../src/chain/runtime-api.js'
import {RUNTIME_TYPES} from '../../../src/chain/types.js'
import {SUBNET_TYPES_218} from '../../../src/chain/types.js'
import {SHARED} from '../../helpers/paths.js'

const hex = (h: string) => new Uint8Array(Buffer.from(h.replace(/^0x/, ''), 'hex'))

/** Replies captured from the spec-218 test chain (state_call results): genesis subnets 0 and 1 plus one created subnet (2) with two neurons. */
const CAPTURED_218 = {
  get_all_dynamic_info:
    '0x8d020c010000000000000000000000000000000000000000000000000000000000000000009101380000000000000001000000000000000000000000000000000000000000000000000000000000000004910138000a0f8c0004072040f8320307c2290b5b05040401deb271dcf7e71b239d658781e4782af7985ab996e4425f0bb34fa24965b7e75508783800f618dfed0bc922514e1809fa81e4ee0b3d3085c518090000',
  get_dynamic_info_9: '0x0400',
  get_neurons_lite_2:
    '0x9d0508fec377837f5d81f94ca39f406850195706304d9c15377215bf489056fc1f302fdeb271dcf7e71b239d658781e4782af7985ab996e4425f0bb34fa24965b7e755000801000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000004deb271dcf7e71b239d658781e4782af7985ab996e4425f0bb34fa24965b7e755000032747f0000000000003401feff030066c06f327f1432fd9522cee606eae32dba526602194a3d6f9519f920f771b900deb271dcf7e71b239d658781e4782af7985ab996e4425f0bb34fa24965b7e755040801000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000004deb271dcf7e71b239d658781e4782af7985ab996e4425f0bb34fa24965b7e7550000000000000000380000',
  get_subnet_hyperparams_2:
    '0x450128feff0100214e04feff03007813ffffffffffffffff13ffffffffffffffff009101a105214e010101040700e8764817c26c3c000101c8010113ea51b81e85eb51f8025a620204009a990300cecc020000',
  get_subnet_hyperparams_9: '0x00',
  get_subnets_info:
    '0x31030c010028feff0100025a62020140010100feff0300c800010100910100000002286bee0000000000000000000000000000000000000000000000000000000000000000010428feff0100025a62020140010100feff0300c804010400910100000a0f8c0002286bee0000000000000000000000000000000000000000000000000000000000000000010828feff0100025a6202214e010104feff0300c808010400780000f618dfed02286beedeb271dcf7e71b239d658781e4782af7985ab996e4425f0bb34fa24965b7e755',
}

function registry218(): TypeRegistry {
  const r = new TypeRegistry()
  r.register({...RUNTIME_TYPES, ...SUBNET_TYPES_218} as never)
  return r
}

const rawMethod = (method: string): RuntimeApiMethod => ({api: 'SubnetInfoRuntimeApi', inputs: [], method, output: 'Bytes', outputReadable: 'Vec<u8>', raw: true})

let metadata381: Metadata | undefined
function registry381(): TypeRegistry {
  const r = new TypeRegistry()
  metadata381 = new Metadata(r, new Uint8Array(readFileSync(path.join(SHARED, 'chain', 'subtensor-spec381.metadata.scale'))))
  r.setMetadata(metadata381)
  return r
}

describe('runtime API replies at spec 218 (raw Vec<u8>)', () => {
  const r = registry218()

  it('decodes get_all_dynamic_info captured from the chain, stripping the length prefix', () => {
    const v = decodeRuntimeReply(r, rawMethod('get_all_dynamic_info'), hex(CAPTURED_218.get_all_dynamic_info), {raw: 'Vec<Option<DynamicInfo218>>'}) as any[]
    expect(v.map((d) => d.netuid)).toEqual([0n, 1n, 2n])
    expect(v[2].owner).toBe('5H6hVmGsJWgy2XFry58Gea6MsEur3WfeYR3jnQnW6ecdgcXA')
    expect(v[2].tempo).toBe(30n)
    expect(typeof v[2].taoIn).toBe('bigint')
    expect(Object.keys(v[0])).toContain('blocksSinceLastStep')
  })

  it('decodes get_subnets_info: neurons, max uids, burn, owner', () => {
    const v = decodeRuntimeReply(r, rawMethod('get_subnets_info'), hex(CAPTURED_218.get_subnets_info), {raw: 'Vec<Option<SubnetInfo218>>'}) as any[]
    expect(v).toHaveLength(3)
    expect(v[2]).toMatchObject({burn: 1_000_000_000n, maxAllowedUids: 256n, netuid: 2n, subnetworkN: 2n, tempo: 30n})
    expect(v[2].networkConnect).toEqual([])
  })

  it('decodes hyperparameters, and an empty reply (missing subnet) is null', () => {
    const m = rawMethod('get_subnet_hyperparams')
    const hp = decodeRuntimeReply(r, m, hex(CAPTURED_218.get_subnet_hyperparams_2), {raw: 'SubnetHyperparams218'}) as any
    expect(hp.tempo).toBe(30n)
    expect(hp.registrationAllowed).toBe(true)
    expect(hp.maxBurn).toBe(100_000_000_000n)
    expect(decodeRuntimeReply(r, m, hex(CAPTURED_218.get_subnet_hyperparams_9), {raw: 'SubnetHyperparams218'})).toBeNull()
  })

  it('decodes Option::None as null and neurons with their stake vectors', () => {
    expect(decodeRuntimeReply(r, rawMethod('get_dynamic_info'), hex(CAPTURED_218.get_dynamic_info_9), {raw: 'Option<DynamicInfo218>'})).toBeNull()
    const n = decodeRuntimeReply(r, rawMethod('get_neurons_lite'), hex(CAPTURED_218.get_neurons_lite_2), {raw: 'Vec<NeuronInfoLite218>'}) as any[]
    expect(n.map((x) => x.uid)).toEqual([0n, 1n])
    expect(n[0].stake[0][0]).toBe('5H6hVmGsJWgy2XFry58Gea6MsEur3WfeYR3jnQnW6ecdgcXA')
    expect(n[0].axonInfo).toMatchObject({ip: 0n, port: 0n})
    expect(n[0].validatorPermit).toBe(true)
  })

  it('registers the raw types it is given when the registry lacks them', () => {
    const bare = new TypeRegistry()
    const v = decodeRuntimeReply(bare, rawMethod('get_subnets_info'), hex(CAPTURED_218.get_subnets_info), {raw: 'Vec<Option<SubnetInfo218>>', rawTypes: SUBNET_TYPES_218})
    expect((v as unknown[]).length).toBe(3)
  })

  it('refuses to guess when a raw reply has no decoder type', () => {
    expect(() => decodeRuntimeReply(r, rawMethod('get_subnets_info'), hex(CAPTURED_218.get_subnets_info))).toThrow(/raw bytes/)
  })
})

describe('runtime API replies at spec 381 (typed in metadata)', () => {
  const r = registry381()

  it('reads methods, argument and output types from metadata', () => {
    const m = runtimeApiMethod(r, 'SubnetInfoRuntimeApi', 'get_metagraph')!
    expect(m.raw).toBe(false)
    expect(m.inputs.map((i) => i.name)).toEqual(['netuid'])
    expect(runtimeApiMethod(r, 'SubnetInfoRuntimeApi', 'no_such_method')).toBeUndefined()
    expect(encodeRuntimeArgs(r, m, [2])).toBe('0x0200')
    expect(() => encodeRuntimeArgs(r, m, [])).toThrow(/takes 1 argument/)
  })

  it('decodes a typed DynamicInfo round trip to plain data with camelCase keys and bigint amounts', () => {
    const m = runtimeApiMethod(r, 'SubnetInfoRuntimeApi', 'get_dynamic_info')!
    const value = r.createType(m.output, {
      alphaIn: 5_000_000_000_000n,
      networkRegisteredAt: 77,
      netuid: 3,
      ownerColdkey: '5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY',
      subnetName: [...Buffer.from('apex')],
      taoIn: 123_456_789_012_345_678n,
      tempo: 360,
      tokenSymbol: [...Buffer.from('α')],
    })
    const plain = decodeRuntimeReply(r, m, value.toU8a()) as any
    expect(plain.netuid).toBe(3n)
    expect(plain.taoIn).toBe(123_456_789_012_345_678n)
    expect(plain.ownerColdkey).toBe('5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY')
    expect(text(plain.subnetName)).toBe('apex')
    expect(text(plain.tokenSymbol)).toBe('α')
    expect(plain.subnetIdentity).toBeNull()
    expect(plain.movingPrice).toEqual({bits: 0n})
    const none = r.createType(m.output, null)
    expect(decodeRuntimeReply(r, m, none.toU8a())).toBeNull()
  })

  it('accepts an SS58 address for a Vec<u8> account argument (218 stake APIs) as its 32 bytes', () => {
    const m: RuntimeApiMethod = {api: 'StakeInfoRuntimeApi', inputs: [{name: 'coldkey_account_vec', readable: 'Vec<u8>', type: 'Bytes'}], method: 'get_stake_info_for_coldkey', output: 'Bytes', outputReadable: 'Vec<u8>', raw: true}
    expect(encodeRuntimeArgs(r, m, ['5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY'])).toBe('0x80d43593c715fdd31c61141abd04a99fd6822c8558854ccde39a5684e7a56da27d')
    const many: RuntimeApiMethod = {...m, inputs: [{name: 'coldkey_account_vecs', readable: 'Vec<Vec<u8>>', type: 'Vec<Bytes>'}], method: 'get_stake_info_for_coldkeys'}
    expect(encodeRuntimeArgs(r, many, [['5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY']])).toBe('0x0480d43593c715fdd31c61141abd04a99fd6822c8558854ccde39a5684e7a56da27d')
  })

  it('decodes storage values by metadata: defaults for missing ValueQuery, null for missing OptionQuery', () => {
    const storage = expandMetadata(r, metadata381!).query.subtensorModule as any
    // api.query.x.y carries the storage entry as `creator`
    const q = new Proxy({}, {get: (_, k: string) => ({creator: storage[k], key: () => ''})}) as any
    expect(decodeStorageValue(r, q.burn, null)).toBe(100_000_000n)
    expect(decodeStorageValue(r, q.uids, null)).toBeNull()
    expect(decodeStorageValue(r, q.uids, '0x0500')).toBe(5n)
    expect(decodeStorageValue(r, q.networksAdded, '0x01')).toBe(true)
  })
})

describe('toPlain and text', () => {
  const r = registry218()
  it('maps enums, tuples and fixed bytes', () => {
    expect(toPlain(r.createType('(u16, AccountId32)', [7, '5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY']))).toEqual([7n, '5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY'])
    expect(toPlain(r.createType('[u8;2]', [1, 2]))).toBe('0x0102')
    expect(toPlain(r.createType('Result<u8, Text>', {Ok: 3}))).toEqual({Ok: 3n})
    expect(toPlain(r.createType('Option<u64>', null))).toBeNull()
  })
  it('reads names from hex, arrays and empty values', () => {
    expect(text('0x61706578')).toBe('apex')
    expect(text([97n, 112n])).toBe('ap')
    expect(text('0x')).toBeNull()
    expect(text(undefined)).toBeNull()
  })
})
