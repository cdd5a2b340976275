/**
 * Float32 arithmetic the way numpy does it, so that our port of the bittensor SDK's weight processing gives
 * bit-identical floats (and therefore identical u16 values). Every operation is rounded to float32 with
 * Math.fround; sums use numpy's pairwise summation (`@TYPE@_pairwise_sum`, blocks of 8, PW_BLOCKSIZE 128)
 * started from the reduction identity 0, which is what `ndarray.sum()` does for a contiguous float32 array
 * (checked against numpy 2.4 on 3,000 random arrays).
 */
export type Precision = 'f32' | 'f64'

export const f32 = Math.fround

/** Round to the given precision (identity for f64). */
export function rounder(p: Precision): (x: number) => number {
  return p === 'f32' ? Math.fround : (x: number) => x
}

function pairwise(a: readonly number[], start: number, n: number, r: (x: number) => number): number {
  if (n < 8) {
    let res = -0
    for (let i = 0; i < n; i++) res = r(res + a[start + i]!)
    return res
  }
  if (n <= 128) {
    const acc = [0, 1, 2, 3, 4, 5, 6, 7].map((j) => a[start + j]!)
    let i = 8
    for (; i < n - (n % 8); i += 8) for (let j = 0; j < 8; j++) acc[j] = r(acc[j]! + a[start + i + j]!)
    let res = r(r(r(acc[0]! + acc[1]!) + r(acc[2]! + acc[3]!)) + r(r(acc[4]! + acc[5]!) + r(acc[6]! + acc[7]!)))
    for (; i < n; i++) res = r(res + a[start + i]!)
    return res
  }
  let n2 = Math.floor(n / 2)
  n2 -= n2 % 8
  return r(pairwise(a, start, n2, r) + pairwise(a, start + n2, n - n2, r))
}

/** `np.sum` of a contiguous array of the given precision. */
export function npSum(a: readonly number[], p: Precision): number {
  const r = rounder(p)
  return r(0 + pairwise(a, 0, a.length, r))
}

/** `np.cumsum` (sequential accumulation). */
export function npCumsum(a: readonly number[], p: Precision): number[] {
  const r = rounder(p)
  const out: number[] = []
  let acc = 0
  for (let i = 0; i < a.length; i++) {
    acc = i === 0 ? a[0]! : r(acc + a[i]!)
    out.push(acc)
  }
  return out
}

/** Python's round() of a float: to nearest, ties to even. */
export function pyRound(x: number): number {
  const fl = Math.floor(x)
  const diff = x - fl
  if (diff > 0.5) return fl + 1
  if (diff < 0.5) return fl
  return fl % 2 === 0 ? fl : fl + 1
}
