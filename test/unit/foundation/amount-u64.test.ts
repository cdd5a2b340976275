import {describe, expect, it} from 'vitest'

import {parseTaoOrAll} from '../../../src/stake/input.js'
import {U64_MAX, parseRao, parseTao} from '../../../src/util/amount.js'

describe('amounts above u64', () => {
  it('u64::MAX is the largest amount; one more rao is exit 2 BadAmount, whatever the form', () => {
    expect(parseTao('18446744073.709551615')).toBe(U64_MAX)
    expect(parseRao(String(U64_MAX))).toBe(U64_MAX)
    for (const f of [() => parseTao('18446744073.709551616'), () => parseTao('99999999999999999999'), () => parseRao('18446744073709551616')]) {
      expect(f).toThrow(expect.objectContaining({code: 'BadAmount', exitCode: 2, message: expect.stringMatching(/too large/)}))
    }
  })
  it('the stake parsers refuse it as text and as a bigint, naming the option', () => {
    expect(() => parseTaoOrAll('99999999999999999999')).toThrow(/amount is too large/)
    expect(() => parseTaoOrAll(U64_MAX + 1n)).toThrow(expect.objectContaining({exitCode: 2, field: 'amount'}))
  })
})
