/**
 * Exponential moving average of per-uid scores across runs (pure). A uid whose hotkey changed since the
 * last update (deregistered and replaced) starts again from zero; uids that left the subnet are forgotten.
 */
export interface EmaEntry {
  hotkey: string
  score: number
  /** block of the last observation */
  block: number
  /** observations folded in since the hotkey took the uid */
  count: number
}

export interface EmaState {
  version: 1
  alpha: number
  /** chain the scores belong to */
  genesisHash?: string
  updatedBlock?: number
  entries: Record<string, EmaEntry>
}

export interface Observation {
  uid: number
  score: number
}

export interface EmaUpdate {
  state: EmaState
  /** uids forgotten because their hotkey changed or they left the subnet */
  forgotten: {uid: number; was: string; now?: string}[]
  dropped: {uid: number; score: number; reason: string}[]
}

export function emptyEma(alpha: number, genesisHash?: string): EmaState {
  checkAlpha(alpha)
  return {alpha, entries: {}, genesisHash, version: 1}
}

export function checkAlpha(alpha: number): void {
  if (!(alpha > 0 && alpha <= 1)) throw new RangeError(`EMA alpha must be in (0, 1], got ${alpha}`)
}

/**
 * Fold one round of observations into the EMA: score ← α·observed + (1−α)·previous (previous 0 for a new
 * hotkey), as the subnet template does. `hotkeys[uid]` is the subnet's current uid → hotkey map.
 */
export function updateEma(prev: EmaState, observations: readonly Observation[], hotkeys: readonly string[], block: number, alpha = prev.alpha): EmaUpdate {
  checkAlpha(alpha)
  const entries: Record<string, EmaEntry> = {}
  const forgotten: EmaUpdate['forgotten'] = []
  for (const [k, e] of Object.entries(prev.entries)) {
    const uid = Number(k)
    const now = hotkeys[uid]
    if (now !== e.hotkey) forgotten.push({now, uid, was: e.hotkey})
    else entries[k] = {...e}
  }
  const dropped: EmaUpdate['dropped'] = []
  const seen = new Set<number>()
  for (const o of observations) {
    let reason: string | undefined
    if (!Number.isInteger(o.uid) || o.uid < 0 || o.uid >= hotkeys.length) reason = 'unknown-uid'
    else if (seen.has(o.uid)) reason = 'duplicate-uid'
    else if (Number.isNaN(o.score)) reason = 'nan'
    else if (!Number.isFinite(o.score)) reason = 'infinite'
    else if (o.score < 0) reason = 'negative'
    if (reason) {
      dropped.push({reason, score: o.score, uid: o.uid})
      continue
    }
    seen.add(o.uid)
    const key = String(o.uid)
    const old = entries[key]
    const score = alpha * o.score + (1 - alpha) * (old?.score ?? 0)
    entries[key] = {block, count: (old?.count ?? 0) + 1, hotkey: hotkeys[o.uid]!, score}
  }
  return {dropped, forgotten, state: {...prev, alpha, entries, updatedBlock: block}}
}

/** Current EMA scores of uids still held by the same hotkey. */
export function emaScores(state: EmaState, hotkeys: readonly string[]): Observation[] {
  return Object.entries(state.entries)
    .filter(([k, e]) => hotkeys[Number(k)] === e.hotkey)
    .map(([k, e]) => ({score: e.score, uid: Number(k)}))
    .sort((a, b) => a.uid - b.uid)
}
