/**
 * The subnet reads on a runtime whose runtime APIs are typed (spec 381 metadata), against a fake node that
 * answers `state_call` with values encoded by that runtime's own types. Checks that the typed path (not the
 * 218 raw-bytes path) is chosen from metadata and decodes to the same domain results.
 */
import {Metadata, TypeRegistry, expandMetadata} from '@polkadot/types'
import {compactStripLength, u8aToHex} from '@polkadot/util'
import {readFileSync} from 'node:fs'
import path from 'node:path'
import {describe, expect, it} from 'vitest'

import type {Chain} from '../../../src/chain/client.js'

import {runtimeApiMethod} from '../../../src/chain/runtime-api.js'
import {hyperparameters, listSubnets, metagraph, subnetSummary} from '../../../src/subnet/read.js'
import {SHARED} from '../../helpers/paths.js'

const A = '5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY'
const B = '5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty'
const HASH = '0x' + '11'.repeat(32)

function fakeChain381(replies: Record<string, unknown>, storage: (key: string) => string | null = () => '0x01') {
  const registry = new TypeRegistry()
  const metadata = new Metadata(registry, new Uint8Array(readFileSync(path.join(SHARED, 'chain', 'subtensor-spec381.metadata.scale'))))
  registry.setMetadata(metadata)
  const storageEntries = expandMetadata(registry, metadata).query as any
  const query: any = {}
  for (const [section, items] of Object.entries(storageEntries)) {
    query[section] = {}
    for (const [name, entry] of Object.entries(items as any)) {
      query[section][name] = {
        creator: entry,
        key: (...args: unknown[]) => u8aToHex(compactStripLength((entry as any)(...args))[1]),
        keyPrefix: (...args: unknown[]) => u8aToHex((entry as any).keyPrefix(...args)),
      }
    }
  }
  const calls: string[] = []
  const send = async (method: string, params: any[]) => {
    if (method === 'state_call') {
      const [name] = params as [string]
      calls.push(name)
      const [api, ...rest] = name.split('_')
      const m = runtimeApiMethod(registry, api!, rest.join('_'))
      if (!m || !(name in replies)) throw new Error(`unexpected state_call ${name}`)
      return u8aToHex(registry.createType(m.output, replies[name]).toU8a()) // Option.toHex() drops the Some byte
    }
    if (method === 'state_queryStorageAt') return [{block: HASH, changes: (params[0] as string[]).map((k) => [k, storage(k)])}]
    if (method === 'state_getKeysPaged') return []
    throw new Error(`unexpected ${method}`)
  }
  const api = {
    _rpcCore: {provider: {send}},
    query,
    registry,
    rpc: {chain: {getHeader: async () => ({hash: {toHex: () => HASH}, number: {toNumber: () => 500}, parentHash: {toHex: () => HASH}})}},
    tx: {},
  }
  return {calls, chain: {api, endpoint: 'fake', timeoutMs: 5000} as unknown as Chain}
}

const dyn = (netuid: number) => ({
  alphaIn: 2_000_000_000_000n,
  emission: 1n,
  netuid,
  networkRegisteredAt: 42,
  ownerColdkey: A,
  ownerHotkey: B,
  subnetName: [...Buffer.from(`sn${netuid}`)],
  taoIn: 1_000_000_000_000n,
  taoInEmission: 7_000_000n,
  tempo: 360,
  tokenSymbol: [...Buffer.from('β')],
})
const info = (netuid: number) => ({burn: 500_000n, maxAllowedUids: 256, netuid, owner: A, subnetworkN: 2, tempo: 360})

describe('subnet reads on a typed runtime (spec 381 metadata)', () => {
  it('list: typed dynamic info and subnet info, names from DynamicInfo, price from SwapRuntimeApi, no storage listing', async () => {
    const {calls, chain} = fakeChain381({
      SubnetInfoRuntimeApi_get_all_dynamic_info: [dyn(0), dyn(3)],
      SubnetInfoRuntimeApi_get_subnets_info: [info(0), null, info(3)],
      SwapRuntimeApi_current_alpha_price_all: [{netuid: 0, price: 1_000_000_000n}, {netuid: 3, price: 512_345_678n}],
    })
    const list = await listSubnets(chain)
    expect(list.block).toBe(500)
    expect(list.subnets.map((s) => s.netuid)).toEqual([0, 3])
    expect(list.subnets[1]).toMatchObject({
      burnRao: 500_000n,
      emissionRao: 7_000_000n,
      maxNeurons: 256,
      name: 'sn3',
      neurons: 2,
      owner: A,
      ownerHotkey: B,
      priceRao: 512_345_678n,
      registeredAt: 42,
      symbol: 'β',
      taoInRao: 1_000_000_000_000n,
      tempo: 360,
    })
    expect(calls.sort()).toEqual(['SubnetInfoRuntimeApi_get_all_dynamic_info', 'SubnetInfoRuntimeApi_get_subnets_info', 'SwapRuntimeApi_current_alpha_price_all'])
  })

  it('show: one subnet; a missing one is exit 2', async () => {
    const {chain} = fakeChain381({
      SubnetInfoRuntimeApi_get_dynamic_info: dyn(3),
      SubnetInfoRuntimeApi_get_subnet_info: info(3),
      SwapRuntimeApi_current_alpha_price_all: [],
    })
    const s = await subnetSummary(chain, 3)
    expect(s.subnet).toMatchObject({name: 'sn3', ownerHotkey: B, priceRao: 500_000_000n})
    const {chain: empty} = fakeChain381({
      SubnetInfoRuntimeApi_get_dynamic_info: null,
      SubnetInfoRuntimeApi_get_subnet_info: null,
      SwapRuntimeApi_current_alpha_price_all: [],
    })
    await expect(subnetSummary(empty, 9)).rejects.toMatchObject({code: 'SubnetNotFound', exitCode: 2})
  })

  it('metagraph: get_metagraph (one call) is chosen over get_neurons_lite', async () => {
    const {calls, chain} = fakeChain381({
      SubnetInfoRuntimeApi_get_metagraph: {
        active: [true, true],
        axons: [{block: 1, ip: 0x08080808, ipType: 4, port: 8091, protocol: 4, version: 7}, {}],
        blockAtRegistration: [10, 20],
        coldkeys: [A, A],
        consensus: [0, 65_535],
        dividends: [65_535, 0],
        emission: [100, 200],
        hotkeys: [A, B],
        incentives: [0, 65_535],
        lastUpdate: [11, 21],
        netuid: 3,
        pruningScore: [1, 2],
        rank: [0, 0],
        totalStake: [5_000_000_000n, 0],
        trust: [0, 0],
        validatorPermit: [true, false],
      },
    })
    const m = await metagraph(chain, 3, {sort: 'stake'})
    expect(m.source).toBe('get_metagraph')
    expect(calls).toEqual(['SubnetInfoRuntimeApi_get_metagraph'])
    expect(m.neurons.map((n) => [n.uid, n.hotkey, n.stakeRao, n.blockAtRegistration, n.axon?.ip ?? null])).toEqual([
      [0, A, 5_000_000_000n, 10, '8.8.8.8'],
      [1, B, 0n, 20, null],
    ])
    const {chain: gone} = fakeChain381({SubnetInfoRuntimeApi_get_metagraph: null}, () => null)
    await expect(metagraph(gone, 9)).rejects.toMatchObject({code: 'SubnetNotFound'})
  })

  it('hyperparameters: the newest method the runtime has (v2 at 381), with its extra fields', async () => {
    const {calls, chain} = fakeChain381({
      SubnetInfoRuntimeApi_get_subnet_hyperparams_v2: {alphaSigmoidSteepness: {bits: 4_294_967_296n * 2n}, commitRevealPeriod: 1, kappa: 32_767, subnetIsActive: true, tempo: 360, yumaVersion: 3},
    })
    const h = await hyperparameters(chain, 3)
    expect(calls).toEqual(['SubnetInfoRuntimeApi_get_subnet_hyperparams_v2'])
    expect(h.source).toBe('get_subnet_hyperparams_v2')
    expect(h.hyperparameters).toHaveLength(33)
    const by = Object.fromEntries(h.hyperparameters.map((x) => [x.name, x]))
    expect(by.alpha_sigmoid_steepness!.human).toBe('2')
    expect(by.subnet_is_active!.value).toBe(true)
    expect(by.commit_reveal_period!.human).toBe('1 epoch')
  })
})

describe('stake weights (the chain formula over storage, spec 218)', () => {
  it('alpha + TAO × tao_weight in the runtime fixed point, with child/parent inheritance', async () => {
    const {inheritedStake, stakeWeightTotal, taoWeightFixed} = await import('../../../src/chain/reads.js')
    const U64 = (1n << 64n) - 1n
    expect(taoWeightFixed(U64)).toBe(1n << 32n)
    expect(stakeWeightTotal(89_160_000_000n, 0n, 3_320_413_933_267_719_290n)).toBe(89_160_000_000n)
    // 0.18 × 100 TAO, truncated to 32 fractional bits first (I96F32), then to a whole rao
    const w = taoWeightFixed(3_320_413_933_267_719_290n)
    expect(stakeWeightTotal(5n, 100_000_000_000n, 3_320_413_933_267_719_290n)).toBe(5n + (100_000_000_000n * w) / (1n << 32n))
    expect(inheritedStake(1000n, [], [])).toBe(1000n)
    expect(inheritedStake(1000n, [U64 / 2n], [])).toBe(500n)
    expect(inheritedStake(0n, [], [[U64, 700n]])).toBe(700n)
  })

  it('metagraph on 381: alpha, TAO and total stake from get_metagraph, TaoWeight from storage', async () => {
    // TaoWeight (plain at 381) holds 42; NetworksAdded true
    let taoKey = ''
    const {chain} = fakeChain381(
      {SubnetInfoRuntimeApi_get_metagraph: {alphaStake: [7n, 0n], hotkeys: [A, B], netuid: 3, taoStake: [11n, 2n], totalStake: [9n, 1n]}},
      (k) => (k === taoKey ? '0x2a' + '00'.repeat(7) : '0x01'),
    )
    taoKey = (chain.api.query as any).subtensorModule.taoWeight.key()
    const m = await metagraph(chain, 3)
    expect(m.stakeSource).toBe('get_metagraph')
    expect(m.neurons.map((n) => [n.alphaStakeRao, n.taoStakeRao, n.stakeRao])).toEqual([
      [7n, 11n, 9n],
      [0n, 2n, 1n],
    ])
    expect(m.taoWeightRaw).toBe(42n)
  })
})
