/**
 * The dendrite: signed HTTP requests to miners' axons, fanned out with a global concurrency limit, a per-request
 * deadline, keep-alive connections and a response size limit. Outcomes map to the status codes the Python
 * dendrite uses (dendrite-protocol §7): 408 timeout, 503 unreachable or disconnected, 400 truncated body,
 * 422 anything unparseable; non-200 replies keep the axon's status and `message`.
 * Nothing a miner sends can throw out of `call`/`forward`: every failure is a result row.
 */
import http from 'node:http'

import type {MessageSigner} from './sr25519.js'

import {unusableAddress} from '../util/ip.js'
import {NonceClock, type PreparedSynapse, type TargetAxon, buildRequest, newUuid} from './protocol.js'
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

export type FailureKind = 'Timeout' | 'Unreachable' | 'Disconnected' | 'Truncated' | 'TooLarge' | 'BadResponse' | 'AxonStatus' | 'InvalidAddress' | 'NotServing'

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

const CONNECT_ERRORS = new Set(['ECONNREFUSED', 'EHOSTUNREACH', 'ENETUNREACH', 'EADDRNOTAVAIL', 'EACCES', 'EPERM', 'ETIMEDOUT', 'ENOTFOUND', 'EAI_AGAIN', 'EINVAL'])

interface RawOutcome {
  kind: 'response' | 'error'
  httpStatus?: number
  headers?: http.IncomingHttpHeaders
  body?: Buffer
  error?: FailureKind
  detail?: string
  reusedSocket?: boolean
  beforeResponse?: boolean
}

export class Dendrite {
  readonly uuid: string
  readonly signer: MessageSigner
  private readonly agent: http.Agent
  private readonly clock = new NonceClock()
  private readonly maxResponseBytes: number
  private readonly version?: number
  private readonly dendriteIp?: string

  constructor(opts: DendriteOptions) {
    this.signer = opts.signer
    this.uuid = opts.uuid ?? newUuid()
    this.maxResponseBytes = opts.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES
    this.version = opts.version
    this.dendriteIp = opts.dendriteIp
    // keep-alive; idle sockets close after 4 s (before uvicorn's 5 s) and never hold the process open
    this.agent = new http.Agent({keepAlive: true, keepAliveMsecs: 1000, maxFreeSockets: 1024, scheduling: 'lifo', timeout: 4000})
  }

  /** Close pooled connections. */
  close(): void {
    this.agent.destroy()
  }

  /**
   * Query many axons. Results come back in the order of `targets`. Requests to the same ip:port run one after
   * another (the axon's nonce check rejects out-of-order nonces from one dendrite); everything else runs in
   * parallel up to `concurrency`.
   */
  async forward(targets: AxonEndpoint[], synapse: PreparedSynapse, opts: ForwardOptions): Promise<CallResult[]> {
    const t0 = performance.now()
    const sem = new Semaphore(Math.max(1, opts.concurrency ?? DEFAULT_CONCURRENCY))
    const chains = new Map<string, Promise<unknown>>()
    // Requests start a few per event-loop turn: they are signed and written to their sockets before the next ones
    // are signed, so the first axons hear from us at once instead of after all the signing (and replies that
    // arrive meanwhile are read).
    let gate: Promise<void> = Promise.resolve()
    let started = 0
    const batch = Math.max(1, opts.yieldEvery ?? 8)
    const turn = () => {
      if (started++ % batch === 0) gate = gate.then(() => new Promise<void>((r) => setImmediate(r)))
      return gate
    }
    return Promise.all(
      targets.map((t) => {
        const key = `${t.ip}|${t.port}`
        const prev = chains.get(key) ?? Promise.resolve()
        const p = prev.then(() => sem.run(async () => {
          await turn()
          return this.call(t, synapse, opts.timeoutS, t0)
        }))
        chains.set(key, p.catch(() => undefined))
        return p.then((r) => {
          opts.onResult?.(r)
          return r
        })
      }),
    )
  }

  /** Query one axon. Never throws for anything the network or the miner does. */
  async call(target: AxonEndpoint, synapse: PreparedSynapse, timeoutS: number, fanOutStart?: number): Promise<CallResult> {
    const base = {coldkey: target.coldkey, hotkey: target.hotkey, ip: target.ip, port: target.port, uid: target.uid}
    const empty = {httpStatus: null, latencyMs: 0, processTime: null, queueMs: 0, response: null, responseBytes: 0, responseFields: null}
    if (target.notServing) {
      return {...base, ...empty, failure: 'NotServing', message: target.problem ?? 'axon not serving (no IP announced on chain)', ok: false, status: null}
    }
    const problem = target.problem ?? unusableAddress(target.ip, target.port)
    if (problem) return {...base, ...empty, failure: 'InvalidAddress', message: `invalid axon address: ${problem}`, ok: false, status: null}

    const started = performance.now()
    const deadline = started + timeoutS * 1000
    let nonce = 0n
    let raw: RawOutcome
    for (let attempt = 0; ; attempt++) {
      nonce = this.clock.next()
      raw = await this.exchange(target, synapse, timeoutS, nonce, deadline)
      // a pooled connection the server had just closed: retry once on a fresh one, with a fresh nonce
      if (raw.kind === 'error' && raw.reusedSocket && raw.beforeResponse && raw.error !== 'Timeout' && attempt === 0) continue
      break
    }
    const latencyMs = Math.round((performance.now() - started) * 1000) / 1000
    const queueMs = fanOutStart === undefined ? 0 : Math.round((started - fanOutStart) * 1000) / 1000
    return {...base, ...interpret(raw, synapse, target, timeoutS), latencyMs, nonce: nonce.toString(), queueMs}
  }

  private exchange(target: AxonEndpoint, synapse: PreparedSynapse, timeoutS: number, nonce: bigint, deadline: number): Promise<RawOutcome> {
    const req = buildRequest({dendriteIp: this.dendriteIp, nonce, signer: this.signer, synapse, target, timeoutS, uuid: this.uuid, version: this.version})
    const body = Buffer.from(req.body, 'utf8')
    const limit = this.maxResponseBytes
    return new Promise<RawOutcome>((resolve) => {
      let done = false
      let gotResponse = false
      const finish = (o: RawOutcome) => {
        if (done) return
        done = true
        clearTimeout(timer)
        resolve(o)
      }
      const remaining = Math.max(1, deadline - performance.now())
      const cr = http.request({
        agent: this.agent,
        headers: {...req.headers, 'content-length': String(body.length)},
        host: target.ip,
        method: 'POST',
        path: req.path,
        port: target.port,
      })
      const timer = setTimeout(() => {
        finish({detail: `no complete answer within ${timeoutS} s`, error: 'Timeout', kind: 'error'})
        cr.destroy()
      }, remaining)
      cr.on('error', (err: NodeJS.ErrnoException) => {
        const code = err.code ?? ''
        let error: FailureKind = 'BadResponse'
        if (!gotResponse && CONNECT_ERRORS.has(code)) error = 'Unreachable'
        else if (!gotResponse && (code === 'ECONNRESET' || code === 'EPIPE' || /socket hang up/.test(err.message))) error = 'Disconnected'
        else if (gotResponse) error = 'Truncated'
        finish({beforeResponse: !gotResponse, detail: `${code ? code + ' ' : ''}${err.message}`.trim(), error, kind: 'error', reusedSocket: cr.reusedSocket})
      })
      cr.on('response', (res) => {
        gotResponse = true
        const declared = Number(res.headers['content-length'])
        if (Number.isFinite(declared) && declared > limit) {
          finish({detail: `body of ${declared} bytes exceeds the ${limit}-byte limit`, error: 'TooLarge', httpStatus: res.statusCode, kind: 'error'})
          cr.destroy()
          return
        }
        const chunks: Buffer[] = []
        let size = 0
        res.on('data', (c: Buffer) => {
          size += c.length
          if (size > limit) {
            finish({detail: `body exceeds the ${limit}-byte limit`, error: 'TooLarge', httpStatus: res.statusCode, kind: 'error'})
            cr.destroy()
            return
          }
          chunks.push(c)
        })
        res.on('aborted', () => finish({detail: 'the axon closed the connection mid-body', error: 'Truncated', httpStatus: res.statusCode, kind: 'error'}))
        res.on('error', (err) => finish({detail: err.message, error: 'Truncated', httpStatus: res.statusCode, kind: 'error'}))
        res.on('end', () => finish({body: Buffer.concat(chunks, size), headers: res.headers, httpStatus: res.statusCode, kind: 'response'}))
      })
      cr.end(body)
    })
  }
}

function headerString(h: http.IncomingHttpHeaders, name: string): string | undefined {
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
