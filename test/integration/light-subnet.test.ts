/**
 * The light read path for `subnet show|hyperparameters|burn-cost|lock-cost`, `weights show|status` and
 * `miner query`'s axon lookup (src/chain/light/subnet.ts, weights.ts, axons.ts):
 * - differential: the light values equal what @polkadot/api reads at the same block, on a subnet with registered
 *   neurons, a stored name, weights, a pending commit and announced axons
 * - the real binary's output (--json and human) is the same with and without TAO_LIGHT=0, and with a warm cache
 *   loads no @polkadot/api, @polkadot/types or @polkadot/rpc-provider module (a loader hook lists them)
 * - dependent request waves with a warm cache, counted by a recording proxy
 */
import {afterAll, beforeAll, describe, expect, inject, it} from 'vitest'

import type {ApiPromise} from '@polkadot/api'
import type {KeyringPair} from '@polkadot/keyring/types'

import type {Chain} from '../../src/chain/client.js'
import type {LightChain} from '../../src/chain/light/client.js'

import {connect} from '../../src/chain/client.js'
import {lightAxons} from '../../src/chain/light/axons.js'
import {openLight} from '../../src/chain/light/client.js'
import {lightBurnCost, lightHyperparameters, lightLockCost, lightSubnetShow} from '../../src/chain/light/subnet.js'
import {lightWeightsState} from '../../src/chain/light/weights.js'
import {readAxons} from '../../src/chain/reads.js'
import {readWeightsState} from '../../src/chain/weights-reads.js'
import {burnCost, hyperparameters, lockCost, metagraph, subnetSummary} from '../../src/subnet/read.js'
import {TAO, burnedRegister, createSubnet, devApi, devKey, fund, seedPool, setAxon, setStorage, sudo, writePlainWallet} from '../helpers/dev-chain.js'
import {polkadotApi, runLogged, waves} from '../helpers/light.js'
import {runTao, tempHome} from '../helpers/run-tao.js'
import {recordingProxy} from '../helpers/ws-proxy.js'

const endpoint = inject('endpoint')

describe.skipIf(!endpoint)('the light read path for subnet, weights and axon reads on the spec-218 chain', () => {
  const home = tempHome('tao-light-subnet-')
  let full: Chain
  let light: LightChain
  let dev: ApiPromise
  let netuid = 0
  let vali: KeyringPair
  let valiUid = 0
  let rateLimitBefore = 0n
  const miners = ['//Alice//ls-miner-a', '//Alice//ls-miner-b']
  const COMMIT = '0x' + 'ab'.repeat(32)

  beforeAll(async () => {
    full = await connect({cacheDir: home.env.TAO_CACHE_DIR, endpoint})
    dev = await devApi(endpoint)
    light = await openLight({cacheDir: home.env.TAO_CACHE_DIR, endpoint})
    // a subnet of this file's own: owner, a validator (a wallet tao reads) and two miners
    const cost = ((await (dev.call as any).subnetRegistrationRuntimeApi.getNetworkRegistrationCost()) as any).toBigInt() as bigint
    await fund(dev, devKey('//Alice//ls-owner').address, cost + 1000n * TAO)
    rateLimitBefore = ((await dev.query.subtensorModule.networkRateLimit()) as any).toBigInt()
    if (rateLimitBefore !== 0n) await sudo(dev, dev.tx.adminUtils.sudoSetNetworkRateLimit(0))
    netuid = await createSubnet(dev, '//Alice//ls-owner', '//Alice//ls-owner-hot')
    await seedPool(dev, netuid, 4321n * TAO)
    vali = (await writePlainWallet(home.env.TAO_WALLET_PATH!, 'vali')).hotkeys.default!
    await fund(dev, vali.address, 1n * TAO)
    valiUid = await burnedRegister(dev, netuid, vali.address, '//Alice//ls-owner')
    const minerUids = []
    for (const m of miners) minerUids.push(await burnedRegister(dev, netuid, devKey(m).address, '//Alice//ls-owner'))
    // weights and a pending commit as the chain stores them, a name, commit-reveal on, announced axons
    await setStorage(dev, {
      SubtensorModule: {
        CommitRevealWeightsEnabled: [[[netuid], true]],
        SubnetIdentities: [[[netuid], {githubRepo: '0x', subnetContact: '0x', subnetName: '0x' + Buffer.from('light-subnet').toString('hex')}]],
        WeightCommits: [[[netuid, vali.address], [[COMMIT, 7, 9, 11]]]],
        Weights: [[[netuid, valiUid], [[minerUids[0], 65_535], [minerUids[1], 12_345]]]],
      },
    })
    await setAxon(dev, netuid, devKey(miners[0]!).address, {ip: 0x7f00_0001, port: 1})
    await setAxon(dev, netuid, devKey(miners[1]!).address, {ip: 0x7f00_0001, port: 2})
    // a network registration rate limit that is not over yet (so lock-cost shows its next block)
    await sudo(dev, dev.tx.adminUtils.sudoSetNetworkRateLimit(1000))
  })
  afterAll(async () => {
    if (dev) await sudo(dev, dev.tx.adminUtils.sudoSetNetworkRateLimit(rateLimitBefore))
    await light?.disconnect()
    await full?.disconnect()
    await dev?.disconnect()
  })

  it('subnet show: summary and neurons equal @polkadot/api’s at the same block', async () => {
    for (const n of [1, netuid]) {
      const l = await lightSubnetShow(light, n, {sort: 'stake'})
      expect(l).toBeDefined()
      const s = await subnetSummary(full, n, l!.head)
      const m = await metagraph(full, n, {sort: 'stake'}, l!.head)
      expect(l!.subnet).toEqual(s.subnet)
      expect(l!.metagraph).toEqual(m)
    }
    const mine = (await lightSubnetShow(light, netuid, {}))!
    expect(mine.subnet.name).toBe('light-subnet')
    expect(mine.metagraph.neurons.length).toBe(4)
    await expect(lightSubnetShow(light, 999, {})).rejects.toThrow(/subnet 999 does not exist/)
  })

  it('subnet hyperparameters, burn-cost and lock-cost: the light values equal @polkadot/api’s at the same block', async () => {
    const h = await lightHyperparameters(light, netuid)
    expect(h).toBeDefined()
    expect(h).toEqual(await hyperparameters(full, netuid, {hash: h!.blockHash, number: h!.block}))
    expect(h!.hyperparameters.length).toBeGreaterThan(10)
    const b = await lightBurnCost(light, netuid)
    expect(b).toEqual(await burnCost(full, netuid, {hash: b!.blockHash, number: b!.block}))
    expect(b!.burnRao).toBeGreaterThan(0n)
    expect(b!.registrationsThisInterval).toBe(3)
    const l = await lightLockCost(light)
    expect(l).toEqual(await lockCost(full, {hash: l!.blockHash, number: l!.block}))
    expect(l!.nextRegistrationBlock).toBeGreaterThan(l!.block)
    await expect(lightBurnCost(light, 999)).rejects.toThrow(/subnet 999 does not exist/)
    await expect(lightHyperparameters(light, 999)).rejects.toThrow(/subnet 999 does not exist/)
  })

  it('weights state: the light values equal @polkadot/api’s at the same block, by hotkey and by uid', async () => {
    const l = await lightWeightsState(light, netuid, {hotkey: vali.address}, {fees: true})
    expect(l).toBeDefined()
    if (!l || 'unknownUid' in l) throw new Error('expected a state')
    const {callFees, ...api} = await readWeightsState(full, netuid, vali.address, l.blockHash)
    expect(callFees).toBeDefined()
    expect(l).toEqual({...api, callFees: undefined})
    expect(l.weights.length).toBe(2)
    expect(l.commits).toEqual([{a: 7, b: 9, c: 11, hash: COMMIT}])
    expect(l.hotkeys.length).toBe(4)
    expect(l.commitReveal).toBe(true)
    const byUid = await lightWeightsState(light, netuid, {uid: valiUid}, {fees: false})
    expect(byUid).toEqual(l)
    expect(await lightWeightsState(light, netuid, {uid: 77}, {fees: false})).toEqual({n: 4, unknownUid: true})
    // a hotkey with no account: pricing the weight calls needs the full client
    expect(await lightWeightsState(light, netuid, {hotkey: devKey('//Alice//ls-nobody').address}, {fees: true})).toBeUndefined()
    await expect(lightWeightsState(light, 999, {hotkey: vali.address}, {fees: false})).rejects.toThrow(/subnet 999 does not exist/)
  })

  it('axon lookup: the light values equal @polkadot/api’s at the same block', async () => {
    const head = (await dev.rpc.chain.getHeader()).hash.toHex()
    const l = await lightAxons(light, netuid)
    expect(l).toEqual(await readAxons(full, netuid, {at: head}))
    expect(l!.axons.filter((a) => a.served).map((a) => a.axon.port)).toEqual([1, 2])
    await expect(lightAxons(light, 999)).rejects.toThrow(/subnet 999 does not exist/)
  })

  const commands = () => [
    ['subnet', 'show', String(netuid)],
    ['subnet', 'show', '1', '--sort', 'stake'],
    ['subnet', 'hyperparameters', String(netuid)],
    ['subnet', 'burn-cost', String(netuid)],
    ['subnet', 'lock-cost'],
    ['weights', 'show', String(netuid), '--wallet', 'vali', '--hotkey', 'default'],
    ['weights', 'show', String(netuid), '--uid', String(valiUid)],
    ['weights', 'show', String(netuid), '--ss58', vali.address],
    ['weights', 'status', String(netuid), '--wallet', 'vali', '--hotkey', 'default'],
  ]

  it('each command with a warm cache loads no @polkadot/api and prints exactly what the full client prints (--json and human)', async () => {
    for (const args of commands()) {
      for (const json of [true, false]) {
        const argv = [...args, '--network', endpoint, ...(json ? ['--json'] : [])]
        const on = await runLogged(argv, home.env)
        const off = await runLogged(argv, {...home.env, TAO_LIGHT: '0'})
        expect(on.stderr, argv.join(' ')).toBe('')
        expect(on.code, argv.join(' ')).toBe(0)
        expect(polkadotApi(on.modules), argv.join(' ')).toEqual([])
        expect(polkadotApi(off.modules).length, argv.join(' ')).toBeGreaterThan(0)
        expect(on.stdout, argv.join(' ')).toBe(off.stdout)
        expect(off.code).toBe(0)
      }
    }
  })

  it('bad input is refused the same way on both paths', async () => {
    for (const args of [
      ['subnet', 'show', '999'],
      ['subnet', 'burn-cost', '999'],
      ['subnet', 'hyperparameters', '999'],
      ['weights', 'show', String(netuid), '--uid', '77'],
      ['weights', 'show', '999', '--ss58', vali.address],
    ]) {
      const argv = [...args, '--network', endpoint]
      const on = await runTao(argv, {env: home.env})
      const off = await runTao(argv, {env: {...home.env, TAO_LIGHT: '0'}})
      expect(on.code, argv.join(' ')).toBe(2)
      expect([on.code, on.stdout, on.stderr]).toEqual([off.code, off.stdout, off.stderr])
    }
  })

  it('miner query: the axons looked up through the light path are the ones the full client finds', async () => {
    const argv = ['miner', 'query', '--network', endpoint, '--netuid', String(netuid), '--synapse', 'Dummy', '--body', '{"dummy_input": 1}', '--timeout', '2', '-w', 'vali', '--json']
    const on = await runLogged(argv, home.env)
    const off = await runLogged(argv, {...home.env, TAO_LIGHT: '0'})
    expect(polkadotApi(on.modules)).toEqual([])
    expect(polkadotApi(off.modules).length).toBeGreaterThan(0)
    const lookup = (j: any) => ({
      netuid: j.netuid,
      notServing: j.notServing,
      queried: j.queried,
      rows: j.results.map((r: any) => [r.uid, r.hotkey, r.ip, r.port, r.status, r.failure]),
      source: j.source,
    })
    expect(on.code).toBe(off.code)
    expect(lookup(on.json)).toEqual(lookup(off.json))
    expect(on.json.queried).toBe(2)
    expect(on.json.notServing.length).toBe(2)
    expect(on.json.results.map((r: any) => r.port).sort()).toEqual([1, 2])
  })

  it('dependent request waves with a warm cache: without a read plan 2 for burn-cost, lock-cost and hyperparameters, 3 for subnet show (names in storage), weights and the axon lookup; with last run\'s plan 2 for all, and the same output', async () => {
    const expected: [string[], number, number][] = [
      [['subnet', 'burn-cost', String(netuid)], 2, 0],
      [['subnet', 'lock-cost'], 2, 0],
      [['subnet', 'hyperparameters', String(netuid)], 2, 0],
      [['subnet', 'show', String(netuid)], 3, 0],
      [['weights', 'show', String(netuid), '--ss58', vali.address], 3, 0],
      [['weights', 'show', String(netuid), '--uid', String(valiUid)], 3, 0],
      [['weights', 'status', String(netuid), '--wallet', 'vali', '--hotkey', 'default'], 3, 0],
      // exit 6: the announced axons refuse the connection
      [['miner', 'query', '--netuid', String(netuid), '--synapse', 'Dummy', '--body', '{}', '--timeout', '2', '-w', 'vali'], 3, 6],
    ]
    const counted = async (args: string[], env: Record<string, string>) => {
      const proxy = await recordingProxy(endpoint)
      try {
        const r = await runTao([...args, '--network', proxy.url, '--json'], {env})
        expect(new Set(proxy.log.map((e) => e.conn)), args.join(' ')).toEqual(new Set([0]))
        // the output names the endpoint, which is this proxy's own
        return {...r, stdout: r.stdout.replaceAll(proxy.url, '<endpoint>'), waves: waves(proxy.log)}
      } finally {
        await proxy.close()
      }
    }
    for (const [args, n, code] of expected) {
      const none = await counted(args, {...home.env, TAO_READ_PLAN: '0'})
      expect(none.code, args.join(' ')).toBe(code)
      expect(none.waves, args.join(' ')).toBe(n)
      // the first run with plans on learns it (its waves are the plan-less ones); the next run uses it
      await counted(args, home.env)
      const planned = await counted(args, home.env)
      expect(planned.code, args.join(' ')).toBe(code)
      expect(planned.waves, args.join(' ')).toBe(2)
      if (args[0] !== 'miner') expect(planned.stdout, args.join(' ')).toBe(none.stdout)
    }
  })

  it('a read plan learned before a neuron registered still shows it (read in one more wave), and then learns it', async () => {
    const args = ['subnet', 'show', String(netuid)]
    const count = async () => {
      const proxy = await recordingProxy(endpoint)
      try {
        const r = await runTao([...args, '--network', proxy.url, '--json'], {env: home.env})
        expect(r.code, r.stderr).toBe(0)
        return {json: JSON.parse(r.stdout), stdout: r.stdout, waves: waves(proxy.log)}
      } finally {
        await proxy.close()
      }
    }
    await count() // the plan knows the neurons as they are
    const late = devKey('//Alice//ls-miner-late')
    await burnedRegister(dev, netuid, late.address, '//Alice//ls-owner')
    const stale = await count()
    const none = await runTao([...args, '--network', endpoint, '--json'], {env: {...home.env, TAO_READ_PLAN: '0'}})
    expect(stale.stdout).toBe(none.stdout)
    expect(JSON.stringify(stale.json)).toContain(late.address)
    expect(stale.waves).toBe(3)
    expect((await count()).waves).toBe(2)
  })
})
