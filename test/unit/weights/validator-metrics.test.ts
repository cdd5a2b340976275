import {describe, expect, it} from 'vitest'

import type {IterationResult} from '../../../src/weights/validator.js'

import {countingUi} from '../../../src/miner/axon-metrics.js'
import {silentUi} from '../../../src/ui.js'
import {MetricsRegistry} from '../../../src/util/metrics.js'
import {observeIteration, weightsKind} from '../../../src/weights/validator-metrics.js'
import {parseExposition, sampleValue} from '../../helpers/prom.js'

const events: {name: string; fields: Record<string, unknown>; level?: string}[] = []
const ui = {event: (name: string, fields: Record<string, unknown> = {}, level?: string) => void events.push({fields, level, name})}

const run = (over: Partial<NonNullable<IterationResult['run']>> = {}): NonNullable<IterationResult['run']> => ({
  actions: [],
  block: 100,
  commitReveal: true,
  commits: [],
  hotkey: '5x',
  inBlocks: 0,
  missed: [],
  netuid: 3,
  nextAllowedBlock: 110,
  specVersion: 218,
  ...over,
})

describe('validator metrics and events from an iteration', () => {
  it('names the kind of a weights call', () => {
    expect(weightsKind('subtensorModule.setWeights')).toBe('set')
    expect(weightsKind('subtensorModule.commitCrv3Weights')).toBe('commit')
    expect(weightsKind('subtensorModule.commitWeights')).toBe('commit')
    expect(weightsKind('subtensorModule.revealWeights')).toBe('reveal')
    expect(weightsKind('subtensorModule.batchRevealWeights')).toBe('reveal')
    expect(weightsKind('balances.transferKeepAlive')).toBeUndefined()
  })

  it('a failed commit and a missed reveal: outcomes, counters, deadlines and error events with their context', () => {
    events.length = 0
    const r = new MetricsRegistry()
    const it1: IterationResult = {
      block: 200,
      dropped: [],
      error: {code: 'SubtensorModule.CommittingWeightsTooFast', data: {call: 'subtensorModule.commitCrv3Weights', status: 'failed', txHash: '0xabc'}, exitCode: 5, message: 'too fast'},
      iteration: 4,
      run: run({
        commits: [
          {commitBlock: 150, detail: '', id: 'a', kind: 'crv3', lastRevealBlock: 260, phase: 'waiting', status: 'committed'},
          {commitBlock: 120, detail: '', id: 'b', kind: 'crv3', lastRevealBlock: 230, phase: 'due', status: 'committed'},
          {commitBlock: 50, detail: '', id: 'c', kind: 'crv3', lastRevealBlock: 190, phase: 'missed', status: 'missed'},
        ] as never,
        missed: [{id: 'c', note: 'window closed at 190'}],
      }),
      scored: 2,
    }
    observeIteration(r, ui, it1, {lastUpdate: 120, now: 1000})
    const e = parseExposition(r.render())
    expect(sampleValue(e, 'tao_weights_last_outcome', {kind: 'commit', outcome: 'failed'})).toBe(1)
    expect(sampleValue(e, 'tao_weights_last_outcome', {kind: 'commit', outcome: 'succeeded'})).toBe(0)
    expect(sampleValue(e, 'tao_weights_last_outcome', {kind: 'reveal', outcome: 'missed'})).toBe(1)
    expect(sampleValue(e, 'tao_weights_missed_reveals_total')).toBe(1)
    expect(sampleValue(e, 'tao_weights_pending_commits')).toBe(2)
    expect(sampleValue(e, 'tao_weights_next_reveal_deadline_block')).toBe(230)
    expect(sampleValue(e, 'tao_weights_blocks_to_reveal_deadline')).toBe(30)
    expect(sampleValue(e, 'tao_validator_blocks_since_weights_set')).toBe(80)
    expect(sampleValue(e, 'tao_validator_iteration_errors_total', {code: 'SubtensorModule.CommittingWeightsTooFast'})).toBe(1)
    expect(events.map((x) => [x.name, x.level])).toEqual([
      ['weights.reveal-missed', 'error'],
      ['validator.error', 'error'],
    ])
    expect(events[1]!.fields).toMatchObject({block: 200, code: 'SubtensorModule.CommittingWeightsTooFast', data: {call: 'subtensorModule.commitCrv3Weights', txHash: '0xabc'}, iteration: 4})

    // next iteration: the reveal lands; the deadline gauges go away with the pending commits
    events.length = 0
    observeIteration(r, ui, {block: 240, dropped: [], iteration: 5, run: run({actions: [{action: 'revealed', block: 241, detail: 'revealed 2 commit(s)', txHash: '0xdef'}]}), scored: 2}, {lastUpdate: 120, now: 2000})
    const e2 = parseExposition(r.render())
    expect(sampleValue(e2, 'tao_weights_last_outcome', {kind: 'reveal', outcome: 'succeeded'})).toBe(1)
    expect(sampleValue(e2, 'tao_weights_last_outcome', {kind: 'reveal', outcome: 'missed'})).toBe(0)
    expect(sampleValue(e2, 'tao_weights_last_success_block', {kind: 'reveal'})).toBe(241)
    expect(sampleValue(e2, 'tao_validator_blocks_since_weights_set')).toBe(0)
    expect(sampleValue(e2, 'tao_weights_next_reveal_deadline_block')).toBeUndefined()
    expect(sampleValue(e2, 'tao_validator_iterations_total')).toBe(2)
    expect(events).toEqual([{fields: {block: 241, detail: 'revealed 2 commit(s)', iteration: 5, txHash: '0xdef'}, level: undefined, name: 'weights.revealed'}])
  })

  it('axon requests are counted from the axon.request events and still reach the Ui', () => {
    const r = new MetricsRegistry()
    const seen: string[] = []
    const u = countingUi({...silentUi, event: (n) => void seen.push(n)}, r)
    u.event('axon.request', {handlerMs: 3, ms: 5, status: 200, synapse: 'Dummy'})
    u.event('axon.request', {error: 'boom', handlerMs: 1, ms: 2, status: 500, synapse: 'Dummy'})
    u.event('axon.request', {ms: 1, status: 401, synapse: 'Dummy'})
    u.event('other', {})
    const e = parseExposition(r.render())
    expect(seen).toEqual(['axon.request', 'axon.request', 'axon.request', 'other'])
    expect(sampleValue(e, 'tao_axon_requests_total', {status: '200'})).toBe(1)
    expect(sampleValue(e, 'tao_axon_requests_total', {status: '401'})).toBe(1)
    expect(sampleValue(e, 'tao_axon_handler_errors_total', {synapse: 'Dummy'})).toBe(1)
    expect(sampleValue(e, 'tao_axon_handler_duration_seconds_count', {synapse: 'Dummy'})).toBe(2)
    expect(sampleValue(e, 'tao_axon_request_duration_seconds_count', {synapse: 'Dummy'})).toBe(3)
    expect(u.metrics).toBe(r)
  })

  it('a streamed round: the round line carries the stream figures, and metrics the first-chunk and throughput histograms', () => {
    events.length = 0
    const r = new MetricsRegistry()
    const st = (firstChunkMs: number | null, chunks: number, bytes: number, bytesPerS: number | null, complete: boolean) => ({bytes, bytesPerS, chunks, complete, firstChunkMs, streamBytesPerS: null, streamed: true, totalMs: 900})
    const responses = [
      {hotkey: 'a', latencyMs: 900, message: 'Success', ok: true, processTime: 0.001, response: null, status: 200, stream: st(120, 4, 400, 444.4, true), text: 'ONE\n', uid: 0},
      {hotkey: 'b', latencyMs: 900, message: 'Success', ok: true, processTime: 0.001, response: null, status: 200, stream: st(300, 2, 100, 111.1, true), text: 'TWO\n', uid: 1},
      {failure: 'ChunkTimeout' as const, hotkey: 'c', latencyMs: 500, message: 'Chunk timeout', ok: false, processTime: null, response: null, status: 408, stream: st(2500, 1, 10, 4, false), text: 'T', uid: 2},
      {failure: 'Unreachable' as const, hotkey: 'd', latencyMs: 3, message: 'Service unavailable', ok: false, processTime: null, response: null, status: 503, stream: st(null, 0, 0, null, false), text: '', uid: 3},
    ]
    observeIteration(r, ui, {block: 50, dropped: [], iteration: 1, query: {failed: 2, queried: 4, statuses: {0: 200, 1: 200, 2: 408, 3: 503}, streamed: true, succeeded: 2, synapse: 'StreamText', wallMs: 950}, scored: 4}, {now: 10, responses})
    const round = events.find((e) => e.name === 'validator.round')!
    expect(round.fields).toMatchObject({answered: 2, queried: 4, stream: {bytes: 510, bytesPerSMedian: 111.1, chunks: 7, complete: 2, firstChunkMsMedian: 300}, timedOut: 1})
    const e = parseExposition(r.render())
    expect(sampleValue(e, 'tao_validator_miner_first_chunk_seconds_count')).toBe(3)
    expect(sampleValue(e, 'tao_validator_miner_first_chunk_seconds_sum')).toBeCloseTo(2.92, 6)
    expect(sampleValue(e, 'tao_validator_miner_first_chunk_seconds_bucket', {le: '0.25'})).toBe(1)
    expect(sampleValue(e, 'tao_validator_miner_stream_bytes_per_second_count')).toBe(3)
    expect(sampleValue(e, 'tao_validator_miner_stream_bytes_per_second_bucket', {le: '100'})).toBe(1)
    expect(sampleValue(e, 'tao_validator_miner_stream_chunks_total')).toBe(7)
  })

  it('a stream cut after its first chunk counts as a handler error of the axon', () => {
    const r = new MetricsRegistry()
    const u = countingUi({...silentUi, event: () => {}}, r)
    u.event('axon.request', {error: 'boom', errorId: 'x', handlerMs: 4, ms: 5, status: 200, stream: {bytes: 4, chunks: 1, complete: false}, synapse: 'StreamText'})
    u.event('axon.request', {handlerMs: 4, ms: 5, status: 200, stream: {bytes: 4, chunks: 1, complete: true}, synapse: 'StreamText'})
    const e = parseExposition(r.render())
    expect(sampleValue(e, 'tao_axon_requests_total', {status: '200', synapse: 'StreamText'})).toBe(2)
    expect(sampleValue(e, 'tao_axon_handler_errors_total', {synapse: 'StreamText'})).toBe(1)
  })
})
