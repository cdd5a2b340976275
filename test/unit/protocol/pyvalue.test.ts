import fc from 'fast-check'
import {describe, expect, it} from 'vitest'

import {floatRepr} from '../../../src/protocol/pyrepr.js'
import {JsonSyntaxError, PyDict, PyFloat, fromPlain, parsePyJson, stringifyPyJson, toPlain} from '../../../src/protocol/pyvalue.js'
import {SynapseError, coerce, parseAnnotation, synapseFromDefinition} from '../../../src/protocol/synapse.js'

describe('lossless JSON parser', () => {
  it('keeps the int/float form, big ints and key order (what JSON.parse loses)', () => {
    const v = parsePyJson('{"b": 1, "1": 2.0, "a": 1180591620717411303424, "e": 1e2, "n": -0.0, "neg": -7}') as PyDict
    expect(v.keys()).toEqual(['b', '1', 'a', 'e', 'n', 'neg'])
    expect(v.get('b')).toBe(1n)
    expect(v.get('1')).toEqual(new PyFloat(2))
    expect(v.get('a')).toBe(1180591620717411303424n)
    expect(v.get('e')).toEqual(new PyFloat(100))
    expect(Object.is((v.get('n') as PyFloat).value, -0)).toBe(true)
    expect(Object.keys(JSON.parse('{"b": 1, "1": 2}'))).toEqual(['1', 'b'])
  })

  it('a repeated key keeps its first position and its last value (Python dict)', () => {
    const v = parsePyJson('{"a": 1, "b": 2, "a": 3}') as PyDict
    expect(v.entries).toEqual([
      ['a', 3n],
      ['b', 2n],
    ])
  })

  it('accepts NaN / Infinity as Python json does', () => {
    const v = parsePyJson('[NaN, Infinity, -Infinity]') as PyFloat[]
    expect(v.map((x) => x.value)).toEqual([Number.NaN, Infinity, -Infinity])
  })

  it('refuses malformed input with a position', () => {
    for (const bad of ['', '{', '[1,]', '{"a" 1}', '01', '1.', '.5', '"\\x"', '"a\u0001"', '[1] x', 'tru', '{"a":1,}', '-']) {
      expect(() => parsePyJson(bad), bad).toThrow(JsonSyntaxError)
    }
  })

  it('refuses absurd nesting and integer literals (a miner cannot stall the event loop)', () => {
    expect(() => parsePyJson('['.repeat(100_000) + ']'.repeat(100_000))).toThrow(/nesting/)
    expect(() => parsePyJson('9'.repeat(5000))).toThrow(/longer than 4300/)
    expect(parsePyJson('9'.repeat(4300))).toBe(BigInt('9'.repeat(4300)))
  })

  it('agrees with JSON.parse on everything JSON.parse represents exactly', () => {
    fc.assert(
      fc.property(fc.json({noUnicodeString: false}), (text) => {
        // ints beyond 2^53 stay exact here (bigint) where JSON.parse rounds them: compare as numbers
        const mine = JSON.parse(JSON.stringify(toPlain(parsePyJson(text)), (_k, v) => (typeof v === 'bigint' ? Number(v) : v)))
        expect(mine).toEqual(JSON.parse(text, (_k, v) => (Object.is(v, -0) ? 0 : v)) ?? null)
      }),
      {numRuns: 300},
    )
  })

  it('a "__proto__" key is an own property, as JSON.parse makes it, and sets no prototype', () => {
    const o = toPlain(parsePyJson('{"__proto__":{"polluted":1},"a":2}')) as Record<string, unknown>
    expect(Object.getPrototypeOf(o)).toBe(Object.prototype)
    expect(Object.keys(o)).toEqual(['__proto__', 'a'])
    expect((o as {polluted?: number}).polluted).toBeUndefined()
    expect(o).toEqual(JSON.parse('{"__proto__":{"polluted":1},"a":2}'))
  })

  it('round-trips through stringify, floats in Python form', () => {
    const text = '{"t":12.0,"x":[1,2.5,1e-05,1e+16],"s":"h\\u00e9","big":123456789012345678901234567890}'
    const v = parsePyJson(text)
    const out = stringifyPyJson(v, floatRepr)
    expect(out).toBe('{"t":12.0,"x":[1,2.5,1e-05,1e+16],"s":"hé","big":123456789012345678901234567890}')
    expect(parsePyJson(out)).toEqual(v)
  })

  it('fromPlain: integers become ints, other numbers floats', () => {
    expect(fromPlain({a: 1, b: 1.5, c: [true, null], d: 10n})).toEqual(
      new PyDict([
        ['a', 1n],
        ['b', new PyFloat(1.5)],
        ['c', [true, null]],
        ['d', 10n],
      ]),
    )
    const circ: Record<string, unknown> = {}
    circ.self = circ
    expect(() => fromPlain(circ)).toThrow(/circular/)
  })
})

describe('types and coercion (pydantic lax mode from JSON)', () => {
  it('parses Python annotations', () => {
    expect(parseAnnotation('Optional[list[str]]')).toEqual({optional: {list: 'str'}})
    expect(parseAnnotation('dict[str, Any]')).toEqual({dict: 'any'})
    expect(parseAnnotation('typing.Dict[int, float]')).toEqual({dict: 'float', keys: 'int'})
    expect(parseAnnotation('tuple[int, str]')).toEqual({tuple: ['int', 'str']})
    expect(parseAnnotation('tuple[float, ...]')).toEqual({tuple: 'float'})
    expect(parseAnnotation('float | None')).toEqual({optional: 'float'})
    expect(parseAnnotation('Union[None, int]')).toEqual({optional: 'int'})
    expect(() => parseAnnotation('int | str')).toThrow(SynapseError)
    expect(() => parseAnnotation('bytes')).toThrow(/unsupported type/)
    expect(() => parseAnnotation('list[int')).toThrow(SynapseError)
  })

  it('coerces as pydantic would, and names the path when it would refuse', () => {
    expect(coerce(1n, 'float', 'x')).toEqual(new PyFloat(1))
    expect(coerce(new PyFloat(3), 'int', 'x')).toBe(3n)
    expect(coerce('42', 'int', 'x')).toBe(42n)
    expect(coerce('yes', 'bool', 'x')).toBe(true)
    expect(() => coerce(new PyFloat(3.5), 'int', 'x')).toThrow(/x: expected int/)
    expect(() => coerce(5n, 'str', 'a.b')).toThrow(/a\.b: expected str/)
    expect(() => coerce([1n, 'x'], {list: 'int'}, 'l')).toThrow(/l\[1\]: expected int/)
    expect(() => coerce([1n], {tuple: ['int', 'str']}, 't')).toThrow(/expected 2 items/)
    const model = {model: [{hasDefault: false, name: 'a', type: 'int' as const}, {default: new PyFloat(0.5), hasDefault: true, name: 'b', type: 'float' as const}]}
    expect(coerce(new PyDict([['z', 1n], ['a', 2n]]), model, 'm')).toEqual(new PyDict([['a', 2n], ['b', new PyFloat(0.5)]]))
    expect(() => coerce(new PyDict(), model, 'm')).toThrow(/m\.a: field required/)
  })

  it('reads definition files: types, defaults, hash order; refuses mistakes with one clear message', () => {
    const def = synapseFromDefinition(`{"name": "EchoText", "fields": {"text": "str", "temperature": "float = 1.0", "tags": {"type": "list[str]", "default": []}, "note": "Optional[str] = None"}, "required_hash_fields": ["temperature", "text"]}`)
    expect(def.fields.map((f) => [f.name, f.hasDefault])).toEqual([
      ['text', false],
      ['temperature', true],
      ['tags', true],
      ['note', true],
    ])
    expect(def.fields[1]!.default).toEqual(new PyFloat(1))
    expect(def.hashFields).toEqual(['temperature', 'text'])
    expect(() => synapseFromDefinition('{"name":"X","fields":{"a":"int"},"required_hash_fields":["b"]}')).toThrow(/hash field "b" is not a field/)
    expect(() => synapseFromDefinition('{"name":"1X"}')).toThrow(/class name/)
    expect(() => synapseFromDefinition('{"name":"X","fields":{"timeout":"int"}}')).toThrow(/base Synapse field/)
    expect(() => synapseFromDefinition('{"name":"X","fields":{"a":"int = x"}}')).toThrow(/cannot read the default/)
    expect(() => synapseFromDefinition('{"name":"X","fields":{"a":"int = 1.5"}}')).toThrow(/default of a/)
    expect(() => synapseFromDefinition('not json')).toThrow(/not valid JSON/)
  })
})
