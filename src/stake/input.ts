/**
 * Parsing staking amounts and price-guard settings before any chain call: exact decimal strings to base units
 * (`0.000000001` ok, `0.0000000001` refused, negatives refused), or `all`. A bigint is taken as base units
 * already. Messages name the service option as «option».
 */
import {InputError} from '../errors.js'
import {U64_MAX, parseTao} from '../util/amount.js'
import type {GuardOptions} from './common.js'
import {parseTolerance} from './math.js'

/** TAO as a decimal string (or "all"), or rao. */
export type TaoAmount = string | bigint
/** ALPHA as a decimal string (or "all"), or base units. */
export type AlphaAmount = string | bigint

/** A TAO amount or `all`. */
export function parseTaoOrAll(input: TaoAmount | undefined, field = 'amount'): bigint | 'all' {
  if (input === undefined) throw new InputError(`«${field}» is required (TAO, e.g. 10 or 0.5, or "all")`, {code: 'BadAmount', field})
  if (typeof input === 'bigint') return positive(input, String(input), field)
  if (input.trim().toLowerCase() === 'all') return 'all'
  return positive(parseTao(input, `«${field}»`), input, field)
}

/** An ALPHA amount, `all`, or the `all` switch (exactly one). */
export function parseAlphaOrAll(input: AlphaAmount | undefined, all: boolean | undefined, field = 'amount'): bigint | 'all' {
  if (all && input !== undefined && (typeof input === 'bigint' || input.trim().toLowerCase() !== 'all')) {
    throw new InputError(`give either «${field}» or «all», not both`, {code: 'BadAmount', field})
  }
  if (all) return 'all'
  if (input === undefined) throw new InputError(`«${field}» (in ALPHA) or «all» is required`, {code: 'BadAmount', field})
  if (typeof input === 'bigint') return positive(input, String(input), field)
  if (input.trim().toLowerCase() === 'all') return 'all'
  return positive(parseTao(input, `«${field}» (ALPHA)`), input, field)
}

function positive(v: bigint, input: string, field: string): bigint {
  if (v > U64_MAX) throw new InputError(`«${field}» is too large: ${input} (at most ${U64_MAX} base units)`, {code: 'BadAmount', field})
  if (v <= 0n) throw new InputError(`«${field}» must be greater than 0: ${input}`, {code: 'BadAmount', field})
  return v
}

/** A limit price: TAO per alpha (or the swap price ratio) as an exact decimal, or rao. */
export function parseLimitPrice(input: string | bigint | undefined): bigint | undefined {
  if (input === undefined) return undefined
  const v = typeof input === 'bigint' ? input : parseTao(input, '«limitPrice»')
  if (v > U64_MAX) throw new InputError(`«limitPrice» is too large: ${input}`, {code: 'BadLimitPrice', field: 'limitPrice'})
  if (v <= 0n) throw new InputError('«limitPrice» must be greater than 0', {code: 'BadLimitPrice', field: 'limitPrice'})
  return v
}

/** How a trading service is told its price guard (all optional). */
export interface GuardInput {
  /** slippage tolerance, e.g. "0.5%" or "0.005", or ppb; refused where the runtime has no price-limit call */
  tolerance?: string | bigint
  /**
   * the tolerance to use when `tolerance` is not given (the configured default, e.g. `config get tolerance`);
   * unlike `tolerance`, no error where the runtime has no price-limit call [default: 0.5%]
   */
  defaultTolerance?: string | bigint
  /** explicit limit price, TAO per alpha (swap: price ratio origin/destination), decimal or rao */
  limitPrice?: string | bigint
  /** with a price limit: fill what the limit allows instead of failing */
  allowPartial?: boolean
  /** no price limit even where the runtime supports one */
  unsafe?: boolean
}

export function parseGuardInput(o: GuardInput): GuardOptions {
  const tol = (v: string | bigint | undefined, what: string) => (v === undefined ? undefined : typeof v === 'bigint' ? v : parseTolerance(v, what))
  return {
    allowPartial: o.allowPartial,
    defaultTolerancePpb: o.tolerance === undefined && o.limitPrice === undefined && !o.unsafe ? tol(o.defaultTolerance, 'the configured default tolerance') : undefined,
    limitPriceRao: parseLimitPrice(o.limitPrice),
    tolerancePpb: tol(o.tolerance, '«tolerance»'),
    unsafe: o.unsafe,
  }
}

