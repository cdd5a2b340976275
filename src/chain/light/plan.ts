/**
 * A read plan: which chain state a command read last time, asked for again with its first reads.
 *
 * A read command's reads often depend on each other (a subnet's neurons, then each neuron's stake; a map's keys,
 * then their values), and each dependent step is one more round trip to the node. A plan remembers, per command
 * and arguments (the `name` given to the client), every request the last run made at its pinned block; the next
 * run sends them all at once, at its own new block, as soon as it knows that block, and its reads are answered
 * from those replies. Values are never reused across runs: only which keys and calls were needed. A key the plan
 * did not foresee (a neuron registered since) is read in a further round trip, as without a plan; a foreseen one
 * that is no longer needed costs a little bandwidth. The plan is rewritten only when what was read changed.
 *
 * Files live in `<cacheDir>/plans/` (public data only: storage keys and runtime-API arguments); one that cannot be
 * read or written is ignored (no plan), never an error.
 */
import {createHash} from 'node:crypto'
import {readFileSync} from 'node:fs'
import path from 'node:path'

import {writeFileAtomicSync} from '../../util/fs.js'

const VERSION = 1
/** plans beyond these sizes are not kept (a command that reads this much gains little from one round trip) */
const MAX_CALLS = 256
const MAX_KEYS = 50_000

interface PlanFile {
  v: number
  genesis: string
  /** [method, params without the block hash, what (for a deadline message)] */
  calls: [string, unknown[], string][]
  /** storage keys read through `state_queryStorageAt` */
  keys: string[]
}

/** The plan file of `name` under `cacheDir`. */
export function planFile(cacheDir: string, name: string): string {
  return path.join(cacheDir, 'plans', `${createHash('sha256').update(name).digest('hex').slice(0, 32)}.json`)
}

function load(file: string): {plan?: PlanFile; text?: string} {
  try {
    const text = readFileSync(file, 'utf8')
    const plan = JSON.parse(text) as PlanFile
    if (plan.v !== VERSION || typeof plan.genesis !== 'string' || !Array.isArray(plan.calls) || !Array.isArray(plan.keys)) return {}
    return {plan, text}
  } catch {
    return {}
  }
}

/** What a pinned connection read, and the replies it asked for ahead. */
export class ReadPlan {
  /** the block every planned read is at (the first pinned) */
  hash?: string
  private genesis = ''
  private loadedText?: string
  private discarded = false
  private readonly calls = new Map<string, [string, unknown[], string]>()
  private readonly keys = new Set<string>()
  /** replies asked for ahead: by call, and by storage key */
  private readonly aheadCalls = new Map<string, Promise<unknown>>()
  private readonly aheadKeys = new Map<string, Promise<string | null>>()

  constructor(private readonly file: string) {}

  /**
   * Pin the plan to `hash` (the first pin wins) and send last run's reads at it through `send`, when that run
   * was on the same chain.
   */
  pin(hash: string, genesis: string, send: (method: string, params: unknown[], what: string) => Promise<unknown>): void {
    if (this.hash) return
    this.hash = hash
    this.genesis = genesis
    const {plan, text} = load(this.file)
    this.loadedText = text
    if (!plan || plan.genesis !== genesis) return
    for (const [method, params, what] of plan.calls) {
      const ahead = send(method, [...params, hash], what)
      ahead.catch(() => {})
      this.aheadCalls.set(callKey(method, params), ahead)
    }
    for (let i = 0; i < plan.keys.length; i += 1000) {
      const chunk = plan.keys.slice(i, i + 1000)
      const sets = send('state_queryStorageAt', [chunk, hash], 'reading chain state') as Promise<{changes: [string, string | null][]}[]>
      sets.catch(() => {})
      const values = sets.then((s) => {
        const found = new Map<string, string | null>()
        for (const set of s) for (const [k, v] of set.changes) found.set(k.toLowerCase(), v)
        return found
      })
      values.catch(() => {})
      for (const k of chunk) {
        const one = values.then((m) => m.get(k) ?? null)
        one.catch(() => {})
        this.aheadKeys.set(k, one)
      }
    }
  }

  /**
   * A request at the pinned block: recorded, and answered from what was asked ahead where it can be (undefined:
   * send it as usual). `send` sends what was not foreseen.
   */
  serve(method: string, params: unknown[], what: string, send: (method: string, params: unknown[], what: string) => Promise<unknown>): Promise<unknown> | undefined {
    const own = params.slice(0, -1)
    if (method === 'state_queryStorageAt' && Array.isArray(own[0])) {
      const wanted = (own[0] as string[]).map((k) => k.toLowerCase())
      for (const k of wanted) this.keys.add(k)
      if (!wanted.some((k) => this.aheadKeys.has(k))) return undefined
      const missing = wanted.filter((k) => !this.aheadKeys.has(k))
      const rest = missing.length === 0 ? Promise.resolve([]) : (send(method, [missing, this.hash], what) as Promise<{changes: [string, string | null][]}[]>)
      return Promise.all([Promise.all(wanted.map((k) => this.aheadKeys.get(k) ?? null)), rest]).then(([known, sets]) => {
        const changes: [string, string | null][] = []
        wanted.forEach((k, i) => {
          if (this.aheadKeys.has(k)) changes.push([k, known[i] ?? null])
        })
        for (const set of sets) changes.push(...set.changes)
        return [{block: this.hash, changes}]
      })
    }
    const key = callKey(method, own)
    if (!this.calls.has(key)) this.calls.set(key, [method, own, what])
    return this.aheadCalls.get(key)
  }

  /** Keep nothing from this run (the light path stepped aside: what it read is no plan for the next run). */
  discard(): void {
    this.discarded = true
  }

  /** Write what this run read as the next run's plan, when it changed (best effort). */
  save(): void {
    if (!this.hash || this.discarded || (this.calls.size === 0 && this.keys.size === 0)) return
    if (this.calls.size > MAX_CALLS || this.keys.size > MAX_KEYS) return
    const text = JSON.stringify({calls: [...this.calls.values()], genesis: this.genesis, keys: [...this.keys], v: VERSION} satisfies PlanFile)
    if (text === this.loadedText) return
    try {
      writeFileAtomicSync(this.file, text)
    } catch {
      // a plan is an optimisation: a full disk or a read-only cache folder only means no plan next time
    }
  }
}

const callKey = (method: string, params: unknown[]): string => JSON.stringify([method, params])
