/**
 * Honest outcomes under faults for stake add, subnet register, weights set, a commit (commit-reveal on) and the
 * validator loop (issue 11): the real `tao` binary against the spec-218 chain through the fault proxy. What tao
 * prints (exit code, --json status) must equal what the chain shows, read independently, and nothing is submitted
 * twice. A commit whose outcome was unknown is revealed by a later `weights run` inside its window.
 */
import type {ApiPromise} from '@polkadot/api'
import type {KeyringPair} from '@polkadot/keyring/types'

import {spawn} from 'node:child_process'
import {readFileSync, writeFileSync} from 'node:fs'
import path from 'node:path'
import {afterAll, beforeAll, describe, expect, inject, it} from 'vitest'

import {TAO, allowSubnetRegistration, bestBlock, createSubnet, devApi, devKey, freeBalance, fund, newBlocks, seedPool, send, sudo, writePlainWallet} from '../helpers/dev-chain.js'
import {type Fault, type FaultProxy, faultProxy} from '../helpers/fault-proxy.js'
import {BIN} from '../helpers/paths.js'
import {type TaoResult, runTao, tempHome} from '../helpers/run-tao.js'
import {sdkVector} from '../helpers/sdk-rule.js'

const endpoint = inject('endpoint')
const SUBMIT = 'author_submitAndWatchExtrinsic'

type Wallet = {coldkey: KeyringPair; hotkeys: Record<string, KeyringPair>}

async function weightsOf(api: ApiPromise, netuid: number, uid: number): Promise<[number, number][]> {
  return ((await api.query.subtensorModule.weights(netuid, uid)) as any).map((p: any) => [p[0].toNumber(), p[1].toNumber()])
}
async function uidOf(api: ApiPromise, netuid: number, address: string): Promise<number | undefined> {
  const u: any = await api.query.subtensorModule.uids(netuid, address)
  return u.isSome ? u.unwrap().toNumber() : undefined
}
async function commitsOf(api: ApiPromise, netuid: number, address: string): Promise<[string, number, number, number][]> {
  const v: any = await api.query.subtensorModule.weightCommits(netuid, address)
  return v.isSome ? v.unwrap().toJSON() : []
}
async function stakeOf(api: ApiPromise, hotkey: string, coldkey: string, netuid: number): Promise<bigint> {
  return BigInt(((await api.query.subtensorModule.alpha(hotkey, coldkey, netuid)) as any).toString())
}
const nonceOf = async (api: ApiPromise, a: string) => (await api.rpc.system.accountNextIndex(a)).toNumber()

/** A subnet: uid 0 owner, then our validator hotkey and a miner; tempo 10, no weights rate limit, permits. */
async function subnetFor(api: ApiPromise, tag: string, vali: string): Promise<number> {
  await allowSubnetRegistration(api)
  // one coldkey owns the validator hotkey on every subnet (a hotkey belongs to one coldkey)
  const coldUri = `//Alice//faults-cold`
  await fund(api, devKey(coldUri).address, 1000n * TAO)
  const netuid = await createSubnet(api, coldUri, `//Alice//faults-${tag}-owner`)
  for (const hot of [vali, devKey(`//Alice//faults-${tag}-miner`).address]) {
    const r = await send(api, api.tx.subtensorModule.burnedRegister(netuid, hot), devKey(coldUri))
    if (r.error) throw new Error(`burned_register: ${r.error}`)
  }
  await sudo(api, api.tx.adminUtils.sudoSetTempo(netuid, 10))
  await sudo(api, api.tx.adminUtils.sudoSetWeightsSetRateLimit(netuid, 0))
  const uid = (await uidOf(api, netuid, vali))!
  for (let i = 0; i < 30; i++) {
    const permits: any = await api.query.subtensorModule.validatorPermit(netuid)
    if (permits[uid]?.isTrue) break
    await newBlocks(api, 1)
  }
  return netuid
}

describe.skipIf(!endpoint)('stake add, subnet register, weights set and a commit under faults: tao says what the chain shows', () => {
  let api: ApiPromise
  let proxy: FaultProxy
  const home = tempHome('tao-faults-submit-')
  const env = {...home.env, TAO_TIMEOUT: '5'}
  let vali: Wallet
  let staker: Wallet
  let owner: Wallet
  let netuid: number
  let crNetuid: number
  let valiUid: number
  let crUid: number
  const submits = () => proxy.methods.filter((m) => m === SUBMIT).length

  /** the three ways a connection is cut around a submission, and the endpoints tao is given for each */
  const drops: {name: string; fault: Fault; second: boolean; code: 0 | 4}[] = [
    {code: 4, fault: {kind: 'drop-before-reply', thenRefuse: true}, name: 'dropped before the reply, no endpoint comes back', second: false},
    {code: 0, fault: {kind: 'drop-after-reply'}, name: 'dropped after the reply, the same endpoint answers again', second: false},
    {code: 0, fault: {kind: 'drop-after-reply', thenRefuse: true}, name: 'dropped after the reply, a second endpoint', second: true},
  ]
  const net = (second: boolean) => ['-n', second ? `${proxy.url},${endpoint}` : proxy.url]

  /** run tao through the proxy with a fault armed; checks exactly one submission went out */
  async function faulted(fault: Fault, args: string[]): Promise<TaoResult> {
    const seen = submits()
    const cuts = proxy.cuts
    proxy.arm(fault)
    const r = await runTao(args, {env})
    proxy.refuse(false)
    expect(proxy.cuts, r.stderr).toBe(cuts + 1)
    expect(submits() - seen).toBe(1)
    return r
  }

  /** exit 4 means: outcome unknown, with the hash; and `tx status` (read later, directly) says what the chain has */
  async function expectUnknownThenLanded(r: TaoResult, signer: string, nonce: number): Promise<string> {
    expect(r.code, r.stderr).toBe(4)
    expect(r.json.error.code).toBe('OutcomeUnknown')
    expect(r.json.error.data).toMatchObject({nonce, signer, status: 'unknown'})
    const hash = r.json.error.data.txHash as string
    expect(hash).toMatch(/^0x[0-9a-f]{64}$/)
    expect(r.stderr).toContain(hash)
    const s = await runTao(['tx', 'status', hash, '--json', '-n', endpoint], {env})
    expect(s.code, s.stderr).toBe(0)
    expect(s.json.reports[0]).toMatchObject({hash, status: 'succeeded'})
    return hash
  }

  beforeAll(async () => {
    api = await devApi(endpoint)
    await newBlocks(api, 1)
    vali = await writePlainWallet(env.TAO_WALLET_PATH, 'vali')
    staker = await writePlainWallet(env.TAO_WALLET_PATH, 'staker')
    owner = await writePlainWallet(env.TAO_WALLET_PATH, 'owner', ['m0', 'm1', 'm2'])
    await fund(api, vali.coldkey.address, 10n * TAO)
    await fund(api, vali.hotkeys.default!.address, 10n * TAO)
    await fund(api, staker.coldkey.address, 1000n * TAO)
    await fund(api, owner.coldkey.address, 1000n * TAO)
    netuid = await subnetFor(api, 'a', vali.hotkeys.default!.address)
    await seedPool(api, netuid)
    for (const call of ['sudoSetTargetRegistrationsPerInterval', 'sudoSetMaxRegistrationsPerBlock'] as const) {
      const f = (api.tx.adminUtils as any)[call]
      if (f) await sudo(api, f(netuid, 100))
    }
    valiUid = (await uidOf(api, netuid, vali.hotkeys.default!.address))!
    crNetuid = await subnetFor(api, 'cr', vali.hotkeys.default!.address)
    await sudo(api, api.tx.adminUtils.sudoSetCommitRevealWeightsEnabled(crNetuid, true))
    crUid = (await uidOf(api, crNetuid, vali.hotkeys.default!.address))!
    proxy = await faultProxy(endpoint)
  })
  afterAll(async () => {
    await proxy?.close()
    await api?.disconnect()
  })

  for (const d of drops) {
    it(`stake add, ${d.name}: exit ${d.code}, the stake moved once`, async () => {
      const hot = vali.hotkeys.default!.address
      const cold = staker.coldkey.address
      const [stake0, free0, nonce0] = [await stakeOf(api, hot, cold, netuid), await freeBalance(api, cold), await nonceOf(api, cold)]
      const r = await faulted(d.fault, ['stake', 'add', String(netuid), '--wallet', 'staker', '--hotkey', hot, '--amount', '2', '--yes', '--json', ...net(d.second)])
      // the chain: exactly one add_stake landed
      expect(await nonceOf(api, cold)).toBe(nonce0 + 1)
      const spent = free0 - (await freeBalance(api, cold))
      // 2 TAO and a fee, once (twice would be 4 TAO and more)
      expect(spent >= 2n * TAO && spent < 3n * TAO, `spent ${spent}`).toBe(true)
      expect(await stakeOf(api, hot, cold, netuid)).toBeGreaterThan(stake0)
      if (d.code === 4) await expectUnknownThenLanded(r, cold, nonce0)
      else {
        expect(r.code, r.stderr).toBe(0)
        expect(r.stderr).toMatch(/reconnected to ws:\/\/127\.0\.0\.1/)
        expect(spent).toBe(2n * TAO + BigInt(r.json.tx.feeRao))
      }
    })
  }

  drops.forEach((d, i) => {
    it(`subnet register, ${d.name}: exit ${d.code}, the hotkey has a uid, registered once`, async () => {
      const hot = owner.hotkeys[`m${i}`]!.address
      const cold = owner.coldkey.address
      const nonce0 = await nonceOf(api, cold)
      const n0 = Number((await api.query.subtensorModule.subnetworkN(netuid)).toString())
      const r = await faulted(d.fault, ['subnet', 'register', '--netuid', String(netuid), '-w', 'owner', '-H', `m${i}`, '--yes', '--json', ...net(d.second)])
      expect(await nonceOf(api, cold)).toBe(nonce0 + 1)
      const uid = await uidOf(api, netuid, hot)
      expect(uid).toBe(n0)
      expect(Number((await api.query.subtensorModule.subnetworkN(netuid)).toString())).toBe(n0 + 1)
      if (d.code === 4) await expectUnknownThenLanded(r, cold, nonce0)
      else {
        expect(r.code, r.stderr).toBe(0)
        expect(r.json.uid).toBe(uid)
      }
    })
  })

  drops.forEach((d, i) => {
    it(`weights set, ${d.name}: exit ${d.code}, the chain's Weights hold the vector, set once`, async () => {
      const hot = vali.hotkeys.default!.address
      const scores = {0: 1 + i, 1: 2, 2: 3}
      const nonce0 = await nonceOf(api, hot)
      const r = await faulted(d.fault, ['weights', 'set', '--netuid', String(netuid), '--weights', Object.entries(scores).map(([u, s]) => `${u}=${s}`).join(','), '--json', '-w', 'vali', '-H', 'default', ...net(d.second)])
      expect(await nonceOf(api, hot)).toBe(nonce0 + 1)
      const want = sdkVector(scores)
      expect(await weightsOf(api, netuid, valiUid)).toEqual(want.uids.map((u, k) => [u, want.values[k]]))
      if (d.code === 4) await expectUnknownThenLanded(r, hot, nonce0)
      else {
        expect(r.code, r.stderr).toBe(0)
        expect(r.json).toMatchObject({action: 'set', landed: true})
      }
    })
  })

  describe('a commit (commit-reveal on)', () => {
    const dir = () => path.join(env.TAO_DATA_DIR, 'weights', 'vali', 'default', String(crNetuid))
    const pending = () => JSON.parse(readFileSync(path.join(dir(), 'pending.json'), 'utf8')).commits as any[]
    const hot = () => vali.hotkeys.default!.address
    const commitArgs = (scores: Record<number, number>, second: boolean) => ['weights', 'set', '--netuid', String(crNetuid), '--weights', Object.entries(scores).map(([u, s]) => `${u}=${s}`).join(','), '--json', '-w', 'vali', '-H', 'default', ...net(second)]
    /** a reveal-only pass (no scores), straight to the chain */
    const weightsRun = () => runTao(['weights', 'run', '--netuid', String(crNetuid), '--json', '-w', 'vali', '-H', 'default', '-n', endpoint], {env})
    /** advance so the next extrinsic lands in the commit's first reveal block */
    async function toWindow(first: number): Promise<void> {
      const head = await bestBlock(api)
      if (first - 1 > head) await newBlocks(api, first - 1 - head)
    }

    for (const d of drops.slice(1)) {
      it(`${d.name}: exit 0 "committed", the chain holds the commit once; a later run reveals it in the window`, async () => {
        const scores = d.second ? {0: 1, 1: 1, 2: 2} : {0: 2, 1: 1, 2: 1}
        const r = await faulted(d.fault, commitArgs(scores, d.second))
        expect(r.code, r.stderr).toBe(0)
        expect(r.json.action).toBe('committed')
        const onChain = await commitsOf(api, crNetuid, hot())
        expect(onChain).toHaveLength(1)
        expect(onChain[0]![0]).toBe(r.json.commit.id)
        expect(pending().find((c) => c.id === r.json.commit.id).status).toBe('committed')
        await toWindow(onChain[0]![2])
        const rev = await weightsRun()
        expect(rev.code, rev.stderr).toBe(0)
        const revealed = rev.json.actions.find((a: any) => a.action === 'revealed')
        expect(revealed.block).toBeGreaterThanOrEqual(onChain[0]![2])
        expect(revealed.block).toBeLessThanOrEqual(onChain[0]![3])
        const want = sdkVector(scores)
        expect(await weightsOf(api, crNetuid, crUid)).toEqual(want.uids.map((u, k) => [u, want.values[k]]))
        expect(await commitsOf(api, crNetuid, hot())).toHaveLength(0)
      })
    }

    it('dropped after submit with no endpoint back: exit 4, the pending commit stays "unknown"; the next run finds it on chain and reveals it in the window', async () => {
      const scores = {0: 1, 1: 3, 2: 1}
      const nonce0 = await nonceOf(api, hot())
      const r = await faulted({kind: 'drop-before-reply', thenRefuse: true}, commitArgs(scores, false))
      expect(r.code, r.stderr).toBe(4)
      expect(r.json.error).toMatchObject({code: 'OutcomeUnknown'})
      expect(r.json.error.data).toMatchObject({nonce: nonce0, signer: hot(), status: 'unknown'})
      // the chain: it landed, once
      const onChain = await commitsOf(api, crNetuid, hot())
      expect(onChain).toHaveLength(1)
      const entry = pending().find((c) => c.id === onChain[0]![0])
      expect(entry.status).toBe('unknown')
      expect(entry.commitTx).toBe(r.json.error.data.txHash)
      // before the window: settled to committed, waiting; nothing submitted (reveal only, no scores)
      const head = await bestBlock(api)
      const early = await weightsRun()
      expect(early.code, early.stderr).toBe(0)
      expect(early.json.commits.find((c: any) => c.id === entry.id)).toMatchObject({phase: 'waiting', status: 'committed'})
      expect(early.json.actions.map((a: any) => a.action)).not.toContain('revealed')
      expect(await bestBlock(api)).toBe(head)
      expect(pending().find((c) => c.id === entry.id).status).toBe('committed')
      // in the window: revealed, the chain's Weights hold the committed values
      await toWindow(onChain[0]![2])
      const rev = await weightsRun()
      expect(rev.code, rev.stderr).toBe(0)
      const revealed = rev.json.actions.find((a: any) => a.action === 'revealed')
      expect(revealed.block).toBeGreaterThanOrEqual(onChain[0]![2])
      expect(revealed.block).toBeLessThanOrEqual(onChain[0]![3])
      const want = sdkVector(scores)
      expect(await weightsOf(api, crNetuid, crUid)).toEqual(want.uids.map((u, k) => [u, want.values[k]]))
      expect(await commitsOf(api, crNetuid, hot())).toHaveLength(0)
      expect(pending().find((c) => c.id === entry.id).status).toBe('landed')
      expect(await nonceOf(api, hot())).toBe(nonce0 + 2)
    })

    it('an unknown commit whose window passes before any run: the next run reports the missed reveal (exit 7), Weights unchanged', async () => {
      const before = await weightsOf(api, crNetuid, crUid)
      const r = await faulted({kind: 'drop-before-reply', thenRefuse: true}, commitArgs({0: 5, 1: 1, 2: 1}, false))
      expect(r.code, r.stderr).toBe(4)
      const onChain = await commitsOf(api, crNetuid, hot())
      expect(onChain).toHaveLength(1)
      expect(pending().find((c) => c.id === onChain[0]![0]).status).toBe('unknown')
      const head = await bestBlock(api)
      await newBlocks(api, onChain[0]![3] - head)
      const run = await weightsRun()
      expect(run.code, run.stderr).toBe(7)
      expect(run.json.error.code).toBe('MissedReveal')
      expect(run.stderr).toMatch(/missed their reveal/)
      expect(await weightsOf(api, crNetuid, crUid)).toEqual(before)
      expect(pending().find((c) => c.id === onChain[0]![0]).status).toBe('missed')
    })

    it('swallowed before it reached the node: exit 4; no second commit is stacked while it may land; after its era it is abandoned and a new commit lands', async () => {
      const nonce0 = await nonceOf(api, hot())
      const before = await commitsOf(api, crNetuid, hot())
      const r = await faulted({kind: 'swallow', thenRefuse: true}, commitArgs({0: 1, 1: 1, 2: 7}, false))
      expect(r.code, r.stderr).toBe(4)
      expect(r.json.error.code).toBe('OutcomeUnknown')
      const txHash = r.json.error.data.txHash as string
      const entry = () => pending().find((c) => c.commitTx === txHash)
      expect(await commitsOf(api, crNetuid, hot())).toEqual(before)
      expect(entry().status).toBe('unknown')
      // while it may still land: a new commit is refused before signing, nothing sent
      const seen = submits()
      const again = await runTao(commitArgs({0: 1, 1: 1, 2: 8}, false), {env})
      expect(again.code, again.stderr).not.toBe(0)
      expect(again.json.error.code).toBe('CommitInFlight')
      expect(again.stderr).toMatch(new RegExp(`tx ${txHash}.*may still land until block ${entry().commitLastValid}`))
      expect(submits()).toBe(seen)
      expect(await nonceOf(api, hot())).toBe(nonce0)
      // its era ends with its nonce unused: it provably did not land; the next commit goes out and lands
      const head = await bestBlock(api)
      await newBlocks(api, entry().commitLastValid - head + 1)
      const later = await runTao(commitArgs({0: 1, 1: 1, 2: 9}, false), {env})
      expect(later.code, later.stderr).toBe(0)
      expect(later.json.action).toBe('committed')
      expect(entry()).toMatchObject({status: 'abandoned'})
      expect(entry().note).toMatch(/did not land/)
      const ids = (await commitsOf(api, crNetuid, hot())).map((c) => c[0])
      expect(ids).toContain(later.json.commit.id)
      expect(ids).not.toContain(entry().id)
      expect(await nonceOf(api, hot())).toBe(nonce0 + 1)
    })
  })

  it('validator run: the connection is cut between iterations; it reconnects (one line for a monitor) and completes both', async () => {
    const scorer = path.join(home.dir, 'score.mjs')
    writeFileSync(scorer, 'export default async ({neurons}) => Object.fromEntries(neurons.map((n) => [n.uid, n.uid + 1]))\n')
    const cuts = proxy.cuts
    // the wait for the next block subscribes to new heads: cut the connection right after the node answers that
    proxy.arm({kind: 'drop-after-reply', method: 'chain_subscribeNewHead'})
    const child = spawn(process.execPath, [BIN, 'validator', 'run', String(netuid), '--scorer', scorer, '--iterations', '2', '--interval', '1', '--json', '-w', 'vali', '-H', 'default', '-n', proxy.url], {
      env: {...process.env, ...env, NO_COLOR: '1'},
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (x) => (stdout += x))
    child.stderr.on('data', (x) => (stderr += x))
    const exited = new Promise<number | null>((r) => child.on('close', (c) => r(c)))
    // blocks keep coming, as on a live chain
    let running = true
    const ticker = (async () => {
      while (running) {
        await new Promise((r) => setTimeout(r, 1500))
        if (running) await newBlocks(api, 1).catch(() => {})
      }
    })()
    const code = await Promise.race([exited, new Promise<string>((r) => setTimeout(() => r('timeout'), 150_000))])
    running = false
    await ticker
    proxy.arm({kind: 'none'})
    if (code === 'timeout') child.kill('SIGKILL')
    expect(code, stderr).toBe(0)
    expect(proxy.cuts).toBe(cuts + 1)
    expect(stderr).not.toMatch(/WebSocket is not connected|unexpected/)
    expect(stderr.split('\n').filter((l) => /reconnected to ws:\/\/127\.0\.0\.1:\d+ \(attempt 1\)/.test(l))).toHaveLength(1)
    const lines = stdout.trim().split('\n').map((l) => JSON.parse(l))
    expect(lines).toHaveLength(3)
    expect(lines[0].iteration).toBe(1)
    expect(lines[1].iteration).toBe(2)
    expect(lines[2]).toMatchObject({errors: 0, iterations: 2, netuid})
    expect(lines[1].run.actions.map((a: any) => a.action)).toEqual(['set'])
    // the chain: a weight for every uid, larger for the larger score (uid + 1)
    const stored = await weightsOf(api, netuid, valiUid)
    const n = Number((await api.query.subtensorModule.subnetworkN(netuid)).toString())
    expect(stored.map(([u]) => u)).toEqual(Array.from({length: n}, (_, u) => u))
    for (let u = 1; u < n; u++) expect(stored[u]![1]).toBeGreaterThan(stored[u - 1]![1])
  })
})
