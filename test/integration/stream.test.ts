/**
 * Streaming synapses end to end with the real binary: `tao miner serve` with a streaming handler (an async generator)
 * against `tao miner query --stream`, as a table and as one --json document; the per-chunk and overall timeouts; a
 * handler that throws mid-stream (what the caller sees, and the axon's log line with the request's uuid); a plain
 * query of a streaming synapse (loopback only, --axon targets, no chain); and `tao validator run --stream` on the local
 * chain, whose scoring module gets each miner's text and stream figures. The Python side of the wire format is in
 * test/unit/protocol/stream.test.ts (the SDK's own transcript).
 */
import type {ApiPromise} from '@polkadot/api'

import {type ChildProcess, spawn} from 'node:child_process'
import {readFileSync, writeFileSync} from 'node:fs'
import path from 'node:path'
import {fileURLToPath} from 'node:url'
import {afterAll, beforeAll, describe, expect, inject, it} from 'vitest'

import {TAO, allowSubnetRegistration, burnedRegister, createSubnet, devApi, devKey, fund, newBlocks, setAxon, sudo} from '../helpers/dev-chain.js'
import {BIN} from '../helpers/paths.js'
import {runTao, startTao, tempHome} from '../helpers/run-tao.js'
import {writeHotkey} from '../unit/miner/fixtures/wallets.js'

const HANDLER = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'stream-handler.mjs')

interface LogLine {
  event: string
  level: string
  [k: string]: any
}

const logLines = (stderr: string): LogLine[] =>
  stderr
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as LogLine)

describe('streaming: tao miner serve (async generator handler) ⇄ tao miner query --stream', () => {
  const home = tempHome('tao-stream-')
  const env = home.env
  let axon: {proc: ChildProcess; json: any; stderr: () => string}
  let minerHotkey: string

  beforeAll(async () => {
    minerHotkey = (await writeHotkey(env.TAO_WALLET_PATH!, 'miner', 'default', 'stream-int-miner')).address
    await writeHotkey(env.TAO_WALLET_PATH!, 'validator', 'default', 'stream-int-validator')
    axon = await startTao(['miner', 'serve', '--handler', HANDLER, '--port', '0', '--json', '--log-format', 'json', '-w', 'miner'], {env, timeoutMs: 120_000})
  }, 120_000)

  afterAll(() => {
    if (axon?.proc.exitCode === null) axon.proc.kill('SIGTERM')
  })

  const query = (prompt: string, ...extra: string[]) =>
    runTao(['miner', 'query', '--axon', `127.0.0.1:${axon.json.port}`, '--axon-hotkey', minerHotkey, '--synapse', 'StreamText', '--body', JSON.stringify({prompt}), '--hash-fields', 'prompt', '-w', 'validator', ...extra], {env})

  it('serve says which synapses stream', () => {
    expect(axon.json).toMatchObject({streaming: ['StreamText'], synapses: ['StreamText', 'Dummy']})
  })

  it('table: the chunks first, as they came, then the row with the stream figures', async () => {
    const r = await query('one two three four', '--stream')
    expect(r.code, r.stderr).toBe(0)
    // the stream itself, intact and in order, before the table
    expect(r.stdout.startsWith('ONE\nTWO\nTHREE\nFOUR\n')).toBe(true)
    const table = r.stdout.slice('ONE\nTWO\nTHREE\nFOUR\n'.length)
    // (the table's rules are box characters; the cells are what matter)
    const cells = (line: string) => line.split(/[│|]/).map((c) => c.trim()).filter(Boolean)
    const lines = table.split('\n')
    expect(cells(lines.find((l) => l.includes('first ms'))!)).toEqual(['uid', 'hotkey', 'axon', 'status', 'ms', 'first ms', 'chunks', 'bytes', 'B/s', 'answer'])
    const row = cells(lines.find((l) => l.includes(`127.0.0.1:${axon.json.port}`))!)
    expect(row[0]).toBe(minerHotkey)
    expect(row.slice(1, 2)).toEqual([`127.0.0.1:${axon.json.port}`])
    expect(row[2]).toBe('200')
    expect(row.slice(5, 7)).toEqual(['4', '19'])
    expect(row[8]).toBe(JSON.stringify('ONE\nTWO\nTHREE\nFOUR\n'))
    expect(table).toContain('1/1 streamed to the end with 200')
  })

  it('on a terminal the chunks show while the stream is still going (before the axon has even finished it)', async () => {
    const args = ['miner', 'query', '--axon', `127.0.0.1:${axon.json.port}`, '--axon-hotkey', minerHotkey, '--synapse', 'StreamText', '--body', '{"prompt": "first hang"}', '--hash-fields', 'prompt', '-w', 'validator', '--stream', '--timeout', '3']
    const quoted = [process.execPath, BIN, ...args].map((a) => `'${a.replaceAll("'", "'\\''")}'`).join(' ')
    const child = spawn('script', ['-qec', quoted, '/dev/null'], {env: {...process.env, NO_COLOR: '1', ...env}, stdio: ['pipe', 'pipe', 'pipe']})
    let screen = ''
    const logged = () => logLines(axon.stderr()).filter((l) => l.event === 'axon.request' && l.synapse === 'StreamText').length
    const before = logged()
    const seenFirst = new Promise<{tableYet: boolean; axonDone: boolean}>((resolve) => {
      child.stdout.on('data', (d: Buffer) => {
        screen += d.toString()
        if (screen.includes('FIRST')) resolve({axonDone: logged() > before, tableYet: screen.includes('┌')})
      })
    })
    const ended = new Promise<number | null>((resolve) => child.on('close', resolve))
    child.stdin.end()
    // the first chunk is on the screen while the handler still hangs: no table yet, the axon has not ended the stream
    expect(await seenFirst).toEqual({axonDone: false, tableYet: false})
    expect(await ended).toBe(6)
    // (stderr shares the screen: the progress line comes first)
    expect(screen.replaceAll('\r\n', '\n')).toMatch(/\)\nFIRST\n┌/)
    expect(screen).toContain('Request timeout after 3.0 seconds')
  })

  it('--json: one document with every chunk (arrival ms, bytes, text) and the assembled answer', async () => {
    const r = await query('alpha beta gamma', '--stream', '--stream-field', 'completion', '--chunk-timeout', '5', '--json')
    expect(r.code, r.stderr).toBe(0)
    expect(r.json).toBeDefined()
    expect(r.json.streamed).toBe(true)
    const row = r.json.results[0]
    expect(row).toMatchObject({message: 'Success', ok: true, status: 200})
    expect(row.chunks.map((c: any) => c.text)).toEqual(['ALPHA\n', 'BETA\n', 'GAMMA\n'])
    expect(row.chunks.map((c: any) => c.index)).toEqual([0, 1, 2])
    expect(row.chunks.map((c: any) => c.bytes)).toEqual([6, 5, 6])
    for (let i = 1; i < row.chunks.length; i++) expect(row.chunks[i].atMs).toBeGreaterThanOrEqual(row.chunks[i - 1].atMs)
    expect(row.text).toBe('ALPHA\nBETA\nGAMMA\n')
    expect(row.response).toEqual({completion: 'ALPHA\nBETA\nGAMMA\n', prompt: 'alpha beta gamma'})
    expect(row.stream).toMatchObject({bytes: 17, chunks: 3, complete: true, firstChunkMs: row.chunks[0].atMs, streamed: true})
    expect(row.stream.bytesPerS).toBeGreaterThan(0)
    // the axon's log line for this request: same uuid, the stream's figures
    const line = logLines(axon.stderr()).filter((l) => l.event === 'axon.request' && l.uuid === r.json.dendriteUuid).at(-1)!
    expect(line).toMatchObject({level: 'info', status: 200, stream: {bytes: 17, chunks: 3, complete: true}, synapse: 'StreamText'})
  })

  it('a slow chunk hits --chunk-timeout: 408, the chunks before it kept, exit 6', async () => {
    const r = await query('one two slow four', '--stream', '--chunk-timeout', '0.5', '--json')
    expect(r.code).toBe(6)
    const row = r.json.results[0]
    expect(row).toMatchObject({failure: 'ChunkTimeout', message: 'Chunk timeout: no chunk within 0.5 s after chunk 2', ok: false, status: 408})
    expect(row.chunks.map((c: any) => c.text)).toEqual(['ONE\n', 'TWO\n'])
    expect(row.stream.complete).toBe(false)
  })

  it('the overall --timeout: 408 with the Python message, the chunks before it kept', async () => {
    const r = await query('one hang', '--stream', '--timeout', '1', '--json')
    expect(r.code).toBe(6)
    expect(r.json.results[0]).toMatchObject({failure: 'Timeout', message: 'Request timeout after 1.0 seconds', status: 408})
    expect(r.json.results[0].chunks.map((c: any) => c.text)).toEqual(['ONE\n'])
    // the table form says the same
    const t = await query('one hang', '--stream', '--timeout', '1')
    expect(t.code).toBe(6)
    expect(t.stdout.startsWith('ONE\n')).toBe(true)
    expect(t.stdout).toMatch(/408 .*Request timeout after 1\.0 seconds \(after 1 chunk\)/)
  })

  it('a handler that throws mid-stream: the caller gets the chunks and a cut payload; the axon logs the error with the uuid', async () => {
    const r = await query('one two boom', '--stream', '--json')
    expect(r.code).toBe(6)
    const row = r.json.results[0]
    expect(row).toMatchObject({failure: 'Truncated', ok: false, status: 400})
    expect(row.message).toMatch(/^Payload error: .*after 2 chunks, no terminal chunk/)
    expect(row.chunks.map((c: any) => c.text)).toEqual(['ONE\n', 'TWO\n'])
    expect(JSON.stringify(r.json)).not.toContain('secret.bin')
    const line = logLines(axon.stderr()).filter((l) => l.event === 'axon.request' && l.uuid === r.json.dendriteUuid).at(-1)!
    expect(line.level).toBe('error')
    expect(line).toMatchObject({error: 'tokenizer crashed at word 2 (/srv/model/secret.bin)', status: 200, stream: {chunks: 2, complete: false}, synapse: 'StreamText'})
    expect(line.errorId).toMatch(/^[0-9a-f-]{36}$/)
    expect(line.message).toContain(`(request ${r.json.dendriteUuid})`)
  })

  it('a plain query of a streaming synapse says to use --stream (422, as a Python call() sees it)', async () => {
    const r = await query('one two', '--json')
    expect(r.code).toBe(6)
    expect(r.json.results[0]).toMatchObject({failure: 'Streamed', status: 422})
    expect(r.json.results[0].message).toContain('query StreamText as a stream (tao miner query --stream')
  })

  it('--stream against a plain synapse: the whole answer, no chunks', async () => {
    const r = await runTao(['miner', 'query', '--axon', `127.0.0.1:${axon.json.port}`, '--axon-hotkey', minerHotkey, '--synapse', 'Dummy', '--body', '{"dummy_input": 4}', '--hash-fields', 'dummy_input', '-w', 'validator', '--stream', '--json'], {env})
    expect(r.code, r.stderr).toBe(0)
    expect(r.json.results[0]).toMatchObject({chunks: [], ok: true, response: {dummy_input: 4, dummy_output: 8}, status: 200})
    expect(r.json.results[0].stream.streamed).toBe(false)
  })

  it('--chunk-timeout and --stream-field need --stream', async () => {
    const r = await query('one', '--chunk-timeout', '1')
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/--stream/)
  })
})

describe.skipIf(!inject('endpoint'))('streaming: tao validator run --stream scores streamed answers', () => {
  const endpoint = inject('endpoint')
  const home = tempHome('tao-stream-vali-')
  const env = home.env
  const COLD = '//Alice//stream-int-cold'
  const LOOPBACK = 2130706433n
  const procs: ChildProcess[] = []
  let api: ApiPromise
  let netuid: number
  const uid: Record<string, number> = {}
  const scorer = path.join(home.dir, 'score.mjs')
  const seen = path.join(home.dir, 'responses.json')

  beforeAll(async () => {
    api = await devApi(endpoint)
    const cost = ((await (api.call as any).subnetRegistrationRuntimeApi.getNetworkRegistrationCost()) as any).toBigInt() as bigint
    await fund(api, devKey(COLD).address, cost + 10_000n * TAO)
    await allowSubnetRegistration(api)
    netuid = await createSubnet(api, COLD, '//Alice//stream-int-owner')
    // the localnet watcher opens registrations on a new subnet
    const open = async () => ((await api.query.subtensorModule.maxRegistrationsPerBlock(netuid)) as any).toNumber() >= 64
    for (let i = 0; !(await open()); i++) {
      if (i > 240) throw new Error(`registrations on netuid ${netuid} never opened`)
      await new Promise((r) => setTimeout(r, 250))
    }
    const hotkeys: Record<string, string> = {}
    for (const l of ['vali', 'streamer', 'streamer2']) {
      hotkeys[l] = (await writeHotkey(env.TAO_WALLET_PATH!, l, 'default', `stream-int-v-${l}`)).address
      uid[l] = await burnedRegister(api, netuid, hotkeys[l]!, COLD)
    }
    await fund(api, hotkeys.vali!, 1n * TAO)
    for (const l of ['streamer', 'streamer2']) {
      const a = await startTao(['miner', 'serve', '--handler', HANDLER, '--port', '0', '--json', '-w', l], {env, timeoutMs: 120_000})
      procs.push(a.proc)
      await setAxon(api, netuid, hotkeys[l]!, {ip: LOOPBACK, port: a.json.port})
    }
    await sudo(api, api.tx.adminUtils.sudoSetTempo(netuid, 10))
    await sudo(api, api.tx.adminUtils.sudoSetWeightsSetRateLimit(netuid, 0))
    if (Number((await api.query.subtensorModule.minAllowedWeights(netuid)).toString()) !== 1) await sudo(api, api.tx.adminUtils.sudoSetMinAllowedWeights(netuid, 1))
    for (let i = 0; i < 30; i++) {
      const permits: any = await api.query.subtensorModule.validatorPermit(netuid)
      if (permits[uid.vali!]?.isTrue) break
      await newBlocks(api, 1)
    }
    // the scoring module keeps what it was given, and scores time to first chunk and completeness
    writeFileSync(
      scorer,
      `import {writeFileSync} from 'node:fs'
export default ({responses}) => {
  writeFileSync(${JSON.stringify(seen)}, JSON.stringify(responses))
  return Object.fromEntries(responses.map((r) => [r.uid, r.ok && r.stream?.complete ? 1 / (1 + r.stream.firstChunkMs / 1000) : 0]))
}
`,
    )
  }, 240_000)

  afterAll(async () => {
    for (const p of procs) if (p.exitCode === null) p.kill('SIGTERM')
    await api?.disconnect()
  })

  it('the scorer gets each miner\'s text and stream figures; the round line carries them', async () => {
    // two streaming miners (the same handler module), and the validator's own uid without an axon
    const r = await runTao(
      ['validator', 'run', '--network', endpoint, '--netuid', String(netuid), '--scorer', scorer, '--synapse', 'StreamText', '--body', '{"prompt": "one two three"}', '--hash-fields', 'prompt', '--stream', '--stream-field', 'completion', '--chunk-timeout', '5', '--query-timeout', '5', '--iterations', '1', '--log-format', 'json', '--yes', '--json', '-w', 'vali'],
      {env, timeoutMs: 180_000},
    )
    expect(r.code, r.stderr).toBe(0)
    const responses = JSON.parse(readFileSync(seen, 'utf8')) as any[]
    for (const l of ['streamer', 'streamer2']) {
      const resp = responses.find((x) => x.uid === uid[l])
      expect(resp, l).toMatchObject({ok: true, response: {completion: 'ONE\nTWO\nTHREE\n', prompt: 'one two three'}, status: 200, text: 'ONE\nTWO\nTHREE\n'})
      expect(resp.stream).toMatchObject({bytes: 14, chunks: 3, complete: true, streamed: true})
      expect(resp.stream.firstChunkMs).toBeGreaterThan(0)
      expect(resp.stream.bytesPerS).toBeGreaterThan(0)
    }
    // the validator's own uid has no axon: a row with nothing sent
    expect(responses.find((x) => x.uid === uid.vali)).toMatchObject({failure: 'NotServing', status: null})
    const round = logLines(r.stderr).find((l) => l.event === 'validator.round')!
    expect(round).toMatchObject({answered: 2, queried: 2, stream: {bytes: 28, chunks: 6, complete: 2}, synapse: 'StreamText'})
    const firsts = ['streamer', 'streamer2'].map((l) => responses.find((x) => x.uid === uid[l]).stream.firstChunkMs as number).sort((a, b) => a - b)
    expect(round.stream.firstChunkMsMedian).toBeCloseTo((firsts[0]! + firsts[1]!) / 2, 2)
  })

  it('streams that break mid-way (the handler throws at "boom"): the scorer gets what came, the loop goes on', async () => {
    const r = await runTao(
      ['validator', 'run', '--network', endpoint, '--netuid', String(netuid), '--scorer', scorer, '--synapse', 'StreamText', '--body', '{"prompt": "one boom"}', '--hash-fields', 'prompt', '--stream', '--query-timeout', '5', '--iterations', '1', '--log-format', 'json', '--yes', '--json', '-w', 'vali'],
      {env, timeoutMs: 180_000},
    )
    expect(r.code, r.stderr).toBe(0)
    const responses = JSON.parse(readFileSync(seen, 'utf8')) as any[]
    for (const l of ['streamer', 'streamer2']) {
      const resp = responses.find((x) => x.uid === uid[l])
      expect(resp, l).toMatchObject({failure: 'Truncated', ok: false, status: 400, text: 'ONE\n'})
      expect(resp.stream).toMatchObject({chunks: 1, complete: false})
    }
    const round = logLines(r.stderr).find((l) => l.event === 'validator.round')!
    expect(round).toMatchObject({answered: 0, failed: 2, queried: 2, stream: {chunks: 2, complete: 0}})
  })
})
