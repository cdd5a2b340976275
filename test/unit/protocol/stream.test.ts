/**
 * Streaming synapses (a Python `StreamingSynapse`), both ways, on loopback only.
 *
 * The Python side is known from the SDK source (no Python SDK can be installed here: PyPI is unreachable) and from
 * the byte-exact exchange between the real Python dendrite and axon in ../shared/vectors/dendrite.json
 * (`wire_transcripts.stream_ok`, SDK 10.2.0 under uvicorn/aiohttp):
 *  - the request of a streaming synapse is a normal synapse request: same headers, signature and body hash over
 *    `required_hash_fields` (bittensor/core/dendrite.py, call_stream → preprocess_synapse_for_request, to_headers,
 *    model_dump; the transcript's computed_body_hash is sha3(sha3(str(prompt))));
 *  - the reply is 200, `content-type: text/event-stream`, then Synapse.to_headers() of the request's synapse
 *    (axon.py, synapse_to_response with response_override; stream.py, BTStreamingResponse.stream_response), no
 *    content-length, `Transfer-Encoding: chunked`, each `send({"type": "http.response.body", "body": …,
 *    "more_body": True})` of the token streamer one HTTP chunk with no SSE framing, and the end of the stream the
 *    terminal zero-length chunk (stream_response's final send with more_body False);
 *  - the dendrite reads chunks with the synapse's `process_streaming_response` (typically `content.iter_any()`),
 *    then builds the final synapse from the headers (`extract_response_json`, `process_server_response`); its only
 *    deadline is `aiohttp.ClientTimeout(total=timeout)` over the whole exchange (408 "Request timeout after …"); a
 *    stream cut without the terminal chunk is aiohttp's ClientPayloadError (400 "Payload error: …").
 */
import {Keyring} from '@polkadot/keyring'
import {cryptoWaitReady} from '@polkadot/util-crypto'
import {readFileSync} from 'node:fs'
import net from 'node:net'
import path from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {AxonServer} from '../../../src/protocol/axon.js'
import {type AxonEndpoint, Dendrite, type StreamChunk, isEventStream, streamStats} from '../../../src/protocol/dendrite.js'
import {NonceClock, type PreparedSynapse, buildRequest, prepareSynapse} from '../../../src/protocol/protocol.js'
import {PyDict, parsePyJson} from '../../../src/protocol/pyvalue.js'
import {type MessageSigner, messageSigner} from '../../../src/protocol/sr25519.js'
import {prepareFields, synapseFromDefinition} from '../../../src/protocol/synapse.js'
import {SHARED} from '../../helpers/paths.js'
import {onRequests, tcpServer} from '../../helpers/tcp.js'

const V = parsePyJson(readFileSync(path.join(SHARED, 'vectors', 'dendrite.json'), 'utf8')) as PyDict
const T = (V.get('wire_transcripts') as PyDict).get('stream_ok') as PyDict
const REQUEST = T.get('request') as string
const RESPONSE = T.get('response') as string

/**
 * The transcript's synapse: class StreamText(StreamingSynapse) with prompt and completion, both with a default (its
 * request has no bt_header_input_obj_* header: only required fields get one), hash field prompt.
 */
const STREAM_TEXT = synapseFromDefinition('{"name":"StreamText","fields":{"prompt":"str = \'\'","completion":"str = \'\'"},"required_hash_fields":["prompt"]}')
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

function streamText(prompt: string): PreparedSynapse {
  return prepareSynapse(STREAM_TEXT, prepareFields(STREAM_TEXT, new PyDict([['prompt', prompt]])))
}

/** Split a raw HTTP/1.1 message into its head lines (name → value, lowercased names) and its body bytes. */
function splitMessage(raw: string): {start: string; headers: [string, string][]; body: string} {
  const at = raw.indexOf('\r\n\r\n')
  const [start, ...lines] = raw.slice(0, at).split('\r\n')
  return {body: raw.slice(at + 4), headers: lines.map((l) => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]), start: start!}
}

/** Decode a chunked body: the chunks' payloads, and whether it ended with the terminal chunk. */
function dechunk(body: string): {chunks: string[]; terminal: boolean; rest: string} {
  const chunks: string[] = []
  let i = 0
  for (;;) {
    const eol = body.indexOf('\r\n', i)
    if (eol < 0) return {chunks, rest: body.slice(i), terminal: false}
    const size = Number.parseInt(body.slice(i, eol), 16)
    if (size === 0) return {chunks, rest: body.slice(eol + 4), terminal: body.slice(eol, eol + 4) === '\r\n\r\n'}
    chunks.push(body.slice(eol + 2, eol + 2 + size))
    i = eol + 2 + size + 2
  }
}

/** Send raw request bytes and collect everything until the server closes or `quietMs` of silence after data. */
function rawExchange(port: number, request: string, quietMs = 400): Promise<string> {
  return new Promise((resolve, reject) => {
    const s = net.connect(port, '127.0.0.1')
    let buf = ''
    let t: NodeJS.Timeout | undefined
    const done = () => {
      s.destroy()
      resolve(buf)
    }
    s.setEncoding('latin1')
    s.on('data', (d: string) => {
      buf += d
      clearTimeout(t)
      t = setTimeout(done, quietMs)
    })
    s.on('end', done)
    s.on('close', done)
    s.on('error', reject)
    s.write(request)
  })
}

/** A raw TCP server that answers each request with `reply`. */
const replyingServer = (reply: (s: net.Socket) => void) => tcpServer((s) => onRequests(s, () => reply(s)))

let validator: MessageSigner
let axonKey: string
let axon: AxonServer
let port: number
let dendrite: Dendrite
const events: {name: string; fields: Record<string, unknown>; level?: string}[] = []
const closers: (() => Promise<void>)[] = []

beforeAll(async () => {
  await cryptoWaitReady()
  const kr = new Keyring({ss58Format: 42, type: 'sr25519'})
  validator = await messageSigner(kr.addFromUri('//Alice//stream-unit-validator'))
  axonKey = kr.addFromUri('//Alice//stream-unit-axon').address
  axon = new AxonServer({
    handler: {
      // the transcript's token streamer: one chunk per upper-cased word, each with a newline
      async *StreamText(syn: Record<string, unknown>) {
        const prompt = String(syn.prompt)
        const words = prompt.split(' ')
        if (prompt.startsWith('bytes')) {
          yield Buffer.from([0xe2, 0x82])
          await sleep(30)
          yield new Uint8Array([0xac, 0x0a])
          return
        }
        if (prompt === 'throw first') throw new Error('model not loaded')
        if (prompt === 'empty') return
        for (const [i, w] of words.entries()) {
          if (w === 'slow') await sleep(1500)
          if (w === 'boom') throw new Error(`generator failed at word ${i}`)
          if (w === 'object') yield {not: 'a chunk'} as unknown as string
          if (w === 'hang') await sleep(60_000)
          yield `${w.toUpperCase()}\n`
          await sleep(20)
        }
      },
    },
    hotkey: axonKey,
    maxTimeoutS: 60,
    port: 0,
    synapses: [STREAM_TEXT],
    ui: {event: (name, fields, level) => events.push({fields: fields ?? {}, level, name})},
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
const lastEvent = () => events.at(-1)!

describe('wire vectors (the Python SDK 10.2.0 exchange in dendrite.json)', () => {
  it('the request of a streaming synapse is a plain synapse request: our headers and body hash are the transcript\'s', () => {
    const py = splitMessage(REQUEST)
    const pyHeaders = Object.fromEntries(py.headers)
    expect(py.start).toBe('POST /StreamText HTTP/1.1')
    const syn = streamText('one two three')
    // body hash over required_hash_fields (prompt): sha3(sha3(str("one two three")))
    expect(syn.bodyHash).toBe(pyHeaders.computed_body_hash)
    const req = buildRequest({
      dendriteIp: pyHeaders.bt_header_dendrite_ip,
      nonce: BigInt(pyHeaders.bt_header_dendrite_nonce!),
      signer: {address: pyHeaders.bt_header_dendrite_hotkey!, publicKey: new Uint8Array(32), sign: () => Buffer.from(pyHeaders.bt_header_dendrite_signature!.slice(2), 'hex')},
      synapse: syn,
      target: {hotkey: pyHeaders.bt_header_axon_hotkey!, ip: pyHeaders.bt_header_axon_ip!, port: Number(pyHeaders.bt_header_axon_port)},
      timeoutS: 12,
      uuid: pyHeaders.bt_header_dendrite_uuid!,
    })
    expect(req.path).toBe('/StreamText')
    // aiohttp's own headers (host, accept…) and CPython's getsizeof sizes aside, the same header set and values
    const skip = new Set(['host', 'accept', 'accept-encoding', 'user-agent', 'content-length', 'header_size', 'total_size'])
    const theirs = Object.fromEntries(py.headers.filter(([k]) => !skip.has(k)))
    const mine = Object.fromEntries(Object.entries(req.headers).filter(([k]) => !skip.has(k)))
    expect(mine).toEqual(theirs)
    // the signed message covers the header body hash, exactly as for a plain synapse
    expect(req.message).toBe(`${pyHeaders.bt_header_dendrite_nonce}.${pyHeaders.bt_header_dendrite_hotkey}.${pyHeaders.bt_header_axon_hotkey}.${pyHeaders.bt_header_dendrite_uuid}.${pyHeaders.computed_body_hash}`)
    const theirsBody = JSON.parse(py.body) as Record<string, unknown>
    const ours = JSON.parse(req.body) as Record<string, unknown>
    expect(Object.keys(ours)).toEqual(Object.keys(theirsBody))
    expect({...ours, total_size: 0}).toEqual({...theirsBody, total_size: 0})
  })

  it('the Python reply: 200, text/event-stream, chunked raw bytes with no SSE framing, the terminal chunk', () => {
    const py = splitMessage(RESPONSE)
    expect(py.start).toBe('HTTP/1.1 200 OK')
    const h = Object.fromEntries(py.headers)
    expect(h['content-type']).toBe('text/event-stream')
    expect(isEventStream(h['content-type'])).toBe(true)
    expect(h['transfer-encoding']).toBe('chunked')
    expect(h['content-length']).toBeUndefined()
    expect(py.headers.filter(([k]) => k === 'content-type')).toHaveLength(1)
    expect(dechunk(py.body)).toEqual({chunks: ['ONE\n', 'TWO\n', 'THREE\n'], rest: '', terminal: true})
  })

  it('our dendrite reads the Python axon\'s streamed reply byte for byte: chunks in order, status from the headers', async () => {
    const srv = await replyingServer((s) => s.end(Buffer.from(RESPONSE, 'latin1')))
    closers.push(srv.close)
    const call = dendrite.callStream(target(srv.port), streamText('one two three'), {field: 'completion', timeoutS: 5})
    const seen: string[] = []
    for await (const c of call) seen.push(c.text)
    const r = await call.result
    expect(seen.join('')).toBe('ONE\nTWO\nTHREE\n')
    expect(r.text).toBe('ONE\nTWO\nTHREE\n')
    expect([r.status, r.message, r.ok, r.httpStatus]).toEqual([200, 'Success', true, 200])
    expect(r.processTime).toBe(4.601478576660156e-5)
    expect(r.stream).toMatchObject({bytes: 14, complete: true, streamed: true})
    expect(r.response).toEqual({completion: 'ONE\nTWO\nTHREE\n', prompt: 'one two three'})
  })

  it('our axon answers as the Python axon does: the transcript\'s status line, header set and chunk framing', async () => {
    const req = buildRequest({nonce: new NonceClock().next(), signer: validator, synapse: streamText('one two three'), target: target(), timeoutS: 12, uuid: 'stream-unit-uuid'})
    const head = Object.entries({...req.headers, 'content-length': String(Buffer.byteLength(req.body)), host: `127.0.0.1:${port}`})
      .map(([k, v]) => `${k}: ${v}\r\n`)
      .join('')
    const raw = await rawExchange(port, `POST ${req.path} HTTP/1.1\r\n${head}\r\n${req.body}`)
    const ours = splitMessage(raw)
    const py = splitMessage(RESPONSE)
    expect(ours.start).toBe(py.start)
    // uvicorn's own (date, server) and node's connection headers aside, the same header names in the same order
    const transport = new Set(['date', 'server', 'connection', 'keep-alive'])
    expect(ours.headers.map(([k]) => k).filter((k) => !transport.has(k))).toEqual(py.headers.map(([k]) => k).filter((k) => !transport.has(k)))
    const mine = Object.fromEntries(ours.headers)
    const theirs = Object.fromEntries(py.headers)
    for (const k of ['content-type', 'name', 'timeout', 'bt_header_axon_status_code', 'bt_header_axon_status_message', 'computed_body_hash', 'transfer-encoding']) {
      expect(mine[k], k).toBe(theirs[k])
    }
    // echoes of what this request said (the transcript's request said other things)
    expect(mine.bt_header_dendrite_nonce).toBe(req.headers.bt_header_dendrite_nonce)
    expect(mine.bt_header_dendrite_signature).toBe(req.headers.bt_header_dendrite_signature)
    expect(mine.bt_header_axon_hotkey).toBe(axonKey)
    expect(Number(mine.bt_header_axon_process_time)).toBeGreaterThan(0)
    // the body bytes: the transcript's exactly (same chunks, same framing, the terminal chunk)
    expect(ours.body).toBe(py.body)
  })
})

describe('Dendrite.callStream against our axon', () => {
  it('yields chunks as they arrive, in order, with arrival times; the result has the figures', async () => {
    const call = dendrite.callStream(target(), streamText('alpha beta gamma delta'), {chunkTimeoutS: 5, field: 'completion', timeoutS: 10})
    const seen: StreamChunk[] = []
    for await (const c of call) seen.push(c)
    const r = await call.result
    expect(seen.map((c) => c.text)).toEqual(['ALPHA\n', 'BETA\n', 'GAMMA\n', 'DELTA\n'])
    expect(seen.map((c) => c.index)).toEqual([0, 1, 2, 3])
    for (let i = 1; i < seen.length; i++) expect(seen[i]!.atMs).toBeGreaterThanOrEqual(seen[i - 1]!.atMs)
    expect([r.status, r.ok, r.message]).toEqual([200, true, 'Success'])
    expect(r.chunks.map((c) => c.text)).toEqual(seen.map((c) => c.text))
    expect(r.stream.chunks).toBe(4)
    expect(r.stream.bytes).toBe(Buffer.byteLength('ALPHA\nBETA\nGAMMA\nDELTA\n'))
    expect(r.stream.firstChunkMs).toBe(seen[0]!.atMs)
    expect(r.stream.complete).toBe(true)
    expect(r.stream.bytesPerS).toBeGreaterThan(0)
    expect(r.stream.streamBytesPerS).toBeGreaterThan(0)
    expect(r.response).toEqual({completion: 'ALPHA\nBETA\nGAMMA\nDELTA\n', prompt: 'alpha beta gamma delta'})
    const log = lastEvent()
    expect(log.fields).toMatchObject({status: 200, stream: {bytes: 23, chunks: 4, complete: true}, synapse: 'StreamText'})
    expect(log.level).toBe('info')
  })

  it('a character split between two chunks is whole in the text', async () => {
    const r = await dendrite.callStream(target(), streamText('bytes'), {timeoutS: 5}).result
    expect(r.chunks.map((c) => c.bytes)).toEqual([2, 2])
    expect(r.text).toBe('€\n')
    expect(r.chunks.map((c) => c.text)).toEqual(['', '€\n'])
  })

  it('an empty stream: 200, head and terminal chunk, no chunks', async () => {
    const r = await dendrite.callStream(target(), streamText('empty'), {timeoutS: 5}).result
    expect([r.status, r.ok, r.stream.chunks, r.stream.complete, r.text]).toEqual([200, true, 0, true, ''])
  })

  it('per-chunk timeout: a slow chunk ends the call with 408 ChunkTimeout, the chunks before it kept', async () => {
    const r = await dendrite.callStream(target(), streamText('one two slow four'), {chunkTimeoutS: 0.5, timeoutS: 10}).result
    expect([r.status, r.failure, r.ok]).toEqual([408, 'ChunkTimeout', false])
    expect(r.message).toBe('Chunk timeout: no chunk within 0.5 s after chunk 2')
    expect(r.chunks.map((c) => c.text)).toEqual(['ONE\n', 'TWO\n'])
    expect(r.stream.complete).toBe(false)
  })

  it('per-chunk timeout before the first chunk: counted from sending the request', async () => {
    const r = await dendrite.callStream(target(), streamText('slow two'), {chunkTimeoutS: 0.5, timeoutS: 10}).result
    expect([r.status, r.failure, r.message]).toEqual([408, 'ChunkTimeout', 'Chunk timeout: no chunk within 0.5 s of sending the request'])
    expect(r.chunks).toEqual([])
    expect(r.stream.firstChunkMs).toBeNull()
  })

  it('overall timeout: the Python 408 message, the chunks before it kept', async () => {
    const r = await dendrite.callStream(target(), streamText('one two hang'), {chunkTimeoutS: 30, timeoutS: 1}).result
    expect([r.status, r.failure, r.ok]).toEqual([408, 'Timeout', false])
    expect(r.message).toBe('Request timeout after 1.0 seconds')
    expect(r.chunks.map((c) => c.text)).toEqual(['ONE\n', 'TWO\n'])
  })

  it('a handler that throws mid-stream: the caller sees a cut payload (400), the axon logs the error with the uuid', async () => {
    const r = await dendrite.callStream(target(), streamText('one two boom four'), {timeoutS: 5}).result
    expect([r.status, r.failure, r.ok]).toEqual([400, 'Truncated', false])
    expect(r.message).toMatch(/^Payload error: .*after 2 chunks, no terminal chunk/)
    expect(r.chunks.map((c) => c.text)).toEqual(['ONE\n', 'TWO\n'])
    await sleep(50)
    const log = events.filter((e) => e.fields.error === 'generator failed at word 2').at(-1)!
    expect(log.level).toBe('error')
    expect(log.fields).toMatchObject({status: 200, stream: {chunks: 2, complete: false}, synapse: 'StreamText', uuid: dendrite.uuid})
    expect(log.fields.errorId).toMatch(/^[0-9a-f-]{36}$/)
    expect(log.fields.message).toContain(`request ${dendrite.uuid}`)
    expect(log.fields.message).toContain('handler error: generator failed at word 2')
    // the caller learns nothing of the handler's error text
    expect(r.message).not.toContain('generator failed')
  })

  it('a handler that throws before its first chunk: the 500 reply of a plain handler (an error id only)', async () => {
    const r = await dendrite.callStream(target(), streamText('throw first'), {timeoutS: 5}).result
    expect([r.status, r.ok, r.stream.streamed, r.stream.chunks]).toEqual([500, false, false, 0])
    expect(r.message).toMatch(/^Internal Server Error #[0-9a-f-]{36}$/)
    const log = events.filter((e) => e.fields.error === 'model not loaded').at(-1)!
    expect(log.fields).toMatchObject({status: 500, uuid: dendrite.uuid})
    expect(r.message).toBe(`Internal Server Error #${log.fields.errorId as string}`)
  })

  it('a chunk that is neither text nor bytes is a handler error: the stream is cut and logged', async () => {
    const r = await dendrite.callStream(target(), streamText('one object'), {timeoutS: 5}).result
    expect([r.status, r.failure]).toEqual([400, 'Truncated'])
    expect(r.chunks.map((c) => c.text)).toEqual(['ONE\n'])
    await sleep(50)
    expect(events.filter((e) => String(e.fields.error).startsWith('a stream chunk must be a string or bytes')).length).toBeGreaterThan(0)
  })

  it('abort: ends the call at once with the chunks so far; the axon stops the handler', async () => {
    const call = dendrite.callStream(target(), streamText('one two hang'), {timeoutS: 30})
    for await (const c of call) if (c.index === 1) call.abort('enough')
    const r = await call.result
    expect([r.status, r.failure, r.message]).toEqual([null, 'Aborted', 'Aborted: enough'])
    expect(r.chunks.map((c) => c.text)).toEqual(['ONE\n', 'TWO\n'])
    await sleep(100)
    expect(events.at(-1)!.fields).toMatchObject({stream: {chunks: 2, complete: false}, synapse: 'StreamText'})
    expect(events.at(-1)!.fields.message).toContain('the dendrite closed the connection mid-stream')
  })

  it('a signal aborted before the call: nothing sent, failure Aborted', async () => {
    const r = await dendrite.callStream(target(), streamText('one'), {signal: AbortSignal.abort(new Error('not now')), timeoutS: 5}).result
    expect([r.status, r.failure, r.message, r.chunks]).toEqual([null, 'Aborted', 'Aborted: not now', []])
  })

  it('an axon that answers a stream call with an error (JSON) is read as call() reads it', async () => {
    const r = await dendrite.callStream(target(port, validator.address), streamText('one'), {timeoutS: 5}).result
    expect(r.status).toBe(401)
    expect(r.stream.streamed).toBe(false)
    expect(r.message).toMatch(/^Not Verified with error: Signature mismatch/)
  })

  it('a plain call() of a streaming synapse says to stream it (422 as a Python call(), failure Streamed)', async () => {
    const r = await dendrite.call(target(), streamText('one two'), 5)
    expect([r.status, r.failure, r.ok]).toEqual([422, 'Streamed', false])
    expect(r.message).toMatch(/the axon streamed its answer \(200, text\/event-stream, 8 bytes\); query StreamText as a stream \(tao miner query --stream, Dendrite.callStream\)/)
  })

  it('forwardStream: several axons, chunks tagged with their target, results in target order', async () => {
    const got: [number, string][] = []
    const rs = await dendrite.forwardStream([target(), target(1), target()], streamText('x y'), {onChunk: (i, c) => got.push([i, c.text]), timeoutS: 5})
    expect(rs.map((r) => r.status)).toEqual([200, 503, 200])
    expect(got.filter(([i]) => i === 0).map(([, t]) => t)).toEqual(['X\n', 'Y\n'])
    expect(got.filter(([i]) => i === 2).map(([, t]) => t)).toEqual(['X\n', 'Y\n'])
  })
})

describe('stream figures', () => {
  it('time to first chunk, bytes per second overall and after the first chunk', () => {
    const s = streamStats([{atMs: 100, bytes: 10}, {atMs: 300, bytes: 20}, {atMs: 500, bytes: 20}], 1000, true, true)
    expect(s).toEqual({bytes: 50, bytesPerS: 50, chunks: 3, complete: true, firstChunkMs: 100, streamBytesPerS: 100, streamed: true, totalMs: 1000})
    expect(streamStats([{atMs: 5, bytes: 3}], 10, true, true).streamBytesPerS).toBeNull()
    expect(streamStats([], 10, false, false)).toMatchObject({bytesPerS: null, firstChunkMs: null})
  })
})

describe('the CLI\'s chunk printer', () => {
  it('one axon: its text as it comes, the last line closed; several: one line per chunk, tagged', async () => {
    const {chunkPrinter} = await import('../../../src/cli/render/miner.js')
    let out = ''
    const one = chunkPrinter((t) => (out += t))
    const src = {hotkey: '5x', ip: '127.0.0.1', port: 1, targets: 1}
    one.onChunk(src, {atMs: 1, data: Buffer.from('ON'), index: 0, text: 'ON'})
    one.onChunk(src, {atMs: 2, data: Buffer.from('E\nTW'), index: 1, text: 'E\nTW'})
    one.end()
    expect(out).toBe('ONE\nTW\n')
    out = ''
    const many = chunkPrinter((t) => (out += t))
    many.onChunk({...src, targets: 2, uid: 3}, {atMs: 12.4, data: Buffer.from('A\n'), index: 0, text: 'A\n'})
    many.onChunk({...src, port: 2, targets: 2}, {atMs: 20, data: Buffer.from('"b"'), index: 0, text: '"b"'})
    many.end()
    expect(out).toBe('uid 3 +12 ms "A\\n"\n127.0.0.1:2 +20 ms "\\"b\\""\n')
  })
})
