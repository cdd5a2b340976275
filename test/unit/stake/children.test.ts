import {describe, expect, it} from 'vitest'

import {setChildkeyTakeCall, setChildrenCall} from '../../../src/chain/calls/owner.js'
import {TaoError} from '../../../src/errors.js'
import {U64_MAX, formatProportion, fractionsSumAtMostOne, nextAllowedBlock, parseChildSpec, parseProportion, proportionToU64} from '../../../src/stake/children.js'
import {ALICE, BOB} from '../../helpers/call-samples.js'
import {tx381} from '../../helpers/metadata.js'

const code = (f: () => unknown) => {
  try {
    f()
  } catch (error) {
    return [(error as TaoError).code, (error as TaoError).exitCode]
  }
  return undefined
}

describe('child proportions', () => {
  it('percent and fraction give the same exact u64 (rounded down)', () => {
    expect(proportionToU64(parseProportion('40%'))).toBe((4n * U64_MAX) / 10n)
    expect(proportionToU64(parseProportion('0.4'))).toBe(7_378_697_629_483_820_646n)
    expect(proportionToU64(parseProportion('100%'))).toBe(U64_MAX)
    expect(proportionToU64(parseProportion('1'))).toBe(U64_MAX)
    expect(proportionToU64(parseProportion('12.5%'))).toBe(U64_MAX / 8n)
    expect(proportionToU64(parseProportion('.5'))).toBe(U64_MAX / 2n)
  })

  it('halves sum to at most u64::MAX (rounding down never overflows the chain check)', () => {
    const half = proportionToU64(parseProportion('50%'))
    expect(half * 2n <= U64_MAX).toBe(true)
    const third = proportionToU64(parseProportion('0.333333333333333333333'))
    expect(third * 3n <= U64_MAX).toBe(true)
  })

  it('refuses zero, over 100%, negatives and junk with exit 2', () => {
    for (const bad of ['0', '0%', '101%', '1.0001', '-0.2', 'abc', '40 %x', '1e-1', '']) expect(code(() => parseProportion(bad)), bad).toEqual(['BadProportion', 2])
  })

  it('sums exactly: 60% + 0.4 is exactly 1, 60% + 0.4000001 is over', () => {
    expect(fractionsSumAtMostOne([parseProportion('60%'), parseProportion('0.4')])).toBe(true)
    expect(fractionsSumAtMostOne([parseProportion('60%'), parseProportion('0.4000001')])).toBe(false)
    expect(fractionsSumAtMostOne([parseProportion('70%'), parseProportion('0.4')])).toBe(false)
    expect(fractionsSumAtMostOne([])).toBe(true)
  })

  it('formats u64 proportions as percentages', () => {
    expect(formatProportion(U64_MAX)).toBe('100%')
    expect(formatProportion(proportionToU64(parseProportion('40%')))).toBe('40%')
    expect(formatProportion(0n)).toBe('0%')
    expect(formatProportion(U64_MAX / 4n)).toBe('25%')
    expect(formatProportion(U64_MAX / 3n)).toBe('33.333333%')
    expect(formatProportion(1n)).toBe('0%')
  })

  it('parses CHILD=PROPORTION (the last = splits)', () => {
    const s = parseChildSpec('miner=25%')
    expect(s.child).toBe('miner')
    expect(proportionToU64(s.proportion)).toBe(U64_MAX / 4n)
    expect(parseChildSpec(`${BOB}=0.5`).child).toBe(BOB)
    for (const bad of ['miner', '=40%', 'miner=', 'miner=x']) expect(code(() => parseChildSpec(bad))?.[1], bad).toBe(2)
  })
})

describe('rate limits', () => {
  it('first transaction passes; then last + limit', () => {
    expect(nextAllowedBlock(100, 0, 150)).toBeNull()
    expect(nextAllowedBlock(100, 90, 150)).toBe(240)
    expect(nextAllowedBlock(239, 90, 150)).toBeNull() // lands in block 240
    expect(nextAllowedBlock(238, 90, 150)).toBe(240)
    expect(nextAllowedBlock(100, 90, 0)).toBeNull()
    expect(nextAllowedBlock(100, 500, 150)).toBeNull() // a future last block (a cloned chain) passes, as in the runtime
  })
})

describe('set_children and set_childkey_take encode against the 381 metadata', () => {
  const {registry, tx} = tx381()
  it('set_children carries (u64 proportion, child) pairs in order', () => {
    const p1 = proportionToU64(parseProportion('40%'))
    const p2 = proportionToU64(parseProportion('0.25'))
    const call = setChildrenCall(tx, {children: [[p1, BOB], [p2, ALICE]], hotkey: ALICE, netuid: 3})
    const decoded = registry.createType('Call', call.toU8a()) as any
    expect(`${decoded.section}.${decoded.method}`).toBe('subtensorModule.setChildren')
    expect(decoded.args[0].toString()).toBe(ALICE)
    expect(decoded.args[1].toNumber()).toBe(3)
    const children = decoded.args[2].map((t: any) => [t[0].toBigInt(), t[1].toString()])
    expect(children).toEqual([[p1, BOB], [p2, ALICE]])
    // the bytes: pallet/call index, hotkey, netuid u16 LE, compact length 2, then u64 LE + 32-byte account each
    const hex = call.toHex() as string
    expect(hex.slice(2 + 4 + 64, 2 + 4 + 64 + 4)).toBe('0300')
    expect(hex.slice(2 + 4 + 64 + 4, 2 + 4 + 64 + 6)).toBe('08')
    expect(BigInt(`0x${Buffer.from(hex.slice(2 + 4 + 64 + 6, 2 + 4 + 64 + 6 + 16), 'hex').reverse().toString('hex')}`)).toBe(p1)
  })

  it('set_childkey_take carries the u16 take', () => {
    const call = setChildkeyTakeCall(tx, {hotkey: ALICE, netuid: 3, take: 3277})
    const decoded = registry.createType('Call', call.toU8a()) as any
    expect(decoded.args[2].toNumber()).toBe(3277)
    expect((call.toHex() as string).endsWith('cd0c')).toBe(true)
  })
})
