/**
 * A small metrics registry and the Prometheus text exposition format (version 0.0.4): counters, gauges and
 * histograms with labels, `# HELP` / `# TYPE` lines, label values and help texts escaped as the format says.
 * No HTTP here (src/util/metrics-server.ts serves it) and no global registry: a long-running service makes one and
 * hands it on through its Ui (`ui.metrics`), so library code (a submission's outcome) can count without knowing how
 * the figures are exposed.
 */

export type Labels = Record<string, string | number>

const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/
const LABEL = /^[a-zA-Z_][a-zA-Z0-9_]*$/

/** Default latency buckets, seconds (Prometheus client defaults). */
export const DEFAULT_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]

/** A label value as the format wants it: backslash, double quote and newline escaped. */
export function escapeLabelValue(v: string): string {
  return v.replaceAll('\\', '\\\\').replaceAll('"', '\\"').replaceAll('\n', '\\n')
}

/** A HELP text: backslash and newline escaped (quotes are left as they are). */
export function escapeHelp(v: string): string {
  return v.replaceAll('\\', '\\\\').replaceAll('\n', '\\n')
}

/** A sample value: integers as they are, +Inf / -Inf / NaN spelled as the format says. */
export function formatValue(v: number): string {
  if (Number.isNaN(v)) return 'NaN'
  if (v === Infinity) return '+Inf'
  if (v === -Infinity) return '-Inf'
  return String(v)
}

function labelText(names: readonly string[], values: readonly string[], extra?: [string, string]): string {
  const parts = names.map((n, i) => `${n}="${escapeLabelValue(values[i]!)}"`)
  if (extra) parts.push(`${extra[0]}="${escapeLabelValue(extra[1])}"`)
  return parts.length ? `{${parts.join(',')}}` : ''
}

abstract class Metric {
  protected readonly series = new Map<string, {values: string[]; data: unknown}>()
  constructor(
    readonly name: string,
    readonly help: string,
    readonly labelNames: readonly string[],
  ) {
    if (!NAME.test(name)) throw new Error(`bad metric name ${name}`)
    for (const l of labelNames) if (!LABEL.test(l) || l.startsWith('__') || l === 'le') throw new Error(`bad label name ${l} on ${name}`)
  }

  abstract readonly type: 'counter' | 'gauge' | 'histogram'

  protected key(labels: Labels = {}): {key: string; values: string[]} {
    const extra = Object.keys(labels).filter((k) => !this.labelNames.includes(k))
    if (extra.length) throw new Error(`${this.name} has no label ${extra.join(', ')}`)
    const values = this.labelNames.map((n) => {
      const v = labels[n]
      if (v === undefined) throw new Error(`${this.name} needs label ${n}`)
      return String(v)
    })
    return {key: JSON.stringify(values), values}
  }

  /** forget every series (a gauge whose label sets change between rounds) */
  reset(): void {
    this.series.clear()
  }

  protected abstract samples(): string[]

  render(): string {
    return [`# HELP ${this.name} ${escapeHelp(this.help)}`, `# TYPE ${this.name} ${this.type}`, ...this.samples()].join('\n') + '\n'
  }
}

export class Counter extends Metric {
  readonly type = 'counter'
  inc(labels?: Labels, by = 1): void {
    if (!(by >= 0)) throw new Error(`${this.name}: a counter only goes up`)
    const {key, values} = this.key(labels)
    const s = this.series.get(key)
    if (s) s.data = (s.data as number) + by
    else this.series.set(key, {data: by, values})
  }

  get(labels?: Labels): number {
    return (this.series.get(this.key(labels).key)?.data as number | undefined) ?? 0
  }

  protected samples(): string[] {
    return [...this.series.values()].map((s) => `${this.name}${labelText(this.labelNames, s.values)} ${formatValue(s.data as number)}`)
  }
}

export class Gauge extends Metric {
  readonly type = 'gauge'
  set(labels: Labels | undefined, value: number): void {
    const {key, values} = this.key(labels)
    this.series.set(key, {data: value, values})
  }

  get(labels?: Labels): number | undefined {
    return this.series.get(this.key(labels).key)?.data as number | undefined
  }

  protected samples(): string[] {
    return [...this.series.values()].map((s) => `${this.name}${labelText(this.labelNames, s.values)} ${formatValue(s.data as number)}`)
  }
}

interface HistogramData {
  counts: number[]
  sum: number
  count: number
}

export class Histogram extends Metric {
  readonly type = 'histogram'
  readonly buckets: readonly number[]
  constructor(name: string, help: string, labelNames: readonly string[], buckets: readonly number[] = DEFAULT_BUCKETS) {
    super(name, help, labelNames)
    const sorted = [...buckets].filter((b) => Number.isFinite(b)).sort((a, b) => a - b)
    if (new Set(sorted).size !== sorted.length || sorted.length === 0) throw new Error(`${name}: buckets must be distinct finite numbers`)
    this.buckets = sorted
  }

  observe(labels: Labels | undefined, value: number): void {
    const {key, values} = this.key(labels)
    let s = this.series.get(key)
    if (!s) {
      s = {data: {count: 0, counts: this.buckets.map(() => 0), sum: 0} satisfies HistogramData, values}
      this.series.set(key, s)
    }
    const d = s.data as HistogramData
    for (let i = 0; i < this.buckets.length; i++) if (value <= this.buckets[i]!) d.counts[i]!++
    d.sum += value
    d.count++
  }

  /** count and sum of one series (tests, summaries) */
  get(labels?: Labels): {count: number; sum: number} {
    const d = this.series.get(this.key(labels).key)?.data as HistogramData | undefined
    return {count: d?.count ?? 0, sum: d?.sum ?? 0}
  }

  protected samples(): string[] {
    const out: string[] = []
    for (const s of this.series.values()) {
      const d = s.data as HistogramData
      // buckets are cumulative: each counts every observation <= its bound
      this.buckets.forEach((b, i) => out.push(`${this.name}_bucket${labelText(this.labelNames, s.values, ['le', formatValue(b)])} ${d.counts[i]}`))
      out.push(`${this.name}_bucket${labelText(this.labelNames, s.values, ['le', '+Inf'])} ${d.count}`)
      out.push(`${this.name}_sum${labelText(this.labelNames, s.values)} ${formatValue(d.sum)}`)
      out.push(`${this.name}_count${labelText(this.labelNames, s.values)} ${d.count}`)
    }
    return out
  }
}

/** The metrics of one service, rendered together. Asking twice for a name returns the same metric. */
export class MetricsRegistry {
  private readonly metrics = new Map<string, Metric>()

  counter(name: string, help: string, labelNames: readonly string[] = []): Counter {
    return this.getOrAdd(name, 'counter', () => new Counter(name, help, labelNames))
  }

  gauge(name: string, help: string, labelNames: readonly string[] = []): Gauge {
    return this.getOrAdd(name, 'gauge', () => new Gauge(name, help, labelNames))
  }

  histogram(name: string, help: string, labelNames: readonly string[] = [], buckets?: readonly number[]): Histogram {
    return this.getOrAdd(name, 'histogram', () => new Histogram(name, help, labelNames, buckets))
  }

  /** the exposition text (Content-Type `text/plain; version=0.0.4`) */
  render(): string {
    return [...this.metrics.values()].map((m) => m.render()).join('')
  }

  private getOrAdd<T extends Metric>(name: string, type: Metric['type'], make: () => T): T {
    const m = this.metrics.get(name)
    if (m) {
      if (m.type !== type) throw new Error(`metric ${name} is a ${m.type}, not a ${type}`)
      return m as T
    }
    const fresh = make()
    this.metrics.set(name, fresh)
    return fresh
  }
}

export const CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8'

/** The outcome of one submission (src/chain/submit.ts decides it), counted in `tao_submissions_total`. */
export type SubmissionOutcome = 'succeeded' | 'failed' | 'refused' | 'unknown'

export function countSubmission(registry: MetricsRegistry | undefined, call: string, outcome: SubmissionOutcome): void {
  registry?.counter('tao_submissions_total', 'extrinsics submitted, by call and outcome (succeeded, failed in block, refused: nothing submitted, unknown)', ['call', 'outcome']).inc({call, outcome})
}
