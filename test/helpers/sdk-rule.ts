/**
 * An independent statement of the bittensor SDK's weight rule for small cases (MaxWeightsLimit 65535, few uids,
 * all at least MinAllowedWeights): keep positive scores, normalise in float32 (sequential float32 sum),
 * max-upscale to 65535 with Python's round (ties to even), drop zeros. Tests compare the chain's stored
 * `Weights` with this, not with tao's own library.
 */
export function sdkVector(scores: Record<number, number>): {uids: number[]; values: number[]} {
  const f = Math.fround
  const uids = Object.keys(scores).map(Number).sort((a, b) => a - b).filter((u) => f(scores[u]!) > 0)
  const w = uids.map((u) => f(scores[u]!))
  let sum = -0
  for (const x of w) sum = f(sum + x)
  const norm = w.map((x) => f(x / sum))
  const max = Math.max(...norm)
  const roundEven = (x: number) => {
    const fl = Math.floor(x)
    return x - fl === 0.5 ? (fl % 2 === 0 ? fl : fl + 1) : Math.round(x)
  }
  const values = norm.map((x) => roundEven((x / max) * 65535))
  return {uids: uids.filter((_, i) => values[i] !== 0), values: values.filter((v) => v !== 0)}
}

/** The same as [uid, value] pairs, the shape of the chain's `Weights` storage. */
export function sdkPairs(scores: Record<number, number>): [number, number][] {
  const {uids, values} = sdkVector(scores)
  return uids.map((u, i) => [u, values[i]!])
}
