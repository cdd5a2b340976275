/**
 * `--metrics` and `--log-format json` on the real binary: `tao validator run` on the local chain (a subnet, a
 * registered validator, two real `tao miner serve` axons put in storage, one of them too slow) is scraped over HTTP
 * while it runs, and every figure is checked against the run's own JSON lines and the chain; `tao miner serve
 * --metrics` is scraped after known requests and its counters checked against the requests' replies and its log.
 */
import type {ApiPromise} from '@polkadot/api'

import type {ChildProcess} from 'node:child_process'
import {writeFileSync} from 'node:fs'
import path from 'node:path'
import {fileURLToPath} from 'node:url'
import {afterAll, beforeAll, describe, expect, inject, it} from 'vitest'

import {TAO, allowSubnetRegistration, burnedRegister, createSubnet, devApi, devKey, fund, newBlocks, setAxon, sudo} from '../helpers/dev-chain.js'
import {type Exposition, parseExposition, sampleValue} from '../helpers/prom.js'
import {runTao, startTao, tempHome} from '../helpers/run-tao.js'
import {writeHotkey} from '../unit/miner/fixtures/wallets.js'

const endpoint = inject('endpoint')
const HANDLER = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'unit', 'miner', 'fixtures', 'handler.mjs')
const LOOPBACK = 2130706433n // 127.0.0.1
const COLD = '//Alice//metrics-int-cold'

const procs: ChildProcess[] = []

interface LogLine {
  time: string
  level: string
  event: string
  [k: string]: unknown
}

/** Every stderr line of a `--log-format json` run: each must be one JSON object with time, level and event. */
function logLines(stderr: string): LogLine[] {
  return stderr
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => {
      let o: LogLine
      try {
        o = JSON.parse(l) as LogLine
      } catch {
        throw new Error(`not a JSON log line: ${l}\n--- the whole log:\n${stderr}`)
      }
      expect(typeof o.time === 'string' && !Number.isNaN(Date.parse(o.time)), l).toBe(true)
      expect(['info', 'warn', 'error']).toContain(o.level)
      expect(typeof o.event).toBe('string')
      return o
    })
}

async function scrape(url: string): Promise<Exposition> {
  const res = await fetch(url)
  expect(res.status).toBe(200)
  expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/)
  return parseExposition(await res.text())
}

async function waitFor(what: string, check: () => Promise<boolean> | boolean, ms = 30_000): Promise<void> {
  const t0 = Date.now()
  while (!(await check())) {
    if (Date.now() - t0 > ms) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 250))
  }
}

function exited(p: ChildProcess): Promise<number | null> {
  return p.exitCode !== null ? Promise.resolve(p.exitCode) : new Promise((r) => p.once('exit', (code) => r(code)))
}

describe.skipIf(!endpoint)('--metrics and --log-format json on validator run and miner serve', () => {
  const home = tempHome('tao-metrics-')
  const env = home.env
  let api: ApiPromise
  let netuid: number
  const uid: Record<string, number> = {}
  const hotkey: Record<string, string> = {}
  const scorer = path.join(home.dir, 'score.mjs')
  let fast: Awaited<ReturnType<typeof startTao>>

  beforeAll(async () => {
    api = await devApi(endpoint)
    const cost = ((await (api.call as any).subnetRegistrationRuntimeApi.getNetworkRegistrationCost()) as any).toBigInt() as bigint
    await fund(api, devKey(COLD).address, cost + 10_000n * TAO)
    await allowSubnetRegistration(api)
    netuid = await createSubnet(api, COLD, '//Alice//metrics-int-owner')
    await waitFor('the localnet watcher to open registrations', async () => ((await api.query.subtensorModule.maxRegistrationsPerBlock(netuid)) as any).toNumber() >= 64)
    for (const l of ['vali', 'fast', 'slow']) {
      const pair = await writeHotkey(env.TAO_WALLET_PATH!, l, 'default', `metrics-int-${l}`)
      hotkey[l] = pair.address
      uid[l] = await burnedRegister(api, netuid, pair.address, COLD)
    }
    await fund(api, hotkey.vali!, 1n * TAO)
    fast = await startTao(['miner', 'serve', '--handler', HANDLER, '--port', '0', '--json', '-w', 'fast', '--metrics', '127.0.0.1:0', '--log-format', 'json'], {env: {...env, MINER_TAG: 'fast'}})
    procs.push(fast.proc)
    const slow = await startTao(['miner', 'serve', '--handler', HANDLER, '--port', '0', '--json', '-w', 'slow'], {env: {...env, MINER_SLEEP_MS: '8000', MINER_TAG: 'slow'}})
    procs.push(slow.proc)
    await setAxon(api, netuid, hotkey.fast!, {ip: LOOPBACK, port: fast.json.port})
    await setAxon(api, netuid, hotkey.slow!, {ip: LOOPBACK, port: slow.json.port})
    await sudo(api, api.tx.adminUtils.sudoSetTempo(netuid, 10))
    await sudo(api, api.tx.adminUtils.sudoSetWeightsSetRateLimit(netuid, 0))
    if (Number((await api.query.subtensorModule.minAllowedWeights(netuid)).toString()) !== 1) await sudo(api, api.tx.adminUtils.sudoSetMinAllowedWeights(netuid, 1))
    for (let i = 0; i < 30; i++) {
      const permits: any = await api.query.subtensorModule.validatorPermit(netuid)
      if (permits[uid.vali!]?.isTrue) break
      await newBlocks(api, 1)
    }
    writeFileSync(scorer, `export default ({responses}) => Object.fromEntries(responses.map((r) => [r.uid, r.status === 200 ? 1 : 0]))\n`)
  }, 180_000)

  afterAll(async () => {
    for (const p of procs) if (p.exitCode === null) p.kill('SIGTERM')
    await api?.disconnect()
  })

  it('validator run: a scrape during the run shows the round, the set and the submissions its JSON lines report', async () => {
    // no --iterations and a long --interval: after the first iteration the loop waits, still serving metrics
    const args = ['validator', 'run', '--network', endpoint, '--netuid', String(netuid), '--scorer', scorer, '--synapse', 'Dummy', '--body', '{"dummy_input": 21}', '--hash-fields', 'dummy_input']
    const v = await startTao([...args, '--query-timeout', '2', '--interval', '5000', '--metrics', '127.0.0.1:0', '--log-format', 'json', '--yes', '--json', '-w', 'vali'], {env, timeoutMs: 150_000})
    procs.push(v.proc)
    const iteration = v.json
    expect(iteration.error).toBeUndefined()
    await waitFor('the iteration log line', () => logLines(v.stderr()).some((l) => l.event === 'validator.iteration'))
    const log = logLines(v.stderr())
    const url = log.find((l) => l.event === 'metrics.listening')?.url as string
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/metrics$/)

    const m = await scrape(url)
    // the round: the event, the stdout line and the scrape agree
    const round = log.find((l) => l.event === 'validator.round')!
    expect(round).toMatchObject({answered: iteration.query.succeeded, failed: iteration.query.failed, queried: iteration.query.queried, synapse: 'Dummy'})
    expect(round).toMatchObject({answered: 1, queried: 2, timedOut: 1})
    expect(sampleValue(m, 'tao_validator_round_miners', {result: 'queried'})).toBe(round.queried)
    expect(sampleValue(m, 'tao_validator_round_miners', {result: 'answered'})).toBe(round.answered)
    expect(sampleValue(m, 'tao_validator_round_miners', {result: 'timed_out'})).toBe(round.timedOut)
    expect(sampleValue(m, 'tao_validator_miner_queries_total', {result: 'timed_out'})).toBe(round.timedOut)
    expect(sampleValue(m, 'tao_validator_miner_latency_seconds_count', {result: 'answered'})).toBe(1)
    expect(sampleValue(m, 'tao_validator_miner_latency_seconds_count', {result: 'timed_out'})).toBe(1)
    expect(sampleValue(m, 'tao_validator_miner_latency_seconds_sum', {result: 'timed_out'})).toBeGreaterThanOrEqual(1.9)
    expect(sampleValue(m, 'tao_validator_miner_latency_seconds_bucket', {le: '1', result: 'timed_out'})).toBe(0)
    expect(sampleValue(m, 'tao_validator_miner_latency_seconds_bucket', {le: '+Inf', result: 'timed_out'})).toBe(1)
    expect(sampleValue(m, 'tao_validator_iterations_total')).toBe(1)
    expect(sampleValue(m, 'tao_validator_last_iteration_block')).toBe(iteration.block)
    expect(sampleValue(m, 'tao_chain_reconnects_total')).toBe(0)

    // the set: its event, the stdout line, the scrape and the chain's LastUpdate agree
    const set = log.filter((l) => l.event === 'weights.set')
    expect(set).toHaveLength(1)
    expect(set[0]!.txHash).toBe(iteration.run.actions[0].txHash)
    const setBlock = set[0]!.block as number
    expect(sampleValue(m, 'tao_weights_last_outcome', {kind: 'set', outcome: 'succeeded'})).toBe(1)
    expect(sampleValue(m, 'tao_weights_last_outcome', {kind: 'set', outcome: 'failed'})).toBe(0)
    expect(sampleValue(m, 'tao_weights_last_success_block', {kind: 'set'})).toBe(setBlock)
    const lastUpdate = ((await api.query.subtensorModule.lastUpdate(netuid)) as any).map((x: any) => x.toNumber())[uid.vali!]
    expect(lastUpdate).toBe(setBlock)
    expect(sampleValue(m, 'tao_weights_last_update_block')).toBe(lastUpdate)
    expect(sampleValue(m, 'tao_validator_blocks_since_weights_set')).toBe(Math.max(0, iteration.block - setBlock))
    expect(sampleValue(m, 'tao_weights_pending_commits')).toBe(0)

    // submissions by outcome: one per transaction the log reports, each succeeded
    const txs = log.filter((l) => l.event.startsWith('weights.') && l.txHash)
    const submissions = m.samples.filter((s) => s.name === 'tao_submissions_total')
    expect(submissions.reduce((a, s) => a + s.value, 0)).toBe(txs.length)
    expect(sampleValue(m, 'tao_submissions_total', {call: 'subtensorModule.setWeights', outcome: 'succeeded'})).toBe(1)
    for (const o of ['failed', 'refused', 'unknown']) expect(submissions.filter((s) => s.labels.outcome === o)).toEqual([])

    // SIGTERM ends the run cleanly (exit 0) and the metrics server with it. (It used to exit 143 "interrupted": conf's
    // when-exit re-raised the SIGTERM a few ms later, taken for a second signal; see openSettings.)
    v.proc.kill('SIGTERM')
    expect(await exited(v.proc), v.stderr()).toBe(0)
    expect(v.stderr()).not.toMatch(/interrupted/)
    await expect(fetch(url)).rejects.toThrow()
  }, 240_000)

  it('miner serve: requests by status code and handler latency match the replies and the request log', async () => {
    const url = fast.json.metrics as string
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/metrics$/)
    const axon = `127.0.0.1:${fast.json.port}`
    const before = await scrape(url)
    const ok0 = sampleValue(before, 'tao_axon_requests_total', {status: '200', synapse: 'Dummy'}) ?? 0

    // known requests: a signed query (200), an unknown route (404), an unsigned Dummy
    const q = await runTao(['miner', 'query', '--axon', axon, '--axon-hotkey', hotkey.fast!, '--synapse', 'Dummy', '--body', '{"dummy_input": 5}', '--hash-fields', 'dummy_input', '-w', 'vali', '--json'], {env})
    expect(q.code, q.stderr).toBe(0)
    expect(JSON.parse(q.stdout).results[0].status).toBe(200)
    const nope = await fetch(`http://${axon}/Nope`, {body: '{}', headers: {'content-type': 'application/json'}, method: 'POST'})
    expect(nope.status).toBe(404)
    const unsigned = await fetch(`http://${axon}/Dummy`, {body: '{"dummy_input": 1}', headers: {'content-type': 'application/json'}, method: 'POST'})
    expect(unsigned.status).toBeGreaterThanOrEqual(400)

    await waitFor('the request log lines', () => logLines(fast.stderr()).filter((l) => l.event === 'axon.request').length >= ok0 + 3)
    const requests = logLines(fast.stderr()).filter((l) => l.event === 'axon.request')
    const m = await scrape(url)
    expect(sampleValue(m, 'tao_axon_requests_total', {status: '200', synapse: 'Dummy'})).toBe(ok0 + 1)
    expect(sampleValue(m, 'tao_axon_requests_total', {status: '404', synapse: 'Nope'})).toBe(1)
    expect(sampleValue(m, 'tao_axon_requests_total', {status: String(unsigned.status), synapse: 'Dummy'})).toBe(1)
    // every counter is the number of log lines with that synapse and status
    const counted = m.samples.filter((s) => s.name === 'tao_axon_requests_total')
    expect(counted.reduce((a, s) => a + s.value, 0)).toBe(requests.length)
    for (const s of counted) expect(requests.filter((r) => r.synapse === s.labels.synapse && String(r.status) === s.labels.status).length).toBe(s.value)
    // the handler ran for the 200s only; each signed request's line names its uuid
    const oks = requests.filter((r) => r.status === 200)
    expect(sampleValue(m, 'tao_axon_handler_duration_seconds_count', {synapse: 'Dummy'})).toBe(oks.length)
    expect(sampleValue(m, 'tao_axon_request_duration_seconds_count', {synapse: 'Dummy'})).toBe(requests.filter((r) => r.synapse === 'Dummy').length)
    for (const r of oks) expect(r.uuid).toMatch(/^[0-9a-f-]{36}$/)
    expect(sampleValue(m, 'tao_axon_handler_errors_total', {synapse: 'Dummy'})).toBe(0)
  }, 120_000)

  it('refuses a non-loopback --metrics host without --metrics-public, and a bad address, before serving', async () => {
    const pub = await runTao(['miner', 'serve', '--handler', HANDLER, '--port', '0', '-w', 'fast', '--metrics', '0.0.0.0:0'], {env})
    expect(pub.code).toBe(2)
    expect(pub.stderr).toMatch(/--metrics 0\.0\.0\.0:0 would let other machines read .*--metrics-public/)
    const bad = await runTao(['validator', 'run', '--network', endpoint, '--netuid', String(netuid), '--scorer', scorer, '--iterations', '1', '--yes', '-w', 'vali', '--metrics', 'localhost:x'], {env})
    expect(bad.code).toBe(2)
    expect(bad.stderr).toMatch(/--metrics localhost:x: expected HOST:PORT/)
    expect(bad.stdout).toBe('')
  }, 60_000)
})
