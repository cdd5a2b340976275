/**
 * A minimal axon: the server side of the dendrite protocol, checking what a Python axon (SDK 10.2) checks, in
 * the same order and with the same status codes (dendrite-protocol §6), and stricter where upstream has gaps:
 *
 *  1. route = first path segment; unknown → 404
 *  2. headers → terminal info; an unparseable int header, a missing `bt_header_input_obj_*` for a required
 *     field, or a content type other than JSON → 500
 *  3. blacklist (registered-only, and the handler module's own) → 403
 *  4. verify → 401: hotkey must be SS58, nonce present, nonce window (4 s + timeout, the timeout capped since
 *     that header is not signed — applied whatever the version header says), nonce strictly newer than the last
 *     one from (hotkey, uuid), and a signature is REQUIRED (upstream 10.2 skipped the check when it was absent)
 *  5. body: read only now (a declared length over the limit was already refused with 413, before step 2),
 *     bounded (413), parsed losslessly, validated against the synapse definition, body hash compared with the
 *     header → 500
 *  6. handler → 200 with the whole synapse, or 500 (or the status an error carries)
 *
 * Everything before step 5 needs the headers only: the signature covers the body-hash HEADER, so a request that
 * is unknown, malformed, blacklisted or unsigned is answered before a byte of its body is read; the body is then
 * discarded as it arrives, and the connection cut if the upload has not finished within {@link LINGER_MS}
 * (small bodies) or {@link LINGER_LARGE_MS} (large ones).
 * Hardening beyond upstream: at most `maxConnections` connections at a time (the others get 503 and are
 * closed), and a deadline for body + handler — the request's timeout header (12 s without one), capped by
 * `maxTimeoutS` — after which the caller gets 408 and the handler's signal is aborted. A handler that throws
 * is logged (event `axon.request`, level error, with the dendrite's uuid, nonce, hotkey, the error id the caller
 * got and the error's own message); the caller sees only `Internal Server Error #<error id>`.
 *
 * Replies always carry lowercase `bt_header_axon_*` headers and `application/json` bodies, as Python dendrites
 * of every version expect — except a streaming handler's (one that returns an async iterable): its reply is what the
 * Python axon sends for a `StreamingSynapse` (bittensor/core/stream.py, BTStreamingResponse.stream_response, and
 * axon.py, synapse_to_response with response_override): status 200, `content-type: text/event-stream`, the same
 * headers as a JSON success (Synapse.to_headers() of the request's synapse), no content-length, the chunks as the
 * handler yields them (HTTP chunked transfer encoding, no SSE `data:` framing), and the terminal zero-length chunk
 * when the handler is done. Differences, all on failure: the head is sent with the first chunk (or at the end of an
 * empty stream), so a handler that throws or overruns the deadline before its first chunk gets the same 500/408
 * JSON reply as a plain handler; after the head, a throw or the deadline (plus {@link STREAM_GRACE_MS}) cuts the connection without the terminal
 * chunk (what uvicorn does when a token streamer raises: the caller sees an incomplete payload) and is logged with
 * the request's uuid, the chunks sent and the error.
 */
import http from 'node:http'
import {randomUUID} from 'node:crypto'
import type {AddressInfo, Socket} from 'node:net'

import type {Ui} from '../ui.js'
import type {Sr25519} from './sr25519.js'

import {ALLOWED_DELTA_NS, NS_PER_S, NonceClock, emptyTerminal, signatureMessage, synapseBody, toJsonText, type TerminalInfo} from './protocol.js'
import {floatRepr, pyRepr} from './pyrepr.js'
import {JsonSyntaxError, PyDict, type PyValue, fromPlain, parsePyJson, toPlain} from './pyvalue.js'
import {BASE_FIELDS, type SynapseDef, SynapseError, bodyHash, coerce, inputObjHeaders, prepareFields} from './synapse.js'

export interface AxonRequestContext {
  /** the synapse (route) name */
  name: string
  dendrite: {hotkey: string; ip: string; port: number | null; uuid: string | null; nonce: bigint; version: number | null}
  /** the dendrite's timeout header, seconds */
  timeoutS: number | null
  /** aborted when the dendrite goes away */
  signal: AbortSignal
}

/**
 * Returns the fields to set on the synapse (or nothing). May throw; an error with a numeric `status` sets the reply
 * status. A handler that returns an async iterable (an `async function*`, or a promise of one) STREAMS: each string
 * (UTF-8) or byte chunk it yields is written as it comes, as a Python axon writes a `StreamingSynapse`'s token
 * streamer output (200, `text/event-stream`, chunked; see {@link AxonServer} and docs/miner.md "Streaming").
 */
export type AxonHandler = (synapse: Record<string, unknown>, ctx: AxonRequestContext) => unknown

/** What a streaming handler yields: text (sent as UTF-8) or bytes, sent as they are. */
export type StreamPiece = string | Uint8Array

/** Returns a reason to refuse (403), or a falsy value to let the request through. Sees header data only. */
export type BlacklistFn = (ctx: {name: string; hotkey: string | null; ip: string}) => string | false | null | undefined | Promise<string | false | null | undefined>

export interface AxonServerOptions {
  /** the axon's own hotkey (SS58): dendrites sign messages naming it */
  hotkey: string
  synapses: SynapseDef[]
  handler: AxonHandler | Record<string, AxonHandler>
  blacklist?: BlacklistFn
  host?: string
  port?: number
  /** largest request body accepted, bytes (default 4 MiB) */
  maxBodyBytes?: number
  /**
   * cap on the (unsigned) timeout header, seconds (default 60): used in the nonce window, and as the cap on the
   * deadline for reading the body and running the handler (408 after it; at least 1 s)
   */
  maxTimeoutS?: number
  /** connections served at a time; more get 503 and are closed (default 256) */
  maxConnections?: number
  /** nonces remembered (one per dendrite hotkey+uuid); the oldest are forgotten beyond this (default 100,000) */
  nonceCapacity?: number
  /**
   * where each answered request is reported: event `axon.request` with status, synapse, hotkey, ip, ms, the
   * refusal's reason, and `message`, the whole line (`200 Dummy from 5F… 127.0.0.1 1.2 ms`); level info for
   * 2xx/3xx, warn for 4xx, error for 5xx
   */
  ui?: Pick<Ui, 'event'>
  /** the sr25519 verifier (default: ./sr25519.ts) */
  verifier?: Sr25519
}

export const DEFAULT_MAX_BODY_BYTES = 4 * 1024 * 1024
export const DEFAULT_MAX_CONNECTIONS = 256
/** the timeout a request without a timeout header gets (the Python synapse default) */
const DEFAULT_TIMEOUT_S = 12
/** how long the unread body of a refused request is discarded before the connection is cut, ms */
export const LINGER_MS = 2000
/** refused bodies declared up to this size are discarded for up to LINGER_MS (the connection kept) */
export const DRAIN_BYTES = 64 * 1024
/** how long a larger refused body is discarded before the connection is cut, ms */
export const LINGER_LARGE_MS = 500
const REFUSED = Symbol('axon.refused')
const TIMED_OUT = Symbol('axon.timedOut')
const CLOSED = Symbol('axon.closed')
/** how long after its deadline a stream whose head was sent is cut, ms */
export const STREAM_GRACE_MS = 2000
type SocketMark = Socket & {[REFUSED]?: boolean}

class HttpFailure extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message)
  }
}

interface ParsedHeaders {
  dendrite: TerminalInfo
  axon: TerminalInfo
  timeoutS: number | null
  bodyHash: string | null
}

const INT_RE = /^\s*-?\d+\s*$/

function header(req: http.IncomingMessage, name: string): string | undefined {
  const v = req.headers[name]
  return Array.isArray(v) ? v[0] : v
}

/** Header values must be plain printable text. */
function headerSafe(s: string): string {
  return s.replace(/[^\t\x20-\x7e]/g, '?')
}

const round2 = (x: number | undefined) => (x === undefined ? undefined : Math.round(x * 100) / 100)

export class AxonServer {
  readonly hotkey: string
  readonly uuid = randomUUID()
  private readonly defs = new Map<string, SynapseDef>()
  private readonly nonces = new Map<string, bigint>()
  private readonly pubkeys = new Map<string, Uint8Array | null>()
  private readonly clock = new NonceClock()
  private server?: http.Server
  private verifier?: Sr25519
  private decodeAddress?: (a: string) => Uint8Array
  private readonly opts: AxonServerOptions
  private active = 0

  constructor(opts: AxonServerOptions) {
    this.opts = opts
    this.hotkey = opts.hotkey
    for (const d of opts.synapses) this.defs.set(d.name, d)
    if (typeof opts.handler !== 'function') {
      for (const name of Object.keys(opts.handler)) {
        if (!this.defs.has(name)) throw new SynapseError(`handler for "${name}" but no synapse definition with that name`)
      }
    }
  }

  /** Listen; resolves with the bound address (port 0 picks a free port). */
  async start(): Promise<{host: string; port: number}> {
    this.verifier = this.opts.verifier ?? (await (await import('./sr25519.js')).sr25519())
    const {decodeAddress} = await import('@polkadot/util-crypto')
    this.decodeAddress = (a) => decodeAddress(a)
    const server = http.createServer({maxHeaderSize: 16 * 1024}, (req, res) => {
      this.handle(req, res).catch((error) => {
        // never reached in normal operation: handle() answers every request itself
        const id = randomUUID()
        this.opts.ui?.event('axon.request', {errorId: id, error: errorText(error), message: `500 internal error #${id}: ${errorText(error)}`, status: 500}, 'error')
        if (!res.headersSent) this.sendError(res, req, 500, `Internal Server Error #${id}`, undefined, 'Synapse')
      })
    })
    // slow clients (slow-loris) cannot hold a connection forever
    server.headersTimeout = 10_000
    server.requestTimeout = 60_000
    server.keepAliveTimeout = 5000
    // the connection cap: connections beyond it are answered 503 as soon as their request head arrives (or cut
    // by the header timeout), and never read further; far beyond it, the kernel-level accept is dropped outright
    const cap = Math.max(1, this.opts.maxConnections ?? DEFAULT_MAX_CONNECTIONS)
    server.maxConnections = cap * 2 + 64
    server.prependListener('connection', (socket: Socket) => {
      if (this.active >= cap) {
        ;(socket as SocketMark)[REFUSED] = true
        return
      }
      this.active++
      socket.once('close', () => this.active--)
    })
    this.server = server
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject)
      server.listen(this.opts.port ?? 8091, this.opts.host ?? '127.0.0.1', () => {
        server.off('error', reject)
        resolve()
      })
    })
    const a = server.address() as AddressInfo
    return {host: a.address, port: a.port}
  }

  get address(): {host: string; port: number} | undefined {
    const a = this.server?.address() as AddressInfo | null | undefined
    return a ? {host: a.address, port: a.port} : undefined
  }

  /** connections being served now (not counting those refused with 503) */
  get connections(): number {
    return this.active
  }

  async stop(): Promise<void> {
    const s = this.server
    if (!s) return
    this.server = undefined
    s.closeAllConnections()
    await new Promise<void>((r) => s.close(() => r()))
  }

  private log(req: http.IncomingMessage, name: string, status: number, message: string, h: ParsedHeaders | undefined, t0: number, extra: Record<string, unknown> = {}, level?: 'info' | 'warn' | 'error'): void {
    if (!this.opts.ui) return
    const ip = peerIp(req)
    const ms = Math.round((performance.now() - t0) * 100) / 100
    const hotkey = h?.dendrite.hotkey ?? null
    const cause = typeof extra.error === 'string' && !message.includes(extra.error) ? ` (handler error: ${extra.error})` : ''
    const uuid = h?.dendrite.uuid ? ` (request ${h.dendrite.uuid})` : ''
    const line = `${status} ${name} from ${hotkey ?? '-'} ${ip} ${ms} ms${message === 'Success' ? '' : `: ${message}${cause}`}${uuid}`
    const fields: Record<string, unknown> = {hotkey, ip, message: line, ms, status, synapse: name, ...(message === 'Success' ? {} : {reason: message})}
    fields.uuid = h?.dendrite.uuid ?? null
    if (h && h.dendrite.nonce !== null) fields.nonce = h.dendrite.nonce.toString()
    Object.assign(fields, extra)
    this.opts.ui.event('axon.request', fields, level ?? (status < 400 ? 'info' : status < 500 ? 'warn' : 'error'))
  }

  private sendError(res: http.ServerResponse, req: http.IncomingMessage, status: number, message: string, h: ParsedHeaders | undefined, name: string, t0 = performance.now()): void {
    if (res.headersSent || res.destroyed) return
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      name,
      timeout: floatRepr(h?.timeoutS ?? DEFAULT_TIMEOUT_S),
      bt_header_axon_status_code: String(status),
      bt_header_axon_status_message: headerSafe(message),
      bt_header_axon_process_time: floatRepr((performance.now() - t0) / 1000),
      bt_header_axon_version: String(10_002_000),
      bt_header_axon_nonce: this.clock.next().toString(),
      bt_header_axon_uuid: this.uuid,
      bt_header_axon_hotkey: headerSafe(h?.axon.hotkey ?? this.hotkey),
      bt_header_dendrite_ip: peerIp(req),
      bt_header_dendrite_port: String(req.socket.remotePort ?? ''),
    }
    if (h?.axon.ip) headers.bt_header_axon_ip = headerSafe(h.axon.ip)
    if (h?.axon.port !== null && h?.axon.port !== undefined) headers.bt_header_axon_port = String(h.axon.port)
    for (const k of ['version', 'nonce', 'uuid', 'hotkey', 'signature'] as const) {
      const v = h?.dendrite[k]
      if (v !== null && v !== undefined) headers[`bt_header_dendrite_${k}`] = headerSafe(String(v))
    }
    const body = JSON.stringify({message})
    res.writeHead(status, {...headers, 'content-length': String(Buffer.byteLength(body))})
    res.end(body)
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const t0 = performance.now()
    const route = (req.url ?? '/').split('?')[0]!.split('/')[1] ?? ''
    let h: ParsedHeaders | undefined
    let name = 'Synapse'
    let bodyStarted = false
    let handlerMs: number | undefined
    const refuse = (status: number, message: string, extra?: Record<string, unknown>) => {
      if (!bodyStarted && !req.complete) discardBody(req, res)
      this.sendError(res, req, status, message, h, name, t0)
      this.log(req, route || '/', status, message, h, t0, extra)
    }

    // 0. over the connection cap: 503 now, nothing read, the connection closed
    if ((req.socket as SocketMark)[REFUSED]) {
      res.setHeader('connection', 'close')
      return refuse(503, `Service unavailable: the axon serves at most ${this.opts.maxConnections ?? DEFAULT_MAX_CONNECTIONS} connections at a time`)
    }

    // 1. route, method, declared size: header data only, the body is not read
    if (req.method !== 'POST' && req.method !== 'GET') return refuse(405, `Method ${req.method} not allowed`)
    const def = this.defs.get(route)
    if (!def) {
      return refuse(404, `Synapse name '${route}' not found. Available synapses ${pyRepr([...this.defs.keys()])}`)
    }
    name = def.name
    const errorId = () => `Internal Server Error #${randomUUID()}`
    const limit = this.opts.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES
    const declared = Number(req.headers['content-length'])
    if (Number.isFinite(declared) && declared > limit) {
      res.setHeader('connection', 'close')
      return refuse(413, `Request body too large: ${declared} bytes (limit ${limit})`)
    }

    // 2. headers
    try {
      h = parseHeaders(req, def)
    } catch (error) {
      return refuse(500, `${errorId()}: ${(error as Error).message}`)
    }
    const ct = header(req, 'content-type') ?? ''
    if (!/^application\/json\b/i.test(ct.trim())) return refuse(500, `${errorId()}: content-type must be application/json`)

    // 3. blacklist (header data only, as upstream; it can only deny)
    const bl = this.opts.blacklist
    if (bl) {
      let reason: string | false | null | undefined
      try {
        reason = await bl({hotkey: h.dendrite.hotkey, ip: peerIp(req), name: def.name})
      } catch (error) {
        return refuse(500, `${errorId()}: blacklist failed: ${(error as Error).message}`)
      }
      if (reason) return refuse(403, `Forbidden. Key is blacklisted: ${reason}.`)
    }

    // 4. verify: the signature covers the body-hash header, not the body, so no body is needed yet
    try {
      this.verify(h)
    } catch (error) {
      return refuse(401, `Not Verified with error: ${(error as Error).message}`)
    }

    // the deadline for the body and the handler: the request's timeout, capped
    const timeoutS = h.timeoutS !== null && h.timeoutS > 0 ? h.timeoutS : DEFAULT_TIMEOUT_S
    const deadlineS = Math.min(timeoutS, Math.max(this.opts.maxTimeoutS ?? 60, 1))
    const ac = new AbortController()
    const onClose = () => {
      if (!res.writableFinished) ac.abort(new Error('the dendrite went away'))
    }
    res.on('close', onClose)
    let timer: NodeJS.Timeout | undefined
    const deadline = new Promise<typeof TIMED_OUT>((resolve) => {
      timer = setTimeout(() => resolve(TIMED_OUT), Math.max(0, deadlineS * 1000 - (performance.now() - t0)))
    })
    const timedOut = () => {
      ac.abort(new Error(`deadline of ${deadlineS} s passed`))
      res.setHeader('connection', 'close')
      refuse(408, `Response timeout after: ${floatRepr(deadlineS)}s`)
    }
    try {
      // 5. body, bounded
      bodyStarted = true
      let body: Buffer | typeof TIMED_OUT
      try {
        body = await Promise.race([readBody(req, limit), deadline])
      } catch (error) {
        if (error instanceof HttpFailure) {
          res.setHeader('connection', 'close')
          refuse(error.status, error.message)
          req.socket.end()
        }
        return // or the client went away
      }
      if (body === TIMED_OUT) return timedOut()

      let fields: PyDict
      try {
        const parsed = parsePyJson(body.toString('utf8'))
        if (!(parsed instanceof PyDict)) throw new SynapseError('the body is not a JSON object')
        fields = prepareFields(def, parsed, {allowUnknown: true})
      } catch (error) {
        const what = error instanceof JsonSyntaxError ? `invalid JSON body (${error.message})` : `invalid body: ${(error as Error).message}`
        return refuse(500, `${errorId()}: ${what}`)
      }
      body = Buffer.alloc(0)
      const computed = bodyHash(def, fields).hash
      if (computed !== h.bodyHash) return refuse(500, `${errorId()}: Hash mismatch between header body hash and parsed body hash`)

      // 6. handler, within the deadline
      const handler = typeof this.opts.handler === 'function' ? this.opts.handler : this.opts.handler[def.name]
      let out = fields
      if (handler) {
        let result: unknown
        const h0 = performance.now()
        try {
          const ctx: AxonRequestContext = {
            dendrite: {hotkey: h.dendrite.hotkey!, ip: peerIp(req), nonce: h.dendrite.nonce!, port: req.socket.remotePort ?? null, uuid: h.dendrite.uuid, version: h.dendrite.version},
            name: def.name,
            signal: ac.signal,
            timeoutS: h.timeoutS,
          }
          result = await Promise.race([Promise.resolve().then(() => handler(toPlain(fields) as Record<string, unknown>, ctx)), deadline])
          if (isAsyncIterable(result)) {
            await this.streamReply({ac, deadline, deadlineS, def, fields, h, h0, iterable: result, req, res, t0})
            return
          }
          handlerMs = performance.now() - h0
        } catch (error) {
          handlerMs = performance.now() - h0
          const st = Number((error as {status?: unknown} | null)?.status ?? (error as {statusCode?: unknown} | null)?.statusCode)
          if (Number.isInteger(st) && st >= 400 && st <= 599 && st !== 500) return refuse(st, errorText(error), {error: errorText(error)})
          // the caller learns an id, the operator the cause
          const id = randomUUID()
          return refuse(500, `Internal Server Error #${id}`, {error: errorText(error), errorId: id, handlerMs: round2(handlerMs)})
        }
        if (result === TIMED_OUT) return timedOut()
        try {
          out = mergeResult(def, fields, result)
        } catch (error) {
          return refuse(500, `${errorId()}: handler returned ${(error as Error).message}`)
        }
      }
      if (res.destroyed) return
      this.reply(req, res, def, h, out, t0, handlerMs)
    } finally {
      clearTimeout(timer)
      res.off('close', onClose)
    }
  }

  /** Synapse.to_headers() of a successful reply: the headers of a JSON success and of a stream alike. */
  private successHeaders(def: SynapseDef, h: ParsedHeaders, out: PyDict, processTime: number, contentType: string): Record<string, string> {
    const headers: Record<string, string> = {
      'content-type': contentType,
      name: def.name,
      timeout: floatRepr(h.timeoutS ?? DEFAULT_TIMEOUT_S),
      bt_header_axon_status_code: '200',
      bt_header_axon_status_message: 'Success',
      bt_header_axon_process_time: floatRepr(processTime),
    }
    if (h.axon.ip) headers.bt_header_axon_ip = headerSafe(h.axon.ip)
    if (h.axon.port !== null) headers.bt_header_axon_port = String(h.axon.port)
    if (h.axon.hotkey) headers.bt_header_axon_hotkey = headerSafe(h.axon.hotkey)
    for (const k of ['ip', 'version', 'nonce', 'uuid', 'hotkey', 'signature'] as const) {
      const v = h.dendrite[k]
      if (v !== null) headers[`bt_header_dendrite_${k}`] = headerSafe(String(v))
    }
    Object.assign(headers, inputObjHeaders(def, out))
    headers.header_size = '0'
    headers.total_size = '0'
    headers.computed_body_hash = bodyHash(def, out).hash
    return headers
  }

  /**
   * A streaming handler's reply (see the module comment). Runs inside handle()'s try, so its deadline timer and
   * close listener are cleared when the stream ends.
   */
  private async streamReply(p: {
    req: http.IncomingMessage
    res: http.ServerResponse
    def: SynapseDef
    h: ParsedHeaders
    fields: PyDict
    iterable: AsyncIterable<unknown>
    t0: number
    h0: number
    deadline: Promise<typeof TIMED_OUT>
    deadlineS: number
    ac: AbortController
  }): Promise<void> {
    const {def, h, req, res, t0} = p
    const closed = new Promise<typeof CLOSED>((resolve) => {
      if (res.destroyed) resolve(CLOSED)
      else res.once('close', () => resolve(CLOSED))
    })
    const it = p.iterable[Symbol.asyncIterator]()
    let finished = false
    let headSent = false
    let chunks = 0
    let bytes = 0
    let firstChunkMs: number | undefined
    let lastYield = performance.now()
    const streamInfo = () => ({bytes, chunks, ...(firstChunkMs === undefined ? {} : {firstChunkMs: round2(firstChunkMs)})})
    const handlerMs = () => round2(performance.now() - p.h0)
    const sendHead = () => {
      const headers = this.successHeaders(def, h, p.fields, (performance.now() - t0) / 1000, 'text/event-stream')
      headSent = true
      res.writeHead(200, headers)
    }
    /** after the head: the caller can only be told by a cut connection (no terminal chunk) */
    const cut = (reason: string, extra: Record<string, unknown>) => {
      res.destroy()
      this.log(req, def.name, 200, reason, h, t0, {handlerMs: handlerMs(), stream: {...streamInfo(), complete: false}, ...extra}, 'error')
    }
    // Once the head is out, the dendrite's own deadline (the same timeout) ends the exchange: the axon cuts the stream
    // only STREAM_GRACE_MS later, so a caller whose deadline passes sees its own timeout, not a cut payload.
    const graceDeadline = p.deadline.then(() => new Promise<typeof TIMED_OUT>((resolve) => setTimeout(() => resolve(TIMED_OUT), STREAM_GRACE_MS).unref()))
    try {
      for (;;) {
        const next = it.next()
        next.catch(() => {})
        const step = await Promise.race([next, headSent ? graceDeadline : p.deadline, closed])
        if (step === TIMED_OUT) {
          p.ac.abort(new Error(`deadline of ${p.deadlineS} s passed`))
          if (!headSent) {
            res.setHeader('connection', 'close')
            this.sendError(res, req, 408, `Response timeout after: ${floatRepr(p.deadlineS)}s`, h, def.name, t0)
            this.log(req, def.name, 408, `Response timeout after: ${floatRepr(p.deadlineS)}s`, h, t0, {handlerMs: handlerMs(), stream: streamInfo()})
          } else cut(`stream cut: deadline of ${floatRepr(p.deadlineS)} s passed (and ${STREAM_GRACE_MS / 1000} s of grace)`, {})
          return
        }
        if (step === CLOSED) {
          p.ac.abort(new Error('the dendrite went away'))
          this.log(req, def.name, headSent ? 200 : 499, 'the dendrite closed the connection mid-stream', h, t0, {handlerMs: handlerMs(), stream: {...streamInfo(), complete: false}}, 'warn')
          return
        }
        if (step.done) {
          finished = true
          break
        }
        const piece = step.value
        let buf: Buffer
        if (typeof piece === 'string') buf = Buffer.from(piece, 'utf8')
        else if (piece instanceof Uint8Array) buf = Buffer.from(piece.buffer, piece.byteOffset, piece.byteLength)
        else throw new SynapseError(`a stream chunk must be a string or bytes, got ${piece === null ? 'null' : Array.isArray(piece) ? 'a list' : typeof piece}`)
        // a zero-length chunk would end the stream on the wire (it is the terminal chunk): skip it
        if (buf.length === 0) continue
        if (!headSent) {
          firstChunkMs = performance.now() - t0
          sendHead()
        }
        chunks++
        bytes += buf.length
        const flowing = res.write(buf)
        // A generator with chunks always ready would keep the loop in microtasks, and Node sends the head and first
        // chunk (corked until the next tick) only when it stops: let I/O through after the first chunk, then every 10 ms.
        if (flowing && (chunks === 1 || performance.now() - lastYield > 10)) {
          await new Promise((resolve) => setImmediate(resolve))
          lastYield = performance.now()
        }
        if (!flowing) {
          const drained = new Promise<'drain'>((resolve) => res.once('drain', () => resolve('drain')))
          const w = await Promise.race([drained, graceDeadline, closed])
          if (w === TIMED_OUT) {
            p.ac.abort(new Error(`deadline of ${p.deadlineS} s passed`))
            cut(`stream cut: deadline of ${floatRepr(p.deadlineS)} s passed (the dendrite was not reading)`, {})
            return
          }
          if (w === CLOSED) {
            this.log(req, def.name, 200, 'the dendrite closed the connection mid-stream', h, t0, {handlerMs: handlerMs(), stream: {...streamInfo(), complete: false}}, 'warn')
            return
          }
        }
      }
      if (!headSent) sendHead()
      // the terminal zero-length chunk: stream_response's final {"body": b"", "more_body": False}
      res.end()
      this.log(req, def.name, 200, 'Success', h, t0, {handlerMs: handlerMs(), stream: {...streamInfo(), complete: true}})
    } catch (error) {
      finished = true
      const id = randomUUID()
      const st = Number((error as {status?: unknown} | null)?.status ?? (error as {statusCode?: unknown} | null)?.statusCode)
      if (!headSent) {
        // nothing sent yet: the same reply as a plain handler that throws
        if (Number.isInteger(st) && st >= 400 && st <= 599 && st !== 500) {
          this.sendError(res, req, st, errorText(error), h, def.name, t0)
          this.log(req, def.name, st, errorText(error), h, t0, {error: errorText(error), handlerMs: handlerMs(), stream: streamInfo()})
          return
        }
        this.sendError(res, req, 500, `Internal Server Error #${id}`, h, def.name, t0)
        this.log(req, def.name, 500, `Internal Server Error #${id}`, h, t0, {error: errorText(error), errorId: id, handlerMs: handlerMs(), stream: streamInfo()})
        return
      }
      cut(`stream cut after ${chunks} chunk${chunks === 1 ? '' : 's'}: Internal Server Error #${id}`, {error: errorText(error), errorId: id})
    } finally {
      // stop a handler that is still producing (deadline, the dendrite gone): its finally blocks run
      if (!finished) void Promise.resolve().then(() => it.return?.()).catch(() => {})
    }
  }

  private reply(req: http.IncomingMessage, res: http.ServerResponse, def: SynapseDef, h: ParsedHeaders, out: PyDict, t0: number, handlerMs?: number): void {
    const processTime = (performance.now() - t0) / 1000
    const axon: TerminalInfo = {...h.axon, process_time: processTime, status_code: 200, status_message: 'Success'}
    const dendrite: TerminalInfo = {...h.dendrite, port: null}
    const text = toJsonText(synapseBody({axon, dendrite, fields: out, name: def.name, timeoutS: h.timeoutS ?? DEFAULT_TIMEOUT_S}))
    let headers: Record<string, string>
    try {
      headers = this.successHeaders(def, h, out, processTime, 'application/json')
    } catch (error) {
      const message = `Internal Server Error #${randomUUID()}: ${(error as Error).message}`
      this.sendError(res, req, 500, message, h, def.name, t0)
      this.log(req, def.name, 500, message, h, t0)
      return
    }
    const payload = Buffer.from(text, 'utf8')
    res.writeHead(200, {...headers, 'content-length': String(payload.length)})
    res.end(payload)
    this.log(req, def.name, 200, 'Success', h, t0, handlerMs === undefined ? {} : {handlerMs: round2(handlerMs)})
  }

  /** default_verify, stricter: see the module comment. Throws with upstream's wording. */
  private verify(h: ParsedHeaders): void {
    const d = h.dendrite
    if (!d.hotkey) throw new Error('No SS58 formatted address or public key provided.')
    const pk = this.publicKey(d.hotkey)
    if (!pk) throw new Error(`Invalid SS58 address: ${d.hotkey}`)
    if (d.nonce === null) throw new Error('Missing Nonce')
    const key = `${d.hotkey}:${d.uuid}`
    const stored = this.nonces.get(key)
    const now = this.clock.now()
    const timeoutS = Math.min(Math.max(h.timeoutS ?? 0, 0), this.opts.maxTimeoutS ?? 60)
    const windowNs = ALLOWED_DELTA_NS + BigInt(Math.round(timeoutS * 1e9))
    if (stored === undefined && d.nonce <= now - windowNs) {
      const age = Number(now - d.nonce) / 1e9
      throw new Error(`Nonce is too old: acceptable delta is ${(Number(windowNs) / Number(NS_PER_S)).toFixed(2)} seconds but request was ${age.toFixed(2)} seconds old`)
    }
    if (stored !== undefined && d.nonce <= stored) throw new Error('Nonce is too old, a newer one was last processed')
    if (!d.signature) throw new Error('Missing signature')
    const message = signatureMessage({axonHotkey: this.hotkey, bodyHash: h.bodyHash ?? '', dendriteHotkey: d.hotkey, nonce: d.nonce, uuid: d.uuid ?? 'None'})
    if (!d.signature.startsWith('0x')) throw new Error('Invalid signature format. Expected hex string.')
    const hex = d.signature.slice(2)
    const sig = /^[0-9a-fA-F]{128}$/.test(hex) ? Uint8Array.from(Buffer.from(hex, 'hex')) : undefined
    const raw = Buffer.from(message, 'utf8')
    const ok = sig !== undefined && (this.verifier!.verify(raw, sig, pk) || this.verifier!.verify(Buffer.from(`<Bytes>${message}</Bytes>`, 'utf8'), sig, pk))
    if (!ok) throw new Error(`Signature mismatch with ${message} and ${d.signature}`)
    // remember the nonce only once every check passed; bounded, oldest first out
    this.nonces.delete(key)
    this.nonces.set(key, d.nonce)
    const cap = this.opts.nonceCapacity ?? 100_000
    while (this.nonces.size > cap) this.nonces.delete(this.nonces.keys().next().value!)
  }

  private publicKey(ss58: string): Uint8Array | null {
    const cached = this.pubkeys.get(ss58)
    if (cached !== undefined) return cached
    let pk: Uint8Array | null = null
    try {
      const k = this.decodeAddress!(ss58)
      pk = k.length === 32 ? k : null
    } catch {
      pk = null
    }
    if (this.pubkeys.size > 10_000) this.pubkeys.clear()
    this.pubkeys.set(ss58, pk)
    return pk
  }
}

function peerIp(req: http.IncomingMessage): string {
  const a = req.socket.remoteAddress ?? ''
  return a.startsWith('::ffff:') ? a.slice(7) : a
}

/** Read the body, at most `limit` bytes (413 beyond, the chunks then dropped). */
function readBody(req: http.IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    let chunks: Buffer[] = []
    let size = 0
    let failed = false
    req.on('data', (c: Buffer) => {
      if (failed) return
      size += c.length
      if (size > limit) {
        failed = true
        chunks = []
        reject(new HttpFailure(413, `Request body too large (limit ${limit} bytes)`))
        return
      }
      chunks.push(c)
    })
    req.on('end', () => {
      if (!failed) resolve(Buffer.concat(chunks, size))
      chunks = []
    })
    req.on('error', (e) => {
      chunks = []
      if (!failed) reject(e)
    })
    req.on('aborted', () => {
      chunks = []
      if (!failed) reject(new Error('aborted'))
    })
  })
}

/**
 * The body of a request refused before it was read is discarded as it arrives (nothing kept), so that the client
 * gets its reply (a connection closed under an upload in progress can lose it) and a small one can reuse the
 * connection. The connection is cut if the upload has not finished within {@link LINGER_MS} (declared bodies
 * up to {@link DRAIN_BYTES}) or {@link LINGER_LARGE_MS} (larger or undeclared ones): a slow or huge upload
 * holds no connection slot and costs little reading.
 */
function discardBody(req: http.IncomingMessage, res: http.ServerResponse): void {
  res.once('error', () => {})
  const declared = Number(req.headers['content-length'])
  const small = Number.isFinite(declared) && declared <= DRAIN_BYTES
  req.resume()
  const timer = setTimeout(
    () => {
      if (!req.complete) req.socket.destroy()
    },
    small ? LINGER_MS : LINGER_LARGE_MS,
  )
  timer.unref()
  req.once('end', () => clearTimeout(timer))
  req.socket.once('close', () => clearTimeout(timer))
}

function errorText(error: unknown): string {
  if (error instanceof Error) return error.message || error.name
  try {
    return `non-error thrown: ${typeof error === 'string' ? error : JSON.stringify(error) ?? String(error)}`
  } catch {
    return `non-error thrown: ${String(error)}`
  }
}

/** Headers → the header-built synapse's terminals (Synapse.from_headers). Throws on what makes Python fail. */
function parseHeaders(req: http.IncomingMessage, def: SynapseDef): ParsedHeaders {
  const int = (name: string): number | null => {
    const v = header(req, name)
    if (v === undefined) return null
    if (!INT_RE.test(v)) throw new Error(`header ${name} is not an integer: ${JSON.stringify(v)}`)
    return Number(v)
  }
  const big = (name: string): bigint | null => {
    const v = header(req, name)
    if (v === undefined) return null
    if (!INT_RE.test(v)) throw new Error(`header ${name} is not an integer: ${JSON.stringify(v)}`)
    return BigInt(v.trim())
  }
  const str = (name: string): string | null => header(req, name) ?? null
  for (const n of ['header_size', 'total_size']) int(n)
  const t = header(req, 'timeout')
  let timeoutS: number | null = null
  if (t !== undefined) {
    const x = Number(t.trim())
    if (t.trim() === '' || !Number.isFinite(x)) throw new Error(`header timeout is not a number: ${JSON.stringify(t)}`)
    timeoutS = x
  }
  const dendrite: TerminalInfo = {
    ...emptyTerminal(),
    hotkey: str('bt_header_dendrite_hotkey'),
    ip: str('bt_header_dendrite_ip'),
    nonce: big('bt_header_dendrite_nonce'),
    signature: str('bt_header_dendrite_signature'),
    uuid: str('bt_header_dendrite_uuid'),
    version: int('bt_header_dendrite_version'),
  }
  const axon: TerminalInfo = {...emptyTerminal(), hotkey: str('bt_header_axon_hotkey'), ip: str('bt_header_axon_ip'), port: int('bt_header_axon_port')}
  // required fields (no default) need their placeholder header, as the header-built synapse is validated
  for (const f of def.fields) {
    if (f.hasDefault) continue
    if (typeof f.type === 'object' && 'optional' in f.type) continue
    const raw = header(req, `bt_header_input_obj_${f.name}`)
    if (raw === undefined) throw new Error(`missing header bt_header_input_obj_${f.name} for required field ${f.name}`)
    try {
      parsePyJson(Buffer.from(raw, 'base64').toString('utf8'))
    } catch {
      throw new Error(`header bt_header_input_obj_${f.name} is not base64 JSON`)
    }
  }
  return {axon, bodyHash: str('computed_body_hash'), dendrite, timeoutS}
}

/** The handler's returned fields set on the synapse (validated like pydantic's validate_assignment). */
function mergeResult(def: SynapseDef, fields: PyDict, result: unknown): PyDict {
  if (result === undefined || result === null) return fields
  if (typeof result !== 'object' || Array.isArray(result)) throw new SynapseError(`a ${Array.isArray(result) ? 'list' : typeof result}, not an object of fields`)
  const out = new PyDict([...fields.entries])
  const types = new Map(def.fields.map((f) => [f.name, f.type]))
  const entries: [string, unknown][] = result instanceof PyDict ? result.entries.map(([k, v]) => [String(k), v]) : Object.entries(result as Record<string, unknown>)
  for (const [k, v] of entries) {
    if (v === undefined || (BASE_FIELDS as readonly string[]).includes(k)) continue
    const py: PyValue = fromPlain(v)
    const t = types.get(k)
    out.set(k, t ? coerce(py, t, k) : py)
  }
  return out
}

function isAsyncIterable(v: unknown): v is AsyncIterable<unknown> {
  return v !== null && typeof v === 'object' && typeof (v as {[Symbol.asyncIterator]?: unknown})[Symbol.asyncIterator] === 'function'
}
