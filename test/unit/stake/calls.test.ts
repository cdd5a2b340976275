import {describe, expect, it} from 'vitest'

import {addStakeLimitCall, removeStakeCall, stakeCapabilities, swapStakeLimitCall} from '../../../src/chain/calls/stake.js'
import {ALICE} from '../../helpers/call-samples.js'
import {tx381} from '../../helpers/metadata.js'

describe('staking calls, decided from metadata', () => {
  const {tx} = tx381()

  it('sees the limit, transfer and swap calls at 381, and no become_delegate', () => {
    expect(stakeCapabilities(tx)).toEqual({
      addStakeLimit: true,
      becomeDelegate: false,
      decreaseTake: true,
      increaseTake: true,
      moveStake: true,
      removeStakeFullLimit: true,
      removeStakeLimit: true,
      swapStake: true,
      swapStakeLimit: true,
      transferStake: true,
      unstakeAll: true,
    })
  })

  it('puts amount, limit price and partial flag in the right arguments', () => {
    const c = addStakeLimitCall(tx, {allowPartial: true, amountRao: 123n, hotkey: ALICE, limitPriceRao: 1_005_000_000n, netuid: 7})
    const argsOf = (call: any): unknown[] => (typeof call.method === 'string' ? call.args : call.method.args)
    expect(argsOf(c).map(String)).toEqual([ALICE, '7', '123', '1005000000', 'true'])
    const s = swapStakeLimitCall(tx, {allowPartial: false, amountAlphaRao: 9n, destinationNetuid: 2, hotkey: ALICE, limitPriceRao: 5n, originNetuid: 1})
    expect(argsOf(s).map(String)).toEqual([ALICE, '1', '2', '9', '5', 'false'])
    const r = removeStakeCall(tx, {amountAlphaRao: 42n, hotkey: ALICE, netuid: 3})
    expect(argsOf(r).map(String)).toEqual([ALICE, '3', '42'])
  })

  it('an empty namespace (a runtime without staking) has none of them', () => {
    const caps = stakeCapabilities({} as never)
    expect(Object.values(caps).every((v) => v === false)).toBe(true)
  })
})
