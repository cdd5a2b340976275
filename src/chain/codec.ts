/**
 * Numbers from codecs as they come from @polkadot (or already plain): bigint without losing precision.
 * To turn whole codecs into plain data, use `toPlain` in ./runtime-api.ts.
 */
export const toBig = (v: unknown): bigint => {
  const x = v as {toBigInt?: () => bigint; unwrap?: () => unknown; isSome?: boolean}
  if (typeof v === 'bigint') return v
  if (typeof v === 'number') return BigInt(v)
  if (x?.toBigInt) return x.toBigInt()
  if (x?.isSome && x.unwrap) return toBig(x.unwrap())
  return BigInt(String(v))
}

export const toNum = (v: unknown): number => Number(toBig(v))
