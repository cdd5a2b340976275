/**
 * `tao validator run` with a synapse against real `tao miner serve` axons on the local chain: one miner answers at
 * once, the other sleeps past --query-timeout. The operator's scoring module (written here) scores each uid from
 * the responses the loop hands it; the chain's Weights for the validator must then hold the SDK vector of those
 * scores. Loopback axons are written with dev_setStorage (the runtime refuses 127.0.0.1 in serve_axon).
 */
import type {ApiPromise} from '@polkadot/api'

import type {ChildProcess} from 'node:child_process'
import {readFileSync, writeFileSync} from 'node:fs'
import path from 'node:path'
import {fileURLToPath} from 'node:url'
import {afterAll, beforeAll, describe, expect, inject, it} from 'vitest'

import {TAO, allowSubnetRegistration, burnedRegister, createSubnet, devApi, devKey, fund, newBlocks, setAxon, sudo} from '../helpers/dev-chain.js'
import {runTao, startTao, tempHome} from '../helpers/run-tao.js'
import {sdkPairs} from '../helpers/sdk-rule.js'
import {writeHotkey} from '../unit/miner/fixtures/wallets.js'

const endpoint = inject('endpoint')
const HANDLER = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'unit', 'miner', 'fixtures', 'handler.mjs')
const LOOPBACK = 2130706433n // 127.0.0.1
const COLD = '//Alice//validator-int-cold'

const procs: ChildProcess[] = []

/** Start the real `tao miner serve` on 127.0.0.1, port 0; resolves with its port when it prints its JSON line. */
async function serve(wallet: string, env: Record<string, string>): Promise<{port: number; hotkey: string}> {
  const started = await startTao(['miner', 'serve', '--handler', HANDLER, '--port', '0', '--host', '127.0.0.1', '--json', '-w', wallet], {env})
  procs.push(started.proc)
  return {hotkey: started.json.hotkey, port: started.json.port}
}

async function waitFor(what: string, check: () => Promise<boolean>, ms = 30_000): Promise<void> {
  const t0 = Date.now()
  while (!(await check())) {
    if (Date.now() - t0 > ms) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 250))
  }
}

describe.skipIf(!endpoint)('tao validator run queries the miners and scores their answers', () => {
  const home = tempHome('tao-validator-')
  const env = home.env
  let api: ApiPromise
  let netuid: number
  const uid: Record<string, number> = {}
  const hotkey: Record<string, string> = {}
  const scorer = path.join(home.dir, 'score.mjs')
  const seen = path.join(home.dir, 'seen.json')
  const synapseArgs = ['--synapse', 'Dummy', '--body', '{"dummy_input": 21}', '--hash-fields', 'dummy_input']

  beforeAll(async () => {
    api = await devApi(endpoint)
    const cost = ((await (api.call as any).subnetRegistrationRuntimeApi.getNetworkRegistrationCost()) as any).toBigInt() as bigint
    await fund(api, devKey(COLD).address, cost + 10_000n * TAO)
    await allowSubnetRegistration(api)
    netuid = await createSubnet(api, COLD, '//Alice//validator-int-owner')
    await waitFor('the localnet watcher to open registrations', async () => ((await api.query.subtensorModule.maxRegistrationsPerBlock(netuid)) as any).toNumber() >= 64)
    uid.owner = ((await api.query.subtensorModule.uids(netuid, devKey('//Alice//validator-int-owner').address)) as any).unwrap().toNumber()

    for (const l of ['vali', 'fast', 'slow']) {
      const pair = await writeHotkey(env.TAO_WALLET_PATH!, l, 'default', `validator-int-${l}`)
      hotkey[l] = pair.address
      uid[l] = await burnedRegister(api, netuid, pair.address, COLD)
    }
    await fund(api, hotkey.vali!, 1n * TAO)
    const fast = await serve('fast', {...env, MINER_OFFSET: '0', MINER_TAG: 'fast'})
    const slow = await serve('slow', {...env, MINER_SLEEP_MS: '8000', MINER_TAG: 'slow'})
    expect([fast.hotkey, slow.hotkey]).toEqual([hotkey.fast, hotkey.slow])
    await setAxon(api, netuid, hotkey.fast!, {ip: LOOPBACK, port: fast.port})
    await setAxon(api, netuid, hotkey.slow!, {ip: LOOPBACK, port: slow.port})

    // a short tempo so the epoch hands out validator permits; no rate limit; MinAllowedWeights 1 (SDK rule above)
    await sudo(api, api.tx.adminUtils.sudoSetTempo(netuid, 10))
    await sudo(api, api.tx.adminUtils.sudoSetWeightsSetRateLimit(netuid, 0))
    if (Number((await api.query.subtensorModule.minAllowedWeights(netuid)).toString()) !== 1) await sudo(api, api.tx.adminUtils.sudoSetMinAllowedWeights(netuid, 1))
    for (let i = 0; i < 30; i++) {
      const permits: any = await api.query.subtensorModule.validatorPermit(netuid)
      if (permits[uid.vali!]?.isTrue) break
      await newBlocks(api, 1)
    }

    // the operator's module: 1.0 for a 200 carrying the expected answer, 0 otherwise; it also records what it got
    writeFileSync(
      scorer,
      `import {writeFileSync} from 'node:fs'
export default async function score({netuid, neurons, responses, synapse}) {
  writeFileSync(${JSON.stringify(seen)}, JSON.stringify({netuid, neurons, responses, synapse}))
  return Object.fromEntries(responses.map((r) => [r.uid, r.status === 200 && r.response?.dummy_output === 42 ? 1.0 : 0]))
}
`,
    )
  }, 180_000)

  afterAll(async () => {
    for (const p of procs) if (p.exitCode === null) p.kill('SIGTERM')
    await api?.disconnect()
  })

  it('queries both miners, the slow one times out, and the weights follow the module\'s scores', async () => {
    const before: any = await api.query.subtensorModule.weights(netuid, uid.vali!)
    expect(before.length).toBe(0)
    const r = await runTao(
      ['validator', 'run', '--network', endpoint, '--netuid', String(netuid), '--scorer', scorer, ...synapseArgs, '--query-timeout', '2', '--concurrency', '4', '--iterations', '1', '--yes', '--json', '-w', 'vali'],
      {env},
    )
    expect(r.code, r.stderr + r.stdout).toBe(0)
    const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l))
    expect(lines).toHaveLength(2)
    const [it1, summary] = lines
    expect(it1.error).toBeUndefined()
    expect(it1.query).toMatchObject({failed: 1, queried: 2, succeeded: 1, synapse: 'Dummy'})
    expect(it1.query.statuses).toEqual({[uid.owner!]: null, [uid.vali!]: null, [uid.fast!]: 200, [uid.slow!]: 408})
    expect(it1.run.actions.map((a: any) => a.action)).toEqual(['set'])
    expect(summary).toMatchObject({errors: 0, iterations: 1, netuid})

    // what the module was given: one response per neuron, in uid order
    const got = JSON.parse(readFileSync(seen, 'utf8'))
    expect(got.synapse).toBe('Dummy')
    expect(got.netuid).toBe(netuid)
    expect(got.responses.map((x: any) => x.uid)).toEqual(got.neurons.map((n: any) => n.uid))
    const byUid = Object.fromEntries(got.responses.map((x: any) => [x.uid, x]))
    expect(byUid[uid.fast!]).toMatchObject({hotkey: hotkey.fast, ok: true, status: 200})
    expect(byUid[uid.fast!].response).toMatchObject({dummy_input: 21, dummy_output: 42, tag: 'fast'})
    expect(byUid[uid.fast!].latencyMs).toBeLessThan(byUid[uid.slow!].latencyMs)
    expect(byUid[uid.slow!]).toMatchObject({failure: 'Timeout', hotkey: hotkey.slow, ok: false, response: null, status: 408})
    expect(byUid[uid.slow!].latencyMs).toBeGreaterThanOrEqual(1900)
    expect(byUid[uid.vali!]).toMatchObject({failure: 'NotServing', hotkey: hotkey.vali, status: null})

    // the chain, read independently: the SDK vector of the module's scores (only the fast miner carries weight)
    const scores = {[uid.owner!]: 0, [uid.vali!]: 0, [uid.fast!]: 1, [uid.slow!]: 0}
    const stored = ((await api.query.subtensorModule.weights(netuid, uid.vali!)) as any).map((p: any) => [p[0].toNumber(), p[1].toNumber()])
    expect(stored).toEqual(sdkPairs(scores))
    expect(stored).toEqual([[uid.fast!, 65_535]])
  }, 180_000)

  it('refuses query flags without a synapse and a bad --query-timeout, before touching anything', async () => {
    const base = ['validator', 'run', '--network', endpoint, '--netuid', String(netuid), '--scorer', scorer, '--iterations', '1', '--yes', '-w', 'vali']
    const stray = await runTao([...base, '--body', '{"dummy_input": 1}'], {env})
    expect(stray.code).toBe(2)
    expect(stray.stderr.trim().split('\n')).toEqual(['error: --body goes with --synapse NAME or --synapse-file FILE'])
    const badTimeout = await runTao([...base, ...synapseArgs, '--query-timeout', '0'], {env})
    expect(badTimeout.code).toBe(2)
    expect(badTimeout.stderr).toMatch(/^error: --query-timeout must be seconds/m)
    const badBody = await runTao([...base, '--synapse', 'Dummy', '--body', '{"dummy_input": '], {env})
    expect(badBody.code).toBe(2)
    expect(badBody.stderr).toMatch(/^error: --body is not valid JSON/m)
  })
})
