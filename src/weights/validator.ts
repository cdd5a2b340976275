/**
 * The validator loop's pieces (the loop itself is src/services/validator/run.ts): every tempo, hand the subnet's
 * neurons to an operator-supplied scoring module, fold its scores into the EMA, then do what one unattended weights
 * pass does (reveal due commits, set or commit when allowed). The scoring module is a JS (or TS) file exporting one
 * function:
 *
 *   export default async function score({netuid, block, neurons, responses}) { return {"<uid or hotkey>": number, ...} }
 *
 * Given a synapse (a `QueryPlan` from src/miner/query.ts), each iteration first queries every neuron's axon
 * with the miner library's dendrite, signed with the validator's hotkey, and hands the results to the module as
 * `responses` (one per neuron: status, latency, the reply's fields, hotkey). A miner that times out or fails is
 * a row with its status code (408, 503, …), never an error: the module decides its score. Without a synapse,
 * querying is the module's business; it gets each neuron's uid, hotkey and axon.
 * Scores the library cannot use (NaN, negative, unknown uid) are dropped and reported, not fatal: a loop must go on.
 */
import type {Dendrite, FailureKind, StreamStats} from '../protocol/dendrite.js'
import type {QueryPlan} from '../miner/query.js'
import type {MessageSigner} from '../protocol/sr25519.js'
import type {RunResult} from './run.js'
import type {WeightsContext} from './submit-weights.js'

import {readFile} from 'node:fs/promises'
import path from 'node:path'
import {pathToFileURL} from 'node:url'

import {deadline} from '../chain/client.js'
import {formatIp} from '../util/ip.js'
import {hasStorage, readAxons} from '../chain/reads.js'
import {InputError} from '../errors.js'
import {readWeightsState} from './state.js'

export interface NeuronView {
  uid: number
  hotkey: string
  axon?: {ip: string; port: number; version: number; ipType: number}
}

/** What one miner answered (or why it did not), as given to the scoring module. */
export interface MinerResponse {
  uid: number
  hotkey: string
  /** the dendrite's status code (Python's): 200 ok, 408 timeout, 503 unreachable, 401/403 refused, 422 unreadable;
   * null when nothing was sent (no axon announced, or an address that must not be contacted) */
  status: number | null
  ok: boolean
  /** ms from sending to the end of the reply (or the failure) */
  latencyMs: number
  /** the axon's own process time, seconds, when it said */
  processTime: number | null
  /** the synapse's fields from a 200 reply, as plain JS values (null otherwise) */
  response: Record<string, unknown> | null
  /** the axon's or the dendrite's message about a failure */
  message: string | null
  failure?: FailureKind
  /** a streamed query (--stream): the assembled text (what came, also when the stream failed) */
  text?: string
  /**
   * a streamed query: time to first chunk (`firstChunkMs`), `chunks`, `bytes`, throughput (`bytesPerS` over the
   * whole request, `streamBytesPerS` after the first chunk), `complete` (ended with the terminal chunk), `totalMs`
   */
  stream?: StreamStats
}

export interface ScorerContext {
  netuid: number
  block: number
  endpoint: string
  neurons: NeuronView[]
  /** with a synapse: one entry per neuron, in uid order */
  responses?: MinerResponse[]
  /** with a synapse: its name */
  synapse?: string
}

/** What the validator loop queries each iteration: the planned synapse and the validator hotkey's signer. */
export interface ValidatorQuery {
  plan: QueryPlan
  signer: MessageSigner
  /**
   * the dendrite to query with, kept from one iteration to the next (its keep-alive connections, and which axons
   * were slowest last time: those are asked first); without one each iteration uses a new one
   */
  dendrite?: Dendrite
}

export interface QuerySummary {
  synapse: string
  queried: number
  succeeded: number
  failed: number
  wallMs: number
  /** uid → status (null: nothing sent) */
  statuses: Record<string, number | null>
  /** the answers were read as streams */
  streamed?: boolean
}

export type ScorerOutput = Record<string, number> | {uid: number; score: number}[]
export type Scorer = (ctx: ScorerContext) => ScorerOutput | Promise<ScorerOutput>

/** Load the operator's scoring module (.js/.mjs/.cjs; .ts/.mts transpiled with the `typescript` package). */
export async function loadScorer(file: string): Promise<Scorer> {
  const abs = path.resolve(file)
  let url = pathToFileURL(abs).href
  if (/\.m?ts$/.test(abs)) {
    let ts: typeof import('typescript')
    try {
      ts = (await import('typescript')).default
    } catch {
      throw new InputError(`${file} is TypeScript and the typescript package is not installed; compile it to .js or install typescript`, {code: 'BadScorer'})
    }
    const src = await readFile(abs, 'utf8').catch((error) => {
      throw new InputError(`cannot read scorer ${file}: ${(error as NodeJS.ErrnoException).code}`, {code: 'BadScorer'})
    })
    const js = ts.transpileModule(src, {compilerOptions: {module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022}}).outputText
    url = 'data:text/javascript;base64,' + Buffer.from(js).toString('base64')
  }
  let mod: Record<string, unknown>
  try {
    mod = (await import(url)) as Record<string, unknown>
  } catch (error) {
    throw new InputError(`cannot load scorer ${file}: ${(error as Error).message.split('\n')[0]}`, {code: 'BadScorer'})
  }
  const fn = (typeof mod.default === 'function' ? mod.default : mod.score) as Scorer | undefined
  if (typeof fn !== 'function') throw new InputError(`${file} must export a function (default export or \`score\`)`, {code: 'BadScorer'})
  return fn
}

/** The subnet's neurons (uid, hotkey, served axon) at the best block, with the block and the subnet's tempo. */
export async function neuronsOf(ctx: WeightsContext): Promise<{block: number; tempo: number; neurons: NeuronView[]; hotkeys: string[]; lastUpdate?: number}> {
  const state = await readWeightsState(ctx.chain, ctx.netuid, ctx.signer.address)
  const axons = new Map<string, NeuronView['axon']>()
  if (hasStorage(ctx.chain, 'axons')) {
    const read = await deadline(ctx.chain, readAxons(ctx.chain, ctx.netuid, {source: 'storage'}), 'reading axons')
    for (const {axon: a, hotkey, served} of read.axons) {
      if (served) axons.set(hotkey, {ip: formatIp(a.ip, a.ipType), ipType: a.ipType, port: a.port, version: a.version})
    }
  }
  return {block: state.block, hotkeys: state.hotkeys, lastUpdate: state.lastUpdate, tempo: state.tempo, neurons: state.hotkeys.map((hotkey, uid) => ({axon: axons.get(hotkey), hotkey, uid}))}
}

/** Scorer output → RawEntry-like list; drops what is unusable (reported by the EMA update). */
export function scorerEntries(out: ScorerOutput, hotkeys: readonly string[]): {uid: number; score: number}[] {
  const byHotkey = new Map(hotkeys.map((h, i) => [h, i]))
  if (Array.isArray(out)) return out.map((o) => ({score: Number(o.score), uid: Number(o.uid)}))
  if (!out || typeof out !== 'object') throw new InputError('the scorer must return an object {uid or hotkey: score} or an array of {uid, score}', {code: 'BadScorer'})
  return Object.entries(out).map(([k, v]) => ({score: typeof v === 'number' ? v : Number.NaN, uid: /^\d+$/.test(k) ? Number(k) : (byHotkey.get(k) ?? -1)}))
}

export interface IterationResult {
  iteration: number
  block: number
  scored: number
  dropped: {uid: number; score: number; reason: string}[]
  query?: QuerySummary
  run?: RunResult
  error?: {code: string; message: string; exitCode: number; data?: Record<string, unknown>}
}

/**
 * Query every neuron's announced axon with the planned synapse (the miner library's `runQuery`: axons read from the
 * chain, one signed request each, the dendrite's timeout and concurrency). Returns one response per neuron in uid
 * order; neurons without an axon get a row with status null and failure NotServing. Only reading the chain can throw.
 */
export async function queryMiners(ctx: WeightsContext, query: ValidatorQuery, neurons: readonly NeuronView[]): Promise<{responses: MinerResponse[]; summary: QuerySummary}> {
  const {runQuery} = await import('../miner/query.js')
  const plan: QueryPlan = {...query.plan, targets: {kind: 'chain', netuid: ctx.netuid}}
  const report = await runQuery(plan, query.signer, ctx.chain, ctx.ui, {dendrite: query.dendrite})
  const byUid = new Map<number, MinerResponse>()
  for (const r of report.results) {
    if (r.uid === undefined) continue
    byUid.set(r.uid, {
      failure: r.failure,
      hotkey: r.hotkey,
      latencyMs: r.latencyMs,
      message: r.message,
      ok: r.ok,
      processTime: r.processTime,
      response: r.response,
      status: r.status,
      uid: r.uid,
      ...('stream' in r ? {stream: r.stream, text: r.text} : {}),
    })
  }
  // the axons were read a moment after the neurons: keep only rows whose hotkey still matches
  const responses = neurons.map((n): MinerResponse => {
    const r = byUid.get(n.uid)
    if (r && r.hotkey === n.hotkey) return r
    return {failure: 'NotServing', hotkey: n.hotkey, latencyMs: 0, message: 'no axon announced', ok: false, processTime: null, response: null, status: null, uid: n.uid}
  })
  const statuses = Object.fromEntries(responses.map((r) => [String(r.uid), r.status]))
  return {
    responses,
    summary: {failed: report.failed, queried: report.queried, statuses, succeeded: report.succeeded, synapse: report.synapse, wallMs: report.wallMs, ...(report.streamed ? {streamed: true} : {})},
  }
}
