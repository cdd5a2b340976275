import fc from 'fast-check'
import {describe, expect, it} from 'vitest'

import {answerOf, queryDocument} from '../../../src/cli/render/miner.js'
import {stringifyJson, toJsonValue} from '../../../src/output/json.js'
import {losslessJson} from '../../../src/protocol/pyrepr.js'
import {PyDict, PyFloat, parsePyJson} from '../../../src/protocol/pyvalue.js'
import {writeJson} from '../../../src/util/json.js'

const MINER_TEXT = '{"big":123456789012345678901234567890,"one":1.0,"negzero":-0.0,"exp":1E+2,"tiny":1e-05,"s":"12","10":true,"2":[1,2.50,{"n":-7}]}'

describe('lossless JSON writer', () => {
  it('writes a received answer back byte for byte (compact)', () => {
    expect(writeJson(losslessJson(parsePyJson(MINER_TEXT)))).toBe(MINER_TEXT)
  })

  it('keeps the raw numbers in a pretty --json document that stays valid JSON', () => {
    const doc = stringifyJson({results: [{response: losslessJson(parsePyJson(MINER_TEXT))}]}, true)
    expect(doc).toContain('"big": 123456789012345678901234567890')
    expect(doc).toContain('"one": 1.0')
    expect(doc).toContain('"negzero": -0.0')
    expect(doc).toContain('"exp": 1E+2')
    expect(doc).toContain('"s": "12"')
    // key order as received, integer-like keys included
    expect(doc.indexOf('"10"')).toBeGreaterThan(doc.indexOf('"s"'))
    expect(doc.indexOf('"2"')).toBeGreaterThan(doc.indexOf('"10"'))
    const reparsed = JSON.parse(doc)
    expect(reparsed.results[0].response.s).toBe('12')
    expect(typeof reparsed.results[0].response.big).toBe('number')
  })

  it('writes floats not read from text in Python repr; NaN and Infinity as null', () => {
    expect(writeJson(losslessJson(new PyDict([['a', new PyFloat(1)], ['b', new PyFloat(-0)], ['c', new PyFloat(Number.NaN)], ['d', new PyFloat(Infinity)]])))).toBe('{"a":1.0,"b":-0.0,"c":null,"d":null}')
    expect(writeJson(losslessJson(parsePyJson('[1e400, -Infinity]')))).toBe('[1e400,null]')
  })

  it('keeps an own "__proto__" key as a key', () => {
    expect(stringifyJson(JSON.parse('{"__proto__":{"x":1},"a":2}'), false)).toBe('{"__proto__":{"x":1},"a":2}')
  })

  it('formats plain values exactly as JSON.stringify does', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.boolean(), (v, pretty) => {
        expect(stringifyJson(v, pretty)).toBe(JSON.stringify(toJsonValue(v), null, pretty ? 2 : undefined))
      }),
    )
  })
})

describe('miner query output', () => {
  const sent = parsePyJson('{"dummy_input":5,"w":1.0}') as PyDict
  const received = parsePyJson('{"dummy_input":5,"w":1.0,"dummy_output":9007199254740993,"score":-0.0}') as PyDict

  it('the table answer shows the changed fields with their numbers as received', () => {
    expect(answerOf(received, sent)).toBe('{"dummy_output":9007199254740993,"score":-0.0}')
    expect(answerOf(sent, sent)).toBe('{"dummy_input":5,"w":1.0}')
  })

  it('the --json document carries the response as received, not the plain view', () => {
    const result = {
      bodyHash: 'h',
      concurrency: 1,
      dendriteHotkey: 'd',
      dendriteUuid: 'u',
      failed: 0,
      hashFields: [],
      netuid: 1,
      notServing: [],
      queried: 1,
      results: [{hotkey: 'hk', ip: '127.0.0.1', ok: true, port: 1, response: {dummy_output: 9007199254740993n}, responseFields: received, status: 200, uid: 0}],
      sent: {},
      sentFields: sent,
      succeeded: 1,
      synapse: 'Dummy',
      timeoutS: 1,
      wallMs: 1,
    }
    const text = stringifyJson(queryDocument(result as never), false)
    expect(text).toContain('"response":{"dummy_input":5,"w":1.0,"dummy_output":9007199254740993,"score":-0.0}')
    expect(text).not.toContain('responseFields')
    expect(text).not.toContain('sentFields')
    expect(JSON.parse(text).results[0].response.w).toBe(1)
  })
})
