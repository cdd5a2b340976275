/**
 * The light read path for `wallet overview`, `stake list`, `delegate list` (and `wallet balance --ss58`'s address
 * check), on the spec-218 chain with values that are not trivially empty: a validator wallet with two hotkeys
 * registered on two subnets (one a child of the other), a take set, nominators staking on several subnets.
 * - differential: what the light readers decode equals what @polkadot/api (the full client) reads at the same block
 * - the real binary prints the same (--json and human output) with and without TAO_LIGHT=0
 * - with a warm cache none of them loads @polkadot/api, @polkadot/types or @polkadot/rpc-provider
 * - the dependent request waves stay what docs/performance.md says (a recording proxy counts them)
 */
import {afterAll, beforeAll, describe, expect, inject, it} from 'vitest'

import type {ApiPromise} from '@polkadot/api'
import type {KeyringPair} from '@polkadot/keyring/types'

import type {Chain} from '../../src/chain/client.js'
import type {LightChain} from '../../src/chain/light/client.js'
import type {TaoClient} from '../../src/client.js'

import {connect} from '../../src/chain/client.js'
import {openLight} from '../../src/chain/light/client.js'
import {lightListDelegates} from '../../src/chain/light/delegates.js'
import {lightListStakes} from '../../src/chain/light/stake-list.js'
import {createClient} from '../../src/client.js'
import {overview} from '../../src/services/wallet/overview.js'
import {listDelegates} from '../../src/stake/delegates.js'
import {listStakes} from '../../src/stake/list.js'
import {TAO, allowSubnetRegistration, bestBlock, createSubnet, devApi, devKey, fund, seedPool, send, setStorage, writePlainWallet} from '../helpers/dev-chain.js'
import {polkadotApi, runLogged, waves} from '../helpers/light.js'
import {runTao, tempHome} from '../helpers/run-tao.js'
import {recordingProxy} from '../helpers/ws-proxy.js'

const endpoint = inject('endpoint')

describe.skipIf(!endpoint)('the light read path for wallet overview, stake list and delegate list (spec 218)', () => {
  const home = tempHome('tao-light-wallet-')
  const env = {...home.env, TAO_NETWORK: endpoint}
  let full: Chain
  let light: LightChain
  let dev: ApiPromise
  let V: {coldkey: KeyringPair; hotkeys: Record<string, KeyringPair>}
  let N: {coldkey: KeyringPair; hotkeys: Record<string, KeyringPair>}
  const nominator2 = devKey('//Alice//light-wallet-nominator-2')
  let val: string
  let val2: string
  const subnets: number[] = []

  beforeAll(async () => {
    dev = await devApi(endpoint)
    await allowSubnetRegistration(dev)
    V = await writePlainWallet(home.env.TAO_WALLET_PATH!, 'V', ['val', 'val2'])
    N = await writePlainWallet(home.env.TAO_WALLET_PATH!, 'N', ['default'])
    val = V.hotkeys.val!.address
    val2 = V.hotkeys.val2!.address
    await fund(dev, V.coldkey.address, 100n * TAO)
    await fund(dev, N.coldkey.address, 1000n * TAO)
    await fund(dev, nominator2.address, 1000n * TAO)
    const cost = ((await (dev.call as any).subnetRegistrationRuntimeApi.getNetworkRegistrationCost()) as any).toBigInt() as bigint
    await fund(dev, devKey('//Alice//light-wallet-owner').address, 2n * cost + 1000n * TAO)
    for (let i = 0; i < 2; i++) {
      const netuid = await createSubnet(dev, '//Alice//light-wallet-owner', `//Alice//light-wallet-owner-hot-${i}`)
      await seedPool(dev, netuid, BigInt(2000 + 1000 * i) * TAO)
      subnets.push(netuid)
      for (const hk of [val, val2]) {
        const reg = await send(dev, dev.tx.subtensorModule.burnedRegister(netuid, hk), V.coldkey)
        expect(reg.error, `burned_register on ${netuid}`).toBeUndefined()
      }
    }
    // V's validator sets a take (10%): a delegate with a `Delegates` entry; val2 stays without one
    const take = await send(dev, (dev.tx.subtensorModule as any).decreaseTake(val, 6554), V.coldkey)
    expect(take.error).toBeUndefined()
    // nominators: N on both subnets and root-free, nominator2 on the first; V itself on the second through val2
    for (const [who, hk, netuid, amount] of [
      [N.coldkey, val, subnets[0]!, 40n],
      [N.coldkey, val, subnets[1]!, 25n],
      [N.coldkey, val2, subnets[1]!, 5n],
      [nominator2, val, subnets[0]!, 70n],
      [V.coldkey, val2, subnets[1]!, 3n],
    ] as const) {
      const r = await send(dev, (dev.tx.subtensorModule as any).addStake(hk, netuid, amount * TAO), who)
      expect(r.error, `add_stake ${amount} on ${netuid}`).toBeUndefined()
    }
    // val2 is a child of val on the first subnet (half of val's stake weight), so the parents' wave is exercised
    const half = ((1n << 64n) - 1n) / 2n
    await setStorage(dev, {
      SubtensorModule: {
        ChildKeys: [[[val, subnets[0]!], [[half.toString(), val2]]]],
        ParentKeys: [[[val2, subnets[0]!], [[half.toString(), val]]]],
      },
    })
    // the full client fills the metadata cache the light path reads
    full = await connect({cacheDir: home.env.TAO_CACHE_DIR, endpoint})
    light = await openLight({cacheDir: home.env.TAO_CACHE_DIR, endpoint})
  }, 240_000)

  afterAll(async () => {
    await light?.disconnect()
    await full?.disconnect()
    await dev?.disconnect()
  })

  it('stake list: the light values equal @polkadot/api’s at the same block (several subnets, a filter)', async () => {
    for (const o of [{coldkey: N.coldkey.address}, {coldkey: nominator2.address}, {coldkey: V.coldkey.address}, {coldkey: N.coldkey.address, netuid: subnets[1]}]) {
      const fromLight = await lightListStakes(light, o)
      expect(fromLight).toBeDefined()
      const fromApi = await listStakes(full, o)
      expect(fromLight!.blockHash).toBe(fromApi.blockHash)
      expect(fromLight).toEqual(fromApi)
    }
    const n = (await lightListStakes(light, {coldkey: N.coldkey.address}))!
    expect(n.stakes.map((s) => [s.netuid, s.hotkey])).toEqual([
      [subnets[0], val],
      [subnets[1], val],
      [subnets[1], val2],
    ])
    expect(n.stakes.every((s) => s.stakeAlphaRao > 0n && s.sellValueRao > 0n && s.priceSource === 'pool-reserves')).toBe(true)
    // an account with no stake at all: the same (empty) answer both ways
    const none = {coldkey: devKey('//Alice//light-wallet-nobody').address}
    expect(await lightListStakes(light, none)).toEqual(await listStakes(full, none))
  })

  it('delegate list: the light values equal @polkadot/api’s at the same block (take, nominators, stake per subnet)', async () => {
    for (const o of [{}, {netuid: subnets[0]}, {netuid: subnets[1]}]) {
      const fromLight = await lightListDelegates(light, o)
      expect(fromLight).toBeDefined()
      const fromApi = await listDelegates(full, o)
      expect(fromLight!.blockHash).toBe(fromApi.blockHash)
      expect(fromLight).toEqual(fromApi)
    }
    const d = (await lightListDelegates(light, {netuid: subnets[0]}))!
    const v = d.delegates.find((x) => x.hotkey === val)!
    expect(v).toMatchObject({owner: V.coldkey.address, take: 6554, takeSet: true})
    expect(v.nominators).toBeGreaterThanOrEqual(2)
    expect(v.stakes.map((s) => s.netuid)).toEqual(expect.arrayContaining(subnets))
    // val2 never set a take: listed on its subnet with the chain's default take
    const v2 = d.delegates.find((x) => x.hotkey === val2)!
    expect(v2.takeSet).toBe(false)
    expect(v2.take).toBe(((await dev.query.subtensorModule.delegates(val2)) as any).toNumber())
  })

  it('wallet overview: the light result equals the full client’s (registrations, stake columns with a parent, stakes)', async () => {
    const head = await bestBlock(dev)
    const viaLight = createClient({cacheDir: home.env.TAO_CACHE_DIR, dataDir: home.env.TAO_DATA_DIR, network: endpoint})
    const viaFull: TaoClient = {...createClient({cacheDir: home.env.TAO_CACHE_DIR, dataDir: home.env.TAO_DATA_DIR, network: endpoint}), light: undefined}
    const ui = {warn() {}} as never
    try {
      for (const o of [{all: true, wallet: {name: 'V', path: home.env.TAO_WALLET_PATH!}}, {wallet: {name: 'N', path: home.env.TAO_WALLET_PATH!}}] as const) {
        const a = await overview(viaLight, o as never, ui)
        const b = await overview(viaFull, o as never, ui)
        expect(a).toEqual(b)
      }
      expect(viaFull.connected()).toBe(true)
      const r = await overview(viaLight, {wallet: {name: 'V', path: home.env.TAO_WALLET_PATH!}} as never, ui)
      // the light client answered: it never opened the full one
      expect(viaLight.connected()).toBe(false)
      const w = r.wallets[0]!
      const hv = w.hotkeys.find((h) => h.address === val)!
      const hv2 = w.hotkeys.find((h) => h.address === val2)!
      expect(hv.registrations.map((x) => x.netuid)).toEqual(subnets)
      expect(hv.owner).toBe(V.coldkey.address)
      // val2 inherits half of val's alpha on the first subnet (its parent)
      const r0 = hv2.registrations.find((x) => x.netuid === subnets[0])!
      expect(r0.alphaStakeRao).toBeGreaterThan(0n)
      expect(r0.alphaStakeRao).toBeGreaterThan(r0.totalAlphaRao!)
      expect(hv2.stakes.map((s) => s.netuid)).toContain(subnets[1])
      expect(w.balance.stakedRao).toBe(w.hotkeys.reduce((s, h) => s + h.stakeValueRao, 0n))
    } finally {
      await viaLight.close()
      await viaFull.close()
    }
    expect(await bestBlock(dev)).toBe(head)
  })

  const commands = (): {name: string; args: string[]; waves: number}[] => [
    {args: ['wallet', 'overview', '-w', 'V'], name: 'wallet overview', waves: 5},
    {args: ['wallet', 'overview', '--all'], name: 'wallet overview --all', waves: 5},
    {args: ['stake', 'list', '--wallet', 'N'], name: 'stake list', waves: 3},
    {args: ['stake', 'list', String(subnets[1]), '--ss58', nominator2.address], name: 'stake list --ss58 (filtered out)', waves: 3},
    {args: ['delegate', 'list'], name: 'delegate list', waves: 4},
    {args: ['delegate', 'list', String(subnets[0])], name: 'delegate list <netuid>', waves: 5},
    {args: ['wallet', 'balance', '--ss58', N.coldkey.address], name: 'wallet balance --ss58', waves: 3},
  ]

  it('the real binary prints the same with and without TAO_LIGHT=0 (--json and human), and loads no @polkadot/api', async () => {
    for (const c of commands()) {
      for (const json of [true, false]) {
        const args = json ? [...c.args, '--json'] : c.args
        const on = await runLogged(args, env)
        expect(on.code, `${c.name}: ${on.stderr}`).toBe(0)
        expect(on.stderr, c.name).toBe('')
        expect(polkadotApi(on.modules), c.name).toEqual([])
        const off = await runTao(args, {env: {...env, TAO_LIGHT: '0'}})
        expect(off.code, `${c.name}: ${off.stderr}`).toBe(0)
        expect(on.stdout, `${c.name}${json ? ' --json' : ''}`).toBe(off.stdout)
        expect(on.stdout.length).toBeGreaterThan(0)
      }
    }
  }, 600_000)

  it('wallet balance --ss58 checks the address without @polkadot/util-crypto; a bad one is refused the same way', async () => {
    const ok = await runLogged(['wallet', 'balance', '--ss58', N.coldkey.address, '--json'], env)
    expect(ok.code).toBe(0)
    expect(ok.modules.filter((m) => /node_modules\/@polkadot\//.test(m))).toEqual([])
    const bad = N.coldkey.address.slice(0, -1) + (N.coldkey.address.endsWith('a') ? 'b' : 'a')
    const on = await runTao(['wallet', 'balance', '--ss58', bad], {env})
    const off = await runTao(['wallet', 'balance', '--ss58', bad], {env: {...env, TAO_LIGHT: '0'}})
    expect(on.code).toBe(2)
    expect(on.stderr.trim().split('\n')).toHaveLength(1)
    expect(on.stderr).toMatch(/not a valid ss58 address/)
    expect([off.code, off.stderr]).toEqual([on.code, on.stderr])
  })

  it('the dependent request waves with a warm cache stay what docs/performance.md says: without a read plan as listed, with last run\'s plan 2, and the same output', async () => {
    const counted = async (args: string[], e: Record<string, string>) => {
      const proxy = await recordingProxy(endpoint)
      try {
        const r = await runTao([...args, '--network', proxy.url, '--json'], {env: e})
        expect(new Set(proxy.log.map((x) => x.conn)), args.join(' ')).toEqual(new Set([0]))
        // the output names the endpoint, which is this proxy's own
        return {...r, stdout: r.stdout.replaceAll(proxy.url, '<endpoint>'), waves: waves(proxy.log)}
      } finally {
        await proxy.close()
      }
    }
    for (const c of commands()) {
      const none = await counted(c.args, {...env, TAO_READ_PLAN: '0'})
      expect(none.code, `${c.name}: ${none.stderr}`).toBe(0)
      expect(none.waves, c.name).toBeLessThanOrEqual(c.waves)
      await counted(c.args, env) // learns the plan
      const planned = await counted(c.args, env)
      expect(planned.code, `${c.name}: ${planned.stderr}`).toBe(0)
      expect(planned.waves, c.name).toBeLessThanOrEqual(2)
      expect(planned.stdout, c.name).toBe(none.stdout)
    }
  }, 300_000)
})
