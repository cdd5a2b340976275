/**
 * Decoders for the spec-218 struct definitions of ../types.ts (the raw `Vec<u8>` runtime-API replies), compiled
 * from the same table the full client registers, giving the same plain data as `toPlain` (see ./metadata.ts).
 */
import type {Decoder} from 'scale-ts'

import {Bytes, Option, Tuple, Vector, compact, createDecoder, enhanceDecoder, str} from 'scale-ts'

import {RUNTIME_TYPES} from '../types.js'
import {fromHex, ss58Encode, toHex} from './hash.js'
import {LightUnsupported, PRIMITIVE_DECODERS, camel} from './metadata.js'

const TABLE = RUNTIME_TYPES as unknown as Record<string, Record<string, string>>

/** Split a type list at top-level commas: `A, Vec<(B, C)>` → [`A`, `Vec<(B, C)>`]. */
function splitTop(s: string): string[] {
  const out: string[] = []
  let depth = 0
  let cur = ''
  for (const ch of s) {
    if (ch === '<' || ch === '(' || ch === '[') depth++
    if (ch === '>' || ch === ')' || ch === ']') depth--
    if (ch === ',' && depth === 0) {
      out.push(cur.trim())
      cur = ''
    } else cur += ch
  }
  if (cur.trim()) out.push(cur.trim())
  return out
}

/** The plain-data decoder of a type string over the spec-218 table, e.g. `Vec<Option<DynamicInfo218>>`. */
export function typeDecoder(type: string, ss58Format: number, cache = new Map<string, Decoder<unknown>>()): Decoder<unknown> {
  const t = type.replace(/\s+/g, ' ').trim()
  const hit = cache.get(t)
  if (hit) return hit
  const dec = build(t, ss58Format, cache)
  cache.set(t, dec)
  return dec
}

function build(t: string, fmt: number, cache: Map<string, Decoder<unknown>>): Decoder<unknown> {
  const sub = (x: string) => typeDecoder(x, fmt, cache)
  const generic = /^(\w+)<(.+)>$/.exec(t)
  if (generic) {
    const [, outer, inner] = generic
    if (outer === 'Compact') return enhanceDecoder(compact.dec, (v) => BigInt(v))
    if (outer === 'Option') return Option.dec(sub(inner!))
    if (outer === 'Vec') return inner === 'u8' ? enhanceDecoder(Bytes.dec(), toHex) : Vector.dec(sub(inner!))
    throw new LightUnsupported(t)
  }
  const fixed = /^\[(.+);\s*(\d+)\]$/.exec(t)
  if (fixed) return fixed[1]!.trim() === 'u8' ? enhanceDecoder(Bytes.dec(Number(fixed[2])), toHex) : Vector.dec(sub(fixed[1]!.trim()), Number(fixed[2]))
  if (t.startsWith('(') && t.endsWith(')')) {
    const parts = splitTop(t.slice(1, -1))
    if (parts.length === 0) return createDecoder(() => null)
    return Tuple.dec(...(parts.map(sub) as [Decoder<unknown>]))
  }
  // integers and bool are named as in the metadata; text is `Text` in this table, not the metadata's `str`
  if (t !== 'str' && Object.hasOwn(PRIMITIVE_DECODERS, t)) return PRIMITIVE_DECODERS[t]!
  switch (t) {
    case 'Text':
      return str.dec
    case 'Bytes':
      return enhanceDecoder(Bytes.dec(), toHex)
    case 'AccountId':
    case 'AccountId32':
      return enhanceDecoder(Bytes.dec(32), (a) => ss58Encode(a, fmt))
  }
  const def = TABLE[t]
  if (!def) throw new LightUnsupported(t)
  const fields = Object.entries(def).map(([k, v]) => [camel(k), sub(v)] as const)
  return createDecoder((b) => {
    const out: Record<string, unknown> = {}
    for (const [k, dec] of fields) out[k] = dec(b)
    return out
  })
}

/**
 * A raw runtime-API reply (`Vec<u8>` around the SCALE value) decoded with a spec-218 type; null when empty, as
 * `decodeRuntimeReply` does.
 */
export function decodeRawReply(hex: string, type: string, ss58Format: number): unknown {
  // hex → bytes natively (scale-ts turns a hex string into bytes in JavaScript, ~45 ms for a 256-neuron reply)
  const inner = Bytes.dec()(fromHex(hex))
  if (inner.length === 0) return null
  return typeDecoder(type, ss58Format)(new Uint8Array(inner))
}
