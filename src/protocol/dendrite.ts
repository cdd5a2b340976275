/**
 * The dendrite: signed HTTP requests to miners' axons, fanned out with a global concurrency limit, a per-request
 * deadline, keep-alive connections and a response size limit. Outcomes map to the status codes the Python
 * dendrite uses (dendrite-protocol §7): 408 timeout, 503 unreachable or disconnected, 400 truncated body,
 * 422 anything unparseable; non-200 replies keep the axon's status and `message`.
 * Nothing a miner sends can throw out of `call`/`forward`: every failure is a result row.
 */
import {readFileSync} from 'node:fs'
import {StringDecoder} from 'node:string_decoder'

import type {MessageSigner} from './sr25519.js'

import {writeFileAtomicSync} from '../util/fs.js'
import {unusableAddress} from '../util/ip.js'
import {type Http1Exchange, type Http1Headers, Http1Pool, serializeRequest} from './http1.js'
import {type BuiltRequest, NonceClock, type PreparedSynapse, RequestTemplate, type TargetAxon, newUuid} from './protocol.js'
import {floatRepr} from './pyrepr.js'
import {JsonSyntaxError, PyDict, PyFloat, type PyValue, parsePyJson, toPlain} from './pyvalue.js'
import {BASE_FIELDS, SynapseError, coerce} from './synapse.js'

export interface AxonEndpoint extends TargetAxon {
  uid?: number
  coldkey?: string
  /** why this axon must not be contacted (from chain data); the row is reported without any traffic */
  problem?: string
  /** true when the chain says the axon is not serving (ip 0) */
  notServing?: boolean
}

export type FailureKind =
  | 'Timeout'
  | 'Unreachable'
  | 'Disconnected'
  | 'Truncated'
  | 'TooLarge'
  | 'BadResponse'
  | 'AxonStatus'
  | 'InvalidAddress'
  | 'NotServing'
  /** a streamed reply: no chunk within the per-chunk timeout (callStream) */
  | 'ChunkTimeout'
  /** the caller aborted (callStream) */
  | 'Aborted'
  /** a plain call got a streamed reply (text/event-stream): query it with callStream */
  | 'Streamed'

export interface CallResult {
  uid?: number
  hotkey: string
  coldkey?: string
  ip: string
  port: number
  /** the dendrite's status code (Python `synapse.dendrite.status_code`); null when nothing was sent, or no status came back */
  status: number | null
  message: string | null
  ok: boolean
  /** why it failed, when it did */
  failure?: FailureKind
  /** the HTTP status line's code, when a response arrived */
  httpStatus: number | null
  /** ms from sending to the end of the response (or the failure) */
  latencyMs: number
  /** ms from the start of the fan-out until this request was sent (queueing behind the concurrency limit, the
   * same ip:port, and the signing of earlier requests); 0 for a single call */
  queueMs: number
  /** the axon's own process time, seconds (bt_header_axon_process_time) */
  processTime: number | null
  /** the synapse's own fields from a 200 reply, as plain JS values */
  response: Record<string, unknown> | null
  /** the same, lossless (ints stay exact, floats stay floats, key order kept) */
  responseFields: PyDict | null
  responseBytes: number
  nonce?: string
}

export interface DendriteOptions {
  signer: MessageSigner
  /** one id per dendrite (part of the axon's nonce key) */
  uuid?: string
  /** what to put in bt_header_dendrite_ip (axons overwrite it with the socket peer) */
  dendriteIp?: string
  version?: number
  /** largest response body accepted, bytes (default 4 MiB) */
  maxResponseBytes?: number
  /**
   * a file that keeps how long each axon took between processes (read when the dendrite is made, written by
   * `close()`), so the first fan-out of a new process already asks the slowest axons first; unreadable or
   * unwritable: as without one
   */
  latencyFile?: string
}

export interface ForwardOptions {
  /** per-request deadline, seconds (Python's ClientTimeout(total=timeout)) */
  timeoutS: number
  /** how many requests are in flight at once (default 256) */
  concurrency?: number
  /** called as each result arrives */
  onResult?: (r: CallResult) => void
  /** requests started per event-loop turn before pending I/O is let through (default 8) */
  yieldEvery?: number
  /** open the connections the fan-out needs before signing its first request (default true) */
  warmUp?: boolean
  /**
   * send first to the axons that took longest when this dendrite last queried them (default true): a fan-out
   * lasts as long as its slowest reply, so that request should not wait behind the others' signing. Axons not
   * queried before keep their place in `targets`; results still come back in the order of `targets`.
   */
  slowestFirst?: boolean
}

export const DEFAULT_MAX_RESPONSE_BYTES = 4 * 1024 * 1024
export const DEFAULT_CONCURRENCY = 256

class Semaphore {
  private waiting: (() => void)[] = []
  private active = 0
  constructor(private readonly limit: number) {}

  async run<T>(fn: () => Promise<T>): Promise<T> {
    // a released slot is handed straight to the next waiter, so the limit is never exceeded
    if (this.active >= this.limit) await new Promise<void>((r) => this.waiting.push(r))
    else this.active++
    try {
      return await fn()
    } finally {
      const next = this.waiting.shift()
      if (next) next()
      else this.active--
    }
  }
}

/** One piece of a streamed reply, as it arrived (one read of the body: what aiohttp's `content.iter_any()` yields). */
export interface StreamChunk {
  /** 0, 1, 2… in arrival order */
  index: number
  /** the bytes as received */
  data: Buffer
  /** the bytes as UTF-8 text (a character split between two chunks is completed in the later one) */
  text: string
  /** ms from sending the request to this chunk's arrival */
  atMs: number
}

export interface StreamStats {
  /** the reply was text/event-stream (false: the axon answered with a whole JSON body, or nothing) */
  streamed: boolean
  chunks: number
  bytes: number
  /** ms from sending the request to the first chunk (null: none came) */
  firstChunkMs: number | null
  /** ms from sending the request to the end of the stream (or the failure) */
  totalMs: number
  /** bytes per second over the whole request (null: nothing came) */
  bytesPerS: number | null
  /** bytes per second after the first chunk: (bytes − first chunk's) / (last arrival − first arrival); null below 2 chunks */
  streamBytesPerS: number | null
  /** the stream ended with its terminal (zero-length) chunk */
  complete: boolean
}

export interface StreamResult extends CallResult {
  /** every chunk's text in order: the assembled answer */
  text: string
  /** each chunk: arrival time, size and text */
  chunks: {index: number; atMs: number; bytes: number; text: string}[]
  stream: StreamStats
}

export interface StreamCallOptions {
  /** overall deadline, seconds, from sending to the end of the stream (Python's ClientTimeout(total=timeout)) */
  timeoutS: number
  /**
   * longest wait for the next piece of the body, seconds: from sending to the first chunk, then between chunks
   * (tao's own; the Python dendrite has only the overall deadline). 408 with failure `ChunkTimeout`.
   */
  chunkTimeoutS?: number
  /** aborting it ends the call (failure `Aborted`) */
  signal?: AbortSignal
  /**
   * the synapse field that receives the assembled text in `response`/`responseFields` (what a StreamingSynapse's
   * `process_streaming_response` usually accumulates, e.g. `completion`); without it `response` is null
   */
  field?: string
  /** ms from the fan-out's start until this call was sent (set by forwardStream) */
  fanOutStart?: number
}

/**
 * A streaming call in progress: iterate it for the chunks as they arrive (each iterator starts from the first chunk;
 * chunks are kept until the call ends), await `result` for the assembled outcome. `result` never rejects.
 */
export class StreamCall implements AsyncIterable<StreamChunk> {
  readonly result: Promise<StreamResult>
  private readonly received: StreamChunk[] = []
  private ended = false
  private waiting: (() => void)[] = []
  private readonly ac = new AbortController()

  constructor(run: (push: (c: StreamChunk) => void, signal: AbortSignal) => Promise<StreamResult>, signal?: AbortSignal) {
    if (signal) {
      if (signal.aborted) this.ac.abort(signal.reason)
      else signal.addEventListener('abort', () => this.ac.abort(signal.reason), {once: true})
    }
    this.result = run((c) => {
      this.received.push(c)
      this.wake()
    }, this.ac.signal).finally(() => {
      this.ended = true
      this.wake()
    })
  }

  /** End the call now: the result keeps the chunks so far, with failure `Aborted`. */
  abort(reason = 'aborted by the caller'): void {
    this.ac.abort(new Error(reason))
  }

  private wake(): void {
    const w = this.waiting
    this.waiting = []
    for (const f of w) f()
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<StreamChunk, void, undefined> {
    let i = 0
    for (;;) {
      if (i < this.received.length) {
        yield this.received[i++]!
        continue
      }
      if (this.ended) return
      await new Promise<void>((r) => this.waiting.push(r))
    }
  }
}

const ms3 = (x: number) => Math.round(x * 1000) / 1000

export function streamStats(chunks: readonly {atMs: number; bytes: number}[], totalMs: number, streamed: boolean, complete: boolean): StreamStats {
  const bytes = chunks.reduce((a, c) => a + c.bytes, 0)
  const first = chunks[0]
  const last = chunks.at(-1)
  const span = first && last ? last.atMs - first.atMs : 0
  return {
    bytes,
    bytesPerS: bytes > 0 && totalMs > 0 ? Math.round((bytes / totalMs) * 1000 * 10) / 10 : null,
    chunks: chunks.length,
    complete,
    firstChunkMs: first ? first.atMs : null,
    streamBytesPerS: chunks.length >= 2 && span > 0 ? Math.round(((bytes - first!.bytes) / span) * 1000 * 10) / 10 : null,
    streamed,
    totalMs,
  }
}

const CONNECT_ERRORS = new Set(['ECONNREFUSED', 'EHOSTUNREACH', 'ENETUNREACH', 'EADDRNOTAVAIL', 'EACCES', 'EPERM', 'ETIMEDOUT', 'ENOTFOUND', 'EAI_AGAIN', 'EINVAL'])

interface RawOutcome {
  kind: 'response' | 'error'
  /** a streamed reply (text/event-stream): the body went to the chunk callback, not into `body` */
  streamed?: boolean
  httpStatus?: number
  headers?: Http1Headers
  body?: Buffer
  error?: FailureKind
  detail?: string
  reusedSocket?: boolean
  beforeResponse?: boolean
}

/** What a transport error means: no connection, dropped before an answer, or cut mid-body (with its detail). */
function transportFailure(err: NodeJS.ErrnoException, gotResponse: boolean): {beforeResponse: boolean; detail: string; error: FailureKind} {
  const code = err.code ?? ''
  let error: FailureKind = 'BadResponse'
  if (!gotResponse && CONNECT_ERRORS.has(code)) error = 'Unreachable'
  else if (!gotResponse && (code === 'ECONNRESET' || code === 'EPIPE' || /socket hang up/.test(err.message))) error = 'Disconnected'
  else if (gotResponse) error = 'Truncated'
  return {beforeResponse: !gotResponse, detail: `${code ? code + ' ' : ''}${err.message}`.trim(), error}
}

/** How one exchange reads its reply. */
interface ExchangeMode {
  timeoutS: number
  /** read a text/event-stream reply chunk by chunk (to `onData`); false: every reply is a whole body */
  stream: boolean
  chunkTimeoutS?: number
}

/** A finished exchange, before it is interpreted. */
interface Attempted {
  raw: RawOutcome
  nonce: bigint
  latencyMs: number
  queueMs: number
}

export class Dendrite {
  readonly uuid: string
  readonly signer: MessageSigner
  private readonly pool = new Http1Pool()
  private readonly clock = new NonceClock()
  private readonly maxResponseBytes: number
  private readonly version?: number
  private readonly dendriteIp?: string
  /** how long each axon (hotkey, ip, port) took the last time this dendrite queried it, ms (slowest first) */
  private readonly lastLatency = new Map<string, number>()
  private readonly latencyFile?: string
  /** per synapse and timeout: what every request of a fan-out shares (body head and tail, constant headers) */
  private readonly templates = new WeakMap<PreparedSynapse, Map<number, RequestTemplate>>()

  constructor(opts: DendriteOptions) {
    this.signer = opts.signer
    this.uuid = opts.uuid ?? newUuid()
    this.maxResponseBytes = opts.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES
    this.version = opts.version
    this.dendriteIp = opts.dendriteIp
    this.latencyFile = opts.latencyFile
    if (this.latencyFile) {
      try {
        const kept = JSON.parse(readFileSync(this.latencyFile, 'utf8')) as Record<string, unknown>
        for (const [k, v] of Object.entries(kept)) if (typeof v === 'number' && Number.isFinite(v)) this.lastLatency.set(k, v)
      } catch {
        // none kept yet (or not readable): every axon keeps its place on the first fan-out
      }
    }
  }

  /** Close pooled and warmed-up connections (and keep the axons' latencies in `latencyFile`). */
  close(): void {
    this.pool.destroy()
    if (!this.latencyFile || this.lastLatency.size === 0) return
    try {
      writeFileAtomicSync(this.latencyFile, JSON.stringify(Object.fromEntries(this.lastLatency)))
    } catch {
      // an ordering hint only: a full disk or a read-only folder means none next time
    }
  }

  /**
   * Open keep-alive connections now to the axons that have none in the pool (one per ip:port, the first `limit`
   * endpoints in order; unusable addresses skipped), so the requests that follow do not wait for a TCP handshake.
   * `forward` and `forwardStream` do this themselves before signing their first request; call it earlier (e.g. while
   * the metagraph is read) to overlap more. Resolves when every connection opened is up or has failed; a failed one
   * changes nothing: the request to that axon connects again and fails as it would have.
   */
  async warmUp(targets: readonly AxonEndpoint[], limit = DEFAULT_CONCURRENCY): Promise<{opened: number; connected: number; failed: number}> {
    const pending = this.startWarmUp(targets, limit)
    const ok = await Promise.all(pending)
    const connected = ok.filter(Boolean).length
    return {connected, failed: ok.length - connected, opened: ok.length}
  }

  private startWarmUp(targets: readonly AxonEndpoint[], limit: number): Promise<boolean>[] {
    const seen = new Set<string>()
    const pending: Promise<boolean>[] = []
    for (const t of targets) {
      if (seen.size >= limit) break
      if (t.notServing || t.problem || unusableAddress(t.ip, t.port)) continue
      const key = `${t.ip}|${t.port}`
      if (seen.has(key)) continue
      seen.add(key)
      const p = this.pool.warmUp(t.ip, t.port)
      if (p) pending.push(p)
    }
    return pending
  }

  /**
   * Query many axons. Results come back in the order of `targets`. Requests to the same ip:port run one after
   * another (the axon's nonce check rejects out-of-order nonces from one dendrite); everything else runs in
   * parallel up to `concurrency`.
   */
  async forward(targets: AxonEndpoint[], synapse: PreparedSynapse, opts: ForwardOptions): Promise<CallResult[]> {
    return this.fanOut(targets, opts, (t, _i, t0, sendsFirst) => this.callAfter(t, synapse, opts.timeoutS, t0, sendsFirst), opts.onResult)
  }

  /**
   * Query many axons with a streaming synapse, scheduled as `forward` (one at a time per ip:port, `concurrency` in
   * flight). `onChunk` sees each chunk as it arrives, with the index of its target.
   */
  async forwardStream(
    targets: AxonEndpoint[],
    synapse: PreparedSynapse,
    opts: Omit<StreamCallOptions, 'fanOutStart'> & {concurrency?: number; yieldEvery?: number; warmUp?: boolean; slowestFirst?: boolean; onChunk?: (target: number, chunk: StreamChunk) => void; onResult?: (r: StreamResult) => void},
  ): Promise<StreamResult[]> {
    return this.fanOut(
      targets,
      opts,
      async (t, i, t0) => {
        const call = this.callStream(t, synapse, {...opts, fanOutStart: t0})
        const onChunk = opts.onChunk
        if (onChunk) {
          for await (const c of call) {
            try {
              onChunk(i, c)
            } catch {
              // a caller's display error never ends the fan-out
            }
          }
        }
        return call.result
      },
      opts.onResult,
    )
  }

  /**
   * The fan-out schedule shared by `forward` and `forwardStream`: connections warmed up first (TCP handshakes run
   * while the first requests are signed), then requests started a few per event-loop turn, so the first axons hear
   * from us at once instead of after all the signing (and replies that arrive meanwhile are read); one at a time per
   * ip:port; at most `concurrency` in flight.
   */
  private fanOut<R extends {latencyMs: number}>(
    targets: AxonEndpoint[],
    opts: {concurrency?: number; yieldEvery?: number; warmUp?: boolean; slowestFirst?: boolean},
    run: (t: AxonEndpoint, i: number, t0: number, sendsFirst: () => Promise<void> | undefined) => Promise<R>,
    onResult?: (r: R) => void,
  ): Promise<R[]> {
    const t0 = performance.now()
    const concurrency = Math.max(1, opts.concurrency ?? DEFAULT_CONCURRENCY)
    const sem = new Semaphore(concurrency)
    const chains = new Map<string, Promise<unknown>>()
    let gate: Promise<void> = Promise.resolve()
    let started = 0
    const batch = Math.max(1, opts.yieldEvery ?? 8)
    const turn = () => {
      if (started++ % batch === 0) gate = gate.then(() => new Promise<void>((r) => setImmediate(r)))
      return gate
    }
    // Requests holding a slot and waiting for their turn to be signed and sent. While there are any, a reply that
    // arrives is read (and timed) but interpreted only once they are all sent: the requests go out first.
    let waiting = 0
    let held: (() => void)[] = []
    const sendsFirst = () => (waiting === 0 ? undefined : new Promise<void>((r) => held.push(r)))
    const release = () => {
      if (waiting > 0 || held.length === 0) return
      const h = held
      held = []
      for (const f of h) f()
    }
    const axonKey = (t: AxonEndpoint) => `${t.hotkey}|${t.ip}|${t.port}`
    // the order requests start in: the slowest last time first (a stable sort: the rest keep their places)
    const order = targets.map((_t, i) => i)
    if (opts.slowestFirst !== false && this.lastLatency.size > 0) {
      const last = targets.map((t) => this.lastLatency.get(axonKey(t)) ?? Number.POSITIVE_INFINITY)
      order.sort((a, b) => last[b]! - last[a]!)
    }
    if (this.lastLatency.size > 65_536) this.lastLatency.clear()
    // connections open in the order requests start: a request waits for its connection, so this order is the wire's
    if (opts.warmUp !== false) for (const p of this.startWarmUp(order.map((i) => targets[i]!), concurrency)) p.catch(() => undefined)
    const tasks: Promise<R>[] = new Array(targets.length)
    for (const i of order) {
      const t = targets[i]!
      tasks[i] = (() => {
        const key = `${t.ip}|${t.port}`
        const prev = chains.get(key) ?? Promise.resolve()
        const p = prev.then(() =>
          sem.run(async () => {
            waiting++
            await turn()
            waiting--
            // run() signs and writes the request before it first awaits
            const r = run(t, i, t0, sendsFirst)
            release()
            return r
          }),
        )
        chains.set(key, p.catch(() => undefined))
        return p.then((r) => {
          this.lastLatency.set(axonKey(t), r.latencyMs)
          onResult?.(r)
          return r
        })
      })()
    }
    return Promise.all(tasks)
  }

  /** Query one axon. Never throws for anything the network or the miner does. */
  async call(target: AxonEndpoint, synapse: PreparedSynapse, timeoutS: number, fanOutStart?: number): Promise<CallResult> {
    return this.callAfter(target, synapse, timeoutS, fanOutStart)
  }

  /** `call`, interpreting the reply only after `sendsFirst()` (the fan-out's pending requests are sent). */
  private async callAfter(target: AxonEndpoint, synapse: PreparedSynapse, timeoutS: number, fanOutStart?: number, sendsFirst?: () => Promise<void> | undefined): Promise<CallResult> {
    const base = {coldkey: target.coldkey, hotkey: target.hotkey, ip: target.ip, port: target.port, uid: target.uid}
    const empty = {httpStatus: null, latencyMs: 0, processTime: null, queueMs: 0, response: null, responseBytes: 0, responseFields: null}
    if (target.notServing) {
      return {...base, ...empty, failure: 'NotServing', message: target.problem ?? 'axon not serving (no IP announced on chain)', ok: false, status: null}
    }
    const problem = target.problem ?? unusableAddress(target.ip, target.port)
    if (problem) return {...base, ...empty, failure: 'InvalidAddress', message: `invalid axon address: ${problem}`, ok: false, status: null}
    const {latencyMs, nonce, queueMs, raw} = await this.attempt(target, synapse, {stream: false, timeoutS}, fanOutStart)
    const wait = sendsFirst?.()
    if (wait) await wait
    return {...base, ...interpret(raw, synapse, target, timeoutS), latencyMs, nonce: nonce.toString(), queueMs}
  }

  /**
   * Query one axon whose synapse streams (a Python `StreamingSynapse`): the same signed request as `call`, read as
   * the Python dendrite's `call_stream` reads it (bittensor/core/dendrite.py, call_stream): chunks as they arrive,
   * then the final status from the reply's bt_header_axon_* headers. A reply that is not a stream (an error, or a
   * whole JSON synapse) is read as `call` reads it, with no chunks. Never throws; `result` never rejects.
   */
  callStream(target: AxonEndpoint, synapse: PreparedSynapse, opts: StreamCallOptions): StreamCall {
    return new StreamCall((push, signal) => this.runStream(target, synapse, opts, push, signal).catch((error) => this.streamFailure(target, opts, `internal error: ${(error as Error).message}`)), opts.signal)
  }

  private streamFailure(target: AxonEndpoint, opts: StreamCallOptions, message: string, failure: FailureKind = 'BadResponse', status: number | null = null): StreamResult {
    return {
      chunks: [],
      coldkey: target.coldkey,
      failure,
      hotkey: target.hotkey,
      httpStatus: null,
      ip: target.ip,
      latencyMs: 0,
      message,
      ok: false,
      port: target.port,
      processTime: null,
      queueMs: 0,
      response: null,
      responseBytes: 0,
      responseFields: null,
      status,
      stream: streamStats([], 0, false, false),
      text: '',
      uid: target.uid,
    }
  }

  private async runStream(target: AxonEndpoint, synapse: PreparedSynapse, opts: StreamCallOptions, push: (c: StreamChunk) => void, signal: AbortSignal): Promise<StreamResult> {
    if (target.notServing) return this.streamFailure(target, opts, target.problem ?? 'axon not serving (no IP announced on chain)', 'NotServing')
    const problem = target.problem ?? unusableAddress(target.ip, target.port)
    if (problem) return this.streamFailure(target, opts, `invalid axon address: ${problem}`, 'InvalidAddress')

    const started = performance.now()
    const received: StreamChunk[] = []
    const decoder = new StringDecoder('utf8')
    const onData = (data: Buffer) => {
      const c: StreamChunk = {atMs: ms3(performance.now() - started), data, index: received.length, text: decoder.write(data)}
      received.push(c)
      push(c)
    }
    const {latencyMs, nonce, queueMs, raw} = await this.attempt(target, synapse, {chunkTimeoutS: opts.chunkTimeoutS, stream: true, timeoutS: opts.timeoutS}, opts.fanOutStart, onData, signal, () => received.length > 0, started)
    const tail = decoder.end()
    if (tail && received.length) received.at(-1)!.text += tail
    const chunks = received.map((c) => ({atMs: c.atMs, bytes: c.data.length, index: c.index, text: c.text}))
    const text = chunks.map((c) => c.text).join('')
    const stats = streamStats(chunks, latencyMs, raw.streamed === true, raw.kind === 'response' && raw.streamed === true)
    const base = {coldkey: target.coldkey, hotkey: target.hotkey, ip: target.ip, port: target.port, uid: target.uid}
    let out: Interpreted
    if (raw.kind === 'error' && raw.error === 'ChunkTimeout') {
      out = {failure: 'ChunkTimeout', httpStatus: raw.httpStatus ?? null, message: `Chunk timeout: ${raw.detail}`, ok: false, processTime: null, response: null, responseBytes: stats.bytes, responseFields: null, status: 408}
    } else if (raw.kind === 'error' && raw.error === 'Aborted') {
      out = {failure: 'Aborted', httpStatus: raw.httpStatus ?? null, message: `Aborted: ${raw.detail}`, ok: false, processTime: null, response: null, responseBytes: stats.bytes, responseFields: null, status: null}
    } else if (raw.kind === 'response' && raw.streamed) {
      out = interpretStreamEnd(raw, synapse, text, opts.field)
    } else {
      out = {...interpret(raw, synapse, target, opts.timeoutS)}
      if (raw.streamed) out.responseBytes = stats.bytes
    }
    return {...base, ...out, chunks, latencyMs, nonce: nonce.toString(), queueMs, stream: stats, text}
  }

  private template(synapse: PreparedSynapse, timeoutS: number): RequestTemplate {
    let byTimeout = this.templates.get(synapse)
    if (!byTimeout) this.templates.set(synapse, (byTimeout = new Map()))
    let t = byTimeout.get(timeoutS)
    if (!t) byTimeout.set(timeoutS, (t = new RequestTemplate({dendriteIp: this.dendriteIp, signer: this.signer, synapse, timeoutS, uuid: this.uuid, version: this.version})))
    return t
  }

  /**
   * One request with a fresh nonce, retried once (fresh nonce, fresh connection) when a pooled or warmed-up
   * connection turns out closed before any reply.
   */
  private async attempt(
    target: AxonEndpoint,
    synapse: PreparedSynapse,
    mode: ExchangeMode,
    fanOutStart: number | undefined,
    onData: (b: Buffer) => void = () => undefined,
    signal?: AbortSignal,
    gotData: () => boolean = () => false,
    started = performance.now(),
  ): Promise<Attempted> {
    const deadline = started + mode.timeoutS * 1000
    const tpl = this.template(synapse, mode.timeoutS)
    let nonce = 0n
    let raw: RawOutcome
    for (let attempt = 0; ; attempt++) {
      nonce = this.clock.next()
      raw = await this.exchange(target, tpl.build(target, nonce), mode, deadline, onData, signal)
      if (raw.kind === 'error' && raw.reusedSocket && raw.beforeResponse && raw.error !== 'Timeout' && raw.error !== 'Aborted' && !gotData() && attempt === 0) continue
      break
    }
    const latencyMs = ms3(performance.now() - started)
    const queueMs = fanOutStart === undefined ? 0 : ms3(started - fanOutStart)
    return {latencyMs, nonce, queueMs, raw}
  }

  /**
   * One POST and its reply. A plain exchange (`mode.stream` false) reads every reply whole, as the Python
   * dendrite's `call`; a streaming one hands a text/event-stream body to `onData` piece by piece, with the
   * per-chunk timeout and the abort signal.
   */
  private exchange(target: AxonEndpoint, req: BuiltRequest, mode: ExchangeMode, deadline: number, onData: (b: Buffer) => void, signal?: AbortSignal): Promise<RawOutcome> {
    const limit = this.maxResponseBytes
    const stream = mode.stream
    if (signal?.aborted) {
      const reason = signal.reason instanceof Error ? signal.reason.message : String(signal.reason ?? 'aborted')
      return Promise.resolve({detail: reason, error: 'Aborted', kind: 'error', streamed: false})
    }
    // head and body as one string, written at once
    const data = serializeRequest(target.ip, target.port, req.path, {...req.headers, 'content-length': String(Buffer.byteLength(req.body, 'utf8'))}, req.body)
    return new Promise<RawOutcome>((resolve) => {
      let done = false
      let gotResponse = false
      let streamed = false
      let httpStatus: number | undefined
      let pieces = 0
      let idle: NodeJS.Timeout | undefined
      const finish = (o: RawOutcome) => {
        if (done) return
        done = true
        clearTimeout(timer)
        clearTimeout(idle)
        signal?.removeEventListener('abort', onAbort)
        resolve(stream ? {...o, streamed} : o)
      }
      // a plain exchange reports no HTTP status for a timeout or a transport error (as before streams existed)
      const statusOnError = () => (stream ? httpStatus : undefined)
      const timer = setTimeout(
        () => {
          finish({detail: `no complete answer within ${mode.timeoutS} s`, error: 'Timeout', httpStatus: statusOnError(), kind: 'error'})
          ex.abort()
        },
        Math.max(1, deadline - performance.now()),
      )
      const chunkS = stream ? mode.chunkTimeoutS : undefined
      const arm = () => {
        if (chunkS === undefined) return
        clearTimeout(idle)
        const what = pieces === 0 ? `no chunk within ${chunkS} s of sending the request` : `no chunk within ${chunkS} s after chunk ${pieces}`
        idle = setTimeout(() => {
          finish({detail: what, error: 'ChunkTimeout', httpStatus, kind: 'error'})
          ex.abort()
        }, chunkS * 1000)
      }
      const onAbort = () => {
        const reason = signal?.reason instanceof Error ? signal.reason.message : String(signal?.reason ?? 'aborted')
        finish({detail: reason, error: 'Aborted', httpStatus, kind: 'error'})
        ex.abort()
      }
      signal?.addEventListener('abort', onAbort, {once: true})
      arm()
      const parts: Buffer[] = []
      let size = 0
      let headers: Http1Headers = {}
      // (no handler runs before request() returns: the callbacks above and below see `ex` assigned)
      const ex: Http1Exchange = this.pool.request(target.ip, target.port, data, {
        onData: (c) => {
          if (done) return
          size += c.length
          if (size > limit) {
            finish({detail: `body exceeds the ${limit}-byte limit`, error: 'TooLarge', httpStatus, kind: 'error'})
            ex.abort()
            return
          }
          pieces++
          if (streamed) onData(c)
          else parts.push(c)
          arm()
        },
        onEnd: () => finish({body: streamed ? Buffer.alloc(0) : Buffer.concat(parts, size), headers, httpStatus, kind: 'response'}),
        onError: (err) => {
          if (gotResponse) {
            const detail = err.code?.startsWith('HPE_') ? `${err.code} ${err.message}` : 'the axon closed the connection mid-body'
            finish({detail: stream && pieces ? `${detail} (after ${pieces} chunk${pieces === 1 ? '' : 's'}, no terminal chunk)` : detail, error: 'Truncated', httpStatus, kind: 'error'})
          } else finish({...transportFailure(err, false), httpStatus: statusOnError(), kind: 'error', reusedSocket: ex.reusedSocket})
        },
        onHead: (status, h) => {
          gotResponse = true
          httpStatus = status
          headers = h
          streamed = stream && isEventStream(headerString(h, 'content-type'))
          const declared = Number(h['content-length'])
          if (Number.isFinite(declared) && declared > limit) {
            finish({detail: `body of ${declared} bytes exceeds the ${limit}-byte limit`, error: 'TooLarge', httpStatus, kind: 'error'})
            ex.abort()
          }
        },
      })
    })
  }
}

/** `text/event-stream` (any parameters): the content type of a streamed reply (bittensor/core/stream.py, stream_response) */
export function isEventStream(contentType: string | undefined): boolean {
  return /^text\/event-stream\s*(;|$)/i.test((contentType ?? '').trim())
}

function headerString(h: Http1Headers, name: string): string | undefined {
  const v = h[name]
  return Array.isArray(v) ? v[0] : v
}

type Interpreted = Omit<CallResult, 'uid' | 'hotkey' | 'coldkey' | 'ip' | 'port' | 'latencyMs' | 'queueMs'>

/** Turn an exchange into the dendrite's view, as the Python dendrite's `process_server_response` does. */
export function interpret(raw: RawOutcome, synapse: PreparedSynapse, target: TargetAxon, timeoutS: number): Interpreted {
  const fail = (status: number, message: string, failure: FailureKind, extra: Partial<Interpreted> = {}): Interpreted => ({
    failure,
    httpStatus: raw.httpStatus ?? null,
    message,
    ok: false,
    processTime: null,
    response: null,
    responseBytes: raw.body?.length ?? 0,
    responseFields: null,
    status,
    ...extra,
  })
  const name = synapse.def.name
  if (raw.kind === 'error') {
    switch (raw.error) {
      case 'Timeout':
        return fail(408, `Request timeout after ${floatRepr(timeoutS)} seconds`, 'Timeout')
      case 'Unreachable':
        return fail(503, `Service unavailable at ${target.ip}:${target.port}/${name}`, 'Unreachable')
      case 'Disconnected':
        return fail(503, `Service disconnected: ${raw.detail}`, 'Disconnected')
      case 'Truncated':
        return fail(400, `Payload error: ${raw.detail}`, 'Truncated')
      case 'TooLarge':
        return fail(422, `Failed to parse response: ${raw.detail}`, 'TooLarge')
      default:
        return fail(422, `Failed to parse response: ${raw.detail}`, 'BadResponse')
    }
  }
  const headers = raw.headers ?? {}
  const httpStatus = raw.httpStatus ?? 0
  const ct = headerString(headers, 'content-type') ?? ''
  if (isEventStream(ct)) {
    // A Python dendrite's call() fails here too (response.json() on a stream: 422); the status stays 422 so a score
    // matches a Python validator's, and the message says what to do instead.
    const bytes = raw.body?.length ?? 0
    return fail(
      422,
      `Failed to parse response: the axon streamed its answer (${httpStatus}, text/event-stream, ${bytes} bytes); query ${name} as a stream (tao miner query --stream, Dendrite.callStream)`,
      'Streamed',
      {status: 422},
    )
  }
  if (!/^application\/([a-z0-9.+-]*\+)?json\b/i.test(ct.trim())) {
    return fail(422, `Failed to parse response: ${httpStatus}, unexpected content type ${JSON.stringify(ct)} (expected application/json)`, 'BadResponse')
  }
  let json: PyValue
  try {
    json = parsePyJson(raw.body!.toString('utf8'))
  } catch (error) {
    return fail(422, `Failed to parse response: ${(error as JsonSyntaxError).message}`, 'BadResponse')
  }

  let status: number | null = null
  let message: string | null = null
  let processTime: number | null = null
  let fields: PyDict | null = null
  if (httpStatus === 200) {
    if (!(json instanceof PyDict)) return fail(422, 'Failed to parse response: the body is not a JSON object', 'BadResponse')
    const axon = json.get('axon')
    if (axon instanceof PyDict) {
      status = intOf(axon.get('status_code'))
      const m = axon.get('status_message')
      message = typeof m === 'string' ? m : null
      processTime = floatOf(axon.get('process_time'))
    }
    try {
      fields = responseFields(synapse, json)
    } catch (error) {
      return fail(422, `Failed to parse response: ${(error as Error).message}`, 'BadResponse')
    }
  } else {
    status = httpStatus
    const m = json instanceof PyDict ? json.get('message') : undefined
    message = typeof m === 'string' ? m : null
  }
  // bt_header_axon_* override the body, as Synapse.from_headers does (a non-integer is unparseable: 422)
  const hStatus = headerString(headers, 'bt_header_axon_status_code')
  if (hStatus !== undefined) {
    if (!/^\s*-?\d+\s*$/.test(hStatus)) return fail(422, `Failed to parse response: bad bt_header_axon_status_code ${JSON.stringify(hStatus)}`, 'BadResponse')
    status = Number(hStatus)
  }
  const hMessage = headerString(headers, 'bt_header_axon_status_message')
  if (hMessage !== undefined) message = hMessage
  const hTime = headerString(headers, 'bt_header_axon_process_time')
  if (hTime !== undefined && Number.isFinite(Number(hTime))) processTime = Number(hTime)

  const ok = status === 200
  return {
    failure: ok ? undefined : 'AxonStatus',
    httpStatus,
    message,
    ok,
    processTime,
    response: ok && fields ? (toPlain(fields) as Record<string, unknown>) : null,
    responseBytes: raw.body?.length ?? 0,
    responseFields: ok ? fields : null,
    status,
  }
}

/**
 * The end of a complete stream, as `call_stream` ends it: the subclass's `extract_response_json` builds the synapse
 * from the reply's headers (the body was the chunks), then `process_server_response` merges the bt_header_axon_*
 * headers and the dendrite's status is the axon's (bittensor/core/dendrite.py, process_server_response).
 */
function interpretStreamEnd(raw: RawOutcome, synapse: PreparedSynapse, text: string, field: string | undefined): Interpreted {
  const headers = raw.headers ?? {}
  const bad = (message: string): Interpreted => ({failure: 'BadResponse', httpStatus: raw.httpStatus ?? null, message, ok: false, processTime: null, response: null, responseBytes: Buffer.byteLength(text), responseFields: null, status: 422})
  let status: number | null = null
  const hStatus = headerString(headers, 'bt_header_axon_status_code')
  if (hStatus !== undefined) {
    if (!/^\s*-?\d+\s*$/.test(hStatus)) return bad(`Failed to parse response: bad bt_header_axon_status_code ${JSON.stringify(hStatus)}`)
    status = Number(hStatus)
  }
  const message = headerString(headers, 'bt_header_axon_status_message') ?? null
  const hTime = headerString(headers, 'bt_header_axon_process_time')
  const processTime = hTime !== undefined && Number.isFinite(Number(hTime)) ? Number(hTime) : null
  const ok = status === 200
  let fields: PyDict | null = null
  if (ok && field !== undefined) {
    fields = new PyDict([...synapse.fields.entries])
    fields.set(field, text)
  }
  return {
    failure: ok ? undefined : 'AxonStatus',
    httpStatus: raw.httpStatus ?? null,
    message,
    ok,
    processTime,
    response: fields ? (toPlain(fields) as Record<string, unknown>) : null,
    responseBytes: Buffer.byteLength(text),
    responseFields: fields,
    status,
  }
}

const intOf = (v: PyValue | undefined): number | null => (typeof v === 'bigint' ? Number(v) : v instanceof PyFloat && Number.isInteger(v.value) ? v.value : null)
const floatOf = (v: PyValue | undefined): number | null => (v instanceof PyFloat ? v.value : typeof v === 'bigint' ? Number(v) : null)

/** The synapse's own fields of a 200 body, validated like `Class(**json)`: required fields must be there. */
function responseFields(synapse: PreparedSynapse, json: PyDict): PyDict {
  const out = new PyDict()
  const def = synapse.def
  if (def.typed) {
    for (const f of def.fields) {
      if (json.has(f.name)) out.set(f.name, coerce(json.get(f.name)!, f.type, f.name))
      else if (f.hasDefault) out.set(f.name, f.default ?? null)
      else throw new SynapseError(`${f.name}: field required`)
    }
    return out
  }
  for (const [k, v] of json.entries) {
    if ((BASE_FIELDS as readonly string[]).includes(String(k))) continue
    out.set(k, v)
  }
  for (const f of def.fields) if (!out.has(f.name)) throw new SynapseError(`${f.name}: field required`)
  return out
}
