/**
 * Scores → the (uids, u16 values) vectors the chain accepts, with an explanation of every change made on
 * the way: dropped scores (NaN, infinite, negative, unknown or duplicate uid), the SDK branch taken
 * (uniform / padded to MinAllowedWeights / normal), clipping to MaxWeightsLimit, values that round to 0,
 * and any repair needed so the chain's own fixed-point checks pass (noted as a deviation from the SDK).
 */
import {InputError} from '../errors.js'
import {type ChainRules, chainRefusal, checkVecMaxLimited, maxUpscaleU16} from './chain-math.js'
import {type ProcessBranch, U16_MAX, convertWeightsAndUidsForEmit, processWeights} from './sdk.js'

export interface ScoreEntry {
  uid: number
  score: number
}

export type DropReason = 'nan' | 'infinite' | 'negative' | 'unknown-uid' | 'duplicate-uid'

export interface Dropped {
  uid: number
  score: number
  reason: DropReason
}

/** Keep finite, non-negative scores of existing uids (first of duplicates); say what was dropped. */
export function sanitizeScores(scores: readonly ScoreEntry[], n: number): {kept: ScoreEntry[]; dropped: Dropped[]} {
  const kept: ScoreEntry[] = []
  const dropped: Dropped[] = []
  const seen = new Set<number>()
  for (const s of scores) {
    let reason: DropReason | undefined
    if (!Number.isInteger(s.uid) || s.uid < 0 || s.uid >= n) reason = 'unknown-uid'
    else if (seen.has(s.uid)) reason = 'duplicate-uid'
    else if (Number.isNaN(s.score)) reason = 'nan'
    else if (!Number.isFinite(s.score)) reason = 'infinite'
    else if (s.score < 0) reason = 'negative'
    if (reason) dropped.push({reason, score: s.score, uid: s.uid})
    else {
      seen.add(s.uid)
      kept.push(s)
    }
  }
  return {dropped, kept}
}

export interface WeightRow {
  uid: number
  /** input score (undefined for uids the SDK added) */
  score?: number
  /** normalised float weight after SDK processing */
  weight: number
  /** u16 value submitted */
  value: number
  /** share of the row as the chain will hold it */
  share: number
}

export interface WeightsPlan {
  uids: number[]
  values: number[]
  /** what the chain stores in `Weights` after its own max-upscale */
  stored: number[]
  branch: ProcessBranch | 'empty'
  rows: WeightRow[]
  dropped: Dropped[]
  /** human sentences: what changed and why */
  notes: string[]
  /** repairs beyond the SDK so the chain accepts the vector */
  deviations: string[]
}

/**
 * Turn scores into chain vectors following the SDK, then make sure the chain's own checks pass.
 * Throws InputError (code `WeightsInfeasible`) when no vector over these scores can satisfy the subnet.
 */
export function scoresToWeights(scores: readonly ScoreEntry[], rules: ChainRules): WeightsPlan {
  const {n, minAllowedWeights, maxWeightsLimit} = rules
  if (!(n > 0)) throw new InputError('the subnet has no neurons', {code: 'WeightsInfeasible'})
  const notes: string[] = []
  const deviations: string[] = []
  const {dropped, kept} = sanitizeScores(scores, n)
  for (const reason of ['nan', 'infinite', 'negative', 'unknown-uid', 'duplicate-uid'] as const) {
    const d = dropped.filter((x) => x.reason === reason)
    if (d.length) notes.push(`dropped ${d.length} score(s) (${reason}): uid ${d.map((x) => x.uid).join(', ')}`)
  }
  const limit = maxWeightsLimit / U16_MAX
  // float32 (the SDK's dtype) overflows to inf near 3.4e38, and so do sums of large scores: rescale first
  const top = kept.reduce((m, s) => Math.max(m, s.score), 0)
  const total = kept.reduce((m, s) => m + s.score, 0)
  const scale = total > 1e38 ? 1 / top : 1
  if (scale !== 1) deviations.push(`scores were divided by the largest (${top}): their sum would overflow float32, the SDK's dtype`)
  const p = processWeights(
    kept.map((s) => s.uid),
    kept.map((s) => s.score * scale),
    n,
    minAllowedWeights,
    limit,
  )
  const positive = kept.filter((s) => s.score > 0).length
  if (p.branch === 'uniform') {
    notes.push(
      positive === 0
        ? `no positive score: equal weights on all ${n} uids (SDK rule)`
        : `the subnet has ${n} uids, fewer than MinAllowedWeights ${minAllowedWeights}: equal weights on all of them (SDK rule)`,
    )
  } else if (p.branch === 'padded') {
    notes.push(`${positive} positive score(s) < MinAllowedWeights ${minAllowedWeights}: every uid gets 1e-5 added so ${n} uids carry weight (SDK rule)`)
  }
  if (p.clipped.length) notes.push(`clipped uid ${p.clipped.join(', ')} to MaxWeightsLimit ${maxWeightsLimit} (${(limit * 100).toFixed(2)}% per uid)`)
  const conv = convertWeightsAndUidsForEmit(p.uids, p.weights)
  if (conv.roundedToZero.length && p.branch !== 'padded') notes.push(`uid ${conv.roundedToZero.join(', ')} round(s) to 0 in u16 and is left out`)
  const uids = conv.uids.slice()
  const values = conv.values.slice()
  const exact = new Map<number, number>()
  const maxW = p.weights.length ? Math.max(...p.weights) : 0
  p.uids.forEach((u, i) => exact.set(u, maxW > 0 ? (p.weights[i]! / maxW) * U16_MAX : 0))

  // repair 1: too few entries after zero-rounding (small weights, e.g. the SDK's padding, can round to 0)
  const minLen = Math.min(minAllowedWeights, n)
  if (uids.length < minLen && conv.roundedToZero.length) {
    const add = conv.roundedToZero.slice(0, minLen - uids.length)
    for (const u of add) {
      uids.push(u)
      values.push(1)
    }
    deviations.push(`raised uid ${add.join(', ')} from 0 to 1 so at least MinAllowedWeights (${minLen}) weights are sent`)
  }
  // repair 2: rounding pushed the largest share over MaxWeightsLimit: add 1 where rounding lost most
  if (maxWeightsLimit !== U16_MAX && uids.length > 0 && !checkVecMaxLimited(maxUpscaleU16(values), maxWeightsLimit)) {
    const bumped = new Map<number, number>()
    for (let guard = 0; guard < 100_000 && !checkVecMaxLimited(maxUpscaleU16(values), maxWeightsLimit); guard++) {
      let best = -1
      let bestLoss = -Infinity
      for (let i = 0; i < values.length; i++) {
        if (values[i]! >= U16_MAX) continue
        const loss = (exact.get(uids[i]!) ?? 0) - values[i]!
        if (loss > bestLoss) {
          bestLoss = loss
          best = i
        }
      }
      if (best < 0) break
      values[best]! += 1
      bumped.set(uids[best]!, (bumped.get(uids[best]!) ?? 0) + 1)
    }
    if (bumped.size) {
      deviations.push(`raised ${[...bumped].map(([u, k]) => `uid ${u} by ${k}`).join(', ')} so the largest share stays within MaxWeightsLimit after the chain's fixed-point check`)
    }
  }
  // canonical order: by uid
  const order = uids.map((_, i) => i).sort((a, b) => uids[a]! - uids[b]!)
  const outU = order.map((i) => uids[i]!)
  const outV = order.map((i) => values[i]!)
  const refusal = chainRefusal(outU, outV, rules)
  if (refusal) {
    const why =
      refusal === 'MaxWeightExceeded'
        ? `MaxWeightsLimit ${maxWeightsLimit} allows at most ${(limit * 100).toFixed(2)}% per uid, so weights must spread over at least ${Math.ceil(1 / limit)} uids; these scores give weight to ${outU.length}`
        : `the chain would refuse it (${refusal})`
    throw new InputError(`no weight vector from these scores is acceptable: ${why}`, {code: 'WeightsInfeasible', data: {refusal}})
  }
  const stored = maxUpscaleU16(outV)
  const storedSum = stored.reduce((a, b) => a + b, 0)
  const scoreOf = new Map(kept.map((s) => [s.uid, s.score]))
  const weightOf = new Map(p.uids.map((u, i) => [u, p.weights[i]!]))
  const rows: WeightRow[] = outU.map((uid, i) => ({
    score: scoreOf.get(uid),
    share: storedSum ? stored[i]! / storedSum : 0,
    uid,
    value: outV[i]!,
    weight: weightOf.get(uid) ?? 0,
  }))
  return {branch: outU.length ? p.branch : 'empty', deviations, dropped, notes, rows, stored, uids: outU, values: outV}
}
