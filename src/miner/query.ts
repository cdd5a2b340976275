/**
 * Querying miners' axons (shared by `miner query` and the validator loop): validate everything the operator gave
 * (synapse, body, hash fields, targets) before anything is loaded or sent, then read the axons from the chain when
 * asked, fan out with the dendrite and report one row per axon. Options are named «option» in error texts.
 */
import type {Chain} from '../chain/client.js'
import type {AxonsRead} from './chain.js'
import type {MessageSigner} from '../protocol/sr25519.js'
import type {Ui} from '../ui.js'

import path from 'node:path'
import {parseIp} from '../util/ip.js'
import {InputError} from '../errors.js'
import {type AxonEndpoint, type CallResult, DEFAULT_CONCURRENCY, DEFAULT_MAX_RESPONSE_BYTES, Dendrite, type StreamChunk, type StreamResult} from '../protocol/dendrite.js'
import {type PreparedSynapse, prepareSynapse} from '../protocol/protocol.js'
import {JsonSyntaxError, PyDict, parsePyJson} from '../protocol/pyvalue.js'
import {type SynapseDef, SynapseError, adhocSynapse, prepareFields, withHashFields} from '../protocol/synapse.js'

export type QueryTargets = {kind: 'direct'; axons: AxonEndpoint[]} | {kind: 'chain'; netuid: number; uids?: number[]}

export interface QueryPlan {
  synapse: PreparedSynapse
  targets: QueryTargets
  timeoutS: number
  concurrency: number
  maxResponseBytes: number
  /** read the answers as streams (a Python StreamingSynapse): Dendrite.forwardStream */
  stream?: {chunkTimeoutS?: number; field?: string}
}

/** Which axon a streamed chunk came from (and how many are being queried). */
export interface ChunkSource {
  uid?: number
  hotkey: string
  ip: string
  port: number
  /** axons queried in this fan-out */
  targets: number
}

export interface QueryInput {
  /** the synapse class name (the route) */
  synapseName?: string
  /** definitions read from a synapse file */
  definitions?: SynapseDef[]
  /** the body as JSON text (default {}) */
  bodyText?: string
  /** where the body came from, for error texts [default: «body»] */
  bodySource?: string
  /** the hash fields, a,b */
  hashFields?: string
  timeoutS?: string | number
  /** the option named in a bad-timeout message [default: «timeoutS»] */
  timeoutFlag?: string
  concurrency?: number
  maxResponseBytes?: number
  /** IP:PORT of axons to query directly, with their hotkeys (same order) */
  axons?: string[]
  axonHotkeys?: string[]
  netuid?: number
  uids?: string
  all?: boolean
  /** checks an SS58 address (throws when invalid) */
  checkAddress?: (a: string) => void
  /** read the answers as streams */
  stream?: boolean
  /** with «stream»: longest wait for the next chunk, seconds */
  chunkTimeoutS?: string | number
  /** with «stream»: the synapse field that receives the assembled text in each answer */
  streamField?: string
}

/** `1,2,5-7` → [1, 2, 5, 6, 7] */
export function parseUids(text: string): number[] {
  const out: number[] = []
  for (const part of text.split(',').map((s) => s.trim()).filter(Boolean)) {
    const m = /^(\d+)(?:\s*-\s*(\d+))?$/.exec(part)
    if (!m) throw new InputError(`«uids» takes numbers and ranges like 1,2,5-7: ${JSON.stringify(part)}`, {code: 'BadUid', field: 'uids'})
    const a = Number(m[1])
    const b = m[2] === undefined ? a : Number(m[2])
    if (a > 65_535 || b > 65_535 || b < a) throw new InputError(`«uids»: bad range ${part}`, {code: 'BadUid', field: 'uids'})
    if (b - a > 65_535) throw new InputError(`«uids»: range too large ${part}`, {code: 'BadUid', field: 'uids'})
    for (let u = a; u <= b; u++) if (!out.includes(u)) out.push(u)
  }
  if (out.length === 0) throw new InputError('«uids» is empty', {code: 'BadUid', field: 'uids'})
  return out
}

/** `1.2.3.4:8091` or `[2001:db8::1]:8091` */
export function parseAxonAddress(text: string): {ip: string; port: number} {
  const m = /^\[([^\]]+)\]:(\d+)$/.exec(text.trim()) ?? /^([^:]+):(\d+)$/.exec(text.trim())
  const port = m ? Number(m[2]) : Number.NaN
  if (!m || !parseIp(m[1]!) || !(port >= 1 && port <= 65_535)) {
    throw new InputError(`«axons» must be IP:PORT (IPv6 as [addr]:PORT): ${JSON.stringify(text)}`, {code: 'BadAxonAddress', field: 'axons'})
  }
  return {ip: m[1]!, port}
}

function parseTimeout(v: string | number | undefined, flag = '«timeoutS»'): number {
  if (v === undefined) return 12
  const n = Number(v)
  if (!(n > 0 && n <= 3600)) throw new InputError(`${flag} must be seconds, more than 0 and at most 3600: ${v}`, {code: 'BadTimeout', field: 'timeoutS'})
  return n
}

/** The text of a body file (- reads stdin); an unreadable file is bad input (exit 2). */
export async function readBodyText(file: string): Promise<string> {
  const {readFile} = await import('node:fs/promises')
  try {
    if (file === '-') {
      const chunks: Buffer[] = []
      for await (const c of process.stdin) chunks.push(c as Buffer)
      return Buffer.concat(chunks).toString('utf8')
    }
    return await readFile(file, 'utf8')
  } catch (error) {
    throw new InputError(`cannot read «bodyFile» ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, {code: 'BadFile', field: 'bodyFile'})
  }
}

/** Validate the whole query; throws InputError (exit 2) with one clear line. */
export function planQuery(input: QueryInput): QueryPlan {
  const timeoutS = parseTimeout(input.timeoutS, input.timeoutFlag)
  const concurrency = input.concurrency ?? DEFAULT_CONCURRENCY
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 4096) throw new InputError(`«concurrency» must be 1…4096: ${concurrency}`, {field: 'concurrency'})
  const maxResponseBytes = input.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES
  if (!Number.isInteger(maxResponseBytes) || maxResponseBytes < 1024) throw new InputError(`«maxResponseBytes» must be at least 1024: ${maxResponseBytes}`, {field: 'maxResponseBytes'})

  let body: PyDict
  try {
    const v = parsePyJson(input.bodyText ?? '{}')
    if (!(v instanceof PyDict)) throw new InputError(`${input.bodySource ?? '«body»'} must be a JSON object of the synapse's fields`, {code: 'BadBody', field: 'body'})
    body = v
  } catch (error) {
    if (error instanceof JsonSyntaxError) throw new InputError(`${input.bodySource ?? '«body»'} is not valid JSON: ${error.message}`, {code: 'BadBody', field: 'body'})
    throw error
  }
  const hashFields = input.hashFields === undefined ? undefined : input.hashFields.split(',').map((s) => s.trim()).filter(Boolean)

  let def: SynapseDef
  let synapse: PreparedSynapse
  try {
    if (input.definitions?.length) {
      const defs = input.definitions
      const chosen = input.synapseName ? defs.find((d) => d.name === input.synapseName) : defs.length === 1 ? defs[0] : undefined
      if (!chosen) {
        throw new InputError(
          input.synapseName ? `no synapse named ${input.synapseName} in «synapseFile» (it defines ${defs.map((d) => d.name).join(', ')})` : `«synapseFile» defines ${defs.map((d) => d.name).join(', ')}; pick one with «synapse»`,
          {code: 'BadSynapse', field: 'synapse'},
        )
      }
      def = hashFields ? withHashFields(chosen, hashFields) : chosen
    } else {
      if (!input.synapseName) throw new InputError('give «synapse» NAME (with «body» and «hashFields») or «synapseFile» FILE', {code: 'BadSynapse', field: 'synapse'})
      def = adhocSynapse(input.synapseName, body, hashFields ?? [])
    }
    const fields = prepareFields(def, body)
    synapse = prepareSynapse(def, fields)
  } catch (error) {
    if (error instanceof SynapseError) throw new InputError(error.message, {code: 'BadSynapse'})
    throw error
  }

  let targets: QueryTargets
  const direct = input.axons ?? []
  if (direct.length) {
    if (input.netuid !== undefined || input.uids !== undefined || input.all) throw new InputError('«axons» queries one axon directly; it cannot be combined with «netuid»/«uids»/«all»', {code: 'Usage', field: 'axons'})
    const hotkeys = input.axonHotkeys ?? []
    if (hotkeys.length !== direct.length) throw new InputError(`each «axons» needs its «axonHotkeys» (the miner's hotkey, part of the signed message): ${direct.length} axon(s), ${hotkeys.length} hotkey(s)`, {code: 'Usage', field: 'axonHotkeys'})
    const axons = direct.map((a, i) => {
      const {ip, port} = parseAxonAddress(a)
      const hotkey = hotkeys[i]!
      try {
        input.checkAddress?.(hotkey)
      } catch {
        throw new InputError(`«axonHotkeys» is not an SS58 address: ${JSON.stringify(hotkey)}`, {code: 'BadAddress', field: 'axonHotkeys'})
      }
      return {hotkey, ip, port}
    })
    targets = {axons, kind: 'direct'}
  } else {
    if (input.axonHotkeys?.length) throw new InputError('«axonHotkeys» goes with «axons»', {code: 'Usage', field: 'axonHotkeys'})
    if (input.netuid === undefined) throw new InputError('give «netuid» N (axons from the chain) or «axons» IP:PORT «axonHotkeys» SS58', {code: 'Usage', field: 'netuid'})
    if (!Number.isInteger(input.netuid) || input.netuid < 0 || input.netuid > 65_535) throw new InputError(`«netuid» must be 0…65535: ${input.netuid}`, {code: 'BadNetuid', field: 'netuid'})
    if (input.uids !== undefined && input.all) throw new InputError('give «uids» or «all», not both', {code: 'Usage', field: 'uids'})
    targets = {kind: 'chain', netuid: input.netuid, uids: input.uids === undefined ? undefined : parseUids(input.uids)}
  }
  let stream: QueryPlan['stream']
  if (input.stream) {
    let chunkTimeoutS: number | undefined
    if (input.chunkTimeoutS !== undefined) {
      chunkTimeoutS = Number(input.chunkTimeoutS)
      if (!(chunkTimeoutS > 0 && chunkTimeoutS <= 3600)) throw new InputError(`«chunkTimeoutS» must be seconds, more than 0 and at most 3600: ${input.chunkTimeoutS}`, {code: 'BadTimeout', field: 'chunkTimeoutS'})
    }
    const field = input.streamField
    if (field !== undefined && !/^[A-Za-z_]\w*$/.test(field)) throw new InputError(`«streamField» must be a field name: ${JSON.stringify(field)}`, {code: 'BadSynapse', field: 'streamField'})
    if (field !== undefined && synapse.def.typed && !synapse.def.fields.some((f) => f.name === field)) {
      throw new InputError(`«streamField» ${field} is not a field of ${synapse.def.name} (fields: ${synapse.def.fields.map((f) => f.name).join(', ') || 'none'})`, {code: 'BadSynapse', field: 'streamField'})
    }
    stream = {chunkTimeoutS, field}
  } else {
    const stray = (['chunkTimeoutS', 'streamField'] as const).filter((f) => input[f] !== undefined)
    if (stray.length) throw new InputError(`${stray.map((f) => `«${f}»`).join(', ')} ${stray.length === 1 ? 'goes' : 'go'} with «stream»`, {code: 'Usage', field: stray[0]})
  }
  return {concurrency, maxResponseBytes, synapse, targets, timeoutS, ...(stream ? {stream} : {})}
}

/**
 * One axon's outcome: `response` as plain values, `responseFields` as received (lossless: ints, float forms, order).
 * A streamed query's rows also carry `text`, `chunks` and `stream` (StreamResult).
 */
export type ResultRow = CallResult | StreamResult

export interface QueryReport {
  synapse: string
  bodyHash: string
  hashFields: string[]
  netuid: number | null
  /** where the axons were read from (chain queries) */
  source?: 'storage' | 'runtime-api'
  dendriteHotkey: string
  dendriteUuid: string
  timeoutS: number
  concurrency: number
  wallMs: number
  queried: number
  succeeded: number
  failed: number
  /** uids without an announced axon (skipped when querying the whole subnet) */
  notServing: number[]
  /** the answers were read as streams */
  streamed?: boolean
  results: ResultRow[]
}

/**
 * Run a planned query. `chain` is needed for chain targets. Progress goes to `ui` (a plain function is still
 * accepted while the validator loop moves to the Ui).
 */
/** Where `tao miner query` and `tao validator run` keep how long each axon took (the slowest are asked first). */
export const axonLatencyFile = (cacheDir: string): string => path.join(cacheDir, 'axon-latency.json')

export async function runQuery(
  plan: QueryPlan,
  signer: MessageSigner,
  chain?: Chain,
  ui?: Pick<Ui, 'progress'>,
  hooks: {
    onChunk?: (from: ChunkSource, chunk: StreamChunk) => void
    axons?: (netuid: number, uids?: number[]) => Promise<AxonsRead>
    /** a dendrite the caller keeps between queries (it stays open); default: a new one, closed at the end */
    dendrite?: Dendrite
    /** for a new dendrite: where the axons' latencies are kept between runs (the slowest asked first) */
    latencyFile?: string
  } = {},
): Promise<QueryReport> {
  const progress = (m: string) => ui?.progress(m)
  let targets: AxonEndpoint[]
  let netuid: number | null = null
  let source: QueryReport['source']
  const notServing: number[] = []
  if (plan.targets.kind === 'direct') targets = plan.targets.axons
  else {
    netuid = plan.targets.netuid
    let read: AxonsRead
    // the caller's axon lookup (the light read path, see src/services/miner/query.ts), else the full client's
    if (hooks.axons) read = await hooks.axons(netuid, plan.targets.uids)
    else {
      if (!chain) throw new Error('runQuery: chain targets need a chain connection')
      const {readAxons} = await import('./chain.js')
      read = await readAxons(chain, netuid, {uids: plan.targets.uids})
    }
    source = read.source
    if (plan.targets.uids) targets = read.neurons
    else {
      targets = []
      for (const n of read.neurons) {
        if (n.notServing) notServing.push(n.uid)
        else targets.push(n)
      }
    }
  }
  const dendrite = hooks.dendrite ?? new Dendrite({latencyFile: hooks.latencyFile, maxResponseBytes: plan.maxResponseBytes, signer})
  progress(`querying ${targets.length} axon${targets.length === 1 ? '' : 's'} with ${plan.synapse.def.name} (timeout ${plan.timeoutS} s${plan.stream ? ', streamed' : ''})`)
  const t0 = performance.now()
  let results: ResultRow[]
  try {
    if (plan.stream) {
      const onChunk = hooks.onChunk
      results = await dendrite.forwardStream(targets, plan.synapse, {
        chunkTimeoutS: plan.stream.chunkTimeoutS,
        concurrency: plan.concurrency,
        field: plan.stream.field,
        onChunk: onChunk ? (i, c) => onChunk({hotkey: targets[i]!.hotkey, ip: targets[i]!.ip, port: targets[i]!.port, targets: targets.length, uid: targets[i]!.uid}, c) : undefined,
        timeoutS: plan.timeoutS,
      })
    } else results = await dendrite.forward(targets, plan.synapse, {concurrency: plan.concurrency, timeoutS: plan.timeoutS})
  } finally {
    if (!hooks.dendrite) dendrite.close()
  }
  const wallMs = Math.round(performance.now() - t0)
  const rows: ResultRow[] = results
  const succeeded = rows.filter((r) => r.ok).length
  return {
    bodyHash: plan.synapse.bodyHash,
    concurrency: plan.concurrency,
    dendriteHotkey: signer.address,
    dendriteUuid: dendrite.uuid,
    failed: rows.length - succeeded,
    hashFields: plan.synapse.def.hashFields,
    netuid,
    notServing,
    queried: rows.length,
    results: rows,
    source,
    ...(plan.stream ? {streamed: true} : {}),
    succeeded,
    synapse: plan.synapse.def.name,
    timeoutS: plan.timeoutS,
    wallMs,
  }
}
