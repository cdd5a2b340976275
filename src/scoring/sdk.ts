/**
 * A port of the bittensor SDK's float → u16 weight pipeline (bittensor 9/10, numpy ≥ 2 semantics):
 * `process_weights` (what `process_weights_for_netuid` calls with the subnet's n, MinAllowedWeights and
 * MaxWeightsLimit/65535), `normalize_max_weight` and `convert_weights_and_uids_for_emit`.
 * Floats follow numpy's dtypes step by step (float32 arrays, Python floats as weak scalars), so the u16
 * values match what the SDK would send. `exclude_quantile` is fixed at its default 0 (nothing excluded).
 *
 * One deliberate difference: the SDK's "fewer non-zero weights than MinAllowedWeights" branch adds the
 * scores to positions of its input array rather than to their uids; here inputs are first put in uid order
 * (as the SDK's usual full-metagraph input already is), so results never depend on input order.
 */
import {type Precision, npCumsum, npSum, pyRound, rounder} from './float32.js'

export const U16_MAX = 65535

export type ProcessBranch = 'uniform' | 'padded' | 'normal'

export interface ProcessedWeights {
  uids: number[]
  weights: number[]
  /** which SDK branch produced them */
  branch: ProcessBranch
  /** numeric precision of `weights` (float32 except on the SDK's float64 branches) */
  precision: Precision
  /** uids whose weight was clipped to the max-weight cutoff */
  clipped: number[]
}

/** `normalize_max_weight(x, limit)`: sum to 1, clip the largest values so none exceeds `limit`. */
export function normalizeMaxWeight(x: readonly number[], limit: number, p: Precision): {y: number[]; cutoff?: number} {
  const r = rounder(p)
  const epsilon = 1e-7
  const n = x.length
  const weights = x.slice()
  const values = x.slice().sort((a, b) => a - b)
  // limit as the array dtype sees it (numpy casts a Python float to float32 in float32 comparisons)
  const limitP = r(limit)
  const epsP = r(epsilon)
  if (npSum(x, p) === 0 || n * limit <= 1) return {y: x.map(() => r(1 / n))}
  const vsum = npSum(values, p)
  const estimation = values.map((v) => r(v / vsum))
  if (Math.max(...estimation) <= limitP) {
    const s = npSum(weights, p)
    return {y: weights.map((w) => r(w / s))}
  }
  const cumsum = npCumsum(estimation, p)
  const estimationSum = estimation.map((e, i) => r(r(n - i - 1) * e))
  let nValues = 0
  for (let i = 0; i < n; i++) {
    const denom = r(r(estimationSum[i]! + cumsum[i]!) + epsP)
    if (r(estimation[i]! / denom) < limitP) nValues++
  }
  // numerator: float32 scalar (Python floats are weak); denominator: numpy float64 (n_values is np.int64)
  const numerator = r(r(limitP * cumsum[nValues - 1]!) - epsP)
  const denominator = 1 - limit * (n - nValues)
  const cutoffScale = numerator / denominator
  const cutoff = cutoffScale * vsum
  const cut = r(cutoff)
  for (let i = 0; i < n; i++) if (weights[i]! > cutoff) weights[i] = cut
  const s = npSum(weights, p)
  return {cutoff, y: weights.map((w) => r(w / s))}
}

/**
 * `process_weights(uids, weights, num_neurons, min_allowed_weights, max_weight_limit)` with
 * exclude_quantile 0. `maxWeightLimit` is the float limit (MaxWeightsLimit / 65535).
 */
export function processWeights(
  uidsIn: readonly number[],
  weightsIn: readonly number[],
  numNeurons: number,
  minAllowedWeights: number,
  maxWeightLimit: number,
): ProcessedWeights {
  // uid order (see the module comment); weights cast to float32 as the SDK does
  const order = uidsIn.map((_, i) => i).sort((a, b) => uidsIn[a]! - uidsIn[b]!)
  const uids = order.map((i) => uidsIn[i]!)
  const weights = order.map((i) => Math.fround(weightsIn[i]!))
  const nz = weights.map((w, i) => (w > 0 ? i : -1)).filter((i) => i >= 0)
  if (nz.length === 0 || numNeurons < minAllowedWeights) {
    // np.ones(n, int64) / n: float64, every uid of the subnet
    return {
      branch: 'uniform',
      clipped: [],
      precision: 'f64',
      uids: Array.from({length: numNeurons}, (_, i) => i),
      weights: Array.from({length: numNeurons}, () => 1 / numNeurons),
    }
  }
  if (nz.length < minAllowedWeights) {
    // every uid gets 1e-5 (float64), the real scores are added on top, then normalised in float64
    const padded = Array.from({length: numNeurons}, () => 1e-5)
    for (const i of nz) {
      const uid = uids[i]!
      if (uid < numNeurons) padded[uid] = padded[uid]! + weights[i]!
    }
    const {cutoff, y} = normalizeMaxWeight(padded, maxWeightLimit, 'f64')
    return {
      branch: 'padded',
      clipped: cutoff === undefined ? [] : padded.map((w, i) => (w > cutoff ? i : -1)).filter((i) => i >= 0),
      precision: 'f64',
      uids: Array.from({length: numNeurons}, (_, i) => i),
      weights: y,
    }
  }
  const nzUids = nz.map((i) => uids[i]!)
  const nzWeights = nz.map((i) => weights[i]!)
  const {cutoff, y} = normalizeMaxWeight(nzWeights, maxWeightLimit, 'f32')
  return {
    branch: 'normal',
    clipped: cutoff === undefined ? [] : nzWeights.map((w, i) => (w > cutoff ? nzUids[i]! : -1)).filter((u) => u >= 0),
    precision: 'f32',
    uids: nzUids,
    weights: y,
  }
}

/**
 * `convert_weights_and_uids_for_emit`: max-upscale (largest → 65535) in float64, Python round (ties to
 * even), drop entries that round to 0. Throws on negative weights/uids or unequal lengths, as the SDK does.
 */
export function convertWeightsAndUidsForEmit(uids: readonly number[], weights: readonly number[]): {uids: number[]; values: number[]; roundedToZero: number[]} {
  if (uids.length !== weights.length) throw new RangeError(`uids and weights must have the same length, got ${uids.length} and ${weights.length}`)
  if (weights.length === 0) return {roundedToZero: [], uids: [], values: []}
  if (Math.min(...weights) < 0) throw new RangeError('a weight is negative')
  if (Math.min(...uids) < 0) throw new RangeError('a uid is negative')
  let sum = 0
  for (const w of weights) sum += w
  if (sum === 0) return {roundedToZero: [], uids: [], values: []}
  const max = Math.max(...weights)
  const outU: number[] = []
  const outV: number[] = []
  const zero: number[] = []
  for (let i = 0; i < weights.length; i++) {
    const v = pyRound((weights[i]! / max) * U16_MAX)
    if (v !== 0) {
      outU.push(uids[i]!)
      outV.push(v)
    } else zero.push(uids[i]!)
  }
  return {roundedToZero: zero, uids: outU, values: outV}
}
