/**
 * The shared golden vectors (../shared/vectors/dendrite.json, produced by the real Python SDK 10.2.0) hold:
 * body hashes with Python text forms, repr tables, input_obj placeholders, the signed message and signatures,
 * the request shape, version ints and IP encoding. The file itself is read with our lossless parser (it holds
 * nonces beyond 2^53 and floats written as `1.0`).
 */
import {readFileSync} from 'node:fs'
import path from 'node:path'
import {beforeAll, describe, expect, it} from 'vitest'

import {announceRefusal, formatIp as ipToString, parseIp} from '../../../src/util/ip.js'
import {PROTOCOL_VERSION, buildRequest, prepareSynapse, signatureMessage, versionAsInt} from '../../../src/protocol/protocol.js'
import {floatRepr, pyRepr, strRepr} from '../../../src/protocol/pyrepr.js'
import {PyDict, PyFloat, PyTuple, type PyValue, parsePyJson, toPlain} from '../../../src/protocol/pyvalue.js'
import {type Sr25519, sr25519} from '../../../src/protocol/sr25519.js'
import {EMPTY_BODY_HASH, bodyHash, inputObjHeaders, prepareFields, sha3Hex, synapseFromDefinition} from '../../../src/protocol/synapse.js'
import {SHARED} from '../../helpers/paths.js'

const V = parsePyJson(readFileSync(path.join(SHARED, 'vectors', 'dendrite.json'), 'utf8')) as PyDict

/** Walk a parsed vector: g(v, 'a', 'b', 0) */
function g(v: PyValue | undefined, ...keys: (string | number)[]): any {
  let cur: PyValue | undefined = v
  for (const k of keys) {
    if (typeof k === 'number') cur = (cur as PyValue[])[k]
    else cur = (cur as PyDict).get(k)
    if (cur === undefined) throw new Error(`vector path missing: ${keys.join('.')}`)
  }
  return cur
}


describe('body hash vectors (Python str() of each hash field, sha3-256)', () => {
  const cases = g(V, 'body_hash', 'cases') as PyDict[]

  it('has all nine cases', () => {
    expect(cases.map((c) => g(c, 'name'))).toEqual([
      'no_hash_fields',
      'dummy_int',
      'sdk_unit_test',
      'echo_mixed',
      'string_repr',
      'float_repr',
      'nested',
      'order_classvar',
      'legacy_field_order',
    ])
  })

  for (const c of cases) {
    it(`${g(c, 'name')}: per-field python_str, digests and body hash match`, () => {
      const body = g(c, 'json_body_fields') as PyDict
      const types = new Map((g(c, 'type_descriptors_for_hash_fields') as PyValue[][]).map(([k, t]) => [k as string, t!]))
      const fields = new PyDict(body.keys().map((k) => [k, types.get(String(k)) ?? 'any']))
      const legacy = c.has('json_body_includes_required_hash_fields')
      const def = synapseFromDefinition(
        new PyDict([
          ['name', g(c, 'class')],
          ['fields', fields],
          ['required_hash_fields', legacy ? g(c, 'json_body_includes_required_hash_fields') : g(c, 'hash_fields_in_order')],
          ['hash_order', legacy ? 'fields' : 'declared'],
        ]),
      )
      expect(def.hashFields).toEqual(g(c, 'hash_fields_in_order'))
      const prepared = prepareFields(def, body)
      const h = bodyHash(def, prepared)
      const expected = g(c, 'per_field') as PyDict[]
      expect(h.perField.map((p) => p.field)).toEqual(expected.map((e) => g(e, 'field')))
      for (const [i, e] of expected.entries()) {
        expect(h.perField[i]!.pythonStr).toBe(g(e, 'python_str'))
        expect(h.perField[i]!.digest).toBe(g(e, 'sha3_256_of_str'))
      }
      expect(h.perField.map((p) => p.digest).join('')).toBe(g(c, 'concatenated_hex_digests'))
      expect(h.hash).toBe(g(c, 'body_hash'))
    })
  }

  it('no hash fields hash to sha3("")', () => {
    expect(sha3Hex('')).toBe(EMPTY_BODY_HASH)
  })

  it('the same values typed differently hash differently (1 vs 1.0), as in Python', () => {
    const mk = (t: string) => synapseFromDefinition(`{"name":"X","fields":{"x":"${t}"},"required_hash_fields":["x"]}`)
    const body = parsePyJson('{"x": 1}') as PyDict
    const asInt = bodyHash(mk('int'), prepareFields(mk('int'), body)).hash
    const asFloat = bodyHash(mk('float'), prepareFields(mk('float'), body)).hash
    const asAnyFloat = bodyHash(mk('any'), prepareFields(mk('any'), parsePyJson('{"x": 1.0}') as PyDict)).hash
    expect(asInt).not.toBe(asFloat)
    expect(asFloat).toBe(asAnyFloat)
    expect(bodyHash(mk('any'), prepareFields(mk('any'), body)).hash).toBe(asInt)
  })
})

describe('python repr tables', () => {
  it('float repr (23 values)', () => {
    const rows = g(V, 'python_repr_tables', 'float_repr') as PyDict[]
    expect(rows.length).toBe(23)
    for (const r of rows) expect(floatRepr(Number(g(r, 'value_repr')))).toBe(g(r, 'value_repr'))
  })

  it('str repr (28 strings, by code point)', () => {
    const rows = g(V, 'python_repr_tables', 'str_repr') as PyDict[]
    expect(rows.length).toBe(28)
    for (const r of rows) {
      const s = String.fromCodePoint(...(g(r, 'codepoints') as bigint[]).map(Number))
      expect(strRepr(s)).toBe(g(r, 'repr'))
    }
  })

  it('container forms', () => {
    const rows = g(V, 'python_repr_tables', 'containers') as PyDict[]
    const values: Record<string, PyValue> = {
      '[]': [],
      '{}': new PyDict(),
      '()': new PyTuple([]),
      '(1,)': new PyTuple([1n]),
      '[True, False, None]': [true, false, null],
      "{'a': [1, 2.0], 'b': {'c': None}}": new PyDict([
        ['a', [1n, new PyFloat(2)]],
        ['b', new PyDict([['c', null]])],
      ]),
      "[[], {}, ['x']]": [[], new PyDict(), ['x']],
      "{1: 'int key'}": new PyDict([[1n, 'int key']]),
    }
    expect(rows.length).toBe(Object.keys(values).length)
    for (const r of rows) expect(pyRepr(values[g(r, 'python')]!)).toBe(g(r, 'repr'))
  })

  it('dict[int, …] fields give int keys', () => {
    const def = synapseFromDefinition('{"name":"K","fields":{"m":"dict[int, str]"},"required_hash_fields":["m"]}')
    const f = prepareFields(def, parsePyJson('{"m": {"1": "int key"}}') as PyDict)
    expect(bodyHash(def, f).perField[0]!.pythonStr).toBe("{1: 'int key'}")
  })
})

describe('input_obj placeholder headers', () => {
  it('one per Python type: base64 of an empty instance', () => {
    const by = g(V, 'input_obj_headers', 'by_python_type') as PyDict
    const sample: Record<string, [string, string]> = {
      bool: ['bool', 'true'],
      dict: ['dict[str, Any]', '{"k": 1}'],
      float: ['float', '2.5'],
      int: ['int', '7'],
      list: ['list[int]', '[1, 2]'],
      str: ['str', '"x"'],
    }
    for (const [py, [type, value]] of Object.entries(sample)) {
      const def = synapseFromDefinition(`{"name":"T","fields":{"f":"${type}"}}`)
      const h = inputObjHeaders(def, prepareFields(def, parsePyJson(`{"f": ${value}}`) as PyDict))
      expect(h.bt_header_input_obj_f).toBe(g(by, py, 'header_value'))
    }
  })

  it('only required fields (no default) that are not None get one', () => {
    const def = synapseFromDefinition('{"name":"EchoText","fields":{"text":"str","note":"Optional[str] = None","n":"int = 3"}}')
    const h = inputObjHeaders(def, prepareFields(def, parsePyJson('{"text":"hi","n":5}') as PyDict))
    expect(Object.keys(h)).toEqual(['bt_header_input_obj_text'])
    expect(g(V, 'input_obj_headers', 'echotext_required_fields')).toEqual(['text'])
  })
})

describe('signature vectors', () => {
  let impl: Sr25519
  beforeAll(async () => {
    impl = await sr25519()
  })

  it('the signed message is nonce.dendrite.axon.uuid.bodyhash', () => {
    const s = g(V, 'signature') as PyDict
    const msg = signatureMessage({axonHotkey: g(s, 'axon_hotkey_ss58'), bodyHash: g(s, 'body_hash'), dendriteHotkey: g(s, 'dendrite_hotkey_ss58'), nonce: g(s, 'nonce'), uuid: g(s, 'uuid')})
    expect(msg).toBe(g(s, 'message'))
    expect(Buffer.from(msg, 'utf8').toString('hex')).toBe(g(s, 'message_utf8_hex'))
    expect(g(s, 'nonce')).toBe(1_700_000_000_123_456_789n)
  })

  it('the dendrite-path signature verifies with our verifier; a changed byte does not', () => {
    const s = g(V, 'signature') as PyDict
    const msg = new TextEncoder().encode(g(s, 'message'))
    const sig = Uint8Array.from(Buffer.from((g(s, 'signature_header_value') as string).slice(2), 'hex'))
    const pk = Uint8Array.from(Buffer.from(g(s, 'dendrite_public_key_hex'), 'hex'))
    expect(impl.verify(msg, sig, pk)).toBe(true)
    const bad = Uint8Array.from(sig)
    bad[10]! ^= 1
    expect(impl.verify(msg, bad, pk)).toBe(false)
    const otherPk = Uint8Array.from(Buffer.from(g(s, 'axon_public_key_hex'), 'hex'))
    expect(impl.verify(msg, sig, otherPk)).toBe(false)
  })

  it("the Python axon's own (error-reply) signature verifies", () => {
    const a = g(V, 'axon_error_response_signature') as PyDict
    const sig = Uint8Array.from(Buffer.from((g(a, 'signature') as string).slice(2), 'hex'))
    expect(impl.verify(new TextEncoder().encode(g(a, 'message')), sig, Uint8Array.from(Buffer.from(g(a, 'axon_public_key_hex'), 'hex')))).toBe(true)
  })

  it('our request has the header set and body of Synapse.to_headers()/model_dump() for the same inputs', () => {
    const s = g(V, 'signature') as PyDict
    const ex = g(V, 'request_headers_example') as PyDict
    const exHeaders = g(ex, 'headers') as PyDict
    const sigBytes = Uint8Array.from(Buffer.from((g(s, 'signature_header_value') as string).slice(2), 'hex'))
    const def = synapseFromDefinition('{"name":"Dummy","fields":{"dummy_input":"int","dummy_output":"Optional[int] = None"},"required_hash_fields":["dummy_input"]}')
    const fields = prepareFields(def, parsePyJson('{"dummy_input": 21}') as PyDict)
    const req = buildRequest({
      dendriteIp: g(exHeaders, 'bt_header_dendrite_ip'),
      nonce: g(s, 'nonce'),
      signer: {address: g(s, 'dendrite_hotkey_ss58'), publicKey: new Uint8Array(32), sign: () => sigBytes},
      synapse: prepareSynapse(def, fields),
      target: {hotkey: g(exHeaders, 'bt_header_axon_hotkey'), ip: g(exHeaders, 'bt_header_axon_ip'), port: Number(g(exHeaders, 'bt_header_axon_port'))},
      timeoutS: 12,
      uuid: g(s, 'uuid'),
    })
    expect(req.message).toBe(g(s, 'message'))
    expect(req.path).toBe('/Dummy')
    const mine = {...req.headers}
    expect(mine['content-type']).toBe('application/json')
    delete mine['content-type']
    const theirs = Object.fromEntries(exHeaders.entries) as Record<string, string>
    // sizes come from CPython's sys.getsizeof and are not checked by any axon
    for (const k of ['header_size', 'total_size']) {
      expect(mine[k]).toMatch(/^\d+$/)
      delete mine[k]
      delete theirs[k]
    }
    expect(mine).toEqual(theirs)
    expect(Object.keys(req.headers).every((k) => k === k.toLowerCase())).toBe(true)
    // body: same structure and values (aiohttp uses ", " separators; any valid JSON is accepted)
    const ours = toPlain(parsePyJson(req.body)) as Record<string, unknown>
    const theirsBody = toPlain(g(ex, 'json_body')) as Record<string, unknown>
    expect(Object.keys(ours)).toEqual(Object.keys(theirsBody))
    expect({...ours, total_size: 0}).toEqual({...theirsBody, total_size: 0})
    expect(req.body).toContain('"timeout":12.0')
    expect(req.body).toContain('"nonce":1700000000123456789')
  })
})

describe('versions, IP encoding and serving rules', () => {
  it('version_as_int', () => {
    const ex = g(V, 'version_as_int', 'examples') as PyDict
    for (const [v, n] of ex.entries) expect(versionAsInt(String(v))).toBe(Number(n))
    expect(PROTOCOL_VERSION).toBe(Number(g(V, 'version_as_int', 'running_sdk', 'version_as_int')))
  })

  it('ip ⇄ int as netaddr does (≤ 0xFFFFFFFF renders as IPv4)', () => {
    const ex = g(V, 'ip_encoding', 'examples') as PyDict
    for (const [text, row] of ex.entries) {
      const p = parseIp(String(text))!
      expect(p.value.toString()).toBe(g(row, 'int'))
      expect(p.type).toBe(Number(g(row, 'ip_version')))
      expect(ipToString(BigInt(g(row, 'int')))).toBe(g(row, 'int_to_ip_roundtrip'))
    }
    expect(parseIp('[2001:db8::1]')?.value).toBe(42540766411282592856903984951653826561n)
    expect(parseIp('1.2.3')).toBeUndefined()
    expect(parseIp('fe80::1%eth0')).toBeUndefined()
  })

  it('announce refuses what serve_axon refuses, naming the rule', () => {
    expect(announceRefusal(parseIp('127.0.0.1')!)).toMatch(/loopback.*127\.0\.0\.1/)
    expect(announceRefusal(parseIp('::1')!)).toMatch(/loopback/)
    expect(announceRefusal(parseIp('0.0.0.0')!)).toBeDefined()
    expect(announceRefusal(parseIp('255.255.255.255')!)).toBeDefined()
    expect(announceRefusal(parseIp('8.8.8.8')!)).toBeUndefined()
    expect(announceRefusal(parseIp('2001:db8::1')!)).toBeUndefined()
  })
})
