/**
 * `validator run`: a validator loop. Every tempo (or `interval` blocks) it queries the subnet's miners (with a
 * synapse), gives their answers to the operator's scoring module, folds the scores into the per-uid EMA, reveals due
 * commits and sets (or commits) weights when the rate limit allows. Holds the same run lock as one weights pass.
 *
 * Long-running: returns a handle at once (after every check, the lock and the connection); each iteration is reported
 * as the Ui event `validator.iteration` (its fields: an IterationResult), waits between iterations as progress.
 * `stop()` lets the current iteration finish and ends the loop; `done` resolves with the summary. Chain errors inside
 * an iteration are part of its result and the loop goes on.
 *
 * Every iteration also emits the events an operator reads (`validator.round`, `weights.set|committed|revealed|…`,
 * `weights.reveal-missed`, `validator.error` with its context, `chain.reconnect`); with `metrics` (HOST:PORT) the
 * same figures are served in the Prometheus text format at /metrics until the loop ends (docs/monitoring.md).
 * A lost connection is replaced (`chain.reconnect`: the same or the next endpoint) with exponential backoff capped at
 * 30 s, one `chain.reconnect` event each; an iteration that could not read the chain runs again after the reconnect.
 */
import type {TaoClient} from '../../client.js'
import type {QueryPlan} from '../../miner/query.js'
import type {Ui} from '../../ui.js'
import type {WeightsContext} from '../../weights/submit-weights.js'
import type {RunResult} from '../../weights/run.js'
import type {IterationResult, MinerResponse, QuerySummary, Scorer, ScorerContext, ValidatorQuery} from '../../weights/validator.js'

import {isConnectionLoss, reconnectWithBackoff, waitForBlockOnline} from '../../chain/reconnect.js'
import {InputError, MissedRevealError, type TaoError, isTaoError} from '../../errors.js'
import {readSynapseFiles} from '../../protocol/handler.js'
import {axonLatencyFile, planQuery, readBodyText} from '../../miner/query.js'
import {messageSigner} from '../../protocol/sr25519.js'
import {updateEma} from '../../scoring/ema.js'
import {type WeightsTargetOptions, weightsContext, weightsTarget} from '../../weights/context.js'
import {parseAlpha} from '../../weights/input.js'
import {acquireRunLock} from '../../weights/lock.js'
import {runWeights} from '../../weights/run.js'
import {loadEma, saveEma} from '../../weights/store.js'
import {loadScorer, neuronsOf, queryMiners, scorerEntries} from '../../weights/validator.js'
import {chainReconnected, observeIteration, validatorStarted} from '../../weights/validator-metrics.js'
import {MetricsRegistry} from '../../util/metrics.js'
import {type MetricsServer, checkLoopback, parseMetricsAddress, startMetricsServer} from '../../util/metrics-server.js'

export interface ValidatorRunOptions extends WeightsTargetOptions {
  /** the scoring module (a .js/.mjs/.ts file exporting one function), or the function itself */
  scorer: string | Scorer
  /** EMA smoothing factor in (0, 1] [default: 0.1] */
  alpha?: number | string
  /** blocks between iterations [default: the subnet tempo + 1] */
  interval?: number
  /** stop after this many iterations [default: run until stopped] */
  iterations?: number
  /** query the miners with this synapse (the route), e.g. Dummy */
  synapse?: string
  /** a JSON synapse definition file */
  synapseFile?: string
  /** the synapse's fields as a JSON object */
  body?: string
  /** read the JSON body from a file */
  bodyFile?: string
  /** the synapse's required_hash_fields, in order (a,b,c) */
  hashFields?: string
  /** seconds each axon gets to answer [default: 12] */
  queryTimeout?: number | string
  /** requests in flight at once [default: 256] */
  concurrency?: number
  /** largest reply accepted per axon [default: 4 MiB] */
  maxResponseBytes?: number
  /** serve Prometheus metrics at http://HOST:PORT/metrics (a port alone: 127.0.0.1) while the loop runs */
  metrics?: string
  /** allow a «metrics» host other than loopback */
  metricsPublic?: boolean
  /** read the answers as streams (a StreamingSynapse): the scorer gets each miner's `text` and `stream` figures */
  stream?: boolean
  /** with «stream»: longest wait for each chunk, seconds */
  chunkTimeoutS?: number | string
  /** with «stream»: the synapse field that receives the assembled text in `response` */
  streamField?: string
}

export interface ValidatorSummary {
  netuid: number
  iterations: number
  lastBlock?: number
  errors: number
  /** where the metrics were served, when they were */
  metricsUrl?: string
}

export interface ValidatorHandle {
  /** end the loop after the current iteration; resolves when it has ended and the lock is released */
  stop(): Promise<void>
  /** the summary, once the iterations are done or the loop was stopped */
  done: Promise<ValidatorSummary>
}

export async function run(client: TaoClient, options: ValidatorRunOptions, baseUi: Ui): Promise<ValidatorHandle> {
  const alpha = parseAlpha(options.alpha)
  const metricsAt = options.metrics === undefined ? undefined : checkLoopback(parseMetricsAddress(options.metrics), {publicOk: options.metricsPublic})
  const plan = await queryPlan(options)
  const registry = metricsAt ? new MetricsRegistry() : undefined
  // submissions count their outcomes in ui.metrics
  const ui: Ui = registry ? {...baseUi, metrics: registry} : baseUi
  const scorer = typeof options.scorer === 'function' ? options.scorer : await loadScorer(options.scorer)
  const target = await weightsTarget(client, options)
  let query: ValidatorQuery | undefined
  if (plan) {
    const signer = await messageSigner(target.signer)
    // one dendrite for the whole run: its connections, and the slowest axons of the last iteration asked first
    const {Dendrite} = await import('../../protocol/dendrite.js')
    query = {dendrite: new Dendrite({latencyFile: axonLatencyFile(client.cacheDir), maxResponseBytes: plan.maxResponseBytes, signer}), plan, signer}
  }
  const lock = await acquireRunLock(target.dir, ui)
  let ctx: WeightsContext
  try {
    ctx = await weightsContext(client, options, target, ui)
  } catch (error) {
    await lock.release()
    throw error
  }
  let server: MetricsServer | undefined
  if (registry && metricsAt) {
    try {
      server = await startMetricsServer(registry, metricsAt, {publicOk: options.metricsPublic})
    } catch (error) {
      await lock.release()
      throw error
    }
    validatorStarted(registry, options.netuid, ctx.signer.address)
    ui.event('metrics.listening', {message: `metrics at ${server.url}`, url: server.url})
  }
  watchReconnects(ctx, registry, ui)
  const stopping = new AbortController()
  const summary: ValidatorSummary = {errors: 0, iterations: 0, netuid: options.netuid, ...(server ? {metricsUrl: server.url} : {})}
  const loop = (async () => {
    try {
      /** after a lost connection: reconnect with backoff (false: stopped while reconnecting) */
      const recover = async (error: unknown): Promise<boolean> => {
        if (!isConnectionLoss(ctx.chain, error)) throw error
        return reconnectWithBackoff(ctx.chain, ui, {cause: error, signal: stopping.signal})
      }
      for (let i = 1; options.iterations === undefined || i <= options.iterations; i++) {
        let out: Awaited<ReturnType<typeof iteration>>
        try {
          out = await iteration(ctx, scorer, alpha, i, query)
        } catch (error) {
          // the iteration could not read the chain: reconnect and run it again
          if (!(await recover(error)) || stopping.signal.aborted) break
          i--
          continue
        }
        const {lastUpdate, responses, result: r, tempo} = out
        summary.iterations = i
        summary.lastBlock = r.block
        if (r.error) summary.errors++
        observeIteration(registry, ui, r, {lastUpdate, responses})
        ui.event('validator.iteration', r as unknown as Record<string, unknown>)
        if ((options.iterations !== undefined && i >= options.iterations) || stopping.signal.aborted) break
        const next = r.block + (options.interval ?? tempo + 1)
        ui.progress(`waiting for block ${next}`)
        let reached: number | undefined | 'lost'
        for (;;) {
          try {
            reached = await waitForBlockOnline(ctx.chain, next, stopping.signal)
          } catch (error) {
            reached = 'lost'
            if (!(await recover(error))) reached = undefined
          }
          if (reached !== 'lost' || stopping.signal.aborted) break
        }
        if (reached === undefined || reached === 'lost') break
      }
      return summary
    } finally {
      query?.dendrite?.close()
      await server?.stop()
      await lock.release()
    }
  })()
  return {
    done: loop,
    async stop() {
      stopping.abort()
      await loop.catch(() => {})
    },
  }
}

/** One iteration: query, score, fold into the EMA, reveal/set/commit. Chain trouble in the query or the weights pass is
 * part of the result, never thrown. */
async function iteration(ctx: WeightsContext, scorer: Scorer, alpha: number, n: number, query?: ValidatorQuery): Promise<{result: IterationResult; tempo: number; lastUpdate?: number; responses?: MinerResponse[]}> {
  const {block, hotkeys, lastUpdate, neurons, tempo} = await neuronsOf(ctx)
  const scorerCtx: ScorerContext = {block, endpoint: ctx.chain.endpoint, netuid: ctx.netuid, neurons}
  let summary: QuerySummary | undefined
  if (query) {
    let q: Awaited<ReturnType<typeof queryMiners>>
    try {
      q = await queryMiners(ctx, query, neurons)
    } catch (error) {
      if (!isTaoError(error)) throw error
      return {lastUpdate, result: {block, dropped: [], error: errorOf(error), iteration: n, scored: 0}, tempo}
    }
    scorerCtx.responses = q.responses
    scorerCtx.synapse = query.plan.synapse.def.name
    summary = q.summary
  }
  const obs = scorerEntries(await scorer(scorerCtx), hotkeys)
  const prev = await loadEma(ctx.dir, alpha, ctx.chain.genesisHash)
  const up = updateEma(prev, obs, hotkeys, block, alpha)
  if (!ctx.dryRun) await saveEma(ctx.dir, up.state)
  const result: IterationResult = {block, dropped: up.dropped, iteration: n, query: summary, scored: obs.length - up.dropped.length}
  try {
    result.run = await runWeights(ctx, {ema: {alpha}})
  } catch (error) {
    if (!isTaoError(error)) throw error
    result.error = errorOf(error)
    // a missed reveal is reported after the pass ran: its result is still what happened
    if (error instanceof MissedRevealError && error.data && 'actions' in error.data) result.run = error.data as unknown as RunResult
  }
  return {lastUpdate, responses: scorerCtx.responses, result, tempo}
}

/** An iteration's error with the context an operator needs (the call, the transaction, its outcome), no more. */
function errorOf(error: TaoError): NonNullable<IterationResult['error']> {
  const out: NonNullable<IterationResult['error']> = {code: error.code, exitCode: error.exitCode, message: error.message}
  const d = error.data as Record<string, unknown> | undefined
  if (d) {
    const keep = Object.fromEntries(['call', 'txHash', 'status', 'nonce', 'lastValidBlock', 'blockNumber', 'signer'].filter((k) => d[k] !== undefined).map((k) => [k, d[k]]))
    if (Object.keys(keep).length) out.data = keep
  }
  return out
}

/** Count (and report) replaced chain connections: the client replaces a lost connection inside `chain.reconnect`. */
function watchReconnects(ctx: WeightsContext, registry: MetricsRegistry | undefined, ui: Ui): void {
  const chain = ctx.chain
  const original = chain.reconnect
  if (!original) return
  chain.reconnect = async () => {
    const from = chain.endpoint
    await original()
    chainReconnected(registry, ui, {from, to: chain.endpoint})
  }
}

/** The synapse query to run each iteration (checked before anything is loaded), or undefined without a synapse. */
async function queryPlan(o: ValidatorRunOptions): Promise<QueryPlan | undefined> {
  if (o.synapse === undefined && o.synapseFile === undefined) {
    const stray = (['body', 'bodyFile', 'hashFields', 'queryTimeout', 'stream', 'chunkTimeoutS', 'streamField'] as const).filter((f) => o[f] !== undefined && o[f] !== false)
    if (stray.length) {
      throw new InputError(`${stray.map((f) => `«${f}»`).join(', ')} ${stray.length === 1 ? 'goes' : 'go'} with «synapse» NAME or «synapseFile» FILE`, {code: 'Usage', field: stray[0]})
    }
    return undefined
  }
  let bodyText = o.body
  let bodySource = '«body»'
  if (o.bodyFile !== undefined) {
    bodySource = `«bodyFile» ${o.bodyFile}`
    bodyText = await readBodyText(o.bodyFile)
  }
  return planQuery({
    all: true,
    bodySource,
    bodyText,
    chunkTimeoutS: o.chunkTimeoutS,
    concurrency: o.concurrency,
    definitions: o.synapseFile ? await readSynapseFiles([o.synapseFile]) : undefined,
    hashFields: o.hashFields,
    maxResponseBytes: o.maxResponseBytes,
    netuid: o.netuid,
    stream: o.stream,
    streamField: o.streamField,
    synapseName: o.synapse,
    timeoutFlag: '«queryTimeout»',
    timeoutS: o.queryTimeout,
  })
}
