/**
 * Runtime metadata v15 and v16 for the light path, decoded with scale-ts (docs/performance.md says why that library), and
 * decoders built from its type registry on demand (only the types a command reads are ever built).
 *
 * Decoded values are plain data exactly as the full client's `toPlain` (../runtime-api.ts) gives them: integers
 * → bigint, accounts → SS58 strings, byte vectors and byte arrays → 0x hex, structs → objects with camelCase keys,
 * `Option::None` → null, enums with no data → the variant name, others → {Variant: value}. A type the light path
 * does not render the same way (bit sequences, maps, 256-bit integers) throws `LightUnsupported`; the command
 * then uses the full client.
 */
import type {Decoder} from 'scale-ts'

import {Bytes, Option, Tuple, Vector, bool, compact, createDecoder, enhanceDecoder, i128, i16, i32, i64, i8, str, u128, u16, u32, u64, u8} from 'scale-ts'

import {blake2, concat, fromHex, ss58Decode, ss58Encode, toHex, twox} from './hash.js'

export class LightUnsupported extends Error {}

const cmp = compact.dec
const optCmp = Option.dec(cmp)
const strs = Vector.dec(str.dec)
/** documentation strings, skipped without decoding them (most of the metadata's bytes are docs) */
const docs = createDecoder((b): string[] => {
  const at = b as unknown as {i: number}
  const n = Number(cmp(b))
  for (let k = 0; k < n; k++) {
    const len = Number(cmp(b))
    at.i += len
  }
  return []
})

type TypeDef =
  | {tag: 'composite'; fields: Field[]}
  | {tag: 'variant'; variants: {name: string; fields: Field[]; index: number}[]}
  | {tag: 'sequence'; type: number}
  | {tag: 'array'; len: number; type: number}
  | {tag: 'tuple'; types: number[]}
  | {tag: 'primitive'; prim: string}
  | {tag: 'compact'; type: number}
  | {tag: 'bitSequence'}

interface Field {
  name: string | undefined
  type: number
  typeName: string | undefined
}

interface PortableType {
  path: string[]
  def: TypeDef
}

// SCALE fields are decoded in order: tuples, not structs (whose key order a linter may sort)
const field = enhanceDecoder(Tuple.dec(Option.dec(str.dec), cmp, Option.dec(str.dec), docs), ([name, type, typeName]) => ({name, type: Number(type), typeName}))
const fields = Vector.dec(field)
const PRIMS = ['bool', 'char', 'str', 'u8', 'u16', 'u32', 'u64', 'u128', 'u256', 'i8', 'i16', 'i32', 'i64', 'i128', 'i256']

const variants = Vector.dec(Tuple.dec(str.dec, fields, u8.dec, docs))
const typeParams = Vector.dec(Tuple.dec(str.dec, optCmp))
const cmps = Vector.dec(cmp)

const typeDef = createDecoder((b): TypeDef => {
  const tag = u8.dec(b)
  switch (tag) {
    case 0:
      return {fields: fields(b), tag: 'composite'}
    case 1:
      return {
        tag: 'variant',
        variants: variants(b).map(([name, fs, index]) => ({fields: fs, index, name})),
      }
    case 2:
      return {tag: 'sequence', type: Number(cmp(b))}
    case 3: {
      const len = u32.dec(b)
      return {len, tag: 'array', type: Number(cmp(b))}
    }
    case 4:
      return {tag: 'tuple', types: cmps(b).map(Number)}
    case 5:
      return {prim: PRIMS[u8.dec(b)]!, tag: 'primitive'}
    case 6:
      return {tag: 'compact', type: Number(cmp(b))}
    case 7:
      cmp(b)
      cmp(b)
      return {tag: 'bitSequence'}
    default:
      throw new LightUnsupported(`metadata type definition ${tag}`)
  }
})

const portableType = createDecoder((b): PortableType => {
  cmp(b) // id: the index in the registry
  const path = strs(b)
  typeParams(b)
  const def = typeDef(b)
  docs(b)
  return {def, path}
})

const HASHERS = ['Blake2_128', 'Blake2_256', 'Blake2_128Concat', 'Twox128', 'Twox256', 'Twox64Concat', 'Identity'] as const
type Hasher = (typeof HASHERS)[number]

export interface StorageEntry {
  pallet: string
  name: string
  optional: boolean
  keys: {hasher: Hasher; type: number}[]
  value: number
  fallback: string
}

// metadata v16 adds deprecation info to pallets, storage entries, constants and runtime APIs (an item's) and to
// calls, events and errors (per enum variant); the light path reads none of it, so it is skipped
const optStr = Option.dec(str.dec)
const itemDeprecation = createDecoder((b) => {
  // 0 NotDeprecated, 1 DeprecatedWithoutNote, 2 Deprecated {note, since}
  if (u8.dec(b) === 2) {
    str.dec(b)
    optStr(b)
  }
  return null
})
// BTreeMap<u8, VariantDeprecationInfo>: 1 DeprecatedWithoutNote, 2 Deprecated {note, since} (0 is never used)
const enumDeprecation = Vector.dec(Tuple.dec(u8.dec, itemDeprecation))

const storageEntry = (version: 15 | 16) =>
  createDecoder((b) => {
    const name = str.dec(b)
    const optional = u8.dec(b) === 0
    const kind = u8.dec(b)
    let hashers: Hasher[] = []
    let key: number | undefined
    let value: number
    if (kind === 0) value = Number(cmp(b))
    else {
      hashers = Vector.dec(u8.dec)(b).map((h) => HASHERS[h]!)
      key = Number(cmp(b))
      value = Number(cmp(b))
    }
    const fallback = toHex(new Uint8Array(Bytes.dec()(b)))
    docs(b)
    if (version === 16) itemDeprecation(b)
    return {fallback, hashers, key, name, optional, value}
  })

const params = Vector.dec(enhanceDecoder(Tuple.dec(str.dec, cmp), ([name, type]) => ({name, type})))

const pallet = (version: 15 | 16) => {
  const entries = Vector.dec(storageEntry(version))
  // calls, events, errors: the type id (v15), the type id and variant deprecation (v16)
  const enumRef = version === 15 ? optCmp : Option.dec(enhanceDecoder(Tuple.dec(cmp, enumDeprecation), ([type]) => type))
  const constantFields = Tuple.dec(str.dec, cmp, Bytes.dec(), docs)
  const constants = Vector.dec(
    createDecoder((b) => {
      const [name, type, value] = constantFields(b)
      if (version === 16) itemDeprecation(b)
      return {name, type, value: new Uint8Array(value)}
    }),
  )
  // v16: associated types (name, type, docs) and view functions (id, name, inputs, output, docs, deprecation)
  const associatedTypes = Vector.dec(Tuple.dec(str.dec, cmp, docs))
  const viewFunctions = Vector.dec(Tuple.dec(Bytes.dec(32), str.dec, params, cmp, docs, itemDeprecation))
  return createDecoder((b) => {
    const name = str.dec(b)
    const storage = Option.dec(enhanceDecoder(Tuple.dec(str.dec, entries), ([prefix, es]) => ({entries: es, prefix})))(b)
    const calls = enumRef(b)
    enumRef(b) // event
    const cs = constants(b)
    enumRef(b) // error
    if (version === 16) {
      associatedTypes(b)
      viewFunctions(b)
    }
    u8.dec(b) // index
    docs(b)
    if (version === 16) itemDeprecation(b)
    return {calls: calls === undefined ? undefined : Number(calls), constants: cs, name, storage}
  })
}

// v15: (name, methods, docs); v16 adds each method's deprecation, and the API's version and deprecation
const methodFields = Tuple.dec(str.dec, params, cmp, docs)
const runtimeApis = (version: 15 | 16) =>
  Vector.dec(
    enhanceDecoder(
      Tuple.dec(
        str.dec,
        Vector.dec(
          createDecoder((b) => {
            const [name, inputs, output] = methodFields(b)
            if (version === 16) itemDeprecation(b)
            return {inputs, name, output}
          }),
        ),
        version === 15 ? docs : enhanceDecoder(Tuple.dec(docs, cmp, itemDeprecation), () => []),
      ),
      ([name, methods]) => ({methods, name}),
    ),
  )

export interface RuntimeApiDef {
  inputs: {name: string; type: number}[]
  output: number
}

/** The parts of metadata v15/v16 the light path reads, with decoders built on demand. */
export class LightMetadata {
  private readonly decoders = new Map<number, Decoder<unknown>>()
  private readonly storage = new Map<string, StorageEntry>()
  private readonly constants = new Map<string, {type: number; value: Uint8Array}>()
  private readonly apis = new Map<string, RuntimeApiDef>()
  private readonly calls = new Map<string, number>()
  private readonly prefixes = new Map<StorageEntry, string>()
  private readonly hashedArgs = new Map<string, string>()

  private constructor(
    private readonly types: PortableType[],
    readonly ss58Format: number,
  ) {}

  /** Decode cached metadata (0x hex of `meta` + version + v15 or v16). Throws LightUnsupported for other versions. */
  static fromHex(hex: string, ss58Format: number): LightMetadata {
    const bytes = fromHex(hex)
    const version = bytes[4]
    if (toHex(bytes.subarray(0, 4)) !== '0x6d657461' || (version !== 15 && version !== 16)) throw new LightUnsupported(`metadata version ${version}`)
    // a copy: scale-ts reads the whole underlying buffer of a view
    return LightMetadata.decode(bytes.slice(5), version, ss58Format)
  }

  private static decode(body: Uint8Array, version: 15 | 16, ss58Format: number): LightMetadata {
    return createDecoder((b) => {
      const types = Vector.dec(portableType)(b)
      const pallets = Vector.dec(pallet(version))(b)
      const md = new LightMetadata(types, ss58Format)
      for (const p of pallets) {
        for (const e of p.storage?.entries ?? []) {
          const keyTypes = e.key === undefined ? [] : e.hashers.length === 1 ? [e.key] : md.tupleTypes(e.key)
          md.storage.set(`${p.name}.${e.name}`, {fallback: e.fallback, keys: e.hashers.map((hasher, i) => ({hasher, type: keyTypes[i]!})), name: e.name, optional: e.optional, pallet: p.storage!.prefix, value: e.value})
        }
        if (p.calls !== undefined) md.calls.set(p.name, p.calls)
        for (const c of p.constants) md.constants.set(`${p.name}.${c.name}`, {type: Number(c.type), value: c.value})
      }
      if (version === 15) {
        // extrinsic (version, address, call, signature, extra, signed extensions) and the outer runtime type
        u8.dec(b)
        for (let i = 0; i < 4; i++) cmp(b)
        Vector.dec(Tuple.dec(str.dec, cmp, cmp))(b) // signed extensions
        cmp(b)
      } else {
        // extrinsic (versions, address, call, signature, transaction extensions by version, transaction extensions);
        // v16 has no outer runtime type
        Vector.dec(u8.dec)(b)
        for (let i = 0; i < 3; i++) cmp(b)
        Vector.dec(Tuple.dec(u8.dec, cmps))(b)
        Vector.dec(Tuple.dec(str.dec, cmp, cmp))(b) // identifier, type, implicit
      }
      for (const api of runtimeApis(version)(b)) {
        for (const m of api.methods) md.apis.set(`${api.name}_${m.name}`, {inputs: m.inputs.map((i) => ({name: i.name, type: Number(i.type)})), output: Number(m.output)})
      }
      return md
    })(body)
  }

  private tupleTypes(id: number): number[] {
    const d = this.types[id]!.def
    return d.tag === 'tuple' ? d.types : [id]
  }

  /** A storage entry (`Pallet.Item`, metadata names), or undefined when this runtime lacks it. */
  storageEntry(name: string): StorageEntry | undefined {
    return this.storage.get(name)
  }

  /** Does the pallet have this call (`Pallet`, the call's metadata name, e.g. `register_limit`)? */
  hasCall(pallet: string, call: string): boolean {
    const id = this.calls.get(pallet)
    const d = id === undefined ? undefined : this.types[id]!.def
    return d?.tag === 'variant' && d.variants.some((v) => v.name === call)
  }

  runtimeApi(api: string, method: string): RuntimeApiDef | undefined {
    return this.apis.get(`${api}_${method}`)
  }

  /** Does this runtime API return undescribed bytes (`Vec<u8>`, spec ≤ 225)? */
  returnsRawBytes(def: RuntimeApiDef): boolean {
    return this.isBytes(def.output)
  }

  isBytes(id: number): boolean {
    const d = this.types[id]!.def
    if (d.tag !== 'sequence') return false
    const inner = this.types[d.type]!.def
    return inner.tag === 'primitive' && inner.prim === 'u8'
  }

  constant(name: string): unknown {
    const c = this.constants.get(name)
    return c === undefined ? undefined : this.decoder(c.type)(c.value)
  }

  /** The storage key of `entry` for `args` (each encoded by its key type). */
  storageKey(entry: StorageEntry, ...args: unknown[]): string {
    let prefix = this.prefixes.get(entry)
    if (prefix === undefined) {
      prefix = toHex(concat(twox(new TextEncoder().encode(entry.pallet), 128), twox(new TextEncoder().encode(entry.name), 128)))
      this.prefixes.set(entry, prefix)
    }
    let key = prefix
    entry.keys.slice(0, args.length).forEach((k, i) => (key += this.hashedArg(k.hasher, k.type, args[i])))
    return key
  }

  /** One key argument, encoded and hashed, as hex without 0x; memoized for strings and numbers (a metagraph asks for
   * the same hotkey's hash in four maps: SS58 decoding and blake2 were most of building its keys). */
  private hashedArg(hasher: Hasher, type: number, arg: unknown): string {
    const memo = typeof arg === 'string' || typeof arg === 'number' ? `${hasher} ${type} ${typeof arg} ${arg}` : undefined
    const known = memo === undefined ? undefined : this.hashedArgs.get(memo)
    if (known !== undefined) return known
    const hex = toHex(hashKey(hasher, this.encodeArg(type, arg))).slice(2)
    if (memo !== undefined) this.hashedArgs.set(memo, hex)
    return hex
  }

  /** Decode a storage value (null when absent from an Optional entry; the default when absent otherwise). */
  storageValue(entry: StorageEntry, hex: string | null): unknown {
    if (hex === null) return entry.optional ? null : this.decoder(entry.value)(fromHex(entry.fallback))
    return this.decoder(entry.value)(fromHex(hex))
  }

  /** The key arguments of a full storage key (concat hashers only; others are not reversible). */
  storageArgs(entry: StorageEntry, key: string): unknown[] {
    const bytes = fromHex(key)
    let o = 32
    const out: unknown[] = []
    for (const k of entry.keys) {
      const skip = {Blake2_128: 16, Blake2_128Concat: 16, Blake2_256: 32, Identity: 0, Twox128: 16, Twox256: 32, Twox64Concat: 8}[k.hasher]
      o += skip
      if (k.hasher !== 'Blake2_128Concat' && k.hasher !== 'Twox64Concat' && k.hasher !== 'Identity') throw new LightUnsupported(`storage key hasher ${k.hasher}`)
      const [value, used] = this.decodeCounting(k.type, bytes.slice(o))
      out.push(value)
      o += used
    }
    return out
  }

  private decodeCounting(id: number, bytes: Uint8Array): [unknown, number] {
    let used = 0
    const value = createDecoder((b) => {
      const v = this.decoder(id)(b)
      used = (b as unknown as {i: number}).i
      return v
    })(bytes)
    return [value, used]
  }

  /** Encode a storage-key or runtime-API argument of a registry type: integers, accounts (SS58 or 0x hex) and byte arrays. */
  encodeArg(id: number, v: unknown): Uint8Array {
    const t = this.types[id]!
    const d = t.def
    if (d.tag === 'primitive') {
      const enc = ({bool: bool.enc, i128: i128.enc, i16: i16.enc, i32: i32.enc, i64: i64.enc, i8: i8.enc, u128: u128.enc, u16: u16.enc, u32: u32.enc, u64: u64.enc, u8: u8.enc} as Record<string, (x: never) => Uint8Array>)[d.prim]
      if (!enc) throw new LightUnsupported(`storage key of type ${d.prim}`)
      const wide = ['u64', 'u128', 'i64', 'i128'].includes(d.prim)
      return enc((typeof v === 'boolean' ? v : wide ? BigInt(v as number) : Number(v)) as never)
    }
    if (isAccount(t)) return typeof v === 'string' && !v.startsWith('0x') ? ss58Decode(v) : fromHex(String(v))
    if (d.tag === 'composite' && d.fields.length === 1) return this.encodeArg(d.fields[0]!.type, v)
    if (d.tag === 'array' && this.isU8(d.type)) return fromHex(String(v))
    throw new LightUnsupported(`storage key of type ${t.path.join('::') || d.tag}`)
  }

  private isU8(id: number): boolean {
    const d = this.types[id]!.def
    return d.tag === 'primitive' && d.prim === 'u8'
  }

  /** The plain-data decoder of a registry type (built once). */
  decoder(id: number): Decoder<unknown> {
    const hit = this.decoders.get(id)
    if (hit) return hit
    // a forwarding placeholder first, so recursive types resolve to the finished decoder
    const ref: {dec?: Decoder<unknown>} = {}
    this.decoders.set(
      id,
      createDecoder((b) => ref.dec!(b)),
    )
    ref.dec = this.build(id)
    this.decoders.set(id, ref.dec)
    return ref.dec
  }

  private build(id: number): Decoder<unknown> {
    const t = this.types[id]!
    const d = t.def
    const name = t.path.at(-1)
    if (isAccount(t)) return enhanceDecoder(Bytes.dec(32), (a) => ss58Encode(a, this.ss58Format))
    switch (d.tag) {
      case 'primitive':
        return primitive(d.prim)
      case 'compact': {
        const inner = this.types[d.type]!.def
        // Compact<()> wrappers and compact structs do not occur in what the light path reads
        if (inner.tag !== 'primitive') throw new LightUnsupported('compact of a non-primitive')
        return enhanceDecoder(cmp, (v) => BigInt(v))
      }
      case 'sequence':
        if (this.isU8(d.type)) return enhanceDecoder(Bytes.dec(), toHex)
        return Vector.dec(this.decoder(d.type))
      case 'array':
        if (this.isU8(d.type)) return enhanceDecoder(Bytes.dec(d.len), toHex)
        return Vector.dec(this.decoder(d.type), d.len)
      case 'tuple':
        if (d.types.length === 0) return createDecoder(() => null)
        return Tuple.dec(...(d.types.map((x) => this.decoder(x)) as [Decoder<unknown>]))
      case 'composite':
        if (name === 'BTreeMap' || name === 'BTreeSet') throw new LightUnsupported(name)
        return this.composite(d.fields)
      case 'variant':
        if (name === 'Option' && t.path.length === 1) {
          const some = d.variants.find((v) => v.name === 'Some')!
          // scale-ts gives undefined for None; the full client's toPlain gives null (JSON keeps the key)
          return enhanceDecoder(Option.dec(this.decoder(some.fields[0]!.type)), (v) => (v === undefined ? null : v))
        }
        return this.variant(d.variants)
      default:
        throw new LightUnsupported(d.tag)
    }
  }

  private composite(fs: Field[]): Decoder<unknown> {
    if (fs.length === 0) return createDecoder(() => null)
    if (fs.every((f) => f.name === undefined)) {
      if (fs.length === 1) return this.decoder(fs[0]!.type)
      return Tuple.dec(...(fs.map((f) => this.decoder(f.type)) as [Decoder<unknown>]))
    }
    const parts = fs.map((f) => [fieldKey(f.name!), this.decoder(f.type)] as const)
    return createDecoder((b) => {
      const out: Record<string, unknown> = {}
      for (const [k, dec] of parts) out[k] = dec(b)
      return out
    })
  }

  private variant(vs: {name: string; fields: Field[]; index: number}[]): Decoder<unknown> {
    const basic = vs.every((v) => v.fields.length === 0)
    const byIndex = new Map(vs.map((v) => [v.index, {dec: v.fields.length === 0 ? undefined : this.composite(v.fields), name: v.name}]))
    return createDecoder((b) => {
      const i = u8.dec(b)
      const v = byIndex.get(i)
      if (!v) throw new Error(`enum index ${i} not in the metadata`)
      if (basic) return v.name
      return {[v.name]: v.dec ? v.dec(b) : null}
    })
  }
}

const isAccount = (t: PortableType) => t.path.at(-1) === 'AccountId32' && t.def.tag === 'composite'

/** SCALE decoders of the primitive types, by their metadata names; integers come out as bigint. */
export const PRIMITIVE_DECODERS: Readonly<Record<string, Decoder<unknown>>> = {
  bool: bool.dec,
  i128: i128.dec,
  i16: enhanceDecoder(i16.dec, BigInt),
  i32: enhanceDecoder(i32.dec, BigInt),
  i64: i64.dec,
  i8: enhanceDecoder(i8.dec, BigInt),
  str: str.dec,
  u128: u128.dec,
  u16: enhanceDecoder(u16.dec, BigInt),
  u32: enhanceDecoder(u32.dec, BigInt),
  u64: u64.dec,
  u8: enhanceDecoder(u8.dec, BigInt),
}

function primitive(prim: string): Decoder<unknown> {
  const dec = Object.hasOwn(PRIMITIVE_DECODERS, prim) ? PRIMITIVE_DECODERS[prim] : undefined
  if (!dec) throw new LightUnsupported(`primitive ${prim}`)
  return dec
}

function hashKey(hasher: Hasher, data: Uint8Array): Uint8Array {
  switch (hasher) {
    case 'Blake2_128':
      return blake2(data, 16)
    case 'Blake2_256':
      return blake2(data, 32)
    case 'Blake2_128Concat':
      return concat(blake2(data, 16), data)
    case 'Twox128':
      return twox(data, 128)
    case 'Twox256':
      return twox(data, 256)
    case 'Twox64Concat':
      return concat(twox(data, 64), data)
    case 'Identity':
      return data
  }
}

export const camel = (s: string): string => s.replace(/_([a-z0-9])/g, (_, ch: string) => ch.toUpperCase())

// @polkadot/types renames struct fields that clash with its codec objects (`hash` → `hash_`), and toPlain keeps that
const RESERVED_FIELDS = new Set(['entries', 'hash', 'keys', 'new', 'registry', 'size'])
const fieldKey = (name: string): string => {
  const key = camel(name)
  return RESERVED_FIELDS.has(key) ? `${key}_` : key
}
