/**
 * The operator journey of issue 12, end to end with the real `tao` binary on the local chain: create a subnet,
 * register a validator hotkey that never holds a free balance, stake to it, have a second wallet delegate to it,
 * then metagraph, wallet overview, delegate list, weights status/set/show and miner query --netuid against two
 * real `tao miner serve` axons. Every number tao prints is compared with chain storage read here independently
 * with @polkadot/api (TotalHotkeyAlpha, Alpha shares, Uids, Delegates, Weights). Loopback axons are written with
 * dev_setStorage (the runtime refuses 127.0.0.1 in serve_axon).
 */
import type {ApiPromise} from '@polkadot/api'
import type {KeyringPair} from '@polkadot/keyring/types'

import type {ChildProcess} from 'node:child_process'
import path from 'node:path'
import {fileURLToPath} from 'node:url'
import {afterAll, beforeAll, describe, expect, inject, it} from 'vitest'

import {TAO, allowSubnetRegistration, burnedRegister, devApi, devKey, fund, newBlocks, rpc, seedPool, setAxon, sudo, writePlainWallet} from '../helpers/dev-chain.js'
import {runTao, startTao, tempHome} from '../helpers/run-tao.js'
import {writeHotkey} from '../unit/miner/fixtures/wallets.js'

const endpoint = inject('endpoint')
const HANDLER = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'unit', 'miner', 'fixtures', 'handler.mjs')
const LOOPBACK = 2130706433n // 127.0.0.1
const MINER_COLD = '//Alice//journey-miner-cold'
const DEC = /^\d+$/

/** The runtime computes share values in I96F32 (32 fractional bits): up to amount / 2^32 (+1 for flooring) apart. */
const slack = (x: bigint) => x / 2n ** 32n + 1n
const near = (printed: bigint, chain: bigint) => printed >= chain - slack(chain) && printed <= chain + slack(chain)

describe.skipIf(!endpoint)('the operator journey: every printed number matches the chain', () => {
  const home = tempHome('tao-journey-')
  const env = home.env
  const net = ['--network', endpoint]
  const tao = (args: string[]) => runTao([...args, ...net], {env})
  const procs: ChildProcess[] = []
  let api: ApiPromise
  let A: {coldkey: KeyringPair; hotkeys: Record<string, KeyringPair>}
  let B: {coldkey: KeyringPair; hotkeys: Record<string, KeyringPair>}
  let validator: string
  let netuid: number
  let vUid: number
  const miner: Record<string, {hotkey: string; uid: number}> = {}

  const q = () => api.query.subtensorModule as any
  const totalAlpha = async (hotkey: string, at?: string): Promise<bigint> => {
    const qq = at ? ((await api.at(at)).query.subtensorModule as any) : q()
    return (await qq.totalHotkeyAlpha(hotkey, netuid)).toBigInt()
  }
  const uidOf = async (hotkey: string): Promise<number> => (await q().uids(netuid, hotkey)).unwrap().toNumber()

  beforeAll(async () => {
    api = await devApi(endpoint)
    await allowSubnetRegistration(api)
    A = await writePlainWallet(env.TAO_WALLET_PATH!, 'A', ['default', 'validator'])
    B = await writePlainWallet(env.TAO_WALLET_PATH!, 'B', ['default'])
    validator = A.hotkeys.validator!.address
    const cost = ((await (api.call as any).subnetRegistrationRuntimeApi.getNetworkRegistrationCost()) as any).toBigInt() as bigint
    await fund(api, A.coldkey.address, cost + 2_000n * TAO)
    await fund(api, B.coldkey.address, 1_000n * TAO)
    await fund(api, devKey(MINER_COLD).address, 1_000n * TAO)
  }, 180_000)

  afterAll(async () => {
    for (const p of procs) if (p.exitCode === null) p.kill('SIGTERM')
    await api?.disconnect()
  })

  it('1. subnet create and subnet register: the uid printed is the chain\'s Uids entry; the validator hotkey holds no balance', async () => {
    const c = await tao(['subnet', 'create', '-w', 'A', '-H', 'default', '--yes', '--json'])
    expect(c.code, c.stderr).toBe(0)
    netuid = c.json.netuid
    expect((await q().networksAdded(netuid)).isTrue).toBe(true)
    expect((await q().subnetOwner(netuid)).toString()).toBe(A.coldkey.address)
    // set-up for the rest of the journey (not what is checked): room for several registrations, a short tempo so the
    // epoch hands out validator permits, no weights rate limit, one weight allowed, a pool that sells alpha at ≈ 1
    await sudo(api, api.tx.adminUtils.sudoSetTargetRegistrationsPerInterval(netuid, 20))
    await sudo(api, api.tx.adminUtils.sudoSetMaxRegistrationsPerBlock(netuid, 20))
    await sudo(api, api.tx.adminUtils.sudoSetTempo(netuid, 10))
    await sudo(api, api.tx.adminUtils.sudoSetWeightsSetRateLimit(netuid, 0))
    if (Number((await q().minAllowedWeights(netuid)).toString()) !== 1) await sudo(api, api.tx.adminUtils.sudoSetMinAllowedWeights(netuid, 1))
    await seedPool(api, netuid)

    const r = await tao(['subnet', 'register', '--netuid', String(netuid), '-w', 'A', '-H', 'validator', '--max-burn', '1000', '--yes', '--json'])
    expect(r.code, r.stderr).toBe(0)
    vUid = await uidOf(validator)
    expect(r.json.uid).toBe(vUid)
    expect(r.json.hotkey).toBe(validator)
    const acc: any = await api.query.system.account(validator)
    expect(acc.data.free.toBigInt()).toBe(0n)
    expect(acc.providers.toNumber() + acc.sufficients.toNumber()).toBe(0)
  }, 300_000)

  it('2. stake add to the validator and stake delegate from a second wallet: printed stake = the chain\'s share value', async () => {
    const add = await tao(['stake', 'add', '--wallet', 'A', '--hotkey', 'validator', '--netuid', String(netuid), '--amount', '100', '--yes', '--json'])
    expect(add.code, add.stderr).toBe(0)
    expect(add.json.amountRao).toBe(String(100n * TAO))
    const addEvents: any = await (await api.at(add.json.tx.blockHash)).query.system.events()
    const added = addEvents.find((e: any) => e.event.section === 'subtensorModule' && e.event.method === 'StakeAdded')
    expect(added.event.data[1].toString()).toBe(validator)
    expect(BigInt(add.json.actual.alphaRao)).toBe(added.event.data[3].toBigInt())
    const totalAfterAdd = await totalAlpha(validator, add.json.tx.blockHash)
    expect(totalAfterAdd).toBeGreaterThanOrEqual(added.event.data[3].toBigInt())

    const del = await tao(['stake', 'delegate', '--wallet', 'B', '--to', validator, '--netuid', String(netuid), '--amount', '50', '--yes', '--json'])
    expect(del.code, del.stderr).toBe(0)
    expect(del.json.validator).toMatchObject({hotkey: validator, owner: A.coldkey.address})
    const at = (await api.at(del.json.tx.blockHash)).query.subtensorModule as any
    const [shares, total, totalShares] = (await Promise.all([at.alpha(validator, B.coldkey.address, netuid), at.totalHotkeyAlpha(validator, netuid), at.totalHotkeyShares(validator, netuid)])).map((v: any) => v.toBigInt() as bigint)
    expect(shares).toBeGreaterThan(0n)
    const value = (((total! << 32n) / totalShares!) * shares!) >> 32n
    const pos = del.json.after.positions.find((p: any) => p.hotkey === validator && p.netuid === netuid) ?? del.json.after.positions[0]
    expect(BigInt(pos.stakeAlphaRao)).toBe(value)
    // the validator's pool now holds both stakes
    expect(total).toBeGreaterThanOrEqual(totalAfterAdd + BigInt(del.json.actual.alphaRao))
  }, 300_000)

  it('3. subnet metagraph --json: the validator\'s alpha stake and stake weight are TotalHotkeyAlpha, not "0"', async () => {
    const r = await tao(['subnet', 'metagraph', String(netuid), '--json'])
    expect(r.code, r.stderr).toBe(0)
    const n = r.json.neurons.find((x: any) => x.hotkey === validator)
    expect(n.uid).toBe(vUid)
    for (const k of ['alphaStakeRao', 'taoStakeRao', 'stakeRao']) expect(n[k], k).toMatch(DEC)
    const chain = await totalAlpha(validator, r.json.blockHash)
    expect(chain).toBeGreaterThan(100n * TAO)
    expect(near(BigInt(n.alphaStakeRao), chain), `alphaStakeRao ${n.alphaStakeRao} vs TotalHotkeyAlpha ${chain}`).toBe(true)
    // no root stake on this hotkey: the stake weight (alpha + tao × tao_weight) is its alpha
    const root = await ((await api.at(r.json.blockHash)).query.subtensorModule as any).totalHotkeyAlpha(validator, 0)
    expect(root.toBigInt()).toBe(0n)
    expect(n.taoStakeRao).toBe('0')
    expect(near(BigInt(n.stakeRao), chain), `stakeRao ${n.stakeRao} vs TotalHotkeyAlpha ${chain}`).toBe(true)
    // every neuron: uid as in Uids, stake as in TotalHotkeyAlpha
    for (const x of r.json.neurons) {
      expect(x.uid).toBe(await uidOf(x.hotkey))
      const t = await totalAlpha(x.hotkey, r.json.blockHash)
      expect(near(BigInt(x.alphaStakeRao), t), `${x.hotkey}: ${x.alphaStakeRao} vs ${t}`).toBe(true)
    }
  }, 300_000)

  it('4. wallet overview --json: the same figure on the validator hotkey', async () => {
    const before = await totalAlpha(validator)
    const r = await tao(['wallet', 'overview', '-w', 'A', '--json'])
    const after = await totalAlpha(validator)
    expect(r.code, r.stderr).toBe(0)
    const h = r.json.wallets[0].hotkeys.find((x: any) => x.address === validator)
    expect(h.name).toBe('validator')
    const reg = h.registrations.find((x: any) => x.netuid === netuid)
    expect(reg.uid).toBe(vUid)
    for (const k of ['totalAlphaRao', 'alphaStakeRao']) {
      const v = BigInt(reg[k])
      expect(v >= before - slack(before) && v <= after + slack(after), `${k} ${v} vs TotalHotkeyAlpha ${before}..${after}`).toBe(true)
    }
    // A's own stake on it: Alpha shares × TotalHotkeyAlpha / TotalHotkeyShares
    const [sh, tot, totSh] = (await Promise.all([q().alpha(validator, A.coldkey.address, netuid), q().totalHotkeyAlpha(validator, netuid), q().totalHotkeyShares(validator, netuid)])).map((v: any) => v.toBigInt() as bigint)
    const own = (sh! * tot!) / totSh!
    const stake = h.stakes.find((s: any) => s.netuid === netuid)
    expect(near(BigInt(stake.stakeRao), own), `own stake ${stake.stakeRao} vs ${own}`).toBe(true)
  }, 300_000)

  it('5. delegate list --netuid: the new validator is listed with the default take, without delegate take --set', async () => {
    // no take was ever set for this hotkey: the Delegates map has no entry, the chain applies its default
    expect(await rpc(api, 'state_getStorage', [q().delegates.key(validator)])).toBeNull()
    const r = await tao(['delegate', 'list', '--netuid', String(netuid), '--json'])
    expect(r.code, r.stderr).toBe(0)
    const d = r.json.delegates.find((x: any) => x.hotkey === validator)
    expect(d, JSON.stringify(r.json).slice(0, 2000)).toBeDefined()
    const at = (await api.at(r.json.blockHash)).query.subtensorModule as any
    const take = (await at.delegates(validator)).toNumber()
    expect(d).toMatchObject({owner: A.coldkey.address, take})
    const stake = d.stakes.find((s: any) => s.netuid === netuid)
    expect(stake.alphaRao).toBe((await at.totalHotkeyAlpha(validator, netuid)).toString())
  }, 300_000)

  it('6. weights status then weights set from the zero-balance validator hotkey agree; weights show = the chain\'s Weights row', async () => {
    // two real miners, registered before the permits are handed out
    for (const l of ['m1', 'm2']) {
      const pair = await writeHotkey(env.TAO_WALLET_PATH!, l, 'default', `journey-${l}`)
      miner[l] = {hotkey: pair.address, uid: await burnedRegister(api, netuid, pair.address, MINER_COLD)}
    }
    for (let i = 0; i < 40; i++) {
      const permits: any = await q().validatorPermit(netuid)
      if (permits[vUid]?.isTrue) break
      await newBlocks(api, 1)
    }
    expect(((await q().validatorPermit(netuid)) as any)[vUid]?.isTrue).toBe(true)
    expect(((await api.query.system.account(validator)) as any).data.free.toBigInt()).toBe(0n)

    const who = ['--wallet', 'A', '--hotkey', 'validator']
    const status = await tao(['weights', 'status', String(netuid), '--json', ...who])
    expect(status.code, status.stderr + status.stdout).toBe(0)
    const weights = `${miner.m1!.uid}=1,${miner.m2!.uid}=3`
    const set = await tao(['weights', 'set', String(netuid), '--weights', weights, '--json', ...who])
    // the verdicts agree: status says "set now" exactly when the set is not refused
    const statusSaysSet = status.json.blocked === undefined && /set weights now/.test(status.json.next)
    expect(statusSaysSet, JSON.stringify(status.json)).toBe(set.code === 0 && set.json?.action === 'set')
    // and on this chain both say yes: the chain accepts set_weights from a hotkey with no account
    expect(set.code, set.stderr + set.stdout).toBe(0)
    expect(set.json.action).toBe('set')
    const events: any = await (await api.at(set.json.tx?.blockHash ?? set.json.blockHash)).query.system.events()
    expect(events.some((e: any) => e.event.section === 'subtensorModule' && e.event.method === 'WeightsSet')).toBe(true)

    const stored = ((await q().weights(netuid, vUid)) as any).map((p: any) => [p[0].toNumber(), p[1].toNumber()])
    expect(stored.map((p: number[]) => p[0])).toEqual([miner.m1!.uid, miner.m2!.uid].sort((a, b) => a - b))
    const show = await tao(['weights', 'show', String(netuid), '--json', ...who])
    expect(show.code, show.stderr).toBe(0)
    expect(show.json.uid).toBe(vUid)
    expect(show.json.weights.map((w: any) => [w.uid, w.value])).toEqual(stored)

    // --hotkey as an SS58 address: the read-only commands read the same hotkey, from an empty wallets folder
    const bySs58 = ['--wallet', 'nobody', '--wallet-path', path.join(env.TAO_WALLET_PATH!, '..', 'no-wallets'), '--hotkey', validator]
    const status2 = await tao(['weights', 'status', String(netuid), '--json', ...bySs58])
    expect(status2.code, status2.stderr).toBe(0)
    expect(status2.json).toMatchObject({hotkey: validator, uid: vUid})
    const show2 = await tao(['weights', 'show', String(netuid), '--json', ...bySs58])
    expect(show2.code, show2.stderr).toBe(0)
    expect(show2.json.weights.map((w: any) => [w.uid, w.value])).toEqual(stored)
    // a command that signs with the hotkey needs its key file: one line, exit 2, nothing submitted
    const nonce = ((await api.query.system.account(validator)) as any).nonce.toNumber()
    const set2 = await tao(['weights', 'set', String(netuid), '--weights', weights, '--wallet', 'A', '--hotkey', validator])
    expect(set2.code).toBe(2)
    expect(set2.stderr.trim().split('\n')[0]).toMatch(/is an SS58 address, but this signs with the hotkey: give the name of a hotkey file of wallet "A"/)
    expect(((await api.query.system.account(validator)) as any).nonce.toNumber()).toBe(nonce)
  }, 300_000)

  it('7. miner query --netuid against two real tao miner serve axons: both answer 200, uids as in Uids', async () => {
    for (const l of ['m1', 'm2']) {
      const started = await startTao(['miner', 'serve', '--handler', HANDLER, '--port', '0', '--host', '127.0.0.1', '--json', '-w', l], {env: {...env, MINER_OFFSET: '0', MINER_TAG: l}})
      procs.push(started.proc)
      expect(started.json.hotkey).toBe(miner[l]!.hotkey)
      await setAxon(api, netuid, miner[l]!.hotkey, {ip: LOOPBACK, port: started.json.port})
    }
    const r = await tao(['miner', 'query', '--netuid', String(netuid), '--synapse', 'Dummy', '--body', '{"dummy_input": 21}', '--hash-fields', 'dummy_input', '-w', 'A', '-H', 'validator', '--json'])
    expect(r.json, r.stderr + r.stdout).toBeDefined()
    const served = r.json.results.filter((x: any) => x.status !== null)
    expect(served.map((x: any) => x.hotkey).sort()).toEqual([miner.m1!.hotkey, miner.m2!.hotkey].sort())
    for (const row of served) {
      expect(row.status, JSON.stringify(row)).toBe(200)
      expect(row.uid).toBe(await uidOf(row.hotkey))
      expect(row.response).toMatchObject({dummy_input: 21, dummy_output: 42})
    }
    expect(r.json.succeeded).toBe(2)
  }, 300_000)
})
