import {describe, expect, it} from 'vitest'

import {parseAlphaOrAll, parseLimitPrice, parseTaoOrAll} from '../../../src/stake/input.js'

/** the message as the command line shows it: options marked «option» become their flags */
const cliText = (error: unknown) => ((error as {template?: string}).template ?? (error as Error).message).replaceAll(/«(\w+)»/g, (_, f: string) => `--${f}`)

const code = (fn: () => unknown) => {
  try {
    fn()
  } catch (error) {
    return {code: (error as {code: string}).code, exit: (error as {exitCode: number}).exitCode, message: cliText(error)}
  }
  return undefined
}

describe('stake amounts from options (as flags give them)', () => {
  it('takes exact decimals to rao: 1 rao is fine, a tenth of a rao is refused', () => {
    expect(parseTaoOrAll('0.000000001')).toBe(1n)
    expect(parseTaoOrAll('100')).toBe(100_000_000_000n)
    expect(parseTaoOrAll('all')).toBe('all')
    expect(parseTaoOrAll('ALL')).toBe('all')
    expect(code(() => parseTaoOrAll('0.0000000001'))).toMatchObject({code: 'BadAmount', exit: 2})
    expect(code(() => parseTaoOrAll('-1'))).toMatchObject({code: 'BadAmount', exit: 2})
    expect(code(() => parseTaoOrAll('0'))).toMatchObject({code: 'BadAmount', exit: 2})
    expect(code(() => parseTaoOrAll('1e3'))).toMatchObject({code: 'BadAmount', exit: 2})
    expect(code(() => parseTaoOrAll(undefined))).toMatchObject({exit: 2})
  })

  it('reads alpha amounts the same way, with --all as an alternative to --amount', () => {
    expect(parseAlphaOrAll('49.5', undefined)).toBe(49_500_000_000n)
    expect(parseAlphaOrAll(undefined, true)).toBe('all')
    expect(parseAlphaOrAll('all', false)).toBe('all')
    expect(code(() => parseAlphaOrAll('5', true))?.message).toMatch(/either --amount or --all/)
    expect(code(() => parseAlphaOrAll(undefined, false))?.message).toMatch(/ALPHA/)
    expect(code(() => parseAlphaOrAll('1.0000000001', false))).toMatchObject({exit: 2})
  })

  it('reads a limit price in TAO per alpha', () => {
    expect(parseLimitPrice(undefined)).toBeUndefined()
    expect(parseLimitPrice('1.005')).toBe(1_005_000_000n)
    expect(code(() => parseLimitPrice('0'))).toMatchObject({exit: 2})
  })
})
