/**
 * Strict parsing of weights given by the operator (`--weights uid=w,...`, `--scores FILE`): anything the
 * library would otherwise silently drop (NaN, negative, infinite, duplicate or unknown uid) is a usage
 * error here, reported in one line before anything is signed or written.
 */
import {InputError} from '../errors.js'

export interface RawEntry {
  /** a uid ("3") or an SS58 hotkey */
  key: string
  score: number
  /** where it came from, for messages */
  from: string
}

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/

function checkScore(raw: unknown, what: string): number {
  const n = typeof raw === 'number' ? raw : typeof raw === 'string' && NUMBER.test(raw.trim()) ? Number(raw) : Number.NaN
  if (typeof raw === 'string' && /^\s*[+-]?(nan|inf|infinity)\s*$/i.test(raw)) throw new InputError(`${what}: ${raw} is not a usable weight (NaN/infinite)`, {code: 'BadWeight'})
  if (Number.isNaN(n)) throw new InputError(`${what}: ${JSON.stringify(raw)} is not a number`, {code: 'BadWeight'})
  if (!Number.isFinite(n)) throw new InputError(`${what}: weight must be finite`, {code: 'BadWeight'})
  if (n < 0) throw new InputError(`${what}: weight ${n} is negative`, {code: 'BadWeight'})
  return n
}

function checkKey(key: string, what: string): string {
  const k = key.trim()
  if (/^\d+$/.test(k)) {
    const uid = Number(k)
    if (uid > 65535) throw new InputError(`${what}: uid ${k} is out of range`, {code: 'BadUid'})
    return String(uid)
  }
  if (/^[1-9A-HJ-NP-Za-km-z]{46,48}$/.test(k)) return k
  throw new InputError(`${what}: ${JSON.stringify(key)} is neither a uid nor an SS58 hotkey`, {code: 'BadUid'})
}

/** `--weights 0=0.5,1=0.25,2=0` (uids or hotkeys as keys). */
export function parseWeightsFlag(text: string): RawEntry[] {
  const parts = text.split(',').map((p) => p.trim()).filter(Boolean)
  if (parts.length === 0) throw new InputError('--weights is empty; give uid=weight pairs, e.g. 0=0.5,1=0.5', {code: 'BadWeight'})
  const out: RawEntry[] = []
  for (const p of parts) {
    const m = /^([^=]+)=(.*)$/.exec(p)
    if (!m) throw new InputError(`--weights: ${JSON.stringify(p)} is not uid=weight`, {code: 'BadWeight'})
    const key = checkKey(m[1]!, `--weights ${p}`)
    out.push({from: `--weights ${p}`, key, score: checkScore(m[2]!.trim(), `--weights ${p}`)})
  }
  assertNoDuplicateKeys(out)
  return out
}

/** A scores file: a flat JSON object `{"<uid or hotkey>": <number>, ...}`. */
export function parseScoresJson(text: string, file: string): RawEntry[] {
  let obj: unknown
  try {
    obj = JSON.parse(text)
  } catch (error) {
    throw new InputError(`${file} is not valid JSON: ${(error as Error).message}`, {code: 'BadScoresFile'})
  }
  if (!obj || typeof obj !== 'object' || Array.isArray(obj)) throw new InputError(`${file} must be a JSON object mapping uid or hotkey to a score`, {code: 'BadScoresFile'})
  // JSON.parse keeps the last of duplicate keys silently: look for them in the text
  const keys = [...text.matchAll(/"((?:[^"\\]|\\.)*)"\s*:/g)].map((m) => m[1]!)
  const seen = new Set<string>()
  for (const k of keys) {
    if (seen.has(k)) throw new InputError(`${file}: key ${JSON.stringify(k)} appears twice (duplicate uid)`, {code: 'DuplicateUid'})
    seen.add(k)
  }
  const out: RawEntry[] = []
  for (const [k, v] of Object.entries(obj as Record<string, unknown>)) {
    const what = `${file}: ${k}`
    if (v !== null && typeof v === 'object') throw new InputError(`${what}: score must be a number`, {code: 'BadWeight'})
    out.push({from: what, key: checkKey(k, what), score: checkScore(v, what)})
  }
  if (out.length === 0) throw new InputError(`${file} holds no scores`, {code: 'BadScoresFile'})
  assertNoDuplicateKeys(out)
  return out
}

function assertNoDuplicateKeys(entries: readonly RawEntry[]): void {
  const seen = new Map<string, string>()
  for (const e of entries) {
    const prev = seen.get(e.key)
    if (prev) throw new InputError(`uid ${e.key} is given twice (${prev} and ${e.from})`, {code: 'DuplicateUid'})
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
      if (uid >= n) throw new InputError(`${e.from}: uid ${uid} does not exist on subnet ${netuid} (uids 0..${n - 1})`, {code: 'UnknownUid'})
    } else {
      const u = byHotkey.get(e.key)
      if (u === undefined) throw new InputError(`${e.from}: hotkey ${e.key} is not registered on subnet ${netuid}`, {code: 'UnknownUid'})
      uid = u
    }
    const prev = seen.get(uid)
    if (prev) throw new InputError(`uid ${uid} is given twice (${prev} and ${e.from})`, {code: 'DuplicateUid'})
    seen.set(uid, e.from)
    out.push({score: e.score, uid})
  }
  return out
}
