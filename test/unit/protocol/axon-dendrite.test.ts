/**
 * Dendrite ⇄ axon in one process, on loopback only: the axon refuses what a Python axon refuses with the same
 * status codes (and refuses unsigned requests), and nothing a misbehaving miner does (garbage, huge bodies,
 * slow-loris, resets, bad addresses) throws out of the fan-out or delays the other axons.
 */
import {Keyring} from '@polkadot/keyring'
import {cryptoWaitReady} from '@polkadot/util-crypto'
import {readFileSync} from 'node:fs'
import http from 'node:http'
import net from 'node:net'
import path from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {AxonServer} from '../../../src/protocol/axon.js'
import {type AxonEndpoint, Dendrite} from '../../../src/protocol/dendrite.js'
import {NonceClock, type PreparedSynapse, buildRequest, prepareSynapse} from '../../../src/protocol/protocol.js'
import {PyDict, parsePyJson} from '../../../src/protocol/pyvalue.js'
import {type MessageSigner, messageSigner} from '../../../src/protocol/sr25519.js'
import {type SynapseDef, prepareFields, synapseFromDefinition} from '../../../src/protocol/synapse.js'
import {SHARED} from '../../helpers/paths.js'
import {tcpServer} from '../../helpers/tcp.js'

const DUMMY = synapseFromDefinition('{"name":"Dummy","fields":{"dummy_input":"int","dummy_output":"Optional[int] = None"},"required_hash_fields":["dummy_input"]}')
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

function dummy(input: number | string, def: SynapseDef = DUMMY): PreparedSynapse {
  return prepareSynapse(def, prepareFields(def, parsePyJson(`{"dummy_input": ${input}}`) as PyDict))
}

interface Raw {
  status: number
  headers: http.IncomingHttpHeaders
  body: string
  json: any
}

function rawPost(port: number, reqPath: string, headers: Record<string, string>, body: string, method = 'POST'): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const r = http.request({agent: false, headers: {...headers, 'content-length': String(Buffer.byteLength(body))}, host: '127.0.0.1', method, path: reqPath, port}, (res) => {
      let b = ''
      res.setEncoding('utf8')
      res.on('data', (c) => (b += c))
      res.on('end', () => {
        let json: unknown
        try {
          json = JSON.parse(b)
        } catch {}
        resolve({body: b, headers: res.headers, json, status: res.statusCode!})
      })
    })
    r.on('error', reject)
    r.end(body)
  })
}


/** Reply once the request head has arrived. */
const onRequest = (reply: (s: net.Socket) => void) => (s: net.Socket) => {
  let buf = ''
  s.on('data', (d) => {
    buf += d.toString('latin1')
    if (buf.includes('\r\n\r\n')) {
      buf = ''
      reply(s)
    }
  })
}

let validator: MessageSigner
let axonKey: string
let axon: AxonServer
let port: number
let dendrite: Dendrite
const log: {status: number; name: string; fields?: Record<string, unknown>}[] = []
const closers: (() => Promise<void>)[] = []

beforeAll(async () => {
  await cryptoWaitReady()
  const kr = new Keyring({ss58Format: 42, type: 'sr25519'})
  validator = await messageSigner(kr.addFromUri('//Alice//miner-unit-validator'))
  axonKey = kr.addFromUri('//Alice//miner-unit-axon').address
  axon = new AxonServer({
    blacklist: ({hotkey}) => (hotkey === kr.addFromUri('//Eve').address ? `hotkey ${hotkey} is banned` : false),
    handler: async (syn) => {
      const n = Number(syn.dummy_input)
      if (n === 999) await sleep(3000)
      if (n === 429) throw Object.assign(new Error('slow down'), {status: 429})
      if (n === 500) throw new Error('handler bug')
      if (n === 77) return {dummy_output: 'not an int'}
      return {dummy_output: n * 2}
    },
    hotkey: axonKey,
    ui: {event: (_event, f) => log.push({fields: f, name: f!.synapse as string, status: f!.status as number})},
    port: 0,
    synapses: [DUMMY],
  })
  port = (await axon.start()).port
  dendrite = new Dendrite({signer: validator})
})

afterAll(async () => {
  dendrite?.close()
  await axon?.stop()
  for (const c of closers) await c()
})

const target = (p = port, hotkey = axonKey): AxonEndpoint => ({hotkey, ip: '127.0.0.1', port: p})
const clock = new NonceClock()
const signed = (syn = dummy(21), opts: {nonce?: bigint; timeoutS?: number; hotkey?: string; signer?: MessageSigner} = {}) =>
  buildRequest({nonce: opts.nonce ?? clock.next(), signer: opts.signer ?? validator, synapse: syn, target: target(port, opts.hotkey), timeoutS: opts.timeoutS ?? 12, uuid: 'unit-test-uuid'})

describe('axon: what a Python axon accepts and refuses', () => {
  it('answers a signed request with the whole synapse, status 200 in body and lowercase headers', async () => {
    const r = await dendrite.call(target(), dummy(21), 5)
    expect(r.status).toBe(200)
    expect(r.ok).toBe(true)
    expect(r.message).toBe('Success')
    expect(r.response).toEqual({dummy_input: 21, dummy_output: 42})
    expect(r.processTime).toBeGreaterThan(0)
    const req = signed(dummy(5))
    const raw = await rawPost(port, req.path, req.headers, req.body)
    expect(raw.status).toBe(200)
    expect(raw.headers['content-type']).toBe('application/json')
    expect(raw.headers.bt_header_axon_status_code).toBe('200')
    expect(raw.headers.bt_header_axon_hotkey).toBe(axonKey)
    expect(raw.headers.bt_header_dendrite_nonce).toBe(req.nonce.toString())
    expect(raw.headers.bt_header_input_obj_dummy_input).toBe('MA==')
    expect(raw.json.axon).toMatchObject({hotkey: axonKey, status_code: 200, status_message: 'Success'})
    expect(raw.json.dendrite.hotkey).toBe(validator.address)
    expect(raw.json.dummy_output).toBe(10)
    expect(raw.body).toContain('"timeout":12.0')
  })

  it('a replayed request is refused: 200 then 401 (nonce)', async () => {
    const req = signed(dummy(3))
    expect((await rawPost(port, req.path, req.headers, req.body)).status).toBe(200)
    const again = await rawPost(port, req.path, req.headers, req.body)
    expect(again.status).toBe(401)
    expect(again.json.message).toBe('Not Verified with error: Nonce is too old, a newer one was last processed')
    expect(again.headers.bt_header_axon_status_code).toBe('401')
  })

  it('a tampered body is refused with 500 (body hash), a tampered hash header with 401 (signature)', async () => {
    const req = signed(dummy(21))
    const tampered = req.body.replace('"dummy_input":21', '"dummy_input":22')
    expect(tampered).not.toBe(req.body)
    const r = await rawPost(port, req.path, req.headers, tampered)
    expect(r.status).toBe(500)
    expect(r.json.message).toMatch(/^Internal Server Error #[0-9a-f-]{36}: Hash mismatch/)
    const req2 = signed(dummy(21))
    const other = dummy(22)
    const r2 = await rawPost(port, req2.path, {...req2.headers, computed_body_hash: other.bodyHash}, req2.body.replace('"dummy_input":21', '"dummy_input":22'))
    expect(r2.status).toBe(401)
    expect(r2.json.message).toMatch(/^Not Verified with error: Signature mismatch with \d+\./)
  })

  it('refuses a request without a signature (stricter than upstream 10.2.0, as after PR #3393)', async () => {
    const req = signed()
    const h = {...req.headers}
    delete h.bt_header_dendrite_signature
    const r = await rawPost(port, req.path, h, req.body)
    expect(r.status).toBe(401)
    expect(r.json.message).toBe('Not Verified with error: Missing signature')
    const r2 = await rawPost(port, req.path, {...signed().headers, bt_header_dendrite_signature: ''}, req.body)
    expect(r2.status).toBe(401)
  })

  it('signature format: 0x required; <Bytes>-wrapped signatures accepted (btwallet verify)', async () => {
    const req = signed()
    const r = await rawPost(port, req.path, {...req.headers, bt_header_dendrite_signature: req.headers.bt_header_dendrite_signature!.slice(2)}, req.body)
    expect(r.status).toBe(401)
    expect(r.json.message).toBe('Not Verified with error: Invalid signature format. Expected hex string.')
    const wrapping: MessageSigner = {...validator, sign: (m) => validator.sign(new TextEncoder().encode(`<Bytes>${new TextDecoder().decode(m)}</Bytes>`))}
    const w = signed(dummy(8), {signer: wrapping})
    expect((await rawPost(port, w.path, w.headers, w.body)).status).toBe(200)
  })

  it('nonce window: a first nonce older than 4 s + timeout is refused; the unsigned timeout header is capped', async () => {
    const old = clock.now() - 20_000_000_000n
    const kr = new Keyring({ss58Format: 42, type: 'sr25519'})
    const fresh = await messageSigner(kr.addFromUri('//Alice//miner-unit-fresh'))
    const req = signed(dummy(1), {nonce: old, signer: fresh, timeoutS: 12})
    const r = await rawPost(port, req.path, req.headers, req.body)
    expect(r.status).toBe(401)
    expect(r.json.message).toMatch(/^Not Verified with error: Nonce is too old: acceptable delta is 16\.00 seconds but request was 20\.\d\d seconds old$/)
    const capped = signed(dummy(1), {nonce: clock.now() - 100_000_000_000n, signer: fresh, timeoutS: 1e9})
    const r2 = await rawPost(port, capped.path, capped.headers, capped.body)
    expect(r2.status).toBe(401)
    expect(r2.json.message).toMatch(/acceptable delta is 64\.00 seconds/)
    // even without a version header (upstream then skips the window)
    const noVersion = signed(dummy(1), {nonce: clock.now() - 60_000_000_000n, signer: fresh})
    const h = {...noVersion.headers}
    delete h.bt_header_dendrite_version
    expect((await rawPost(port, noVersion.path, h, noVersion.body)).status).toBe(401)
  })

  it('a signature for another axon hotkey is refused (401)', async () => {
    const kr = new Keyring({ss58Format: 42, type: 'sr25519'})
    const req = signed(dummy(2), {hotkey: kr.addFromUri('//Bob').address})
    const r = await rawPost(port, req.path, req.headers, req.body)
    expect(r.status).toBe(401)
    expect(r.json.message).toContain(`.${axonKey}.`)
  })

  it('unknown route 404, blacklist 403 before verification, header problems 500', async () => {
    const req = signed()
    const r404 = await rawPost(port, '/NoSuchRoute', req.headers, req.body)
    expect(r404.status).toBe(404)
    expect(r404.json.message).toBe("Synapse name 'NoSuchRoute' not found. Available synapses ['Dummy']")

    const kr = new Keyring({ss58Format: 42, type: 'sr25519'})
    const eve = await messageSigner(kr.addFromUri('//Eve'))
    const e = signed(dummy(1), {signer: eve})
    const r403 = await rawPost(port, e.path, {...e.headers, bt_header_dendrite_signature: '0xgarbage'}, e.body)
    expect(r403.status).toBe(403)
    expect(r403.json.message).toBe(`Forbidden. Key is blacklisted: hotkey ${eve.address} is banned.`)

    const noObj = {...signed().headers}
    delete noObj.bt_header_input_obj_dummy_input
    expect((await rawPost(port, req.path, noObj, req.body)).status).toBe(500)
    expect((await rawPost(port, req.path, {...signed().headers, bt_header_dendrite_nonce: '12x'}, req.body)).status).toBe(500)
    expect((await rawPost(port, req.path, {...signed().headers, 'content-type': 'text/plain'}, req.body)).status).toBe(500)
    expect((await rawPost(port, req.path, signed().headers, '{"dummy_input": "abc"}')).status).toBe(500)
    expect((await rawPost(port, req.path, signed().headers, '{not json')).status).toBe(500)
  })

  it('accepts upper-case header names and GET with a body, like the Python axon', async () => {
    const req = signed(dummy(4))
    const upper = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k.toUpperCase(), v]))
    expect((await rawPost(port, req.path, upper, req.body)).status).toBe(200)
    const g = signed(dummy(6))
    expect((await rawPost(port, g.path, g.headers, g.body, 'GET')).status).toBe(200)
  })

  it('handler errors: 500 with an id, or the status the error carries; bad returned types are 500', async () => {
    const boom = await dendrite.call(target(), dummy(500), 5)
    expect(boom.status).toBe(500)
    expect(boom.message).toMatch(/^Internal Server Error #/)
    // the operator's log has what the dendrite does not: the handler's own error, with the request's uuid
    const logged = log.at(-1)!.fields!
    expect(logged).toMatchObject({error: 'handler bug', status: 500, synapse: 'Dummy'})
    expect(typeof logged.uuid === 'string' && logged.uuid.length > 0).toBe(true)
    expect(logged.handlerMs).toBeGreaterThanOrEqual(0)
    expect(logged.message).toContain(`request ${logged.uuid as string}`)
    expect(logged.message).toContain('handler error: handler bug')
    const slow = await dendrite.call(target(), dummy(429), 5)
    expect(slow.status).toBe(429)
    expect(slow.message).toBe('slow down')
    const badType = await dendrite.call(target(), dummy(77), 5)
    expect(badType.status).toBe(500)
    expect(badType.message).toMatch(/dummy_output: expected int/)
  })

  it('refuses bodies over the limit with 413', async () => {
    const req = signed()
    const big = req.body.replace('"dummy_output":null', `"dummy_output":null,"pad":"${'x'.repeat(5 * 1024 * 1024)}"`)
    const r = await rawPost(port, req.path, req.headers, big)
    expect(r.status).toBe(413)
  })
})

describe('dendrite: the Python status mapping, and misbehaving miners', () => {
  it('reads real Python axon replies byte for byte (wire transcripts): 200, 403, 404', async () => {
    const T = parsePyJson(readFileSync(path.join(SHARED, 'vectors', 'dendrite.json'), 'utf8')) as PyDict
    const transcripts = T.get('wire_transcripts') as PyDict
    const resp = (name: string) => (transcripts.get(name) as PyDict).get('response') as string
    for (const [name, status, check] of [
      ['dummy_ok', 200, (r: any) => expect(r.response).toEqual({dummy_input: 21, dummy_output: 42})],
      ['blacklisted_403', 403, (r: any) => expect(r.message).toBe('Forbidden. Key is blacklisted: hotkey 5HGjWAeFDfFCWPsjFQdVV2Msvz2XtMktvgocEZcCj68kUMaw is banned.')],
      ['unknown_route_404', 404, (r: any) => expect(r.message).toMatch(/^Synapse name 'NoSuchRoute' not found/)],
    ] as const) {
      const srv = await tcpServer(onRequest((s) => s.end(Buffer.from(resp(name), 'latin1'))))
      closers.push(srv.close)
      const r = await dendrite.call(target(srv.port), dummy(21), 5)
      expect(r.status, name).toBe(status)
      expect(r.ok).toBe(status === 200)
      check(r)
    }
  })

  it('non-JSON → 422; JSON with no status anywhere → not a success; status only in headers → success', async () => {
    const reply = (headers: string, body: string) => (s: net.Socket) => s.end(`HTTP/1.1 200 OK\r\n${headers}content-length: ${Buffer.byteLength(body)}\r\n\r\n${body}`)
    const text = await tcpServer(onRequest(reply('content-type: text/plain\r\n', 'hello')))
    const nostatus = await tcpServer(onRequest(reply('content-type: application/json\r\n', '{"dummy_input": 21, "dummy_output": 1}')))
    const hdr = await tcpServer(onRequest(reply('content-type: application/json\r\nbt_header_axon_status_code: 200\r\nbt_header_axon_status_message: Success\r\n', '{"dummy_input": 21, "dummy_output": 2}')))
    const missing = await tcpServer(onRequest(reply('content-type: application/json\r\nbt_header_axon_status_code: 200\r\n', '{"dummy_output": 2}')))
    const badjson = await tcpServer(onRequest(reply('content-type: application/json\r\n', '{"dummy_output": ')))
    closers.push(text.close, nostatus.close, hdr.close, missing.close, badjson.close)
    const [a, b, c, d, e] = await dendrite.forward([target(text.port), target(nostatus.port), target(hdr.port), target(missing.port), target(badjson.port)], dummy(21), {timeoutS: 5})
    expect([a!.status, a!.ok]).toEqual([422, false])
    expect(a!.message).toMatch(/^Failed to parse response: 200, unexpected content type "text\/plain"/)
    expect([b!.status, b!.ok]).toEqual([null, false])
    expect([c!.status, c!.ok, c!.response?.dummy_output]).toEqual([200, true, 2])
    expect([d!.status, d!.ok]).toEqual([422, false])
    expect(d!.message).toMatch(/dummy_input: field required/)
    expect(e!.status).toBe(422)
  })

  it('huge bodies are cut off at the limit (declared or streamed), without reading them', async () => {
    const declared = await tcpServer(onRequest((s) => s.write('HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 100000000\r\n\r\n{"a":"')))
    const streamed = await tcpServer(
      onRequest((s) => {
        s.write('HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\n')
        const chunk = Buffer.alloc(64 * 1024, 0x61)
        const pump = () => {
          if (s.destroyed) return
          while (s.write(`${chunk.length.toString(16)}\r\n`) && s.write(chunk) && s.write('\r\n')) if (s.destroyed) return
          s.once('drain', pump)
        }
        pump()
      }),
    )
    closers.push(declared.close, streamed.close)
    const small = new Dendrite({maxResponseBytes: 1024 * 1024, signer: validator})
    const t = performance.now()
    const [a, b] = await small.forward([target(declared.port), target(streamed.port)], dummy(21), {timeoutS: 10})
    small.close()
    expect(performance.now() - t).toBeLessThan(5000)
    expect([a!.status, a!.failure]).toEqual([422, 'TooLarge'])
    expect([b!.status, b!.failure]).toEqual([422, 'TooLarge'])
    expect(b!.message).toMatch(/exceeds the 1048576-byte limit/)
  })

  it('slow-loris and sleepy axons time out with 408 without delaying the others', async () => {
    const loris = await tcpServer(
      onRequest((s) => {
        s.write('HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 1000\r\n\r\n')
        const t = setInterval(() => (s.destroyed ? clearInterval(t) : s.write(' ')), 100)
        s.on('close', () => clearInterval(t))
      }),
    )
    const silent = await tcpServer(() => {})
    closers.push(loris.close, silent.close)
    const targets = [target(loris.port), target(silent.port), target(), target(), target(), {...target(), hotkey: axonKey}]
    const syns = dummy(21)
    const sleepy = dummy(999)
    const t0 = performance.now()
    const results = await Promise.all([
      dendrite.forward(targets, syns, {timeoutS: 1}),
      dendrite.call(target(), sleepy, 1),
    ])
    const wall = performance.now() - t0
    const [rows, sleeper] = results
    expect(rows.slice(0, 2).map((r) => [r.status, r.message])).toEqual([
      [408, 'Request timeout after 1.0 seconds'],
      [408, 'Request timeout after 1.0 seconds'],
    ])
    expect(sleeper.status).toBe(408)
    for (const r of rows.slice(2)) {
      expect(r.status).toBe(200)
      expect(r.latencyMs).toBeLessThan(500)
    }
    expect(wall).toBeLessThan(2500)
  })

  it('refused, reset, truncated, garbage and bad addresses: one row each, no exception, no traffic to bad addresses', async () => {
    const closed = await tcpServer(() => {})
    const closedPort = closed.port
    await closed.close()
    const reset = await tcpServer(onRequest((s) => s.resetAndDestroy()))
    const truncated = await tcpServer(onRequest((s) => {
      s.write('HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 100\r\n\r\n{"dummy')
      setTimeout(() => s.destroy(), 50)
    }))
    const garbage = await tcpServer(onRequest((s) => s.end('SSH-2.0-OpenSSH_9.6\r\n\r\n')))
    closers.push(reset.close, truncated.close, garbage.close)
    const rows = await dendrite.forward(
      [
        target(closedPort),
        target(reset.port),
        target(truncated.port),
        target(garbage.port),
        {...target(0)},
        {hotkey: axonKey, ip: '0.0.0.0', notServing: true, port: 8091},
        {hotkey: axonKey, ip: '255.255.255.255', port: 8091},
        {hotkey: axonKey, ip: 'not-an-ip', port: 8091},
        {hotkey: axonKey, ip: '224.0.0.1', port: 8091},
      ],
      dummy(21),
      {timeoutS: 3},
    )
    expect(rows[0]).toMatchObject({failure: 'Unreachable', message: `Service unavailable at 127.0.0.1:${closedPort}/Dummy`, status: 503})
    expect(rows[1]).toMatchObject({failure: 'Disconnected', status: 503})
    expect(rows[2]).toMatchObject({failure: 'Truncated', status: 400})
    expect(rows[3]).toMatchObject({status: 422})
    expect(rows[4]).toMatchObject({failure: 'InvalidAddress', status: null})
    expect(rows[4]!.message).toMatch(/port 0/)
    expect(rows[5]).toMatchObject({failure: 'NotServing', status: null})
    for (const r of rows.slice(6)) expect(r).toMatchObject({failure: 'InvalidAddress', latencyMs: 0, status: null})
  })

  it('honours the concurrency limit, and serialises requests to the same ip:port (nonce order)', async () => {
    let inFlight = 0
    let maxInFlight = 0
    const kr = new Keyring({ss58Format: 42, type: 'sr25519'})
    const hk = kr.addFromUri('//Alice//miner-unit-counting').address
    const counting = new AxonServer({
      handler: async () => {
        inFlight++
        maxInFlight = Math.max(maxInFlight, inFlight)
        await sleep(50)
        inFlight--
        return {dummy_output: 1}
      },
      hotkey: hk,
      port: 0,
      synapses: [DUMMY],
    })
    const p = (await counting.start()).port
    const second = new AxonServer({handler: () => ({dummy_output: 2}), hotkey: hk, port: 0, synapses: [DUMMY]})
    const p2 = (await second.start()).port
    closers.push(() => counting.stop(), () => second.stop())
    // 12 requests to ONE endpoint run one at a time; with 3 endpoints and concurrency 2 at most 2 in flight
    const same = await dendrite.forward(Array.from({length: 12}, () => ({hotkey: hk, ip: '127.0.0.1', port: p})), dummy(1), {concurrency: 64, timeoutS: 5})
    expect(same.every((r) => r.status === 200)).toBe(true)
    expect(maxInFlight).toBe(1)
    maxInFlight = 0
    const kr2 = await Promise.all([0, 1, 2, 3].map(async (i) => new AxonServer({
      handler: async () => {
        inFlight++
        maxInFlight = Math.max(maxInFlight, inFlight)
        await sleep(50)
        inFlight--
        return {dummy_output: i}
      },
      hotkey: hk,
      port: 0,
      synapses: [DUMMY],
    })))
    const ports = await Promise.all(kr2.map(async (a) => (await a.start()).port))
    closers.push(...kr2.map((a) => () => a.stop()))
    const rows = await dendrite.forward(ports.map((pp) => ({hotkey: hk, ip: '127.0.0.1', port: pp})), dummy(1), {concurrency: 2, timeoutS: 5})
    expect(rows.map((r) => r.response?.dummy_output)).toEqual([0, 1, 2, 3])
    expect(maxInFlight).toBe(2)
    const viaSecond = await dendrite.call({hotkey: hk, ip: '127.0.0.1', port: p2}, dummy(1), 5)
    expect(viaSecond.response?.dummy_output).toBe(2)
  })

  it('reuses keep-alive connections (one socket for sequential calls)', async () => {
    const sockets = new Set<unknown>()
    const kr = new Keyring({ss58Format: 42, type: 'sr25519'})
    const hk = kr.addFromUri('//Alice//miner-unit-ka').address
    const a = new AxonServer({handler: (_s, ctx) => ({dummy_output: ctx.dendrite.port}), hotkey: hk, port: 0, synapses: [DUMMY]})
    const p = (await a.start()).port
    closers.push(() => a.stop())
    const d = new Dendrite({signer: validator})
    for (let i = 0; i < 5; i++) sockets.add((await d.call({hotkey: hk, ip: '127.0.0.1', port: p}, dummy(1), 5)).response?.dummy_output)
    d.close()
    expect(sockets.size).toBe(1)
  })
})
