/**
 * JSON serialisation for --json: bigint becomes a decimal string, bytes become 0x hex,
 * Maps become objects. Never emits a float for an amount (amounts are bigint upstream).
 *
 * Values received from a peer (a miner's answer) are written losslessly: a `RawJsonNumber` is written as its
 * exact number text (integers beyond 2^53, `1.0`, `-0.0` stay what they were), and an `OrderedJsonObject`
 * keeps its key order (a JS object puts integer-like keys first). See src/util/json.ts.
 */
import {OrderedJsonObject, RawJsonNumber, writeJson} from '../util/json.js'

export {OrderedJsonObject, RawJsonNumber, writeJson}

export function toJsonValue(value: unknown): unknown {
  if (typeof value === 'bigint') return value.toString()
  if (value instanceof RawJsonNumber) return value
  if (value instanceof OrderedJsonObject) return new OrderedJsonObject(value.entries.filter(([, v]) => v !== undefined && typeof v !== 'function').map(([k, v]) => [k, toJsonValue(v)]))
  if (value instanceof Uint8Array) return '0x' + Buffer.from(value).toString('hex')
  if (value instanceof Map) return Object.fromEntries([...value].map(([k, v]) => [String(k), toJsonValue(v)]))
  if (value instanceof Set) return [...value].map(toJsonValue)
  if (value instanceof Error) return {name: value.name, message: value.message}
  if (Array.isArray(value)) return value.map(toJsonValue)
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {}
    for (const [k, v] of Object.entries(value)) {
      if (v === undefined || typeof v === 'function') continue
      // defineProperty: an own "__proto__" key (a miner's answer may carry one) stays a key
      Object.defineProperty(out, k, {configurable: true, enumerable: true, value: toJsonValue(v), writable: true})
    }
    return out
  }
  if (typeof value === 'number' && !Number.isFinite(value)) return null
  return value
}

export function stringifyJson(value: unknown, pretty: boolean): string {
  return writeJson(toJsonValue(value), pretty ? '  ' : '')
}
