/**
 * The light read path (src/chain/light/): plain JSON-RPC with the cached metadata, no @polkadot/api.
 * - differential: for every read moved to it, the values equal what @polkadot/api reads at the same block
 * - the read commands do not import @polkadot/api (a loader hook lists what the process loaded), while a cold
 *   cache still goes through the full client and says so (`metadataSource: network`)
 * - at most 2 dependent request waves with a warm cache (a recording proxy counts them)
 */
import {afterAll, beforeAll, describe, expect, inject, it} from 'vitest'

import type {ApiPromise} from '@polkadot/api'

import type {Chain} from '../../src/chain/client.js'
import type {LightChain} from '../../src/chain/light/client.js'

import {connect} from '../../src/chain/client.js'
import {chainInfo} from '../../src/chain/info.js'
import {openLight} from '../../src/chain/light/client.js'
import {lightChainInfo} from '../../src/chain/light/info.js'
import {lightWalletBalances} from '../../src/chain/light/balances.js'
import {lightMetagraph} from '../../src/chain/light/metagraph.js'
import {lightListSubnets} from '../../src/chain/light/subnets.js'
import {walletBalances} from '../../src/chain/reads.js'
import {arrangeNeurons, listSubnets, metagraph, subnetMissing} from '../../src/subnet/read.js'
import {TAO, allowSubnetRegistration, createSubnet, devApi, devKey, fund, seedPool, send, setStorage} from '../helpers/dev-chain.js'
import {polkadotApi, runLogged, waves} from '../helpers/light.js'
import {runTao, tempHome} from '../helpers/run-tao.js'
import {recordingProxy} from '../helpers/ws-proxy.js'

const endpoint = inject('endpoint')

describe.skipIf(!endpoint)('the light read path on the spec-218 chain', () => {
  const home = tempHome('tao-light-')
  let full: Chain
  let light: LightChain
  let dev: ApiPromise
  let netuid = 0

  beforeAll(async () => {
    // the full client fills the metadata cache the light path reads
    full = await connect({cacheDir: home.env.TAO_CACHE_DIR, endpoint})
    dev = await devApi(endpoint)
    light = await openLight({cacheDir: home.env.TAO_CACHE_DIR, endpoint})
  })
  afterAll(async () => {
    await light?.disconnect()
    await full?.disconnect()
    await dev?.disconnect()
  })

  it('chain info: the light values equal @polkadot/api’s', async () => {
    const fromLight = await lightChainInfo(light)
    const fromApi = await chainInfo(full)
    expect(fromLight).toBeDefined()
    expect(fromLight).toEqual({...fromApi, metadataSource: 'cache'})
    // and the identity, field by field, against the API's registry and runtime
    const id = await light.identity
    expect(id.genesisHash).toBe(full.api.genesisHash.toHex())
    expect(id.specVersion).toBe(full.api.runtimeVersion.specVersion.toNumber())
    expect(id.specName).toBe(full.api.runtimeVersion.specName.toString())
    expect(id.metadataHex).toBe(full.api.runtimeMetadata.toHex())
  })

  it('subnet list: the light values equal @polkadot/api’s at the same block, names and symbols from storage included', async () => {
    // a subnet of this test's own, with a name and a symbol in storage (how spec 218 keeps them) and a seeded pool
    const cost = ((await (dev.call as any).subnetRegistrationRuntimeApi.getNetworkRegistrationCost()) as any).toBigInt() as bigint
    await fund(dev, devKey('//Alice//light-owner').address, cost + 1000n * TAO)
    await allowSubnetRegistration(dev)
    netuid = await createSubnet(dev, '//Alice//light-owner', '//Alice//light-owner-hot')
    await seedPool(dev, netuid, 1234n * TAO)
    const q = full.api.query.subtensorModule as any
    const identityType = full.api.registry.createLookupType(q.subnetIdentities.creator.meta.type.asMap.value)
    const identity = full.api.registry.createType(identityType, {githubRepo: 'https://example.invalid/light', subnetContact: 'light@example.invalid', subnetName: 'light-ünïcode'})
    await setStorage(dev, {SubtensorModule: {SubnetIdentities: [[[netuid], identity.toJSON()]], TokenSymbol: [[[netuid], '0x08' + Buffer.from('λ').toString('hex')]]}})

    const fromLight = await lightListSubnets(light)
    const fromApi = await listSubnets(full, {hash: fromLight!.blockHash, number: fromLight!.block})
    expect(fromLight).toEqual({...fromApi, pinned: false})
    const mine = fromLight!.subnets.find((s) => s.netuid === netuid)!
    expect(mine.name).toBe('light-ünïcode')
    expect(mine.symbol).toBe('λ')
    expect(mine.taoInRao).toBe(1234n * TAO)
    expect(fromLight!.subnets.length).toBeGreaterThanOrEqual(3)
  })

  it('tao subnet list with a warm cache loads no @polkadot/api and shows what the full client reads', async () => {
    const r = await runLogged(['subnet', 'list', '--network', endpoint, '--json'], home.env)
    expect(r.code).toBe(0)
    expect(r.stderr).toBe('')
    expect(polkadotApi(r.modules)).toEqual([])
    const fromApi = await listSubnets(full, {hash: r.json.blockHash, number: r.json.block})
    expect(r.json.subnets.map((s: {netuid: number; name: string | null; taoInRao: string}) => [s.netuid, s.name, s.taoInRao])).toEqual(
      fromApi.subnets.map((s) => [s.netuid, s.name, s.taoInRao === null ? null : String(s.taoInRao)]),
    )
  })

  it('wallet balance: the light values equal @polkadot/api’s, a coldkey staked on a subnet included', async () => {
    expect(netuid).toBeGreaterThan(0)
    const owner = devKey('//Alice//light-owner')
    const hot = devKey('//Alice//light-owner-hot').address
    const staked = await send(dev, (dev.tx.subtensorModule as any).addStake(hot, netuid, 10n * TAO), owner)
    expect(staked.error).toBeUndefined()
    const accounts = [
      {address: owner.address, wallet: 'owner'},
      {address: devKey('//Alice').address, wallet: null},
      {address: devKey('//Alice//light-nobody').address, wallet: 'nobody'},
    ]
    const fromLight = await lightWalletBalances(light, accounts)
    expect(fromLight).toBeDefined()
    const fromApi = await walletBalances(full, accounts)
    expect(fromLight!.balances).toEqual(fromApi)
    expect(fromLight!.specVersion).toBe(218)
    expect(fromLight!.balances[0]!.stakedRao).toBeGreaterThan(0n)
    expect(fromLight!.balances[2]!.totalRao).toBe(0n)

    const r = await runLogged(['wallet', 'balance', '--ss58', owner.address, '--network', endpoint, '--json'], home.env)
    expect(r.code).toBe(0)
    expect(r.stderr).toBe('')
    expect(polkadotApi(r.modules)).toEqual([])
    expect(r.json.balances[0].stakedRao).toBe(String(fromApi[0]!.stakedRao))
    expect(r.json.balances[0].freeRao).toBe(String(fromApi[0]!.freeRao))
  })

  it('subnet metagraph: the light values equal @polkadot/api’s at the same block (stake columns from storage included)', async () => {
    expect(netuid).toBeGreaterThan(0)
    for (const n of [1, netuid]) {
      const fromLight = await lightMetagraph(light, n, (neurons) => arrangeNeurons(neurons, {}), subnetMissing)
      expect(fromLight).toBeDefined()
      const fromApi = await metagraph(full, n, {}, {hash: fromLight!.blockHash, number: fromLight!.block})
      expect(fromLight).toEqual(fromApi)
      expect(fromLight!.neurons.length).toBeGreaterThan(0)
    }
    // the staked owner hotkey carries the stake the test added
    const mine = await lightMetagraph(light, netuid, (neurons) => arrangeNeurons(neurons, {sort: 'stake'}), subnetMissing)
    expect(mine!.neurons[0]!.alphaStakeRao).toBeGreaterThan(0n)
    await expect(lightMetagraph(light, 999, (x) => x, subnetMissing)).rejects.toThrow(/subnet 999 does not exist/)

    const r = await runLogged(['subnet', 'metagraph', String(netuid), '--network', endpoint, '--json'], home.env)
    expect(r.code).toBe(0)
    expect(r.stderr).toBe('')
    expect(polkadotApi(r.modules)).toEqual([])
    expect(r.json.neurons.map((x: {uid: number; stakeRao: string}) => [x.uid, x.stakeRao])).toEqual(mine!.neurons.map((x) => [x.uid, String(x.stakeRao)]).sort((a, b) => Number(a[0]) - Number(b[0])))
  })

  it('without cached metadata the light path steps aside (the full client downloads and caches it)', async () => {
    const cold = tempHome('tao-light-cold-')
    const l = await openLight({cacheDir: cold.env.TAO_CACHE_DIR, endpoint})
    try {
      expect(await lightChainInfo(l)).toBeUndefined()
    } finally {
      await l.disconnect()
    }
    const r = await runLogged(['chain', 'info', '--network', endpoint, '--json'], cold.env)
    expect(r.code).toBe(0)
    expect(r.json.metadataSource).toBe('network')
    // the fallback is the full client: the hook sees @polkadot/api (so the check below can fail)
    expect(polkadotApi(r.modules).length).toBeGreaterThan(0)
  })

  it('tao chain info with a warm cache loads no @polkadot/api and shows the same as the full client', async () => {
    const r = await runLogged(['chain', 'info', '--network', endpoint, '--json'], home.env)
    expect(r.code).toBe(0)
    expect(r.modules.length).toBeGreaterThan(0)
    expect(r.stderr).toBe('')
    expect(polkadotApi(r.modules)).toEqual([])
    expect(r.json).toEqual({...JSON.parse(JSON.stringify(await chainInfo(full))), metadataSource: 'cache'})
    // TAO_LIGHT=0: the full client, the same output
    const off = await runLogged(['chain', 'info', '--network', endpoint, '--json'], {...home.env, TAO_LIGHT: '0'})
    expect(off.code).toBe(0)
    expect(polkadotApi(off.modules).length).toBeGreaterThan(0)
    expect(off.json).toEqual(r.json)
  })

  it('tao chain info makes at most 2 dependent request waves with a warm cache', async () => {
    const proxy = await recordingProxy(endpoint)
    try {
      const r = await runTao(['chain', 'info', '--network', proxy.url, '--json'], {env: home.env})
      expect(r.code).toBe(0)
      expect(proxy.methods).toContain('chain_getFinalizedHead')
      expect(new Set(proxy.log.map((e) => e.conn))).toEqual(new Set([0]))
      expect(waves(proxy.log)).toBeLessThanOrEqual(2)
    } finally {
      await proxy.close()
    }
  })

  it('subnet metagraph, subnet list and wallet balance: 2 dependent waves with last run\'s read plan (3 for the metagraph without), the same output', async () => {
    const counted = async (args: string[], env: Record<string, string>) => {
      const proxy = await recordingProxy(endpoint)
      try {
        const r = await runTao([...args, '--network', proxy.url, '--json'], {env})
        expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(0)
        // the output names the endpoint, which is this proxy's own
        return {...r, stdout: r.stdout.replaceAll(proxy.url, '<endpoint>'), waves: waves(proxy.log)}
      } finally {
        await proxy.close()
      }
    }
    for (const [args, without] of [
      [['subnet', 'metagraph', String(netuid)], 3],
      [['subnet', 'list'], 3],
      // a coldkey staked on a subnet other than root: its pool is a third wave without a plan
      [['wallet', 'balance', '--ss58', devKey('//Alice//light-owner').address], 3],
    ] as [string[], number][]) {
      const none = await counted(args, {...home.env, TAO_READ_PLAN: '0'})
      expect(none.waves, args.join(' ')).toBeLessThanOrEqual(without)
      await counted(args, home.env)
      const planned = await counted(args, home.env)
      expect(planned.waves, args.join(' ')).toBeLessThanOrEqual(2)
      expect(planned.stdout, args.join(' ')).toBe(none.stdout)
    }
  })
})
