/**
 * The figures of `miner serve --metrics`, counted from the axon's own `axon.request` events (so a scrape and the
 * log lines agree): requests by synapse and status code, request and handler latency, handler errors.
 */
import type {MetricsRegistry} from '../util/metrics.js'
import type {Ui} from '../ui.js'

const BUCKETS = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30]

export function axonStarted(registry: MetricsRegistry, info: {hotkey: string; synapses: string[]}): void {
  registry.gauge('tao_axon_info', 'the axon this process serves (value 1)', ['hotkey']).set({hotkey: info.hotkey}, 1)
  registry.gauge('tao_axon_start_time_seconds', 'when the axon started listening, seconds since the epoch').set(undefined, Date.now() / 1000)
  registry.counter('tao_axon_requests_total', 'requests answered, by synapse (the route) and HTTP status code', ['synapse', 'status'])
  registry.counter('tao_axon_handler_errors_total', 'requests whose handler threw (or returned fields it cannot use), by synapse', ['synapse'])
  for (const s of info.synapses) registry.counter('tao_axon_handler_errors_total', '', ['synapse']).inc({synapse: s}, 0)
}

/** A Ui whose `axon.request` events are also counted in `registry`. */
export function countingUi(ui: Ui, registry: MetricsRegistry): Ui {
  return {
    ...ui,
    event(name, fields = {}, level) {
      if (name === 'axon.request') observeRequest(registry, fields)
      ui.event(name, fields, level)
    },
    metrics: registry,
  }
}

function observeRequest(registry: MetricsRegistry, f: Record<string, unknown>): void {
  const synapse = String(f.synapse ?? '')
  const status = String(f.status ?? '')
  registry.counter('tao_axon_requests_total', '', ['synapse', 'status']).inc({status, synapse})
  if (typeof f.ms === 'number') {
    registry.histogram('tao_axon_request_duration_seconds', 'time from a request to its reply, by synapse', ['synapse'], BUCKETS).observe({synapse}, f.ms / 1000)
  }
  if (typeof f.handlerMs === 'number') {
    registry.histogram('tao_axon_handler_duration_seconds', "time in the operator's handler, by synapse", ['synapse'], BUCKETS).observe({synapse}, f.handlerMs / 1000)
  }
  // the handler ran and the reply is a 5xx: it threw, or returned fields it cannot use
  // a streaming handler that threw after its first chunk: the reply was 200, the stream was cut (errorId logged)
  if (f.handlerMs !== undefined && (Number(f.status) >= 500 || (f.stream !== undefined && f.errorId !== undefined && Number(f.status) < 500))) {
    registry.counter('tao_axon_handler_errors_total', '', ['synapse']).inc({synapse})
  }
}
