import fc from 'fast-check'
import {describe, expect, it} from 'vitest'

import {
  alphaToTao,
  buyLimitPrice,
  effectivePriceRao,
  formatPpbPercent,
  formatTake,
  impactPpb,
  parseTakePercent,
  parseTolerance,
  poolAfter,
  sellLimitPrice,
  simulateBuy,
  simulateSell,
  spotPriceRao,
  swapRatioRao,
} from '../../../src/stake/math.js'

const TAO = 1_000_000_000n
const pool = (tao: bigint, alpha: bigint) => ({alphaInRao: alpha, stable: false, taoInRao: tao})

describe('pool prices and constant-product estimates', () => {
  it('prices alpha as SubnetTAO / SubnetAlphaIn in rao per whole alpha; stable subnets are 1.0', () => {
    expect(spotPriceRao(pool(10_000n * TAO, 10_000n * TAO))).toBe(TAO)
    expect(spotPriceRao(pool(5n * TAO, 10n * TAO))).toBe(500_000_000n)
    expect(spotPriceRao(pool(1n, 0n))).toBe(0n)
    expect(spotPriceRao({alphaInRao: 1n, stable: true, taoInRao: 99n})).toBe(TAO)
    expect(alphaToTao(2n * TAO, 500_000_000n)).toBe(TAO)
  })

  it('matches what spec 218 gave for 100 TAO into a 10k/10k pool (demo 3b: 99.01 alpha)', () => {
    const out = simulateBuy(pool(10_000n * TAO, 10_000n * TAO), 100n * TAO)
    expect(out).toBe(99_009_900_990n)
    const eff = effectivePriceRao(100n * TAO, out)
    expect(eff).toBe(1_010_000_000n)
    expect(impactPpb(TAO, eff)).toBe(10_000_000n) // 1%
  })

  it('never pays out more than the pool holds, and a round trip never makes money', () => {
    fc.assert(
      fc.property(fc.bigInt({max: 10n ** 18n, min: 1n}), fc.bigInt({max: 10n ** 18n, min: 1n}), fc.bigInt({max: 10n ** 18n, min: 1n}), (t, a, x) => {
        const p = pool(t, a)
        const alpha = simulateBuy(p, x)
        expect(alpha >= 0n && alpha < a).toBe(true)
        const back = simulateSell(poolAfter(p, {buyTaoRao: x}), alpha)
        expect(back <= x).toBe(true)
        const after = poolAfter(p, {buyTaoRao: x})
        expect(after.taoInRao * after.alphaInRao >= t * a).toBe(true) // k never shrinks (rounding favours the pool)
      }),
    )
  })

  it('treats stable subnets as 1:1', () => {
    const s = {alphaInRao: 0n, stable: true, taoInRao: 0n}
    expect(simulateBuy(s, 7n)).toBe(7n)
    expect(simulateSell(s, 7n)).toBe(7n)
  })
})

describe('slippage tolerance and limit prices', () => {
  it('reads percentages and btcli-style fractions exactly', () => {
    expect(parseTolerance('0.5%')).toBe(5_000_000n)
    expect(parseTolerance('0.005')).toBe(5_000_000n)
    expect(parseTolerance('2 %')).toBe(20_000_000n)
    expect(parseTolerance('0%')).toBe(0n)
    expect(formatPpbPercent(5_000_000n)).toBe('0.5%')
    expect(formatPpbPercent(parseTolerance('12.25%'))).toBe('12.25%')
  })

  it.each(['1', '100%', '-1%', 'abc', '1e-3', '0.5%%', ''])('refuses %j with the bad-input exit code', (s) => {
    try {
      parseTolerance(s)
      expect.unreachable()
    } catch (error) {
      expect((error as {exitCode: number}).exitCode).toBe(2)
    }
  })

  it('puts the buy limit above and the sell limit below the spot price, rounding against slippage', () => {
    expect(buyLimitPrice(TAO, 5_000_000n)).toBe(1_005_000_000n)
    expect(sellLimitPrice(TAO, 5_000_000n)).toBe(995_000_000n)
    expect(sellLimitPrice(3n, 500_000_000n)).toBe(2n) // 1.5 rounded up
    expect(buyLimitPrice(3n, 500_000_000n)).toBe(4n) // 4.5 rounded down
    expect(swapRatioRao(2n * TAO, TAO)).toBe(2n * TAO)
    expect(swapRatioRao(TAO, 0n)).toBe(0n)
  })
})

describe('delegate take', () => {
  it('turns percentages into the chain u16 and back', () => {
    expect(parseTakePercent('18%')).toBe(11_796)
    expect(parseTakePercent('10')).toBe(6_554)
    expect(parseTakePercent('0')).toBe(0)
    expect(parseTakePercent('100%')).toBe(65_535)
    expect(formatTake(11_796)).toBe('18%')
    expect(formatTake(6_553)).toBe('10%')
    expect(formatTake(0)).toBe('0%')
  })

  it('round-trips every u16 take within a hundredth of a percent', () => {
    fc.assert(
      fc.property(fc.integer({max: 65_535, min: 0}), (t) => {
        expect(Math.abs(parseTakePercent(formatTake(t)) - t)).toBeLessThanOrEqual(4)
      }),
    )
  })

  it.each(['-1', '101', 'ten', '5%%'])('refuses take %j', (s) => {
    expect(() => parseTakePercent(s)).toThrow(/take/)
  })
})
