/**
 * Strict parsing of weights given by the operator (uid=weight pairs, a scores file, the EMA options): anything the
 * library would otherwise silently drop (NaN, negative, infinite, duplicate or unknown uid) is a usage error here,
 * reported in one line before anything is signed or written. Errors name the option they are about («weights»,
 * «scores», «alpha», «versionKey») and carry it as `field`.
 */
import {readFile} from 'node:fs/promises'

import {InputError} from '../errors.js'

export interface RawEntry {
  /** a uid ("3") or an SS58 hotkey */
  key: string
  score: number
  /** where it came from, for messages */
  from: string
}

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/

/** The option an entry came from: its `from` starts with «option» (uid=weight pairs), else the scores file. */
const fieldOf = (from: string) => /^«(\w+)»/.exec(from)?.[1] ?? 'scores'

function checkScore(raw: unknown, what: string): number {
  const field = fieldOf(what)
  const n = typeof raw === 'number' ? raw : typeof raw === 'string' && NUMBER.test(raw.trim()) ? Number(raw) : Number.NaN
  if (typeof raw === 'string' && /^\s*[+-]?(nan|inf|infinity)\s*$/i.test(raw)) throw new InputError(`${what}: ${raw} is not a usable weight (NaN/infinite)`, {code: 'BadWeight', field})
  if (Number.isNaN(n)) throw new InputError(`${what}: ${JSON.stringify(raw)} is not a number`, {code: 'BadWeight', field})
  if (!Number.isFinite(n)) throw new InputError(`${what}: weight must be finite`, {code: 'BadWeight', field})
  if (n < 0) throw new InputError(`${what}: weight ${n} is negative`, {code: 'BadWeight', field})
  return n
}

function checkKey(key: string, what: string): string {
  const field = fieldOf(what)
  const k = key.trim()
  if (/^\d+$/.test(k)) {
    const uid = Number(k)
    if (uid > 65535) throw new InputError(`${what}: uid ${k} is out of range`, {code: 'BadUid', field})
    return String(uid)
  }
  if (/^[1-9A-HJ-NP-Za-km-z]{46,48}$/.test(k)) return k
  throw new InputError(`${what}: ${JSON.stringify(key)} is neither a uid nor an SS58 hotkey`, {code: 'BadUid', field})
}

/** uid=weight pairs, `0=0.5,1=0.25,2=0` (uids or hotkeys as keys): the «weights» option. */
export function parseWeightsFlag(text: string): RawEntry[] {
  const parts = text.split(',').map((p) => p.trim()).filter(Boolean)
  if (parts.length === 0) throw new InputError('«weights» is empty; give uid=weight pairs, e.g. 0=0.5,1=0.5', {code: 'BadWeight', field: 'weights'})
  const out: RawEntry[] = []
  for (const p of parts) {
    const m = /^([^=]+)=(.*)$/.exec(p)
    if (!m) throw new InputError(`«weights»: ${JSON.stringify(p)} is not uid=weight`, {code: 'BadWeight', field: 'weights'})
    const key = checkKey(m[1]!, `«weights» ${p}`)
    out.push({from: `«weights» ${p}`, key, score: checkScore(m[2]!.trim(), `«weights» ${p}`)})
  }
  assertNoDuplicateKeys(out)
  return out
}

/** Scores given as an object {"<uid or hotkey>": score} (a script's «weights»). */
export function weightsFromObject(scores: Record<string, number>): RawEntry[] {
  const out = Object.entries(scores).map(([k, v]) => ({from: `«weights» ${k}`, key: checkKey(k, `«weights» ${k}`), score: checkScore(v, `«weights» ${k}`)}))
  if (out.length === 0) throw new InputError('«weights» is empty; give uid=weight pairs, e.g. 0=0.5,1=0.5', {code: 'BadWeight', field: 'weights'})
  assertNoDuplicateKeys(out)
  return out
}

/** A scores file: a flat JSON object `{"<uid or hotkey>": <number>, ...}`. */
export function parseScoresJson(text: string, file: string): RawEntry[] {
  let obj: unknown
  try {
    obj = JSON.parse(text)
  } catch (error) {
    throw new InputError(`${file} is not valid JSON: ${(error as Error).message}`, {code: 'BadScoresFile', field: 'scores'})
  }
  if (!obj || typeof obj !== 'object' || Array.isArray(obj)) throw new InputError(`${file} must be a JSON object mapping uid or hotkey to a score`, {code: 'BadScoresFile', field: 'scores'})
  // JSON.parse keeps the last of duplicate keys silently: look for them in the text
  const keys = [...text.matchAll(/"((?:[^"\\]|\\.)*)"\s*:/g)].map((m) => m[1]!)
  const seen = new Set<string>()
  for (const k of keys) {
    if (seen.has(k)) throw new InputError(`${file}: key ${JSON.stringify(k)} appears twice (duplicate uid)`, {code: 'DuplicateUid', field: 'scores'})
    seen.add(k)
  }
  const out: RawEntry[] = []
  for (const [k, v] of Object.entries(obj as Record<string, unknown>)) {
    const what = `${file}: ${k}`
    if (v !== null && typeof v === 'object') throw new InputError(`${what}: score must be a number`, {code: 'BadWeight', field: 'scores'})
    out.push({from: what, key: checkKey(k, what), score: checkScore(v, what)})
  }
  if (out.length === 0) throw new InputError(`${file} holds no scores`, {code: 'BadScoresFile', field: 'scores'})
  assertNoDuplicateKeys(out)
  return out
}

function assertNoDuplicateKeys(entries: readonly RawEntry[]): void {
  const seen = new Map<string, string>()
  for (const e of entries) {
    const prev = seen.get(e.key)
    if (prev) throw new InputError(`uid ${e.key} is given twice (${prev} and ${e.from})`, {code: 'DuplicateUid', field: fieldOf(e.from)})
    seen.set(e.key, e.from)
  }
}

/** Map keys to uids on the subnet; unknown uids/hotkeys and two keys naming one uid are usage errors. */
export function resolveEntries(entries: readonly RawEntry[], hotkeys: readonly string[], netuid: number): {uid: number; score: number}[] {
  const n = hotkeys.length
  const byHotkey = new Map(hotkeys.map((h, uid) => [h, uid]))
  const out: {uid: number; score: number}[] = []
  const seen = new Map<number, string>()
  for (const e of entries) {
    let uid: number
    if (/^\d+$/.test(e.key)) {
      uid = Number(e.key)
      if (uid >= n) throw new InputError(`${e.from}: uid ${uid} does not exist on subnet ${netuid} (uids 0..${n - 1})`, {code: 'UnknownUid', field: fieldOf(e.from)})
    } else {
      const u = byHotkey.get(e.key)
      if (u === undefined) throw new InputError(`${e.from}: hotkey ${e.key} is not registered on subnet ${netuid}`, {code: 'UnknownUid', field: fieldOf(e.from)})
      uid = u
    }
    const prev = seen.get(uid)
    if (prev) throw new InputError(`uid ${uid} is given twice (${prev} and ${e.from})`, {code: 'DuplicateUid', field: fieldOf(e.from)})
    seen.set(uid, e.from)
    out.push({score: e.score, uid})
  }
  return out
}

/** Where this pass's scores come from: the options a script or the CLI gives. */
export interface ScoreOptions {
  /** uid=weight pairs (`0=0.5,1=0.3`) or an object {"<uid or hotkey>": score} */
  weights?: string | Record<string, number>
  /** a JSON file {"<uid or hotkey>": score, ...} */
  scores?: string
  /** keep an EMA of scores across runs and set weights from it (explicit scores are folded in first) */
  ema?: boolean
  /** EMA smoothing factor in (0, 1] [default: 0.1] */
  alpha?: number | string
  /** weights version key [default: the subnet's WeightsVersionKey] */
  versionKey?: bigint | number | string
}

/** Scores for one pass, parsed and checked. */
export interface ScoreInput {
  /** explicit scores (uid=weight pairs or a scores file) */
  entries?: RawEntry[]
  /** fold `entries` into the stored EMA (or use the stored EMA alone) and set from it */
  ema?: {alpha: number}
  versionKey?: bigint
}

/** An EMA smoothing factor in (0, 1] (the «alpha» option). */
export function parseAlpha(raw: number | string | undefined): number {
  const alpha = Number(raw ?? '0.1')
  if (!(alpha > 0 && alpha <= 1)) throw new InputError(`«alpha» must be in (0, 1]: ${raw}`, {code: 'BadFlags', field: 'alpha'})
  return alpha
}

/** Parse and check the score options (exit 2 on anything wrong) before any chain access. */
export async function parseScoreInput(opts: ScoreOptions, required: boolean): Promise<ScoreInput> {
  if (opts.weights !== undefined && opts.scores !== undefined) throw new InputError('give «weights» or «scores», not both', {code: 'BadFlags', field: 'weights'})
  let entries: RawEntry[] | undefined
  if (opts.weights !== undefined) entries = typeof opts.weights === 'string' ? parseWeightsFlag(opts.weights) : weightsFromObject(opts.weights)
  if (opts.scores !== undefined) {
    let text: string
    try {
      text = await readFile(opts.scores, 'utf8')
    } catch (error) {
      throw new InputError(`cannot read «scores» ${opts.scores}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, {code: 'BadScoresFile', field: 'scores'})
    }
    entries = parseScoresJson(text, opts.scores)
  }
  if (required && !entries && !opts.ema) throw new InputError('give «weights», «scores» or «ema»', {code: 'BadFlags', field: 'weights'})
  const ema = opts.ema ? {alpha: parseAlpha(opts.alpha)} : undefined
  let versionKey: bigint | undefined
  if (opts.versionKey !== undefined) {
    const raw = String(opts.versionKey).trim()
    if (!/^\d+$/.test(raw)) throw new InputError(`«versionKey» must be a non-negative integer: ${opts.versionKey}`, {code: 'BadFlags', field: 'versionKey'})
    versionKey = BigInt(raw)
    if (versionKey >= 1n << 64n) throw new InputError('«versionKey» does not fit in u64', {code: 'BadFlags', field: 'versionKey'})
  }
  return {ema, entries, versionKey}
}
