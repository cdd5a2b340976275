/**
 * What subtensor itself does with a weight vector, in its own fixed-point arithmetic (I32F32: a signed
 * 64-bit integer with 32 fractional bits; multiplication and division truncate, `round` ties away from
 * zero, `saturating_*` clamp at the type's bounds). Used to predict the stored `Weights` row and to check a
 * vector the way `do_set_weights` will, before anything is signed.
 */
const FRAC = 32n
const I32F32_MAX = (1n << 63n) - 1n
const HALF = 1n << (FRAC - 1n)
const U16_MAX = 65535n

const fx = (n: number | bigint) => BigInt(n) << FRAC
const sat = (raw: bigint) => (raw > I32F32_MAX ? I32F32_MAX : raw)
const mul = (a: bigint, b: bigint) => sat((a * b) >> FRAC)
const div = (a: bigint, b: bigint) => sat((a << FRAC) / b)
/** round half away from zero, then to integer (non-negative inputs) */
const roundToInt = (raw: bigint) => (raw + HALF) >> FRAC
const toInt = (raw: bigint) => raw >> FRAC

/** `vec_u16_max_upscale_to_u16`: scale so the largest value becomes 65535. */
export function maxUpscaleU16(values: readonly number[]): number[] {
  if (values.length === 0) return []
  const v = values.map((x) => fx(x))
  const max = v.reduce((a, b) => (b > a ? b : a))
  const u16max = fx(U16_MAX)
  if (max === 0n) return v.map((e) => Number(toInt(mul(e, u16max))))
  if (max > fx(32768)) {
    const ratio = div(u16max, max)
    return v.map((e) => clampU16(roundToInt(mul(e, ratio))))
  }
  return v.map((e) => clampU16(roundToInt(div(mul(e, u16max), max))))
}

function clampU16(x: bigint): number {
  return Number(x > U16_MAX ? U16_MAX : x)
}

/** `check_vec_max_limited`: after normalising to sum 1, is the largest share ≤ maxLimit/65535? */
export function checkVecMaxLimited(values: readonly number[], maxLimit: number): boolean {
  if (values.length === 0) return true
  const limit = div(fx(maxLimit), fx(U16_MAX))
  const v = values.map((x) => fx(x))
  const sum = v.reduce((a, b) => a + b, 0n)
  if (sum === 0n) return true
  const max = v.map((e) => div(e, sum)).reduce((a, b) => (b > a ? b : a))
  return max <= limit
}

/** Largest share of a u16 vector as the chain computes it (I32F32 → number), for explanations. */
export function maxShare(values: readonly number[]): number {
  const sum = values.reduce((a, b) => a + b, 0)
  return sum === 0 ? 0 : Math.max(...values) / sum
}

export interface ChainRules {
  /** SubnetworkN: uids 0..n-1 exist */
  n: number
  minAllowedWeights: number
  /** MaxWeightsLimit (u16; 65535 = no limit) */
  maxWeightsLimit: number
  /** the signer's own uid (a single self-weight is exempt from the count and max checks) */
  selfUid?: number
}

export type ChainRefusal = 'WeightVecNotEqualSize' | 'UidsLengthExceedUidsInSubNet' | 'DuplicateUids' | 'UidVecContainInvalidOne' | 'WeightVecLengthIsLow' | 'MaxWeightExceeded'

/**
 * The vector checks of `do_set_weights` in the chain's order (registration, stake, version key, rate limit
 * and permit are state checks, done elsewhere). Returns the error the chain would raise, or undefined.
 */
export function chainRefusal(uids: readonly number[], values: readonly number[], rules: ChainRules): ChainRefusal | undefined {
  if (uids.length !== values.length) return 'WeightVecNotEqualSize'
  if (uids.length > rules.n) return 'UidsLengthExceedUidsInSubNet'
  if (new Set(uids).size !== uids.length) return 'DuplicateUids'
  if (uids.some((u) => !Number.isInteger(u) || u < 0 || u >= rules.n)) return 'UidVecContainInvalidOne'
  const self = rules.selfUid !== undefined && values.length === 1 && uids[0] === rules.selfUid
  const minLen = Math.min(rules.minAllowedWeights, rules.n)
  if (!self && values.length < minLen) return 'WeightVecLengthIsLow'
  if (!self && rules.maxWeightsLimit !== 65535 && !checkVecMaxLimited(maxUpscaleU16(values), rules.maxWeightsLimit)) return 'MaxWeightExceeded'
  return undefined
}
