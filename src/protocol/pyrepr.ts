/**
 * Python's text forms, byte for byte: `repr(float)`, `repr(str)`, and `str()`/`repr()` of containers, as the
 * body hash needs them (dendrite-protocol §4).
 */
import {OrderedJsonObject, RawJsonNumber} from '../util/json.js'
import {PyDict, PyFloat, PyTuple, type PyValue, floatSourceText} from './pyvalue.js'

/**
 * Python `repr(float)`: the shortest digits that round-trip (JS and Python agree on those), fixed notation when
 * the decimal exponent is in [-4, 16), otherwise `d[.ddd]e±XX` with at least two exponent digits.
 */
export function floatRepr(x: number): string {
  if (Number.isNaN(x)) return 'nan'
  if (x === Infinity) return 'inf'
  if (x === -Infinity) return '-inf'
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0'
  const sign = x < 0 ? '-' : ''
  const [mant, expText] = Math.abs(x).toExponential().split('e') as [string, string]
  const digits = mant.replace('.', '')
  const e = Number(expText)
  if (e >= -4 && e < 16) {
    if (e >= 0) {
      const intPart = digits.length > e + 1 ? digits.slice(0, e + 1) : digits + '0'.repeat(e + 1 - digits.length)
      const frac = digits.length > e + 1 ? digits.slice(e + 1) : '0'
      return `${sign}${intPart}.${frac}`
    }
    return `${sign}0.${'0'.repeat(-e - 1)}${digits}`
  }
  const m = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits
  const ee = Math.abs(e).toString().padStart(2, '0')
  return `${sign}${m}e${e < 0 ? '-' : '+'}${ee}`
}

const PRINTABLE = /^[\p{L}\p{M}\p{N}\p{P}\p{S}]$/u

/** Python `str.isprintable()` for one code point. */
function printable(ch: string, cp: number): boolean {
  if (cp === 0x20) return true
  if (cp < 0x7f) return cp > 0x20
  return PRINTABLE.test(ch)
}

const hex = (cp: number, width: number) => cp.toString(16).padStart(width, '0')

/** Python `repr(str)`. */
export function strRepr(s: string): string {
  const quote = s.includes("'") && !s.includes('"') ? '"' : "'"
  let out = quote
  for (const ch of s) {
    const cp = ch.codePointAt(0)!
    if (ch === '\\') out += '\\\\'
    else if (ch === quote) out += '\\' + quote
    else if (ch === '\n') out += '\\n'
    else if (ch === '\r') out += '\\r'
    else if (ch === '\t') out += '\\t'
    else if (printable(ch, cp)) out += ch
    else if (cp <= 0xff) out += '\\x' + hex(cp, 2)
    else if (cp <= 0xffff) out += '\\u' + hex(cp, 4)
    else out += '\\U' + hex(cp, 8)
  }
  return out + quote
}

/** Python `repr()` of a value. */
export function pyRepr(v: PyValue): string {
  if (v === null) return 'None'
  if (v === true) return 'True'
  if (v === false) return 'False'
  if (typeof v === 'string') return strRepr(v)
  if (typeof v === 'bigint') return v.toString()
  if (v instanceof PyFloat) return floatRepr(v.value)
  if (v instanceof PyTuple) {
    if (v.items.length === 1) return `(${pyRepr(v.items[0]!)},)`
    return `(${v.items.map(pyRepr).join(', ')})`
  }
  if (v instanceof PyDict) {
    return `{${v.entries.map(([k, x]) => `${typeof k === 'bigint' ? k.toString() : strRepr(k)}: ${pyRepr(x)}`).join(', ')}}`
  }
  return `[${v.map(pyRepr).join(', ')}]`
}

/** Python `str()` of a value: a str is itself (no quotes), everything else is its repr. */
export function pyStr(v: PyValue): string {
  return typeof v === 'string' ? v : pyRepr(v)
}

/**
 * A received value as a JSON tree that writes it back exactly (src/output/json.ts): ints as their digits (beyond
 * 2^53 too), floats as the number text they were read from (`1.0`, `-0.0`, `1E+2`; Python's repr when they were
 * not read from text), dict order kept. NaN and ±Infinity have no JSON form: null.
 */
export function losslessJson(v: PyValue): unknown {
  if (v === null || typeof v === 'boolean' || typeof v === 'string') return v
  if (typeof v === 'bigint') return new RawJsonNumber(v.toString())
  if (v instanceof PyFloat) {
    if (!Number.isFinite(v.value)) {
      const text = floatSourceText(v)
      return text !== undefined && /^-?\d/.test(text) ? new RawJsonNumber(text) : null
    }
    return new RawJsonNumber(floatSourceText(v) ?? floatRepr(v.value))
  }
  if (v instanceof PyTuple) return v.items.map(losslessJson)
  if (v instanceof PyDict) return new OrderedJsonObject(v.entries.map(([k, x]) => [String(k), losslessJson(x)]))
  return v.map(losslessJson)
}
