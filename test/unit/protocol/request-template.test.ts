/**
 * The dendrite builds a fan-out's requests from a per-synapse template (body head and tail, constant headers worked
 * out once). Every request must be byte for byte what `buildRequest` (checked against the SDK's vectors in
 * vectors.test.ts) gives for the same inputs: path, headers in the same order, body, signed message.
 */
import {createHash} from 'node:crypto'
import {describe, expect, it} from 'vitest'

import {type PreparedSynapse, RequestTemplate, buildRequest, prepareSynapse} from '../../../src/protocol/protocol.js'
import {PyDict, PyFloat, type PyValue, parsePyJson} from '../../../src/protocol/pyvalue.js'
import type {MessageSigner} from '../../../src/protocol/sr25519.js'
import {prepareFields, synapseFromDefinition} from '../../../src/protocol/synapse.js'

// a deterministic stand-in for sr25519 (the real signature is random): 64 bytes derived from the message
const signer: MessageSigner = {
  address: '5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY',
  publicKey: new Uint8Array(32),
  sign: (m) => new Uint8Array(Buffer.concat([createHash('sha256').update(m).digest(), createHash('sha256').update('x').update(m).digest()])),
}

const ECHO = synapseFromDefinition(`{"name": "EchoText", "fields": {"text": "str", "temperature": "float = 1.0", "tags": {"type": "list[str]", "default": []}, "note": "Optional[str] = None", "n": "int"}, "required_hash_fields": ["temperature", "text"]}`)
const DUMMY = synapseFromDefinition('{"name":"Dummy","fields":{"dummy_input":"int","dummy_output":"Optional[int] = None"},"required_hash_fields":["dummy_input"]}')

const prepared = (def: typeof ECHO, json: string) => prepareSynapse(def, prepareFields(def, parsePyJson(json) as PyDict))

const targets = [
  {hotkey: '5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty', ip: '127.0.0.1', port: 8091},
  {hotkey: '5FLSigC9HGRKVhB9FiEo4Y3koPsNmBmLJbpXg2mp1hXcS59Y', ip: '203.0.113.7', port: 65535},
  {hotkey: '5DAAnrj7VHTznn2AWBemMuyBwZWs6FNFjdyVXUeYum3PTXFy', ip: '2001:db8::1', port: 1},
]

function same(synapse: PreparedSynapse, opts: {timeoutS: number; dendriteIp?: string; version?: number}) {
  const uuid = 'a1b2c3d4-e5f6-4789-8abc-def012345678'
  const tpl = new RequestTemplate({...opts, signer, synapse, uuid})
  let nonce = 1_733_000_000_000_000_000n
  for (const target of targets) {
    nonce += 12_345n
    const want = buildRequest({...opts, nonce, signer, synapse, target, uuid})
    const got = tpl.build(target, nonce)
    expect(got).toEqual(want)
    expect(Object.keys(got.headers)).toEqual(Object.keys(want.headers))
    expect(got.body).toBe(want.body)
  }
}

describe('RequestTemplate', () => {
  it('builds the same request as buildRequest (plain synapse, integer timeout)', () => {
    same(prepared(DUMMY, '{"dummy_input": 7}'), {timeoutS: 12})
  })

  it('the same with floats, unicode, quotes, lists, None, a dendrite ip and version', () => {
    const syn = prepared(ECHO, String.raw`{"text": "héllo \"wörld\"\n\u2028 ☃ 🎉 \\ </script>", "temperature": 0.1, "tags": ["a", "", "\u0000"], "n": 123456789012345678901234567890}`)
    same(syn, {dendriteIp: '10.0.0.2', timeoutS: 12.5, version: 9_001_002})
    same(syn, {timeoutS: 1e-7})
    same(syn, {timeoutS: 3})
  })

  it('falls back to building whole when a field is named like a base field', () => {
    const def = DUMMY
    const fields = new PyDict([['dummy_input', 1n], ['timeout', new PyFloat(99)], ['axon', 'x' as PyValue]])
    const syn: PreparedSynapse = {...prepareSynapse(def, new PyDict([['dummy_input', 1n]])), fields}
    same(syn, {timeoutS: 12})
  })
})
