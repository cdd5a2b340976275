/**
 * Parsing staking amounts from flags, before any chain call: exact decimal strings to base units
 * (`0.000000001` ok, `0.0000000001` refused, negatives refused), or `all`.
 */
import {InputError} from '../errors.js'
import {parseTao} from '../util/amount.js'

/** `--amount TAO` or `--amount all`. */
export function parseTaoOrAll(input: string | undefined, flag = '--amount'): bigint | 'all' {
  if (input === undefined) throw new InputError(`${flag} is required (TAO, e.g. 10 or 0.5, or "all")`, {code: 'BadAmount'})
  if (input.trim().toLowerCase() === 'all') return 'all'
  const v = parseTao(input, flag)
  if (v === 0n) throw new InputError(`${flag} must be greater than 0: ${input}`, {code: 'BadAmount'})
  return v
}

/** `--amount ALPHA`, `--amount all` or `--all` (exactly one). */
export function parseAlphaOrAll(input: string | undefined, all: boolean | undefined, flag = '--amount'): bigint | 'all' {
  if (all && input !== undefined && input.trim().toLowerCase() !== 'all') {
    throw new InputError(`give either ${flag} or --all, not both`, {code: 'BadAmount'})
  }
  if (all) return 'all'
  if (input === undefined) throw new InputError(`${flag} (in ALPHA) or --all is required`, {code: 'BadAmount'})
  if (input.trim().toLowerCase() === 'all') return 'all'
  const v = parseTao(input, `${flag} (ALPHA)`)
  if (v === 0n) throw new InputError(`${flag} must be greater than 0: ${input}`, {code: 'BadAmount'})
  return v
}

/** --limit-price: TAO per alpha (or the swap price ratio) as an exact decimal. */
export function parseLimitPrice(input: string | undefined): bigint | undefined {
  if (input === undefined) return undefined
  const v = parseTao(input, '--limit-price')
  if (v === 0n) throw new InputError('--limit-price must be greater than 0', {code: 'BadLimitPrice'})
  return v
}
