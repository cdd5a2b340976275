import fc from 'fast-check'
import {describe, expect, it} from 'vitest'

import {formatTao, parseRao, parseTao} from '../../../src/util/amount.js'

describe('parseTao: exact decimal TAO to bigint rao', () => {
  it.each([
    ['1', 1_000_000_000n],
    ['0.000000001', 1n],
    ['1.5', 1_500_000_000n],
    ['.5', 500_000_000n],
    ['100', 100_000_000_000n],
    ['21000000', 21_000_000_000_000_000n],
    ['0', 0n],
    ['1_000', 1_000_000_000_000n],
    ['12345678.987654321', 12_345_678_987_654_321n],
  ])('%s TAO = %s rao', (input, rao) => {
    expect(parseTao(input)).toBe(rao)
  })

  it.each([
    ['0.0000000001', /more than 9 decimals/],
    ['-1', /must not be negative/],
    ['1e9', /not a decimal number/],
    ['abc', /not a decimal number/],
    ['', /not a decimal number/],
    ['1.2.3', /not a decimal number/],
    ['0x10', /not a decimal number/],
    ['Infinity', /not a decimal number/],
    ['NaN', /not a decimal number/],
  ])('refuses %s', (input, message) => {
    expect(() => parseTao(input)).toThrow(message)
    try {
      parseTao(input)
    } catch (error) {
      expect((error as {exitCode: number}).exitCode).toBe(2)
    }
  })

  it('round-trips every rao amount through formatTao exactly', () => {
    fc.assert(
      fc.property(fc.bigInt({max: 2n ** 64n - 1n, min: 0n}), (rao) => {
        expect(parseTao(formatTao(rao))).toBe(rao)
      }),
    )
  })

  it('formats trimmed decimals, with a minimum when asked', () => {
    expect(formatTao(1n)).toBe('0.000000001')
    expect(formatTao(1_500_000_000n)).toBe('1.5')
    expect(formatTao(2_000_000_000n)).toBe('2')
    expect(formatTao(2_000_000_000n, 4)).toBe('2.0000')
    expect(formatTao(-1_000_000_001n)).toBe('-1.000000001')
  })

  it('parseRao takes whole numbers only', () => {
    expect(parseRao('42')).toBe(42n)
    expect(() => parseRao('4.2')).toThrow(/whole number of rao/)
  })
})
