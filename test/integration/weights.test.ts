/**
 * tao weights against the real spec-218 runtime: SDK-exact u16 vectors on chain, the rate limit, bad input,
 * commit-reveal from a cron-like loop that survives SIGKILL, the run lock, unreachable chain, missed reveal.
 */
import type {ApiPromise} from '@polkadot/api'
import type {KeyringPair} from '@polkadot/keyring/types'

import {Keyring} from '@polkadot/keyring'
import {mnemonicGenerate} from '@polkadot/util-crypto'
import {spawn} from 'node:child_process'
import {existsSync, mkdirSync, readFileSync, writeFileSync} from 'node:fs'
import path from 'node:path'
import {afterAll, beforeAll, describe, expect, inject, it} from 'vitest'

import {TAO, bestBlock, createSubnet, devApi, devKey, fund, newBlocks, send, sudo} from '../helpers/dev-chain.js'
import {BIN} from '../helpers/paths.js'
import {runTao, tempHome} from '../helpers/run-tao.js'
import {sdkVector} from '../helpers/sdk-rule.js'
import {recordingProxy} from '../helpers/ws-proxy.js'

const endpoint = inject('endpoint')

interface Wallet {
  pair: KeyringPair
  env: Record<string, string>
  args: string[]
}

/** A btcli-layout wallet with a plaintext hotkey file (hotkeys are unencrypted by default). */
function makeWallet(home: {env: Record<string, string>}, name: string): Wallet {
  const mnemonic = mnemonicGenerate(12)
  const pair = new Keyring({ss58Format: 42, type: 'sr25519'}).addFromMnemonic(mnemonic)
  const dir = path.join(home.env.TAO_WALLET_PATH!, name, 'hotkeys')
  mkdirSync(dir, {recursive: true})
  const pub = '0x' + Buffer.from(pair.publicKey).toString('hex')
  writeFileSync(path.join(dir, 'default'), JSON.stringify({accountId: pub, publicKey: pub, secretPhrase: mnemonic, ss58Address: pair.address}), {mode: 0o600})
  writeFileSync(path.join(dir, 'defaultpub.txt'), JSON.stringify({accountId: pub, publicKey: pub, ss58Address: pair.address}))
  return {args: ['--network', endpoint, '--wallet', name, '--hotkey', 'default'], env: home.env, pair}
}

async function weightsOf(api: ApiPromise, netuid: number, uid: number): Promise<[number, number][]> {
  return ((await api.query.subtensorModule.weights(netuid, uid)) as any).map((p: any) => [p[0].toNumber(), p[1].toNumber()])
}
async function uidOf(api: ApiPromise, netuid: number, address: string): Promise<number> {
  return ((await api.query.subtensorModule.uids(netuid, address)) as any).unwrap().toNumber()
}
async function lastUpdate(api: ApiPromise, netuid: number, uid: number): Promise<number> {
  return Number(((await api.query.subtensorModule.lastUpdate(netuid)) as any)[uid].toString())
}
async function commitsOf(api: ApiPromise, netuid: number, address: string): Promise<any[]> {
  const v: any = await api.query.subtensorModule.weightCommits(netuid, address)
  return v.isSome ? v.unwrap().toJSON() : []
}

/** subnet with 3 neurons: uid 0 owner, uid 1 our validator (wallet), uid 2 a miner; permits handed out */
async function subnetWith3(api: ApiPromise, tag: string, vali: Wallet): Promise<number> {
  const cold = devKey(`//Alice//weights-${tag}-cold`)
  // a fresh chain refuses register_network until NetworkRateLimit blocks have passed
  if (Number((await api.query.subtensorModule.networkRateLimit()).toString()) > 0) await sudo(api, api.tx.adminUtils.sudoSetNetworkRateLimit(0))
  await fund(api, cold.address, 1000n * TAO)
  const netuid = await createSubnet(api, `//Alice//weights-${tag}-cold`, `//Alice//weights-${tag}-owner`)
  await fund(api, vali.pair.address, 1n * TAO)
  for (const hot of [vali.pair.address, devKey(`//Alice//weights-${tag}-miner`).address]) {
    const r = await send(api, api.tx.subtensorModule.burnedRegister(netuid, hot), cold)
    if (r.error) throw new Error(`burned_register: ${r.error}`)
  }
  await sudo(api, api.tx.adminUtils.sudoSetTempo(netuid, 10))
  await sudo(api, api.tx.adminUtils.sudoSetWeightsSetRateLimit(netuid, 0))
  const uid = await uidOf(api, netuid, vali.pair.address)
  for (let i = 0; i < 30; i++) {
    const permits: any = await api.query.subtensorModule.validatorPermit(netuid)
    if (permits[uid]?.isTrue) break
    await newBlocks(api, 1)
  }
  return netuid
}

describe.skipIf(!endpoint)('tao weights on the spec-218 chain', () => {
  let api: ApiPromise
  const home = tempHome('tao-weights-')
  let vali: Wallet
  let netuid: number
  let uid: number

  beforeAll(async () => {
    api = await devApi(endpoint)
    vali = makeWallet(home, 'vali')
    netuid = await subnetWith3(api, 'a', vali)
    uid = await uidOf(api, netuid, vali.pair.address)
  })
  afterAll(async () => api?.disconnect())

  it('set with float scores stores the SDK u16 vector on chain', async () => {
    expect(Number((await api.query.subtensorModule.subnetworkN(netuid)).toString())).toBe(3)
    const scores = {0: 0.7, 1: 0.1, 2: 0.2}
    const r = await runTao(['weights', 'set', '--netuid', String(netuid), '--weights', '0=0.7,1=0.1,2=0.2', '--json', ...vali.args], {env: vali.env})
    expect(r.stderr).not.toMatch(/error/)
    expect(r.code, r.stderr + r.stdout).toBe(0)
    expect(r.json.action).toBe('set')
    expect(r.json.tx.txHash).toMatch(/^0x[0-9a-f]{64}$/)
    const want = sdkVector(scores)
    expect(r.json.plan.uids).toEqual(want.uids)
    expect(r.json.plan.values).toEqual(want.values)
    // independently from the chain
    const stored = await weightsOf(api, netuid, uid)
    expect(stored).toEqual(want.uids.map((u, i) => [u, want.values[i]]))
    expect(stored).toEqual([[0, 65535], [1, 9362], [2, 18724]])
    expect(await lastUpdate(api, netuid, uid)).toBe(r.json.tx.block)
  })

  it('a scores file keyed by uid or hotkey gives the same rule; human output is a table', async () => {
    const file = path.join(home.dir, 'scores.json')
    const minerHot = devKey('//Alice//weights-a-miner').address
    writeFileSync(file, JSON.stringify({0: 3, 1: 1, [minerHot]: 1.5}))
    const r = await runTao(['weights', 'set', '--netuid', String(netuid), '--scores', file, ...vali.args], {env: vali.env})
    expect(r.code, r.stderr + r.stdout).toBe(0)
    expect(r.stdout).toMatch(/uid.*score.*weight.*u16.*share/)
    expect(r.stdout).toMatch(/weights set in block \d+/)
    const want = sdkVector({0: 3, 1: 1, 2: 1.5})
    expect(await weightsOf(api, netuid, uid)).toEqual(want.uids.map((u, i) => [u, want.values[i]]))
  })

  it('inside the rate limit a second set exits 0, says when, and submits nothing', async () => {
    await sudo(api, api.tx.adminUtils.sudoSetWeightsSetRateLimit(netuid, 1000))
    const last = await lastUpdate(api, netuid, uid)
    const before = await weightsOf(api, netuid, uid)
    const head = await bestBlock(api)
    for (const json of [false, true]) {
      const r = await runTao(['weights', 'set', '--netuid', String(netuid), '--weights', '0=1,1=1,2=1', ...(json ? ['--json'] : []), ...vali.args], {env: vali.env})
      expect(r.code, r.stderr + r.stdout).toBe(0)
      if (json) {
        expect(r.json.action).toBe('rate-limited')
        expect(r.json.nextAllowedBlock).toBe(last + 1000)
        expect(r.json.tx).toBeUndefined()
      } else {
        expect(r.stdout).toContain(`next allowed at block ${last + 1000}, in ${last + 1000 - head} blocks`)
      }
    }
    // nothing was submitted: no block was built (instant mode builds one per extrinsic), state unchanged
    expect(await bestBlock(api)).toBe(head)
    expect(await lastUpdate(api, netuid, uid)).toBe(last)
    expect(await weightsOf(api, netuid, uid)).toEqual(before)
    const st = await runTao(['weights', 'status', '--netuid', String(netuid), '--json', ...vali.args], {env: vali.env})
    expect(st.code, st.stderr + st.stdout).toBe(0)
    expect(st.json.next).toContain(`set weights at block ${last + 1000}`)
    await sudo(api, api.tx.adminUtils.sudoSetWeightsSetRateLimit(netuid, 0))
  })

  it('--dry-run: the node validates the signed extrinsic, nothing is submitted', async () => {
    const head = await bestBlock(api)
    const before = await weightsOf(api, netuid, uid)
    const r = await runTao(['weights', 'set', '--netuid', String(netuid), '--weights', '0=1,1=1,2=1', '--dry-run', '--json', ...vali.args], {env: vali.env})
    expect(r.code, r.stderr).toBe(0)
    expect(r.json.action).toBe('dry-run')
    expect(r.json.tx.dryRun).toBe(true)
    expect(await bestBlock(api)).toBe(head)
    expect(await weightsOf(api, netuid, uid)).toEqual(before)
  })

  it('NaN, negative, out-of-range uid and duplicate uid exit 2 with one line and submit nothing', async () => {
    const head = await bestBlock(api)
    const dup = path.join(home.dir, 'dup.json')
    writeFileSync(dup, '{"0": 1, "1": 2, "0": 3}')
    const cases: [string[], RegExp][] = [
      [['--weights', '0=NaN,1=1'], /NaN/],
      [['--weights', '0=-0.5,1=1'], /negative/],
      [['--weights', '0=1,7=0.5'], /uid 7 does not exist/],
      [['--weights', '0=0.5,0=0.2'], /uid 0 is given twice/],
      [['--scores', dup], /appears twice/],
      [['--weights', '0=inf'], /NaN\/infinite|finite/],
    ]
    for (const [args, msg] of cases) {
      for (const cmd of ['set', 'run']) {
        const r = await runTao(['weights', cmd, '--netuid', String(netuid), ...args, ...vali.args], {env: vali.env})
        expect(r.code, `${cmd} ${args.join(' ')}`).toBe(2)
        expect(r.stdout).toBe('')
        const lines = r.stderr.trim().split('\n').filter((l) => l.startsWith('error:'))
        expect(lines, r.stderr).toHaveLength(1)
        expect(lines[0]).toMatch(msg)
      }
    }
    expect(await bestBlock(api)).toBe(head)
    expect(existsSync(path.join(home.env.TAO_DATA_DIR!, 'weights', 'vali', 'default', String(netuid), 'pending.json'))).toBe(false)
  })

  it('two concurrent runs never both submit', async () => {
    const head = await bestBlock(api)
    const args = ['weights', 'run', '--netuid', String(netuid), '--weights', '0=0.4,1=0.3,2=0.3', '--json', ...vali.args]
    const [a, b] = await Promise.all([runTao(args, {env: vali.env}), runTao(args, {env: vali.env})])
    const codes = [a.code, b.code].sort()
    expect(codes).toEqual([0, 8])
    const loser = a.code === 8 ? a : b
    const winner = a.code === 8 ? b : a
    expect(loser.json.error.code).toBe('Locked')
    expect(loser.stderr).toMatch(/another run holds the lock/)
    expect(winner.json.actions.map((x: any) => x.action)).toContain('set')
    // exactly one extrinsic (one block in instant mode)
    expect(await bestBlock(api)).toBe(head + 1)
    // the lock is released afterwards
    const again = await runTao(['weights', 'status', '--netuid', String(netuid), '--json', ...vali.args], {env: vali.env})
    expect(again.code, again.stderr + again.stdout).toBe(0)
  })

  it('an unreachable chain exits 4 and changes nothing', async () => {
    const dir = path.join(home.env.TAO_DATA_DIR!, 'weights', 'vali', 'default', String(netuid))
    const snapshot = () => ['pending.json', 'ema.json', 'run.lock'].map((f) => (existsSync(path.join(dir, f)) ? readFileSync(path.join(dir, f), 'utf8') : null))
    const before = snapshot()
    const r = await runTao(['weights', 'run', '--netuid', String(netuid), '--weights', '0=1', '--json', '--network', 'ws://127.0.0.1:1', '--wallet', 'vali', '--hotkey', 'default'], {env: {...vali.env, TAO_TIMEOUT: '5'}})
    expect(r.code, r.stderr + r.stdout).toBe(4)
    expect(r.json.error.exitCode).toBe(4)
    expect(r.stderr).toMatch(/^error: .*127\.0\.0\.1:1/m)
    expect(snapshot()).toEqual(before)
    expect(existsSync(path.join(dir, 'run.lock'))).toBe(false)
  })

  it('validator run: scores from an operator module, EMA, weights on chain', async () => {
    const scorer = path.join(home.dir, 'score.mjs')
    writeFileSync(scorer, 'export default async ({neurons}) => ({...Object.fromEntries(neurons.map((n) => [n.hotkey, n.uid + 1])), 9: Number.NaN})\n')
    const r = await runTao(['validator', 'run', '--netuid', String(netuid), '--scorer', scorer, '--iterations', '1', '--alpha', '0.5', '--json', ...vali.args], {env: vali.env})
    expect(r.code, r.stderr).toBe(0)
    const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l))
    expect(lines).toHaveLength(2)
    expect(lines[0].dropped).toEqual([{reason: 'unknown-uid', score: null, uid: 9}])
    expect(lines[0].run.actions.map((a: any) => a.action)).toEqual(['set'])
    expect(lines[1]).toMatchObject({errors: 0, iterations: 1, netuid})
    const want = sdkVector({0: 0.5, 1: 1, 2: 1.5})
    expect(await weightsOf(api, netuid, uid)).toEqual(want.uids.map((u, i) => [u, want.values[i]]))
    const ema = JSON.parse(readFileSync(path.join(home.env.TAO_DATA_DIR!, 'weights', 'vali', 'default', String(netuid), 'ema.json'), 'utf8'))
    expect(ema.entries['2']).toMatchObject({count: 1, score: 1.5})
  })

  it('show prints the weights as the chain stores them', async () => {
    const r = await runTao(['weights', 'show', String(netuid), '--json', ...vali.args], {env: vali.env})
    expect(r.code, r.stderr + r.stdout).toBe(0)
    const stored = await weightsOf(api, netuid, uid)
    expect(r.json.weights.map((w: any) => [w.uid, w.value])).toEqual(stored)
    expect(r.json.uid).toBe(uid)
    const byUid = await runTao(['weights', 'show', String(netuid), '--uid', String(uid), '--json', '--network', endpoint], {env: vali.env})
    expect(byUid.json.hotkey).toBe(vali.pair.address)
  })
})

describe.skipIf(!endpoint)('commit-reveal from a cron-like loop of tao weights run', () => {
  let api: ApiPromise
  const home = tempHome('tao-weights-cr-')
  let vali: Wallet
  let netuid: number
  let uid: number
  let dir: string
  const scoreArgs = ['--weights', '0=0.25,1=0.5,2=0.25']

  beforeAll(async () => {
    api = await devApi(endpoint)
    vali = makeWallet(home, 'vali')
    netuid = await subnetWith3(api, 'cr', vali)
    uid = await uidOf(api, netuid, vali.pair.address)
    await sudo(api, api.tx.adminUtils.sudoSetCommitRevealWeightsEnabled(netuid, true))
    dir = path.join(home.env.TAO_DATA_DIR!, 'weights', 'vali', 'default', String(netuid))
  })
  afterAll(async () => api?.disconnect())

  const run = (extra: string[] = []) => runTao(['weights', 'run', '--netuid', String(netuid), ...scoreArgs, '--json', ...extra, ...vali.args], {env: vali.env})

  it('commits, survives SIGKILL right after the commit, and a later run reveals in the window', async () => {
    // 1. a run that is killed as soon as its commit is on chain. It talks to the chain through a proxy that
    //    holds back the chain's answers once the extrinsic is submitted, so the run cannot see the commit land
    //    (and record it, release its lock, exit) before the kill: the crash window is hit every time.
    const proxy = await recordingProxy(endpoint, {holdAfter: 'author_submitAndWatchExtrinsic', holdMs: 20_000})
    const child = spawn(process.execPath, [BIN, 'weights', 'run', '--netuid', String(netuid), ...scoreArgs, '--json', ...vali.args.map((a) => (a === endpoint ? proxy.url : a))], {env: {...process.env, ...vali.env, NO_COLOR: '1'}, stdio: ['ignore', 'pipe', 'pipe']})
    const closed = new Promise((r) => child.once('close', r))
    let killedAfterCommit = false
    for (let i = 0; i < 600 && child.exitCode === null; i++) {
      if ((await commitsOf(api, netuid, vali.pair.address)).length > 0) {
        child.kill('SIGKILL')
        killedAfterCommit = true
        break
      }
      await new Promise((r) => setTimeout(r, 25))
    }
    await closed
    await proxy.close()
    expect(killedAfterCommit).toBe(true)
    const commits = await commitsOf(api, netuid, vali.pair.address)
    expect(commits).toHaveLength(1)
    const [hash, commitBlock, first, last] = commits[0]
    // the salt and values were on disk before the commit was submitted
    const pending = JSON.parse(readFileSync(path.join(dir, 'pending.json'), 'utf8'))
    expect(pending.commits).toHaveLength(1)
    expect(pending.commits[0].id).toBe(hash)
    // killed before it could see the commit land: only what was written before submitting is there
    expect(pending.commits[0].status).toBe('prepared')
    expect(pending.commits[0].salt).toHaveLength(8)
    // rate limit up, so later loop iterations do not commit again
    await sudo(api, api.tx.adminUtils.sudoSetWeightsSetRateLimit(netuid, 1000))

    // 2. next run, before the window: takes over the stale lock, reveals nothing, says when
    const early = await run()
    expect(early.code, early.stderr + early.stdout).toBe(0)
    expect(early.stderr).toMatch(/stale lock/)
    expect(early.json.actions.map((a: any) => a.action)).not.toContain('revealed')
    expect(early.json.commits[0].phase).toBe('waiting')
    expect(early.json.commits[0].firstRevealBlock).toBe(first)
    expect(early.json.actions.map((a: any) => a.action)).toContain('rate-limited')
    expect(await commitsOf(api, netuid, vali.pair.address)).toHaveLength(1)

    // 3. advance so the next extrinsic lands in the first reveal block; the loop's next run reveals
    const head = await bestBlock(api)
    expect(first).toBeGreaterThan(head)
    if (first - 1 > head) await newBlocks(api, first - 1 - head)
    const reveal = await run()
    expect(reveal.code, reveal.stderr + reveal.stdout).toBe(0)
    const revealed = reveal.json.actions.find((a: any) => a.action === 'revealed')
    expect(revealed.block).toBeGreaterThanOrEqual(first)
    expect(revealed.block).toBeLessThanOrEqual(last)
    expect(reveal.json.txHash).toBe(revealed.txHash)
    expect(commitBlock).toBeLessThan(first)
    // the chain holds the committed (SDK) values
    const want = sdkVector({0: 0.25, 1: 0.5, 2: 0.25})
    expect(await weightsOf(api, netuid, uid)).toEqual(want.uids.map((u, i) => [u, want.values[i]]))
    expect(await commitsOf(api, netuid, vali.pair.address)).toHaveLength(0)
    const after = JSON.parse(readFileSync(path.join(dir, 'pending.json'), 'utf8'))
    expect(after.commits[0].status).toBe('landed')

    // 4. the loop goes on: nothing due, rate limited, exit 0
    const idle = await run()
    expect(idle.code, idle.stderr + idle.stdout).toBe(0)
    expect(idle.json.actions.map((a: any) => a.action)).toEqual(['rate-limited'])
  })

  it('a commit whose window passes without a reveal is a missed reveal (exit 7)', async () => {
    await sudo(api, api.tx.adminUtils.sudoSetWeightsSetRateLimit(netuid, 0))
    const c = await runTao(['weights', 'set', '--netuid', String(netuid), '--weights', '0=1,1=2,2=3', '--json', ...vali.args], {env: vali.env})
    expect(c.code, c.stderr + c.stdout).toBe(0)
    expect(c.json.action).toBe('committed')
    expect(c.json.commit.salt).toBeUndefined()
    const last = c.json.commit.lastRevealBlock
    const head = await bestBlock(api)
    await newBlocks(api, last - head)
    const before = await weightsOf(api, netuid, uid)
    const r = await runTao(['weights', 'reveal', '--netuid', String(netuid), '--json', ...vali.args], {env: vali.env})
    expect(r.code, r.stderr + r.stdout).toBe(7)
    expect(r.json.error.code).toBe('MissedReveal')
    expect(r.stderr).toMatch(/missed their reveal/)
    expect(await weightsOf(api, netuid, uid)).toEqual(before)
    // reported once; the entry stays visible as missed
    const again = await runTao(['weights', 'reveal', '--netuid', String(netuid), '--json', ...vali.args], {env: vali.env})
    expect(again.code, again.stderr + again.stdout).toBe(0)
    expect(again.json.views.find((v: any) => v.id === c.json.commit.id).phase).toBe('missed')
  })
})
