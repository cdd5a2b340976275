/**
 * What `validator run` tells a monitor after each iteration: the figures of its metrics registry (`--metrics`) and
 * the events of its log (`--log-format json`), both from the same IterationResult so that a scrape and the log lines
 * always agree. Names follow Prometheus conventions (`_total` counters, `_seconds`, base units).
 */
import type {MetricsRegistry} from '../util/metrics.js'
import type {Ui} from '../ui.js'
import type {IterationResult, MinerResponse} from './validator.js'

/** Latency buckets for miners, seconds (queries time out at 12 s by default). */
const MINER_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2, 4, 8, 12, 20, 30]

/** Throughput buckets for streamed answers, bytes per second. */
const RATE_BUCKETS = [100, 1000, 10_000, 100_000, 1_000_000, 10_000_000]

type Kind = 'set' | 'commit' | 'reveal'

const median = (xs: number[]): number | null => {
  if (xs.length === 0) return null
  const s = [...xs].sort((a, b) => a - b)
  const m = Math.floor(s.length / 2)
  return s.length % 2 ? s[m]! : Math.round(((s[m - 1]! + s[m]!) / 2) * 1000) / 1000
}

/** A streamed round's figures for its log line: streams that ran to the end, medians of first-chunk ms and B/s. */
export function streamRound(responses: readonly MinerResponse[]): {complete: number; chunks: number; bytes: number; firstChunkMsMedian: number | null; bytesPerSMedian: number | null} {
  const st = responses.map((r) => r.stream).filter((x) => x !== undefined)
  return {
    bytes: st.reduce((a, x) => a + x.bytes, 0),
    bytesPerSMedian: median(st.flatMap((x) => (x.bytesPerS === null ? [] : [x.bytesPerS]))),
    chunks: st.reduce((a, x) => a + x.chunks, 0),
    complete: st.filter((x) => x.complete).length,
    firstChunkMsMedian: median(st.flatMap((x) => (x.firstChunkMs === null ? [] : [x.firstChunkMs]))),
  }
}

/** set / commit / reveal from a call name (`subtensorModule.commitCrv3Weights` → commit). */
export function weightsKind(call: string): Kind | undefined {
  if (/reveal/i.test(call)) return 'reveal'
  if (/commit/i.test(call)) return 'commit'
  if (/setWeights|set_weights/i.test(call)) return 'set'
  return undefined
}

export interface IterationContext {
  /** the block the chain last recorded weights from this hotkey (LastUpdate), read at the start of the iteration */
  lastUpdate?: number
  /** the round's per-miner answers (latency histograms) */
  responses?: readonly MinerResponse[]
  /** wall-clock time of the iteration's end, seconds since the epoch */
  now?: number
}

/** Record the service's start (so a scrape before the first iteration shows it is alive). */
export function validatorStarted(registry: MetricsRegistry | undefined, netuid: number, hotkey: string): void {
  if (!registry) return
  registry.gauge('tao_validator_info', 'the validator this process runs (value 1)', ['netuid', 'hotkey']).set({hotkey, netuid}, 1)
  registry.gauge('tao_validator_start_time_seconds', 'when the validator loop started, seconds since the epoch').set(undefined, Date.now() / 1000)
  registry.counter('tao_validator_iterations_total', 'iterations of the validator loop').inc(undefined, 0)
  registry.counter('tao_chain_reconnects_total', 'lost chain connections replaced by a new one').inc(undefined, 0)
}

/** Count a replaced chain connection (metrics and a warn event). */
export function chainReconnected(registry: MetricsRegistry | undefined, ui: Pick<Ui, 'event'>, info: {from: string; to: string}): void {
  registry?.counter('tao_chain_reconnects_total', 'lost chain connections replaced by a new one').inc()
  ui.event('chain.reconnect', {from: info.from, message: `connection to ${info.from} lost; reconnected to ${info.to}`, to: info.to}, 'warn')
}

/**
 * After one iteration: the events an operator reads (round, weights actions, errors with their context) and the
 * figures a monitor alerts on.
 */
export function observeIteration(registry: MetricsRegistry | undefined, ui: Pick<Ui, 'event'>, r: IterationResult, ctx: IterationContext = {}): void {
  const now = ctx.now ?? Date.now() / 1000
  const q = r.query
  let timedOut = 0
  if (q) {
    timedOut = Object.values(q.statuses).filter((s) => s === 408).length
    ui.event('validator.round', {answered: q.succeeded, block: r.block, failed: q.failed, iteration: r.iteration, queried: q.queried, synapse: q.synapse, timedOut, wallMs: q.wallMs, ...(q.streamed ? {stream: streamRound(ctx.responses ?? [])} : {})})
  }
  for (const a of r.run?.actions ?? []) {
    ui.event(`weights.${a.action}`, {block: a.block ?? r.block, detail: a.detail, iteration: r.iteration, txHash: a.txHash ?? null})
  }
  for (const m of r.run?.missed ?? []) ui.event('weights.reveal-missed', {block: r.block, id: m.id, iteration: r.iteration, note: m.note ?? null}, 'error')
  if (r.error) ui.event('validator.error', {block: r.block, iteration: r.iteration, ...r.error}, 'error')
  if (!registry) return

  registry.counter('tao_validator_iterations_total', 'iterations of the validator loop').inc()
  registry.gauge('tao_validator_last_iteration_block', 'the block of the last iteration').set(undefined, r.block)
  registry.gauge('tao_validator_last_iteration_timestamp_seconds', 'when the last iteration ended, seconds since the epoch').set(undefined, now)
  if (r.error) registry.counter('tao_validator_iteration_errors_total', 'iterations that ended with an error, by error code', ['code']).inc({code: r.error.code})
  registry.gauge('tao_validator_scored_miners', 'miners the scoring module scored in the last iteration').set(undefined, r.scored)

  if (q) {
    const round = registry.gauge('tao_validator_round_miners', 'miners in the last round: queried, answered (200), timed out (408), failed (any other outcome, timeouts included)', ['result'])
    round.set({result: 'queried'}, q.queried)
    round.set({result: 'answered'}, q.succeeded)
    round.set({result: 'timed_out'}, timedOut)
    round.set({result: 'failed'}, q.failed)
    const total = registry.counter('tao_validator_miner_queries_total', 'miner queries, by result (answered, timed_out, failed)', ['result'])
    total.inc({result: 'answered'}, q.succeeded)
    total.inc({result: 'timed_out'}, timedOut)
    total.inc({result: 'failed'}, q.failed - timedOut)
    registry.histogram('tao_validator_round_duration_seconds', 'wall time of a round of miner queries', [], MINER_BUCKETS).observe(undefined, q.wallMs / 1000)
  }
  const latency = registry.histogram('tao_validator_miner_latency_seconds', 'per-miner query latency, by result (answered, timed_out, failed)', ['result'], MINER_BUCKETS)
  for (const resp of ctx.responses ?? []) {
    if (resp.status === null) continue
    latency.observe({result: resp.ok ? 'answered' : resp.status === 408 ? 'timed_out' : 'failed'}, resp.latencyMs / 1000)
  }
  if (q?.streamed) {
    // streamed answers: how soon the first chunk came, and how fast the rest followed
    const first = registry.histogram('tao_validator_miner_first_chunk_seconds', 'streamed queries: time from sending to the first chunk (miners that sent one)', [], MINER_BUCKETS)
    const rate = registry.histogram('tao_validator_miner_stream_bytes_per_second', 'streamed queries: bytes per second over the whole request (miners that sent a chunk)', [], RATE_BUCKETS)
    const chunks = registry.counter('tao_validator_miner_stream_chunks_total', 'streamed queries: chunks received')
    for (const resp of ctx.responses ?? []) {
      const st = resp.stream
      if (!st) continue
      if (st.firstChunkMs !== null) first.observe(undefined, st.firstChunkMs / 1000)
      if (st.bytesPerS !== null) rate.observe(undefined, st.bytesPerS)
      chunks.inc(undefined, st.chunks)
    }
  }

  // weights: last outcome and time of each kind, blocks since the chain last recorded weights from us
  const outcome = registry.gauge('tao_weights_last_outcome', '1 for the last outcome of each kind (set, commit, reveal), 0 for earlier ones', ['kind', 'outcome'])
  const outcomeAt = registry.gauge('tao_weights_last_outcome_timestamp_seconds', 'when the last set/commit/reveal outcome was seen, seconds since the epoch', ['kind'])
  const successAt = registry.gauge('tao_weights_last_success_timestamp_seconds', 'when weights were last set / committed / revealed, seconds since the epoch', ['kind'])
  const successBlock = registry.gauge('tao_weights_last_success_block', 'the block weights were last set / committed / revealed in', ['kind'])
  const attempts = registry.counter('tao_weights_outcomes_total', 'set/commit/reveal outcomes, by kind and outcome', ['kind', 'outcome'])
  const mark = (kind: Kind, result: string) => {
    for (const o of ['succeeded', 'failed', 'refused', 'unknown', 'rate_limited', 'skipped', 'error', 'missed']) outcome.set({kind, outcome: o}, o === result ? 1 : 0)
    outcomeAt.set({kind}, now)
    attempts.inc({kind, outcome: result})
  }
  let lastSet = ctx.lastUpdate
  for (const a of r.run?.actions ?? []) {
    const kind: Kind | undefined = a.action === 'set' ? 'set' : a.action === 'committed' ? 'commit' : a.action === 'revealed' ? 'reveal' : undefined
    if (kind) {
      mark(kind, 'succeeded')
      successAt.set({kind}, now)
      if (a.block !== undefined) successBlock.set({kind}, a.block)
      // a set, and a reveal, is what the chain records as the hotkey's LastUpdate
      if (kind !== 'commit' && a.block !== undefined) lastSet = Math.max(lastSet ?? 0, a.block)
    } else if (a.action === 'rate-limited') mark(r.run?.commitReveal ? 'commit' : 'set', 'rate_limited')
  }
  if (r.run?.missed.length) {
    mark('reveal', 'missed')
    registry.counter('tao_weights_missed_reveals_total', 'commits whose reveal window closed before they were revealed').inc(undefined, r.run.missed.length)
  }
  if (r.error) {
    const data = r.error.data ?? {}
    const kind = typeof data.call === 'string' ? weightsKind(data.call) : undefined
    if (kind) mark(kind, typeof data.status === 'string' ? data.status : 'error')
  }
  if (lastSet !== undefined && lastSet > 0) {
    registry.gauge('tao_weights_last_update_block', 'the block the chain last recorded weights from this hotkey (LastUpdate)').set(undefined, lastSet)
    registry.gauge('tao_validator_blocks_since_weights_set', 'blocks between the last iteration and the last weights the chain recorded from this hotkey').set(undefined, Math.max(0, r.block - lastSet))
  }
  if (r.run) {
    const pending = r.run.commits.filter((c) => c.phase === 'waiting' || c.phase === 'in-flight' || c.phase === 'due')
    registry.gauge('tao_weights_pending_commits', 'commits waiting for, or in, their reveal window').set(undefined, pending.length)
    const deadlines = pending.map((c) => c.lastRevealBlock).filter((b): b is number => b !== undefined)
    const next = registry.gauge('tao_weights_next_reveal_deadline_block', 'the last block the earliest pending commit can be revealed in (absent: none pending)')
    const left = registry.gauge('tao_weights_blocks_to_reveal_deadline', 'blocks left until that deadline')
    next.reset()
    left.reset()
    if (deadlines.length) {
      next.set(undefined, Math.min(...deadlines))
      left.set(undefined, Math.min(...deadlines) - r.block)
    }
    registry.gauge('tao_weights_next_allowed_block', 'the first block the rate limit lets this hotkey set or commit again').set(undefined, r.run.nextAllowedBlock)
  }
}
