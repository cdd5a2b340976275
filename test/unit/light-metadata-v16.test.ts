/**
 * The light path's metadata decoder (src/chain/light/metadata.ts) on the spec-381 runtime's metadata, which is
 * v16, against what @polkadot/types reads from the same bytes: every storage entry's hashers, key types, value type
 * and default, every constant decoded to plain data, every runtime API method's inputs and output, and every call.
 * The items the light path reads (src/chain/light/*.ts) are named below and must decode without stepping aside.
 */
import {Metadata, TypeRegistry} from '@polkadot/types'
import {compactStripLength, u8aToHex} from '@polkadot/util'
import {readFileSync} from 'node:fs'
import path from 'node:path'
import {beforeAll, describe, expect, it} from 'vitest'

import {SIGNED_EXTENSIONS} from '../../src/chain/extensions.js'
import {toHex} from '../../src/chain/light/hash.js'
import {LightMetadata, LightUnsupported} from '../../src/chain/light/metadata.js'
import {toPlain} from '../../src/chain/runtime-api.js'
import {tx381} from '../helpers/metadata.js'
import {SHARED} from '../helpers/paths.js'

const FILE = path.join(SHARED, 'chain', 'subtensor-spec381.metadata.scale')

/** Storage items the light path reads or tests for (src/chain/light/*.ts, and reads.ts's stake weights through it). */
const SM_ITEMS = [
  'AdjustmentInterval', 'Axons', 'Burn', 'ChildKeys', 'CommitRevealWeightsEnabled', 'CommitRevealWeightsVersion', 'Keys',
  'LastAdjustmentBlock', 'LastRateLimitedBlock', 'LastUpdate', 'MaxBurn', 'MaxWeightsLimit', 'MinAllowedWeights', 'MinBurn',
  'NetworkLastRegistered', 'NetworkRateLimit', 'NetworkRegistrationAllowed', 'NetworksAdded', 'ParentKeys',
  'RegistrationsThisInterval', 'RevealPeriodEpochs', 'StakeThreshold', 'SubnetAlphaIn', 'SubnetEpochIndex',
  'SubnetIdentities', 'SubnetMechanism', 'SubnetOwnerHotkey', 'SubnetTAO', 'SubnetworkN', 'TaoWeight',
  'TargetRegistrationsPerInterval', 'Tempo', 'TokenSymbol', 'TotalHotkeyAlpha', 'TotalHotkeyStake', 'Uids',
  'ValidatorPermit', 'WeightCommits', 'Weights', 'WeightsMinStake', 'WeightsSetRateLimit', 'WeightsVersionKey',
]
const STORAGE_USED = ['System.Account', ...SM_ITEMS.map((n) => `SubtensorModule.${n}`)]
/** Of those, the ones the spec-381 runtime must have (the light commands need them there). */
const STORAGE_AT_381 = ['System.Account', ...['Axons', 'Burn', 'ChildKeys', 'Keys', 'LastUpdate', 'MaxBurn', 'MinBurn', 'NetworksAdded', 'ParentKeys', 'SubnetAlphaIn', 'SubnetMechanism', 'SubnetTAO', 'SubnetworkN', 'Tempo', 'TotalHotkeyAlpha', 'Uids', 'ValidatorPermit', 'Weights'].map((n) => `SubtensorModule.${n}`)]
const CONSTANTS_USED = ['Aura.SlotDuration']
const APIS_USED: [string, string][] = [
  ['NeuronInfoRuntimeApi', 'get_neurons_lite'],
  ['StakeInfoRuntimeApi', 'get_stake_info_for_coldkey'],
  ['SubnetInfoRuntimeApi', 'get_all_dynamic_info'],
  ['SubnetInfoRuntimeApi', 'get_dynamic_info'],
  ['SubnetInfoRuntimeApi', 'get_metagraph'],
  ['SubnetInfoRuntimeApi', 'get_subnet_hyperparams'],
  ['SubnetInfoRuntimeApi', 'get_subnet_hyperparams_v2'],
  ['SubnetInfoRuntimeApi', 'get_subnet_hyperparams_v3'],
  ['SubnetInfoRuntimeApi', 'get_subnet_info'],
  ['SubnetInfoRuntimeApi', 'get_subnets_info'],
  ['SubnetRegistrationRuntimeApi', 'get_network_registration_cost'],
  ['SwapRuntimeApi', 'current_alpha_price'],
  ['SwapRuntimeApi', 'current_alpha_price_all'],
]
const CALLS_USED: [string, string][] = [
  ['SubtensorModule', 'batch_reveal_weights'],
  ['SubtensorModule', 'commit_timelocked_weights'],
  ['SubtensorModule', 'register_limit'],
]

const HASHERS = ['Blake2_128', 'Blake2_256', 'Blake2_128Concat', 'Twox128', 'Twox256', 'Twox64Concat', 'Identity']

let bytes: Uint8Array
let light: LightMetadata
let registry: TypeRegistry
let latest: Metadata['asLatest']

/** The light path's plain value of `type` from `data`, or `unsupported` where it steps aside to the full client. */
function lightPlain(f: () => unknown): unknown {
  try {
    return f()
  } catch (error) {
    if (error instanceof LightUnsupported) return 'unsupported'
    throw error
  }
}

const full = (type: number, data: Uint8Array): unknown => toPlain(registry.createTypeUnsafe(registry.createLookupType(type), [data]))

interface FullEntry {
  name: string
  pallet: string
  prefix: string
  optional: boolean
  hashers: string[]
  keyTypes: number[]
  value: number
  fallback: Uint8Array
}

function fullStorage(): Map<string, FullEntry> {
  const out = new Map<string, FullEntry>()
  for (const p of latest.pallets) {
    if (p.storage.isNone) continue
    const s = p.storage.unwrap()
    for (const e of s.items) {
      let hashers: string[] = []
      let keyTypes: number[] = []
      let value: number
      if (e.type.isPlain) value = e.type.asPlain.toNumber()
      else {
        const m = e.type.asMap
        hashers = m.hashers.map((h) => h.type)
        const key = m.key.toNumber()
        const def = registry.lookup.getSiType(key).def
        keyTypes = hashers.length === 1 ? [key] : def.asTuple.map((t) => t.toNumber())
        value = m.value.toNumber()
      }
      const name = `${p.name.toString()}.${e.name.toString()}`
      out.set(name, {fallback: e.fallback.toU8a(true), hashers, keyTypes, name: e.name.toString(), optional: e.modifier.isOptional, pallet: p.name.toString(), prefix: s.prefix.toString(), value})
    }
  }
  return out
}

beforeAll(() => {
  bytes = new Uint8Array(readFileSync(FILE))
  registry = new TypeRegistry()
  const metadata = new Metadata(registry, bytes)
  registry.setMetadata(metadata, undefined, SIGNED_EXTENSIONS as never)
  latest = metadata.asLatest
  light = LightMetadata.fromHex(toHex(bytes), registry.chainSS58 ?? 42)
})

describe('light metadata v16 (spec 381) against @polkadot/types', () => {
  it('reads the v16 file (magic, version 16) that @polkadot/api 16.5 fetches and caches for a v16 runtime', () => {
    expect(toHex(bytes.subarray(0, 4))).toBe('0x6d657461')
    expect(bytes[4]).toBe(16)
    // the full client's cache file is `api.runtimeMetadata.toHex()`: the same bytes, still v16
    expect(new Metadata(new TypeRegistry(), bytes).toHex()).toBe(toHex(bytes))
  })

  it('every storage entry: prefix, modifier, hashers, key types, value type and fallback', () => {
    const entries = fullStorage()
    expect(entries.size).toBeGreaterThan(300)
    for (const [name, f] of entries) {
      const l = light.storageEntry(name)
      expect(l, name).toBeDefined()
      expect({hashers: l!.keys.map((k) => k.hasher), keyTypes: l!.keys.map((k) => k.type), name: l!.name, optional: l!.optional, prefix: l!.pallet, value: l!.value}, name).toEqual({
        hashers: f.hashers,
        keyTypes: f.keyTypes,
        name: f.name,
        optional: f.optional,
        prefix: f.prefix,
        value: f.value,
      })
      expect(HASHERS).toEqual(expect.arrayContaining(l!.keys.map((k) => k.hasher)))
      expect(l!.fallback, name).toBe(toHex(f.fallback))
    }
    // nothing the light decoder has that @polkadot/types lacks, for the items it looks up
    for (const name of STORAGE_USED) expect(light.storageEntry(name) !== undefined, name).toBe(entries.has(name))
    for (const name of STORAGE_AT_381) expect(entries.has(name), name).toBe(true)
  })

  it('the storage items the light path reads: defaults decoded to the same plain data, keys encoded the same', () => {
    const entries = fullStorage()
    for (const name of STORAGE_USED) {
      const f = entries.get(name)
      if (!f) continue
      const l = light.storageEntry(name)!
      const fullValue = f.optional ? null : full(f.value, f.fallback)
      expect(light.storageValue(l, null), name).toEqual(fullValue)
      // a present value of the same bytes decodes the same way
      if (!f.optional) expect(light.storageValue(l, toHex(f.fallback)), name).toEqual(fullValue)
    }
  })

  it('storage keys built from the v16 entries equal the full client\'s', () => {
    const {query} = tx381()
    const alice = '5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY'
    const samples: [string, string, unknown[]][] = [
      ['System.Account', 'system.account', [alice]],
      ['SubtensorModule.NetworksAdded', 'subtensorModule.networksAdded', [3]],
      ['SubtensorModule.Keys', 'subtensorModule.keys', [1, 5]],
      ['SubtensorModule.Uids', 'subtensorModule.uids', [1, alice]],
      ['SubtensorModule.TotalHotkeyAlpha', 'subtensorModule.totalHotkeyAlpha', [alice, 1]],
      ['SubtensorModule.Weights', 'subtensorModule.weights', [2, 7]],
      ['SubtensorModule.Axons', 'subtensorModule.axons', [1]],
      ['SubtensorModule.SubnetTAO', 'subtensorModule.subnetTAO', [4]],
    ]
    for (const [name, decorated, args] of samples) {
      const [section, method] = decorated.split('.') as [string, string]
      const fn = query[section]![method]!
      // a full key comes length-prefixed, a prefix (fewer arguments than hashers) bare
      const whole = fn.meta.type.isPlain || args.length === fn.meta.type.asMap.hashers.length
      const key = whole ? u8aToHex(compactStripLength(fn(...args))[1]) : u8aToHex(fn.keyPrefix(...args))
      expect(light.storageKey(light.storageEntry(name)!, ...args), name).toBe(key)
    }
  })

  it('every constant decodes to the same plain data both ways (the ones the light path reads among them)', () => {
    let compared = 0
    let skipped = 0
    for (const p of latest.pallets) {
      for (const c of p.constants) {
        const name = `${p.name.toString()}.${c.name.toString()}`
        const l = lightPlain(() => light.constant(name))
        if (l === 'unsupported' && !CONSTANTS_USED.includes(name)) {
          skipped++
          continue
        }
        expect(l, name).toEqual(full(c.type.toNumber(), c.value.toU8a(true)))
        compared++
      }
    }
    expect(skipped).toBe(0)
    expect(compared).toBeGreaterThan(100)
    for (const name of CONSTANTS_USED) expect(typeof light.constant(name), name).toBe('bigint')
  })

  it('every runtime API method: input names and types, output type', () => {
    let methods = 0
    for (const api of latest.apis) {
      for (const m of api.methods) {
        const l = light.runtimeApi(api.name.toString(), m.name.toString())
        expect(l, `${api.name.toString()}_${m.name.toString()}`).toEqual({inputs: m.inputs.map((i) => ({name: i.name.toString(), type: i.type.toNumber()})), output: m.output.toNumber()})
        methods++
      }
    }
    expect(methods).toBeGreaterThan(30)
    const has = new Set(latest.apis.flatMap((a) => a.methods.map((m) => `${a.name.toString()}_${m.name.toString()}`)))
    for (const [api, method] of APIS_USED) expect(light.runtimeApi(api, method) !== undefined, `${api}_${method}`).toBe(has.has(`${api}_${method}`))
    // the output types of the ones the light path calls build into decoders (none steps aside)
    for (const [api, method] of APIS_USED) {
      const def = light.runtimeApi(api, method)
      if (def) expect(lightPlain(() => light.decoder(def.output)), `${api}_${method}`).toBeTypeOf('function')
    }
    expect(light.runtimeApi('NeuronInfoRuntimeApi', 'get_neurons_lite')).toBeDefined()
    expect(light.runtimeApi('SubnetInfoRuntimeApi', 'get_subnet_info')).toBeDefined()
  })

  it('every call of every pallet, as hasCall sees it', () => {
    for (const p of latest.pallets) {
      if (p.calls.isNone) continue
      const def = registry.lookup.getSiType(p.calls.unwrap().type).def
      for (const v of def.asVariant.variants) expect(light.hasCall(p.name.toString(), v.name.toString()), `${p.name.toString()}.${v.name.toString()}`).toBe(true)
      expect(light.hasCall(p.name.toString(), 'no_such_call')).toBe(false)
    }
    const sm = latest.pallets.find((p) => p.name.toString() === 'SubtensorModule')!
    const names = new Set(registry.lookup.getSiType(sm.calls.unwrap().type).def.asVariant.variants.map((v) => v.name.toString()))
    for (const [pallet, call] of CALLS_USED) expect(light.hasCall(pallet, call), call).toBe(names.has(call))
  })
})
