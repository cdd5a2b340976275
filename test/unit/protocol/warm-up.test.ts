/**
 * Connection warm-up: a fan-out opens its keep-alive connections before it writes (and signs) its first request,
 * the requests then use those connections (no second connection per axon), and an axon that refuses the warm-up
 * connection gets the same row as it does without warm-up.
 */
import {Keyring} from '@polkadot/keyring'
import {cryptoWaitReady} from '@polkadot/util-crypto'
import {mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import net from 'node:net'
import {tmpdir} from 'node:os'
import path from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {type AxonEndpoint, Dendrite} from '../../../src/protocol/dendrite.js'
import {type PreparedSynapse, prepareSynapse} from '../../../src/protocol/protocol.js'
import {PyDict, parsePyJson} from '../../../src/protocol/pyvalue.js'
import {type MessageSigner, messageSigner} from '../../../src/protocol/sr25519.js'
import {prepareFields, synapseFromDefinition} from '../../../src/protocol/synapse.js'
import {onRequests, tcpServer} from '../../helpers/tcp.js'

const DUMMY = synapseFromDefinition('{"name":"Dummy","fields":{"dummy_input":"int","dummy_output":"Optional[int] = None"},"required_hash_fields":["dummy_input"]}')
const dummy = (n: number): PreparedSynapse => prepareSynapse(DUMMY, prepareFields(DUMMY, parsePyJson(`{"dummy_input": ${n}}`) as PyDict))

/** What every test server saw, in order across all of them. */
type Event = {server: number; what: 'connect' | 'request'}

/**
 * A keep-alive HTTP/1.1 server on raw TCP that answers each whole request (head + content-length body) with a
 * 200 synapse reply, recording connections and requests.
 */
async function axonLike(id: number, events: Event[], opts: {hangUpOnFirstConnection?: boolean; closeIdleAfterMs?: number; delayMs?: number} = {}): Promise<{port: number; connections: () => number; requests: () => number; close: () => Promise<void>}> {
  let connections = 0
  let requests = 0
  const srv = await tcpServer((s) => {
    connections++
    const nth = connections
    events.push({server: id, what: 'connect'})
    if (opts.closeIdleAfterMs !== undefined) setTimeout(() => s.bytesRead === 0 && s.destroy(), opts.closeIdleAfterMs)
    onRequests(s, () => {
      requests++
      events.push({server: id, what: 'request'})
      if (opts.hangUpOnFirstConnection && nth === 1) {
        s.destroy()
        return
      }
      const body = `{"dummy_input":1,"dummy_output":${id}}`
      const reply = () => s.write(`HTTP/1.1 200 OK\r\ncontent-type: application/json\r\nbt_header_axon_status_code: 200\r\nbt_header_axon_status_message: Success\r\ncontent-length: ${body.length}\r\n\r\n${body}`)
      if (opts.delayMs) setTimeout(reply, opts.delayMs)
      else reply()
    })
  })
  return {...srv, connections: () => connections, requests: () => requests}
}

async function closedPort(): Promise<number> {
  const srv = net.createServer()
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r))
  const p = (srv.address() as net.AddressInfo).port
  await new Promise<void>((r) => srv.close(() => r()))
  return p
}

let signer: MessageSigner
const hotkey = '5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty'
const closers: (() => Promise<void>)[] = []
const target = (port: number): AxonEndpoint => ({hotkey, ip: '127.0.0.1', port})

beforeAll(async () => {
  await cryptoWaitReady()
  signer = await messageSigner(new Keyring({ss58Format: 42, type: 'sr25519'}).addFromUri('//Alice//warm-up-unit'))
})

afterAll(async () => {
  for (const c of closers) await c()
})

describe('dendrite connection warm-up', () => {
  it('forward opens every connection before it writes its first request, and each request uses it', async () => {
    const events: Event[] = []
    // more axons than requests started per event-loop turn (8), so without warm-up later connections would open
    // only after the first requests were written
    const servers = await Promise.all(Array.from({length: 24}, (_, i) => axonLike(i, events)))
    closers.push(...servers.map((s) => s.close))
    const d = new Dendrite({signer})
    const rows = await d.forward(servers.map((s) => target(s.port)), dummy(1), {timeoutS: 5})
    d.close()
    expect(rows.map((r) => [r.status, r.response?.dummy_output])).toEqual(servers.map((_, i) => [200, i]))
    const firstRequest = events.findIndex((e) => e.what === 'request')
    const lastConnect = events.map((e) => e.what).lastIndexOf('connect')
    expect(events.filter((e) => e.what === 'connect')).toHaveLength(24)
    expect(lastConnect).toBeLessThan(firstRequest)
    expect(servers.map((s) => [s.connections(), s.requests()])).toEqual(servers.map(() => [1, 1]))
  })

  it('warmUp opens one idle connection per endpoint; the fan-out then opens none', async () => {
    const events: Event[] = []
    const servers = await Promise.all([0, 1, 2].map((i) => axonLike(i, events)))
    closers.push(...servers.map((s) => s.close))
    const d = new Dendrite({signer})
    // the same endpoint twice, and an unusable address: one connection per usable endpoint
    const targets = [...servers.map((s) => target(s.port)), target(servers[0]!.port), {hotkey, ip: '0.0.0.0', port: 8091}]
    expect(await d.warmUp(targets)).toEqual({connected: 3, failed: 0, opened: 3})
    await new Promise((r) => setTimeout(r, 50))
    expect(servers.map((s) => [s.connections(), s.requests()])).toEqual([[1, 0], [1, 0], [1, 0]])
    // already warm: nothing more to open
    expect(await d.warmUp(targets)).toEqual({connected: 0, failed: 0, opened: 0})
    const rows = await d.forward(targets, dummy(1), {timeoutS: 5})
    d.close()
    expect(rows.map((r) => r.status)).toEqual([200, 200, 200, 200, null])
    expect(rows[4]).toMatchObject({failure: 'InvalidAddress'})
    expect(servers.map((s) => [s.connections(), s.requests()])).toEqual([[1, 2], [1, 1], [1, 1]])
  })

  it('an axon that refuses the warm-up connection gets the same row as without warm-up', async () => {
    const events: Event[] = []
    const live = await axonLike(0, events)
    closers.push(live.close)
    const refused = await closedPort()
    const d = new Dendrite({signer})
    expect(await d.warmUp([target(refused), target(live.port)])).toEqual({connected: 1, failed: 1, opened: 2})
    const [viaFanOut, ok] = await d.forward([target(refused), target(live.port)], dummy(1), {timeoutS: 5})
    // a single call does no warm-up: the row a refused axon has always had
    const plain = await new Dendrite({signer}).call(target(refused), dummy(1), 5)
    d.close()
    const shape = (r: typeof plain) => ({failure: r.failure, httpStatus: r.httpStatus, message: r.message, ok: r.ok, status: r.status})
    expect(shape(viaFanOut!)).toEqual(shape(plain))
    expect(shape(plain)).toEqual({failure: 'Unreachable', httpStatus: null, message: `Service unavailable at 127.0.0.1:${refused}/Dummy`, ok: false, status: 503})
    expect(ok).toMatchObject({ok: true, status: 200})
    // refused while the fan-out's own warm-up is still connecting: the same row
    const d2 = new Dendrite({signer})
    const [again] = await d2.forward([target(refused)], dummy(1), {timeoutS: 5})
    d2.close()
    expect(shape(again!)).toEqual(shape(plain))
  })

  it('a streamed fan-out warms up too', async () => {
    const events: Event[] = []
    const servers = await Promise.all(Array.from({length: 32}, (_, i) => axonLike(i, events)))
    closers.push(...servers.map((s) => s.close))
    const d = new Dendrite({signer})
    const rows = await d.forwardStream(servers.map((s) => target(s.port)), dummy(1), {timeoutS: 5})
    d.close()
    expect(rows.every((r) => r.status === 200)).toBe(true)
    expect(events.map((e) => e.what).lastIndexOf('connect')).toBeLessThan(events.findIndex((e) => e.what === 'request'))
    expect(servers.map((s) => s.connections())).toEqual(servers.map(() => 1))
  })

  it('a warmed connection the axon closed while idle is not used: the request connects again', async () => {
    const events: Event[] = []
    const srv = await axonLike(0, events, {closeIdleAfterMs: 10})
    closers.push(srv.close)
    const d = new Dendrite({signer})
    expect(await d.warmUp([target(srv.port)])).toEqual({connected: 1, failed: 0, opened: 1})
    await new Promise((r) => setTimeout(r, 100))
    const [row] = await d.forward([target(srv.port)], dummy(1), {timeoutS: 5, warmUp: false})
    d.close()
    expect(row).toMatchObject({ok: true, status: 200})
    expect([srv.connections(), srv.requests()]).toEqual([2, 1])
  })

  it('a warmed connection the axon drops at the request is retried once on a fresh one, with a fresh nonce', async () => {
    const events: Event[] = []
    const srv = await axonLike(0, events, {hangUpOnFirstConnection: true})
    closers.push(srv.close)
    const d = new Dendrite({signer})
    await d.warmUp([target(srv.port)])
    const [row] = await d.forward([target(srv.port)], dummy(1), {timeoutS: 5})
    d.close()
    expect(row).toMatchObject({ok: true, status: 200})
    expect([srv.connections(), srv.requests()]).toEqual([2, 2])
  })

  it('warmUp: false opens each connection with its request', async () => {
    const events: Event[] = []
    const servers = await Promise.all(Array.from({length: 24}, (_, i) => axonLike(i, events)))
    closers.push(...servers.map((s) => s.close))
    const d = new Dendrite({signer})
    const rows = await d.forward(servers.map((s) => target(s.port)), dummy(1), {timeoutS: 5, warmUp: false})
    d.close()
    expect(rows.every((r) => r.status === 200)).toBe(true)
    // requests are written in batches of 8 per event-loop turn, each batch connecting as it goes
    expect(events.map((e) => e.what).lastIndexOf('connect')).toBeGreaterThan(events.findIndex((e) => e.what === 'request'))
  })

  it('the next fan-out of a dendrite sends first to the axons that were slowest last time; results keep the order of targets', async () => {
    const events: Event[] = []
    // three tiers far apart (timing jitter on a busy machine never reorders them): 0, 300 and 600 ms, interleaved
    const delays = Array.from({length: 24}, (_, i) => (i % 3) * 300)
    const servers = await Promise.all(delays.map((delayMs, i) => axonLike(i, events, {delayMs})))
    closers.push(...servers.map((s) => s.close))
    const targets = servers.map((s) => target(s.port))
    const arrivals = async (d: Dendrite, opts: {slowestFirst?: boolean} = {}) => {
      const from = events.length
      const rows = await d.forward(targets, dummy(1), {timeoutS: 5, ...opts})
      expect(rows.map((r) => r.response?.dummy_output)).toEqual(servers.map((_, i) => i))
      return events.slice(from).filter((e) => e.what === 'request').map((e) => e.server)
    }
    const d = new Dendrite({signer})
    // first round: nothing known, the order given
    expect(await arrivals(d)).toEqual(servers.map((_, i) => i))
    // next round: slowest first, tier by tier
    const tier = (ms: number) => servers.map((_, i) => i).filter((i) => delays[i] === ms)
    const second = await arrivals(d)
    expect([second.slice(0, 8).sort((a, b) => a - b), second.slice(8, 16).sort((a, b) => a - b), second.slice(16).sort((a, b) => a - b)]).toEqual([tier(600), tier(300), tier(0)])
    // turned off: the order given
    expect(await arrivals(d, {slowestFirst: false})).toEqual(servers.map((_, i) => i))
    d.close()
  })

  it('with a latency file, a new dendrite (a new process) asks the slowest axons first on its first fan-out', async () => {
    const events: Event[] = []
    const delays = Array.from({length: 16}, (_, i) => (i % 2) * 400)
    const servers = await Promise.all(delays.map((delayMs, i) => axonLike(i, events, {delayMs})))
    closers.push(...servers.map((s) => s.close))
    const targets = servers.map((s) => target(s.port))
    const dir = mkdtempSync(path.join(tmpdir(), 'tao-latency-'))
    const latencyFile = path.join(dir, 'cache', 'axon-latency.json')
    const firstArrivals = async (d: Dendrite) => {
      const from = events.length
      const rows = await d.forward(targets, dummy(1), {timeoutS: 5})
      d.close()
      expect(rows.map((r) => r.status)).toEqual(servers.map(() => 200))
      return events.slice(from).filter((e) => e.what === 'request').map((e) => e.server)
    }
    // nothing kept yet: the order given; closing keeps the latencies
    expect(await firstArrivals(new Dendrite({latencyFile, signer}))).toEqual(servers.map((_, i) => i))
    expect(Object.keys(JSON.parse(readFileSync(latencyFile, 'utf8')))).toHaveLength(16)
    const slow = servers.map((_, i) => i).filter((i) => delays[i] === 400)
    const second = await firstArrivals(new Dendrite({latencyFile, signer}))
    expect(second.slice(0, 8).sort((a, b) => a - b)).toEqual(slow)
    // a file that is not JSON, or a folder that cannot be made: as without one
    writeFileSync(latencyFile, '{not json')
    expect(await firstArrivals(new Dendrite({latencyFile, signer}))).toEqual(servers.map((_, i) => i))
    writeFileSync(path.join(dir, 'blocked'), '')
    expect(await firstArrivals(new Dendrite({latencyFile: path.join(dir, 'blocked', 'axon-latency.json'), signer}))).toEqual(servers.map((_, i) => i))
    rmSync(dir, {force: true, recursive: true})
  })
})
