/**
 * Pure staking arithmetic on bigint base units: pool prices, constant-product estimates, slippage limits,
 * tolerances and delegate takes. No I/O, no floats for amounts.
 */
import {InputError} from '../errors.js'
import {RAO_PER_TAO} from '../util/amount.js'

/** Parts per billion: the unit tolerances are kept in (0.5% = 5_000_000). */
export const PPB = 1_000_000_000n

/** A subnet pool as the chain holds it (spec 218: SubnetTAO / SubnetAlphaIn). */
export interface PoolReserves {
  taoInRao: bigint
  alphaInRao: bigint
  /** mechanism 0 (root / stable): alpha and TAO trade 1:1, no pool */
  stable: boolean
}

/** Spot price in rao of TAO per one whole alpha (×1e9). Stable subnets are 1.0. */
export function spotPriceRao(pool: PoolReserves): bigint {
  if (pool.stable) return RAO_PER_TAO
  if (pool.alphaInRao === 0n) return 0n
  return (pool.taoInRao * RAO_PER_TAO) / pool.alphaInRao
}

/** TAO value of an alpha amount at a price (mid-price, no slippage). */
export function alphaToTao(alphaRao: bigint, priceRao: bigint): bigint {
  return (alphaRao * priceRao) / RAO_PER_TAO
}

/** Alpha bought for `taoRao` on a constant-product pool (x·y = k), before fees. */
export function simulateBuy(pool: PoolReserves, taoRao: bigint): bigint {
  if (pool.stable) return taoRao
  if (taoRao <= 0n || pool.alphaInRao === 0n) return 0n
  return (pool.alphaInRao * taoRao) / (pool.taoInRao + taoRao)
}

/** TAO received for selling `alphaRao` on a constant-product pool, before fees. */
export function simulateSell(pool: PoolReserves, alphaRao: bigint): bigint {
  if (pool.stable) return alphaRao
  if (alphaRao <= 0n || pool.taoInRao === 0n) return 0n
  return (pool.taoInRao * alphaRao) / (pool.alphaInRao + alphaRao)
}

/** The pool after a buy or a sell (what the price would be after the trade). */
export function poolAfter(pool: PoolReserves, trade: {buyTaoRao?: bigint; sellAlphaRao?: bigint}): PoolReserves {
  if (pool.stable) return pool
  if (trade.buyTaoRao !== undefined) {
    const out = simulateBuy(pool, trade.buyTaoRao)
    return {...pool, alphaInRao: pool.alphaInRao - out, taoInRao: pool.taoInRao + trade.buyTaoRao}
  }
  if (trade.sellAlphaRao !== undefined) {
    const out = simulateSell(pool, trade.sellAlphaRao)
    return {...pool, alphaInRao: pool.alphaInRao + trade.sellAlphaRao, taoInRao: pool.taoInRao - out}
  }
  return pool
}

/** Effective price paid/received: rao of TAO per whole alpha; 0 when nothing trades. */
export function effectivePriceRao(taoRao: bigint, alphaRao: bigint): bigint {
  return alphaRao === 0n ? 0n : (taoRao * RAO_PER_TAO) / alphaRao
}

/** Relative price impact in ppb: |effective − spot| / spot. */
export function impactPpb(spotRao: bigint, effectiveRao: bigint): bigint {
  if (spotRao === 0n) return 0n
  const d = effectiveRao > spotRao ? effectiveRao - spotRao : spotRao - effectiveRao
  return (d * PPB) / spotRao
}

const DECIMAL_RE = /^(\d+)(?:\.(\d{0,9}))?$|^\.(\d{1,9})$/

/** Exact decimal with at most 9 places → value × 1e9 (bigint). */
function parseDecimal9(s: string): bigint | undefined {
  const m = DECIMAL_RE.exec(s)
  if (!m) return undefined
  const whole = m[1] ?? '0'
  const frac = m[2] ?? m[3] ?? ''
  return BigInt(whole) * PPB + BigInt(frac.padEnd(9, '0') || '0')
}

/**
 * Slippage tolerance to ppb. `0.5%` is half a percent; a bare number is a fraction as in btcli
 * (`0.005` = 0.5%). Must be below 100%.
 */
export function parseTolerance(input: string, what = '«tolerance»'): bigint {
  const bad = (message: string) => new InputError(message, {code: 'BadTolerance', field: what === '«tolerance»' ? 'tolerance' : undefined})
  const s = input.trim()
  if (s.startsWith('-')) throw bad(`${what} must not be negative: ${input}`)
  const pct = s.endsWith('%')
  const v = parseDecimal9(pct ? s.slice(0, -1).trim() : s)
  if (v === undefined) throw bad(`${what} is not a percentage like 0.5% or a fraction like 0.005: ${JSON.stringify(input)}`)
  const ppb = pct ? v / 100n : v
  if (pct && v % 100n !== 0n) throw bad(`${what} has too many decimals: ${input}`)
  if (ppb >= PPB) {
    throw bad(`${what} must be below 100%: ${input}${pct ? '' : ' (write a percentage with %, e.g. 2%)'}`)
  }
  return ppb
}

/** Format ppb as a percentage string, e.g. 5_000_000n → "0.5%". */
export function formatPpbPercent(ppb: bigint): string {
  const hundredths = (ppb * 100n * 10_000n) / PPB // percent with 4 decimals
  const whole = hundredths / 10_000n
  const frac = (hundredths % 10_000n).toString().padStart(4, '0').replace(/0+$/, '')
  return `${whole}${frac ? '.' + frac : ''}%`
}

/** Highest price accepted when buying: spot × (1 + tolerance), rounded down (stricter). */
export function buyLimitPrice(spotRao: bigint, tolerancePpb: bigint): bigint {
  return (spotRao * (PPB + tolerancePpb)) / PPB
}

/** Lowest price accepted when selling: spot × (1 − tolerance), rounded up (stricter). */
export function sellLimitPrice(spotRao: bigint, tolerancePpb: bigint): bigint {
  const num = spotRao * (PPB - tolerancePpb)
  return (num + PPB - 1n) / PPB
}

/** Ratio price(origin)/price(destination) ×1e9, the unit of swap_stake_limit's limit. */
export function swapRatioRao(originPriceRao: bigint, destinationPriceRao: bigint): bigint {
  return destinationPriceRao === 0n ? 0n : (originPriceRao * RAO_PER_TAO) / destinationPriceRao
}

export const TAKE_MAX_U16 = 65_535

/** A delegate take given as a percentage (`9`, `9%`, `11.5%`) → the chain's u16 fraction (rounded). */
export function parseTakePercent(input: string): number {
  const s = input.trim()
  const v = parseDecimal9(s.endsWith('%') ? s.slice(0, -1).trim() : s)
  if (s.startsWith('-') || v === undefined) throw new InputError(`take must be a percentage like 9 or 9%: ${JSON.stringify(input)}`, {code: 'BadTake'})
  if (v > 100n * PPB) throw new InputError(`take must be at most 100%: ${input}`, {code: 'BadTake'})
  const denom = 100n * PPB
  return Number((v * BigInt(TAKE_MAX_U16) + denom / 2n) / denom)
}

/** u16 take → percentage string with up to 2 decimals, e.g. 11796 → "18%". */
export function formatTake(take: number): string {
  const bp = (BigInt(take) * 10_000n + 32_767n) / BigInt(TAKE_MAX_U16) // basis points, rounded
  const whole = bp / 100n
  const frac = (bp % 100n).toString().padStart(2, '0').replace(/0+$/, '')
  return `${whole}${frac ? '.' + frac : ''}%`
}
