/**
 * Synapse definitions (name, fields with Python types, required hash fields), the value coercion pydantic would
 * apply to a JSON body, and the body hash (dendrite-protocol §4).
 */
import {createHash} from 'node:crypto'

import {pyStr} from './pyrepr.js'
import {JsonSyntaxError, PyDict, PyFloat, PyTuple, type PyValue, parsePyJson, pyFloatFromText} from './pyvalue.js'

/**
 * Type of a field, as the vectors' legend: 'int' | 'float' | 'str' | 'bool' | 'any' | {list:T} | {tuple:[T..]}
 * (or {tuple:T} for tuple[T, ...]) | {dict:T, keys?:'str'|'int'} | {model:[[field,T(,default)],..]} | {optional:T}.
 */
export type TypeDesc =
  | 'int'
  | 'float'
  | 'str'
  | 'bool'
  | 'any'
  | 'none'
  | {list: TypeDesc}
  | {tuple: TypeDesc[] | TypeDesc}
  | {dict: TypeDesc; keys?: 'str' | 'int'}
  | {model: ModelField[]}
  | {optional: TypeDesc}

export interface ModelField {
  name: string
  type: TypeDesc
  hasDefault: boolean
  default?: PyValue
}

export type FieldDef = ModelField

export interface SynapseDef {
  /** the route: the Python class name */
  name: string
  /** subclass fields in declaration (model_dump) order */
  fields: FieldDef[]
  /** required_hash_fields in hashing order */
  hashFields: string[]
  /** false when built from a bare --body (every field typed 'any' and treated as required) */
  typed: boolean
}

/** A value that pydantic would refuse, or a definition that cannot be used. */
export class SynapseError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'SynapseError'
  }
}

/** Fields every Synapse has; they are set by the dendrite and never taken from a user's body. */
export const BASE_FIELDS = ['name', 'timeout', 'total_size', 'header_size', 'dendrite', 'axon', 'computed_body_hash'] as const
export const TERMINAL_FIELDS = ['status_code', 'status_message', 'process_time', 'ip', 'port', 'version', 'nonce', 'uuid', 'hotkey', 'signature'] as const

export const EMPTY_BODY_HASH = 'a7ffc6f8bf1ed76651c14756a061d662f580ff4de43b49fa82d80a4b80f8434a'

const NAME_RE = /^[A-Za-z_][A-Za-z0-9_]*$/

export function sha3Hex(text: string): string {
  return createHash('sha3-256').update(text, 'utf8').digest('hex')
}

// ---- Python annotation strings → TypeDesc -----------------------------------------------------

/** Parse a Python annotation such as `Optional[list[str]]`, `dict[str, Any]`, `tuple[int, ...]`, `float | None`. */
export function parseAnnotation(src: string): TypeDesc {
  const toks = src.match(/\.\.\.|[A-Za-z_][A-Za-z0-9_.]*|[[\],|()]|\S/g) ?? []
  let i = 0
  const peek = () => toks[i]
  const take = (t?: string) => {
    const got = toks[i++]
    if (t !== undefined && got !== t) throw new SynapseError(`bad type ${JSON.stringify(src)}: expected '${t}', got ${got === undefined ? 'end' : `'${got}'`}`)
    return got
  }
  const parseUnion = (): TypeDesc => {
    const parts: TypeDesc[] = [parseAtom()]
    while (peek() === '|') {
      take()
      parts.push(parseAtom())
    }
    return union(parts)
  }
  const union = (parts: TypeDesc[]): TypeDesc => {
    const nonNone = parts.filter((p) => p !== 'none')
    if (nonNone.length === 0) return 'none'
    if (nonNone.length > 1) throw new SynapseError(`unsupported type ${JSON.stringify(src)}: only unions with None are supported (use Any)`)
    return nonNone.length < parts.length ? {optional: nonNone[0]!} : nonNone[0]!
  }
  /** `[T, U, ...]`: the argument types, and whether the last one was `...` (tuple[T, ...]). */
  const args = (): {items: TypeDesc[]; ellipsis: boolean} => {
    take('[')
    const items: TypeDesc[] = []
    let ellipsis = false
    if (peek() === ']') {
      take()
      return {ellipsis, items}
    }
    while (true) {
      if (peek() === '...') {
        take()
        ellipsis = true
      } else if (peek() === '(') {
        take('(')
        take(')')
      } else items.push(parseUnion())
      if (peek() === ',') {
        take()
        continue
      }
      take(']')
      return {ellipsis, items}
    }
  }
  const parseAtom = (): TypeDesc => {
    const raw = take()
    if (raw === undefined) throw new SynapseError(`bad type ${JSON.stringify(src)}: unexpected end`)
    const name = raw.replace(/^(typing|builtins|t)\./, '')
    const hasArgs = peek() === '['
    const {ellipsis, items: a} = hasArgs ? args() : {ellipsis: false, items: [] as TypeDesc[]}
    const arity = (k: number) => {
      if (hasArgs && a.length !== k) throw new SynapseError(`bad type ${JSON.stringify(src)}: ${name} takes ${k} argument(s)`)
    }
    switch (name) {
      case 'int':
        return 'int'
      case 'float':
        return 'float'
      case 'str':
        return 'str'
      case 'bool':
        return 'bool'
      case 'Any':
      case 'any':
      case 'object':
        return 'any'
      case 'None':
      case 'NoneType':
        return 'none'
      case 'list':
      case 'List':
      case 'Sequence':
        arity(1)
        return {list: a[0] ?? 'any'}
      case 'tuple':
      case 'Tuple': {
        if (!hasArgs) return {tuple: 'any'}
        if (ellipsis) return {tuple: a[0] ?? 'any'}
        return {tuple: a}
      }
      case 'dict':
      case 'Dict':
      case 'Mapping': {
        arity(2)
        const key = a[0] ?? 'str'
        if (key !== 'str' && key !== 'int') throw new SynapseError(`unsupported type ${JSON.stringify(src)}: dict keys must be str or int`)
        return key === 'int' ? {dict: a[1] ?? 'any', keys: 'int'} : {dict: a[1] ?? 'any'}
      }
      case 'Optional':
        arity(1)
        return {optional: a[0]!}
      case 'Union':
        return union(a)
      default:
        throw new SynapseError(`unsupported type ${JSON.stringify(raw)} in ${JSON.stringify(src)} (use int, float, str, bool, Any, list[…], tuple[…], dict[str, …], Optional[…])`)
    }
  }
  const t = parseUnion()
  if (i < toks.length) throw new SynapseError(`bad type ${JSON.stringify(src)}: unexpected '${toks[i]}'`)
  return t
}

/** A type given as an annotation string or a legend object (parsed JSON). */
export function typeFrom(v: PyValue, where: string): TypeDesc {
  if (typeof v === 'string') {
    if (['int', 'float', 'str', 'bool', 'any', 'none'].includes(v)) return v as TypeDesc
    return parseAnnotation(v)
  }
  if (v instanceof PyDict && v.entries.length >= 1) {
    const [k, x] = v.entries[0]!
    if (k === 'list') return {list: typeFrom(x, where)}
    if (k === 'optional') return {optional: typeFrom(x, where)}
    if (k === 'dict') {
      const keys = v.get('keys')
      if (keys !== undefined && keys !== 'str' && keys !== 'int') throw new SynapseError(`${where}: dict keys must be "str" or "int"`)
      return keys === 'int' ? {dict: typeFrom(x, where), keys: 'int'} : {dict: typeFrom(x, where)}
    }
    if (k === 'tuple') return Array.isArray(x) ? {tuple: x.map((y) => typeFrom(y, where))} : {tuple: typeFrom(x, where)}
    if (k === 'model') {
      if (!Array.isArray(x)) throw new SynapseError(`${where}: model must be a list of [field, type] pairs`)
      return {
        model: x.map((f) => {
          if (!Array.isArray(f) || f.length < 2 || typeof f[0] !== 'string') throw new SynapseError(`${where}: model fields are [name, type] or [name, type, default]`)
          return {default: f[2], hasDefault: f.length > 2, name: f[0], type: typeFrom(f[1]!, `${where}.${f[0]}`)}
        }),
      }
    }
  }
  throw new SynapseError(`${where}: not a type: ${describe(v)}`)
}

function describe(v: PyValue): string {
  if (v === null) return 'null'
  if (typeof v === 'bigint') return v.toString()
  if (v instanceof PyFloat) return String(v.value)
  if (typeof v === 'string') return JSON.stringify(v)
  if (Array.isArray(v)) return 'a list'
  if (v instanceof PyDict) return 'an object'
  return String(v)
}

// ---- coercion (pydantic v2 lax mode from JSON) -------------------------------------------------

function typeName(t: TypeDesc): string {
  if (typeof t === 'string') return t
  if ('list' in t) return `list[${typeName(t.list)}]`
  if ('optional' in t) return `Optional[${typeName(t.optional)}]`
  if ('dict' in t) return `dict[${t.keys ?? 'str'}, ${typeName(t.dict)}]`
  if ('tuple' in t) return Array.isArray(t.tuple) ? `tuple[${t.tuple.map(typeName).join(', ')}]` : `tuple[${typeName(t.tuple)}, ...]`
  return 'model'
}

/**
 * The value pydantic would hold after validating JSON `v` as type `t` (what `model_dump()` then returns).
 * Throws SynapseError naming the path when pydantic would refuse it.
 */
export function coerce(v: PyValue, t: TypeDesc, path: string): PyValue {
  const bad = (): never => {
    throw new SynapseError(`${path}: expected ${typeName(t)}, got ${describe(v)}`)
  }
  if (typeof t === 'string') {
    switch (t) {
      case 'any':
        return v
      case 'none':
        return v === null ? null : bad()
      case 'int':
        if (typeof v === 'bigint') return v
        if (typeof v === 'boolean') return v ? 1n : 0n
        if (v instanceof PyFloat) return Number.isInteger(v.value) ? BigInt(v.value) : bad()
        if (typeof v === 'string' && /^\s*[+-]?\d+(_\d+)*\s*$/.test(v)) return BigInt(v.trim().replaceAll('_', ''))
        return bad()
      case 'float':
        if (v instanceof PyFloat) return v
        // the int's text is kept for lossless output (the miner sent `1`, Python holds 1.0)
        if (typeof v === 'bigint') return pyFloatFromText(Number(v), v.toString())
        if (typeof v === 'boolean') return new PyFloat(v ? 1 : 0)
        if (typeof v === 'string') {
          const s = v.trim().toLowerCase()
          if (/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/.test(s)) return new PyFloat(Number(s))
          if (/^[+-]?(inf|infinity)$/.test(s)) return new PyFloat(s.startsWith('-') ? -Infinity : Infinity)
          if (/^[+-]?nan$/.test(s)) return new PyFloat(Number.NaN)
        }
        return bad()
      case 'str':
        return typeof v === 'string' ? v : bad()
      case 'bool':
        if (typeof v === 'boolean') return v
        if (typeof v === 'bigint' && (v === 0n || v === 1n)) return v === 1n
        if (v instanceof PyFloat && (v.value === 0 || v.value === 1)) return v.value === 1
        if (typeof v === 'string') {
          const s = v.trim().toLowerCase()
          if (['1', 'true', 't', 'yes', 'y', 'on'].includes(s)) return true
          if (['0', 'false', 'f', 'no', 'n', 'off'].includes(s)) return false
        }
        return bad()
    }
  }
  if ('optional' in t) return v === null ? null : coerce(v, t.optional, path)
  if ('list' in t) {
    if (!Array.isArray(v)) return bad()
    return v.map((x, i) => coerce(x, t.list, `${path}[${i}]`))
  }
  if ('tuple' in t) {
    const items = Array.isArray(v) ? v : v instanceof PyTuple ? v.items : bad()
    if (Array.isArray(t.tuple)) {
      if (items.length !== t.tuple.length) throw new SynapseError(`${path}: expected ${t.tuple.length} items, got ${items.length}`)
      const types = t.tuple
      return new PyTuple(items.map((x, i) => coerce(x, types[i]!, `${path}[${i}]`)))
    }
    const each = t.tuple
    return new PyTuple(items.map((x, i) => coerce(x, each, `${path}[${i}]`)))
  }
  if ('dict' in t) {
    if (!(v instanceof PyDict)) return bad()
    const out = new PyDict()
    for (const [k, x] of v.entries) {
      let key: string | bigint = k
      if (t.keys === 'int') {
        key = coerce(k, 'int', `${path} key ${JSON.stringify(String(k))}`) as bigint
      } else if (typeof k !== 'string') key = String(k)
      out.set(key, coerce(x, t.dict, `${path}[${JSON.stringify(String(k))}]`))
    }
    return out
  }
  // model: dict in field order; missing fields take their default; unknown keys are dropped (extra='ignore')
  if (!(v instanceof PyDict)) return bad()
  const out = new PyDict()
  for (const f of t.model) {
    if (v.has(f.name)) out.set(f.name, coerce(v.get(f.name)!, f.type, `${path}.${f.name}`))
    else if (f.hasDefault) out.set(f.name, f.default === undefined ? null : coerce(f.default, f.type, `${path}.${f.name}`))
    else throw new SynapseError(`${path}.${f.name}: field required`)
  }
  return out
}

// ---- definitions -------------------------------------------------------------------------------

/** Parse a default written after `=` in a field string: None/True/False, JSON, or a simple 'quoted' string. */
function parseDefaultLiteral(src: string, where: string): PyValue {
  const s = src.trim()
  if (s === 'None') return null
  if (s === 'True') return true
  if (s === 'False') return false
  const single = /^'([^'\\]*)'$/.exec(s)
  if (single) return single[1]!
  try {
    return parsePyJson(s.replaceAll('None', 'null').replaceAll('True', 'true').replaceAll('False', 'false'))
  } catch {
    throw new SynapseError(`${where}: cannot read the default ${JSON.stringify(s)}`)
  }
}

function fieldFrom(name: string, spec: PyValue, where: string): FieldDef {
  if (typeof spec === 'string') {
    const eq = spec.indexOf('=')
    if (eq >= 0) {
      const type = typeFrom(spec.slice(0, eq).trim(), where)
      return {default: parseDefaultLiteral(spec.slice(eq + 1), where), hasDefault: true, name, type}
    }
    return {hasDefault: false, name, type: typeFrom(spec, where)}
  }
  if (spec instanceof PyDict && spec.has('type')) {
    const type = typeFrom(spec.get('type')!, where)
    return spec.has('default') ? {default: spec.get('default')!, hasDefault: true, name, type} : {hasDefault: false, name, type}
  }
  return {hasDefault: false, name, type: typeFrom(spec, where)}
}

/**
 * Read a synapse definition (JSON text or parsed value):
 * `{"name": "Dummy", "fields": {"dummy_input": "int", "dummy_output": "Optional[int] = None"},
 *   "required_hash_fields": ["dummy_input"], "hash_order": "declared" | "fields"}`.
 * A field is a type (annotation string or legend object), `"type = default"`, or `{"type": T, "default": V}`.
 */
export function synapseFromDefinition(input: string | PyValue, source = 'synapse definition'): SynapseDef {
  let v: PyValue
  try {
    v = typeof input === 'string' ? parsePyJson(input) : input
  } catch (error) {
    throw new SynapseError(`${source}: not valid JSON (${(error as JsonSyntaxError).message})`)
  }
  if (!(v instanceof PyDict)) throw new SynapseError(`${source}: must be a JSON object`)
  const name = v.get('name')
  if (typeof name !== 'string' || !NAME_RE.test(name)) throw new SynapseError(`${source}: "name" must be the synapse class name (letters, digits, _)`)
  const fieldsV = v.get('fields') ?? new PyDict()
  if (!(fieldsV instanceof PyDict)) throw new SynapseError(`${source}: "fields" must be an object of field name → type`)
  const fields: FieldDef[] = []
  for (const [k, spec] of fieldsV.entries) {
    const fname = String(k)
    if (!NAME_RE.test(fname)) throw new SynapseError(`${source}: bad field name ${JSON.stringify(fname)}`)
    if ((BASE_FIELDS as readonly string[]).includes(fname)) throw new SynapseError(`${source}: "${fname}" is a base Synapse field and cannot be redefined`)
    fields.push(fieldFrom(fname, spec, `${source}: field ${fname}`))
  }
  const hv = v.get('required_hash_fields') ?? v.get('hash_fields') ?? []
  if (!Array.isArray(hv) || hv.some((x) => typeof x !== 'string')) throw new SynapseError(`${source}: "required_hash_fields" must be a list of field names`)
  const order = v.get('hash_order') ?? 'declared'
  if (order !== 'declared' && order !== 'fields') throw new SynapseError(`${source}: "hash_order" is "declared" (ClassVar tuple order) or "fields" (legacy: field order)`)
  return makeDef(name, fields, hv as string[], order, true, source)
}

function makeDef(name: string, fields: FieldDef[], hashFields: string[], order: 'declared' | 'fields', typed: boolean, source: string): SynapseDef {
  const names = fields.map((f) => f.name)
  for (const h of hashFields) {
    if (!names.includes(h)) throw new SynapseError(`${source}: hash field "${h}" is not a field of ${name} (fields: ${names.join(', ') || 'none'})`)
  }
  if (new Set(hashFields).size !== hashFields.length) throw new SynapseError(`${source}: a hash field is listed twice`)
  const ordered = order === 'fields' ? [...hashFields].sort((a, b) => names.indexOf(a) - names.indexOf(b)) : hashFields
  // defaults must themselves be valid for their type
  for (const f of fields) if (f.hasDefault && f.default !== undefined) f.default = coerce(f.default, f.type, `${source}: default of ${f.name}`)
  return {fields, hashFields: ordered, name, typed}
}

/** A definition from a bare body: every body field typed 'any' (lexical int/float) and treated as required. */
export function adhocSynapse(name: string, body: PyDict, hashFields: string[]): SynapseDef {
  if (!NAME_RE.test(name)) throw new SynapseError(`synapse name must be a Python class name (letters, digits, _): ${JSON.stringify(name)}`)
  const fields: FieldDef[] = body.keys()
    .map(String)
    .filter((k) => !(BASE_FIELDS as readonly string[]).includes(k))
    .map((k) => ({hasDefault: false, name: k, type: 'any' as const}))
  return makeDef(name, fields, hashFields, 'declared', false, '«hashFields»')
}

/** Override the hash fields of a definition (e.g. the hash fields given with a synapse file). */
export function withHashFields(def: SynapseDef, hashFields: string[]): SynapseDef {
  return makeDef(def.name, def.fields, hashFields, 'declared', def.typed, '«hashFields»')
}

/**
 * The subclass fields as pydantic would dump them: definition order, values coerced, defaults filled in.
 * Base fields in the body are ignored. Unknown fields are refused for typed definitions (likely typos).
 */
export function prepareFields(def: SynapseDef, body: PyDict, opts: {allowUnknown?: boolean} = {}): PyDict {
  const out = new PyDict()
  const known = new Set(def.fields.map((f) => f.name))
  if (!opts.allowUnknown) {
    for (const k of body.keys()) {
      const key = String(k)
      if (!known.has(key) && !(BASE_FIELDS as readonly string[]).includes(key) && key !== 'required_hash_fields') {
        throw new SynapseError(`unknown field "${key}" for ${def.name} (fields: ${[...known].join(', ') || 'none'})`)
      }
    }
  }
  for (const f of def.fields) {
    if (body.has(f.name)) out.set(f.name, coerce(body.get(f.name)!, f.type, f.name))
    else if (f.hasDefault) out.set(f.name, f.default ?? null)
    else throw new SynapseError(`${f.name}: field required`)
  }
  return out
}

export interface BodyHash {
  hash: string
  perField: {field: string; pythonStr: string; digest: string}[]
}

/** sha3_256(concat(sha3_256(str(field)) for field in required_hash_fields)). */
export function bodyHash(def: SynapseDef, fields: PyDict): BodyHash {
  const perField = def.hashFields.map((f) => {
    if (!fields.has(f)) throw new SynapseError(`hash field "${f}" has no value`)
    const pythonStr = pyStr(fields.get(f)!)
    return {digest: sha3Hex(pythonStr), field: f, pythonStr}
  })
  return {hash: sha3Hex(perField.map((p) => p.digest).join('')), perField}
}

/** JSON of `type(value)()` for the dumped value (what `bt_header_input_obj_*` carries). */
function emptyInstanceJson(v: PyValue): string {
  if (typeof v === 'bigint') return '0'
  if (v instanceof PyFloat) return '0.0'
  if (typeof v === 'string') return '""'
  if (typeof v === 'boolean') return 'false'
  if (Array.isArray(v) || v instanceof PyTuple) return '[]'
  return '{}'
}

/** `bt_header_input_obj_<field>` headers: required fields (no default) whose value is not None. */
export function inputObjHeaders(def: SynapseDef, fields: PyDict): Record<string, string> {
  const h: Record<string, string> = {}
  for (const f of def.fields) {
    if (f.hasDefault) continue
    const v = fields.get(f.name)
    if (v === undefined || v === null) continue
    h[`bt_header_input_obj_${f.name}`] = Buffer.from(emptyInstanceJson(v), 'utf8').toString('base64')
  }
  return h
}
