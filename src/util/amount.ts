import {InputError} from '../errors.js'

/** Rao per TAO (TAO has 9 decimals). */
export const RAO_PER_TAO = 1_000_000_000n
export const DECIMALS = 9

/** The largest amount the chain holds (u64 rao): 18446744073.709551615 TAO. */
export const U64_MAX = (1n << 64n) - 1n

/** Refuse an amount above u64 (exit 2, one line): the chain cannot hold it, nothing is built or sent. */
export function checkU64(rao: bigint, what = 'amount', input: string = String(rao)): bigint {
  if (rao > U64_MAX) {
    throw new InputError(`${what} is too large: ${input} (at most ${formatTao(U64_MAX)} TAO = ${U64_MAX} rao)`, {code: 'BadAmount'})
  }
  return rao
}

const AMOUNT_RE = /^(\d+)(?:\.(\d*))?$|^\.(\d+)$/

/**
 * Parse a decimal TAO amount (as typed by an operator) to rao, exactly. Never goes through a float.
 * `1`, `1.5`, `0.000000001`, `.5` are accepted; more than 9 decimals, signs, exponents and junk are refused.
 */
export function parseTao(input: string, what = 'amount'): bigint {
  const s = input.trim().replaceAll('_', '')
  if (s.startsWith('-')) throw new InputError(`${what} must not be negative: ${input}`, {code: 'BadAmount'})
  const m = AMOUNT_RE.exec(s)
  if (!m) throw new InputError(`${what} is not a decimal number of TAO: ${JSON.stringify(input)}`, {code: 'BadAmount'})
  const whole = m[1] ?? '0'
  const frac = m[2] ?? m[3] ?? ''
  if (frac.length > DECIMALS) {
    throw new InputError(`${what} has more than ${DECIMALS} decimals (1 rao = 0.000000001 TAO): ${input}`, {
      code: 'BadAmount',
    })
  }
  return checkU64(BigInt(whole) * RAO_PER_TAO + BigInt(frac.padEnd(DECIMALS, '0') || '0'), what, input)
}

/** Parse a decimal amount with `decimals` places (alpha has 9 too) to base units. */
export const parseAlpha = (input: string, what = 'amount') => parseTao(input, what)

/** Parse an integer amount of rao given as a string (e.g. from --amount-rao). */
export function parseRao(input: string, what = 'amount'): bigint {
  const s = input.trim()
  if (!/^\d+$/.test(s)) throw new InputError(`${what} must be a whole number of rao: ${input}`, {code: 'BadAmount'})
  return checkU64(BigInt(s), what, input)
}

/**
 * Format rao as an exact decimal TAO string. Trailing zeros are trimmed down to `minDecimals`.
 * formatTao(1500000000n) === '1.5', formatTao(1n) === '0.000000001'
 */
export function formatTao(rao: bigint, minDecimals = 0): string {
  const neg = rao < 0n
  const abs = neg ? -rao : rao
  const whole = abs / RAO_PER_TAO
  let frac = (abs % RAO_PER_TAO).toString().padStart(DECIMALS, '0')
  frac = frac.replace(/0+$/, '')
  if (frac.length < minDecimals) frac = frac.padEnd(minDecimals, '0')
  return `${neg ? '-' : ''}${whole}${frac ? '.' + frac : ''}`
}

/** A `u16` fraction (0..65535) as a number in [0, 1], for display only. */
export function u16Fraction(v: number): number {
  return v / 65_535
}
