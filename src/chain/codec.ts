import type {Codec} from '@polkadot/types/types'

/**
 * Turn a codec into plain data without losing precision: unsigned integers become bigint,
 * accounts become SS58 strings, byte vectors become 0x hex, structs become objects.
 */
export function plain(value: unknown): unknown {
  const v = value as Codec & Record<string, unknown>
  if (v === null || v === undefined) return v
  if (typeof v !== 'object') return v
  const type = (v as {toRawType?: () => string}).toRawType?.() ?? ''
  if (typeof (v as {toBigInt?: () => bigint}).toBigInt === 'function' && !/^(Vec|\[|\(|Option)/.test(type)) {
    return (v as unknown as {toBigInt: () => bigint}).toBigInt()
  }
  if (type === 'AccountId32' || type === 'AccountId') return v.toString()
  if (type === 'bool') return (v as unknown as {isTrue: boolean}).isTrue
  if (type === 'Bytes' || type === 'Text' || /^\[u8;/.test(type) || type === 'H256') return v.toHex()
  if ((v as {isNone?: boolean}).isNone === true) return null
  if ((v as {isSome?: boolean}).isSome === true) return plain((v as unknown as {unwrap: () => unknown}).unwrap())
  if (Array.isArray(v)) return (v as unknown[]).map(plain)
  if (v instanceof Map) {
    const out: Record<string, unknown> = {}
    for (const [k, val] of v as Map<unknown, unknown>) out[String(k)] = plain(val)
    return out
  }
  if (typeof (v as {isEmpty?: boolean}).isEmpty === 'boolean' && typeof v.toJSON === 'function') {
    const j = v.toJSON()
    return j
  }
  return v
}

export const toBig = (v: unknown): bigint => {
  const x = v as {toBigInt?: () => bigint; unwrap?: () => unknown; isSome?: boolean}
  if (typeof v === 'bigint') return v
  if (typeof v === 'number') return BigInt(v)
  if (x?.toBigInt) return x.toBigInt()
  if (x?.isSome && x.unwrap) return toBig(x.unwrap())
  return BigInt(String(v))
}

export const toNum = (v: unknown): number => Number(toBig(v))
