/**
 * Python-shaped values and a lossless JSON reader/writer for them.
 *
 * The body hash of a synapse is computed over Python's `str()` of each field, so the int/float distinction of a
 * JSON number (`1.0` is a float, `1` an int), integers beyond 2^53, and the insertion order of object keys must
 * all survive parsing. `JSON.parse` loses all three; this parser keeps them:
 *   null → null, true/false → boolean, string → string, integer token → bigint,
 *   number with `.`, `e` or `E` (and NaN/Infinity, which Python's json accepts) → PyFloat,
 *   array → PyValue[], object → PyDict (ordered; a repeated key keeps its first position, last value, as in Python).
 */

/** A Python float. `value` is the IEEE double; Python prints it with repr (see ./pyrepr.ts). */
export class PyFloat {
  constructor(readonly value: number) {}
}

/** The JSON number text a float was read from (`1.0`, `-0.0`, `1E+2`), kept aside for lossless output. */
const floatTexts = new WeakMap<PyFloat, string>()

/** A float that remembers the JSON number text it was read from. */
export function pyFloatFromText(value: number, text: string): PyFloat {
  const f = new PyFloat(value)
  floatTexts.set(f, text)
  return f
}

/** The JSON number text a float was read from, if it was read from one. */
export function floatSourceText(f: PyFloat): string | undefined {
  return floatTexts.get(f)
}

/** A Python tuple (only produced by typing a JSON array as a tuple). */
export class PyTuple {
  constructor(readonly items: PyValue[]) {}
}

/** A Python dict: insertion-ordered entries. Keys are str (JSON) or int (dict[int, …] fields). */
export class PyDict {
  readonly entries: [string | bigint, PyValue][]
  constructor(entries: [string | bigint, PyValue][] = []) {
    this.entries = entries
  }

  get(key: string | bigint): PyValue | undefined {
    for (const [k, v] of this.entries) if (k === key) return v
    return undefined
  }

  has(key: string | bigint): boolean {
    return this.entries.some(([k]) => k === key)
  }

  /** Set a key: an existing key keeps its position (Python dict semantics). */
  set(key: string | bigint, value: PyValue): void {
    const i = this.entries.findIndex(([k]) => k === key)
    if (i >= 0) this.entries[i] = [key, value]
    else this.entries.push([key, value])
  }

  delete(key: string | bigint): void {
    const i = this.entries.findIndex(([k]) => k === key)
    if (i >= 0) this.entries.splice(i, 1)
  }

  keys(): (string | bigint)[] {
    return this.entries.map(([k]) => k)
  }
}

export type PyValue = null | boolean | string | bigint | PyFloat | PyTuple | PyDict | PyValue[]

export class JsonSyntaxError extends Error {
  constructor(
    message: string,
    readonly position: number,
  ) {
    super(`${message} at position ${position}`)
    this.name = 'JsonSyntaxError'
  }
}

export interface ParseOptions {
  /** deepest nesting accepted (default 512) */
  maxDepth?: number
  /** longest integer literal accepted, in digits (default 4300, Python's int_max_str_digits) */
  maxIntDigits?: number
}

/** Parse JSON text losslessly into Python-shaped values. Throws JsonSyntaxError. */
export function parsePyJson(text: string, opts: ParseOptions = {}): PyValue {
  const maxDepth = opts.maxDepth ?? 512
  const maxIntDigits = opts.maxIntDigits ?? 4300
  let i = 0
  const n = text.length

  const ws = () => {
    while (i < n) {
      const c = text.charCodeAt(i)
      if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) i++
      else break
    }
  }
  const fail = (msg: string): never => {
    throw new JsonSyntaxError(msg, i)
  }

  const parseString = (): string => {
    // text[i] === '"'
    i++
    let out = ''
    let start = i
    while (true) {
      if (i >= n) fail('unterminated string')
      const c = text.charCodeAt(i)
      if (c === 0x22) {
        out += text.slice(start, i)
        i++
        return out
      }
      if (c === 0x5c) {
        out += text.slice(start, i)
        i++
        const e = text[i]
        i++
        switch (e) {
          case '"':
            out += '"'
            break
          case '\\':
            out += '\\'
            break
          case '/':
            out += '/'
            break
          case 'b':
            out += '\b'
            break
          case 'f':
            out += '\f'
            break
          case 'n':
            out += '\n'
            break
          case 'r':
            out += '\r'
            break
          case 't':
            out += '\t'
            break
          case 'u': {
            const hex = text.slice(i, i + 4)
            if (!/^[0-9a-fA-F]{4}$/.test(hex)) fail('bad \\u escape')
            out += String.fromCharCode(Number.parseInt(hex, 16))
            i += 4
            break
          }
          default:
            i--
            fail('bad escape')
        }
        start = i
        continue
      }
      if (c < 0x20) fail('control character in string')
      i++
    }
  }

  const parseNumber = (): bigint | PyFloat => {
    const start = i
    if (text[i] === '-') i++
    if (text.startsWith('Infinity', i)) {
      i += 8
      return new PyFloat(text[start] === '-' ? -Infinity : Infinity)
    }
    if (text[i] === '0') i++
    else if (text[i]! >= '1' && text[i]! <= '9') while (i < n && text[i]! >= '0' && text[i]! <= '9') i++
    else fail('bad number')
    let isFloat = false
    if (text[i] === '.') {
      isFloat = true
      i++
      if (!(text[i]! >= '0' && text[i]! <= '9')) fail('bad number')
      while (i < n && text[i]! >= '0' && text[i]! <= '9') i++
    }
    if (text[i] === 'e' || text[i] === 'E') {
      isFloat = true
      i++
      if (text[i] === '+' || text[i] === '-') i++
      if (!(text[i]! >= '0' && text[i]! <= '9')) fail('bad number')
      while (i < n && text[i]! >= '0' && text[i]! <= '9') i++
    }
    const lit = text.slice(start, i)
    if (isFloat) return pyFloatFromText(Number(lit), lit)
    if (lit.length > maxIntDigits + 1) fail(`integer literal longer than ${maxIntDigits} digits`)
    return BigInt(lit)
  }

  const parseValue = (depth: number): PyValue => {
    if (depth > maxDepth) fail(`nesting deeper than ${maxDepth}`)
    ws()
    if (i >= n) fail('unexpected end of input')
    const ch = text[i]!
    if (ch === '{') {
      i++
      const d = new PyDict()
      ws()
      if (text[i] === '}') {
        i++
        return d
      }
      while (true) {
        ws()
        if (text[i] !== '"') fail('expected a string key')
        const key = parseString()
        ws()
        if (text[i] !== ':') fail("expected ':'")
        i++
        const v = parseValue(depth + 1)
        d.set(key, v)
        ws()
        if (text[i] === ',') {
          i++
          continue
        }
        if (text[i] === '}') {
          i++
          return d
        }
        fail("expected ',' or '}'")
      }
    }
    if (ch === '[') {
      i++
      const a: PyValue[] = []
      ws()
      if (text[i] === ']') {
        i++
        return a
      }
      while (true) {
        a.push(parseValue(depth + 1))
        ws()
        if (text[i] === ',') {
          i++
          continue
        }
        if (text[i] === ']') {
          i++
          return a
        }
        fail("expected ',' or ']'")
      }
    }
    if (ch === '"') return parseString()
    if (ch === '-' || (ch >= '0' && ch <= '9')) return parseNumber()
    if (text.startsWith('true', i)) {
      i += 4
      return true
    }
    if (text.startsWith('false', i)) {
      i += 5
      return false
    }
    if (text.startsWith('null', i)) {
      i += 4
      return null
    }
    if (text.startsWith('NaN', i)) {
      i += 3
      return new PyFloat(Number.NaN)
    }
    if (text.startsWith('Infinity', i)) {
      i += 8
      return new PyFloat(Infinity)
    }
    return fail(`unexpected character ${JSON.stringify(ch)}`)
  }

  // a UTF-8 BOM is tolerated, as Python's json does not but most senders never emit one
  if (text.charCodeAt(0) === 0xfeff) i = 1
  const v = parseValue(0)
  ws()
  if (i < n) fail('trailing characters after JSON value')
  return v
}

/** JSON text of a string (no ASCII escaping; lone surrogates escaped so the output stays valid UTF-8). */
export function jsonString(s: string): string {
  return JSON.stringify(s)
}

/**
 * Serialise a Python-shaped value as JSON. Floats keep Python's float form (`1.0`, `1e-05`), ints stay exact,
 * dict order is kept. NaN/Infinity are written as Python's json.dumps does (`NaN`, `Infinity`).
 */
export function stringifyPyJson(v: PyValue, floatText: (x: number) => string): string {
  if (v === null) return 'null'
  if (v === true) return 'true'
  if (v === false) return 'false'
  if (typeof v === 'string') return jsonString(v)
  if (typeof v === 'bigint') return v.toString()
  if (v instanceof PyFloat) {
    if (Number.isNaN(v.value)) return 'NaN'
    if (v.value === Infinity) return 'Infinity'
    if (v.value === -Infinity) return '-Infinity'
    return floatText(v.value)
  }
  if (v instanceof PyTuple) return stringifyPyJson(v.items, floatText)
  if (v instanceof PyDict) {
    return '{' + v.entries.map(([k, x]) => `${jsonString(String(k))}:${stringifyPyJson(x, floatText)}`).join(',') + '}'
  }
  return '[' + v.map((x) => stringifyPyJson(x, floatText)).join(',') + ']'
}

/** Plain JS view of a value (for handlers and --json): ints → number when safe else bigint, floats → number. */
export function toPlain(v: PyValue): unknown {
  if (v === null || typeof v === 'boolean' || typeof v === 'string') return v
  if (typeof v === 'bigint') return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v
  if (v instanceof PyFloat) return v.value
  if (v instanceof PyTuple) return v.items.map(toPlain)
  if (v instanceof PyDict) {
    const o: Record<string, unknown> = {}
    // an own property even for the key "__proto__" (as JSON.parse makes it): a miner's answer cannot set a prototype
    for (const [k, x] of v.entries) Object.defineProperty(o, String(k), {configurable: true, enumerable: true, value: toPlain(x), writable: true})
    return o
  }
  return v.map(toPlain)
}

/**
 * Python-shaped value from plain JS (handler results). Numbers: integers become ints, others floats
 * (a declared type can turn an int into a float later, see ./synapse.ts `coerce`).
 */
export function fromPlain(v: unknown, seen: Set<unknown> = new Set()): PyValue {
  if (v === null || v === undefined) return null
  if (typeof v === 'boolean' || typeof v === 'string') return v
  if (typeof v === 'bigint') return v
  if (typeof v === 'number') return Number.isInteger(v) && Number.isSafeInteger(v) ? BigInt(v) : new PyFloat(v)
  if (v instanceof PyFloat || v instanceof PyTuple || v instanceof PyDict) return v
  if (typeof v === 'object') {
    if (seen.has(v)) throw new TypeError('circular value')
    seen.add(v)
    try {
      if (Array.isArray(v)) return v.map((x) => fromPlain(x, seen))
      if (v instanceof Map) return new PyDict([...v].map(([k, x]) => [typeof k === 'bigint' ? k : String(k), fromPlain(x, seen)] as [string | bigint, PyValue]))
      const d = new PyDict()
      for (const [k, x] of Object.entries(v as Record<string, unknown>)) if (x !== undefined) d.set(k, fromPlain(x, seen))
      return d
    } finally {
      seen.delete(v)
    }
  }
  throw new TypeError(`cannot send a ${typeof v} value`)
}
