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
 *  5. body: parsed losslessly, validated against the synapse definition, body hash compared with the header → 500
 *  6. handler → 200 with the whole synapse, or 500 (or the status an error carries)
 *
 * Replies always carry lowercase `bt_header_axon_*` headers and `application/json` bodies, as Python dendrites
 * of every version expect.
 */
import http from 'node:http'
import {randomUUID} from 'node:crypto'
import type {AddressInfo} from 'node:net'

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

/** Returns the fields to set on the synapse (or nothing). May throw; an error with a numeric `status` sets the reply status. */
export type AxonHandler = (synapse: Record<string, unknown>, ctx: AxonRequestContext) => unknown

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
  /** cap on the (unsigned) timeout header used in the nonce window, seconds (default 60) */
  maxTimeoutS?: number
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
        if (!res.headersSent) this.sendError(res, req, 500, `Internal Server Error #${randomUUID()}`, undefined, 'Synapse', error)
      })
    })
    // slow clients (slow-loris) cannot hold a connection forever
    server.headersTimeout = 10_000
    server.requestTimeout = 60_000
    server.keepAliveTimeout = 5000
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

  async stop(): Promise<void> {
    const s = this.server
    if (!s) return
    this.server = undefined
    s.closeAllConnections()
    await new Promise<void>((r) => s.close(() => r()))
  }

  /** One `axon.request` event per request: status, synapse, dendrite hotkey and ip, the request's uuid, total and
   * handler milliseconds, and for a failing handler its own error (the dendrite only sees an error id). */
  private log(req: http.IncomingMessage, name: string, status: number, message: string, hotkey: string | null, t0: number, extra: {uuid?: string | null; handlerMs?: number; cause?: unknown} = {}): void {
    if (!this.opts.ui) return
    const ip = peerIp(req)
    const ms = Math.round((performance.now() - t0) * 100) / 100
    const causeText = extra.cause === undefined ? undefined : extra.cause instanceof Error ? extra.cause.message : String(extra.cause)
    const line = `${status} ${name} from ${hotkey ?? '-'} ${ip} ${ms} ms${status === 200 ? '' : `: ${message}`}${extra.uuid ? ` (request ${extra.uuid})` : ''}${causeText && !message.includes(causeText) ? ` (handler error: ${causeText})` : ''}`
    const fields = {
      hotkey,
      ip,
      message: line,
      ms,
      status,
      synapse: name,
      uuid: extra.uuid ?? null,
      ...(extra.handlerMs === undefined ? {} : {handlerMs: Math.round(extra.handlerMs * 100) / 100}),
      ...(status === 200 ? {} : {reason: message}),
      ...(causeText === undefined ? {} : {error: causeText}),
    }
    this.opts.ui.event('axon.request', fields, status < 400 ? 'info' : status < 500 ? 'warn' : 'error')
  }

  private sendError(res: http.ServerResponse, req: http.IncomingMessage, status: number, message: string, h: ParsedHeaders | undefined, name: string, _cause?: unknown, t0 = performance.now()): void {
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      name,
      timeout: floatRepr(h?.timeoutS ?? 12),
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
    let handlerMs: number | undefined
    const refuse = (status: number, message: string, cause?: unknown) => {
      this.sendError(res, req, status, message, h, name, cause, t0)
      this.log(req, route || '/', status, message, h?.dendrite.hotkey ?? null, t0, {cause, handlerMs, uuid: h?.dendrite.uuid})
    }

    // the body is read first (bounded) so that every reply leaves the connection reusable
    let body: Buffer
    try {
      body = await readBody(req, this.opts.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES)
    } catch (error) {
      if (error instanceof HttpFailure) {
        res.setHeader('connection', 'close')
        refuse(error.status, error.message)
        req.socket.end()
        return
      }
      return // the client went away
    }

    if (req.method !== 'POST' && req.method !== 'GET') return refuse(405, `Method ${req.method} not allowed`)
    const def = this.defs.get(route)
    if (!def) {
      return refuse(404, `Synapse name '${route}' not found. Available synapses ${pyRepr([...this.defs.keys()])}`)
    }
    name = def.name
    const errorId = () => `Internal Server Error #${randomUUID()}`

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

    // 4. verify
    try {
      this.verify(h)
    } catch (error) {
      return refuse(401, `Not Verified with error: ${(error as Error).message}`)
    }

    // 5. body
    let fields: PyDict
    try {
      const parsed = parsePyJson(body.toString('utf8'))
      if (!(parsed instanceof PyDict)) throw new SynapseError('the body is not a JSON object')
      fields = prepareFields(def, parsed, {allowUnknown: true})
    } catch (error) {
      const what = error instanceof JsonSyntaxError ? `invalid JSON body (${error.message})` : `invalid body: ${(error as Error).message}`
      return refuse(500, `${errorId()}: ${what}`)
    }
    const computed = bodyHash(def, fields).hash
    if (computed !== h.bodyHash) return refuse(500, `${errorId()}: Hash mismatch between header body hash and parsed body hash`)

    // 6. handler
    const ac = new AbortController()
    res.on('close', () => {
      if (!res.writableFinished) ac.abort()
    })
    const handler = typeof this.opts.handler === 'function' ? this.opts.handler : this.opts.handler[def.name]
    let out = fields
    if (handler) {
      let result: unknown
      const h0 = performance.now()
      try {
        result = await handler(toPlain(fields) as Record<string, unknown>, {
          dendrite: {hotkey: h.dendrite.hotkey!, ip: peerIp(req), nonce: h.dendrite.nonce!, port: req.socket.remotePort ?? null, uuid: h.dendrite.uuid, version: h.dendrite.version},
          name: def.name,
          signal: ac.signal,
          timeoutS: h.timeoutS,
        })
      } catch (error) {
        handlerMs = performance.now() - h0
        const st = Number((error as {status?: unknown; statusCode?: unknown}).status ?? (error as {statusCode?: unknown}).statusCode)
        if (Number.isInteger(st) && st >= 400 && st <= 599) return refuse(st, (error as Error).message ?? String(error), error)
        return refuse(500, errorId(), error)
      }
      handlerMs = performance.now() - h0
      try {
        out = mergeResult(def, fields, result)
      } catch (error) {
        return refuse(500, `${errorId()}: handler returned ${(error as Error).message}`)
      }
    }
    if (res.destroyed) return

    const processTime = (performance.now() - t0) / 1000
    const axon: TerminalInfo = {...h.axon, process_time: processTime, status_code: 200, status_message: 'Success'}
    const dendrite: TerminalInfo = {...h.dendrite, port: null}
    const text = toJsonText(synapseBody({axon, dendrite, fields: out, name: def.name, timeoutS: h.timeoutS ?? 12}))
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      name: def.name,
      timeout: floatRepr(h.timeoutS ?? 12),
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
    try {
      headers.computed_body_hash = bodyHash(def, out).hash
    } catch (error) {
      return refuse(500, `${errorId()}: ${(error as Error).message}`)
    }
    const payload = Buffer.from(text, 'utf8')
    res.writeHead(200, {...headers, 'content-length': String(payload.length)})
    res.end(payload)
    this.log(req, def.name, 200, 'Success', h.dendrite.hotkey, t0, {handlerMs, uuid: h.dendrite.uuid})
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

function readBody(req: http.IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'])
    if (Number.isFinite(declared) && declared > limit) {
      req.resume()
      reject(new HttpFailure(413, `Request body too large: ${declared} bytes (limit ${limit})`))
      return
    }
    const chunks: Buffer[] = []
    let size = 0
    let failed = false
    req.on('data', (c: Buffer) => {
      if (failed) return
      size += c.length
      if (size > limit) {
        failed = true
        reject(new HttpFailure(413, `Request body too large (limit ${limit} bytes)`))
        return
      }
      chunks.push(c)
    })
    req.on('end', () => {
      if (!failed) resolve(Buffer.concat(chunks, size))
    })
    req.on('error', (e) => {
      if (!failed) reject(e)
    })
    req.on('aborted', () => {
      if (!failed) reject(new Error('aborted'))
    })
  })
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
