import {TypeRegistry} from '@polkadot/types'
import {compactAddLength, u8aToHex} from '@polkadot/util'
import {decodeAddress} from '@polkadot/util-crypto'
import {describe, expect, it} from 'vitest'

import {RUNTIME_TYPES} from '../../../src/chain/types.js'
import {stakeEntryFrom, STAKE_TYPES_218} from '../../../src/stake/read.js'
import {callRuntimeApi, hasRuntimeApi, returnsRawBytes} from '../../../src/stake/runtime-call.js'
import {ALICE, BOB} from '../../helpers/call-samples.js'
import {tx381} from '../../helpers/metadata.js'

/** A fake `api` whose runtime API returns what spec 218 returns: `Bytes` holding a length-prefixed Vec<u8>. */
function fake218(registry: TypeRegistry, payload: Uint8Array, seen: unknown[]) {
  const fn = Object.assign(
    async (...args: unknown[]) => {
      seen.push(...args)
      // the node returns Vec<u8>; @polkadot/api 16 hands it back as Bytes whose content still holds the prefix
      const vecU8 = compactAddLength(payload) // the node's Vec<u8>: prefix + payload
      return registry.createType('Bytes', u8aToHex(vecU8)) // hex input = raw content (a Uint8Array would be read as prefixed)
    },
    {meta: {params: [{name: 'coldkey_account_vec', type: 'Bytes'}], type: 'Bytes'}},
  )
  return {call: {stakeInfoRuntimeApi: {getStakeInfoForColdkey: fn}}} as never
}

describe('runtime API results at spec 218 (raw Vec<u8>) and at newer runtimes (typed)', () => {
  it('passes an SS58 argument as the hex public key and decodes the bytes inside the bytes', async () => {
    const registry = new TypeRegistry()
    registry.register({...RUNTIME_TYPES, ...STAKE_TYPES_218} as never)
    const entries = registry.createType('Vec<StakeInfo218>', [
      {coldkey: BOB, emission: 5, hotkey: ALICE, is_registered: true, locked: 0, netuid: 3, stake: 99_009_949_694n},
      {coldkey: BOB, emission: 0, hotkey: ALICE, is_registered: false, locked: 0, netuid: 0, stake: 0},
    ])
    const seen: unknown[] = []
    const api = fake218(registry, entries.toU8a(), seen)
    expect(hasRuntimeApi(api, 'stakeInfoRuntimeApi', 'getStakeInfoForColdkey')).toBe(true)
    expect(hasRuntimeApi(api, 'swapRuntimeApi', 'currentAlphaPrice')).toBe(false)
    expect(returnsRawBytes(api, 'stakeInfoRuntimeApi', 'getStakeInfoForColdkey')).toBe(true)
    const res = (await callRuntimeApi(api, 'stakeInfoRuntimeApi', 'getStakeInfoForColdkey', [BOB], 'Vec<StakeInfo218>')) as never as never[]
    expect(seen).toEqual([u8aToHex(decodeAddress(BOB))])
    const decoded = res.map(stakeEntryFrom)
    expect(decoded[0]).toEqual({alphaRao: 99_009_949_694n, coldkey: BOB, emissionRao: 5n, hotkey: ALICE, lockedRao: 0n, netuid: 3, registered: true})
    expect(decoded[1]!.registered).toBe(false)
  })

  it('reads an empty result as "none"', async () => {
    const registry = new TypeRegistry()
    const api = fake218(registry, new Uint8Array(), [])
    expect(await callRuntimeApi(api, 'stakeInfoRuntimeApi', 'getStakeInfoForColdkey', [BOB], 'Vec<StakeInfo218>')).toBeNull()
    expect(await callRuntimeApi(api, 'delegateInfoRuntimeApi', 'getDelegates', [])).toBeUndefined()
  })

  it('decodes the spec-381 typed StakeInfo (camelCase fields) the same way', () => {
    const {registry} = tx381()
    const s = registry.createType('PalletSubtensorRpcInfoStakeInfo', {
      coldkey: BOB,
      drain: 0,
      emission: 7,
      hotkey: ALICE,
      isRegistered: true,
      locked: 1,
      netuid: 12,
      stake: 5_000_000_000n,
      taoEmission: 0,
    })
    expect(stakeEntryFrom(s as never)).toEqual({alphaRao: 5_000_000_000n, coldkey: BOB, emissionRao: 7n, hotkey: ALICE, lockedRao: 1n, netuid: 12, registered: true})
  })

  it('decodes real spec-218 DelegateInfoRuntimeApi bytes (get_delegated, captured from the chain)', () => {
    // delegate 5HnLxk… (owner //Alice), take 11796, registered and permitted on subnet 2, no legacy nominators
    const hex =
      '0x04fcef22885d95a3e8831e6281fd9df1b3aabbfbf27e87b2653ee9cc538f94551151b800d43593c715fdd31c61141abd04a99fd6822c8558854ccde39a5684e7a56da27d04080408000780079f140100'
    const registry = new TypeRegistry()
    registry.register(STAKE_TYPES_218 as never)
    const v = registry.createType('Vec<(StakeDelegateInfo218, Compact<u64>)>', hex)
    expect(v.encodedLength).toBe(80)
    const [info, stake] = (v as never as [Record<string, {toString(): string; toJSON(): unknown}>, {toString(): string}][])[0]!
    expect(info.delegate_ss58!.toString()).toBe('5HnLxkSroayx7X6zqYmVUv6m45fyrAmVSMebSZCvEfrfRJu5')
    expect(info.owner_ss58!.toString()).toBe(ALICE)
    expect(info.take!.toString()).toBe('11796')
    expect(info.registrations!.toJSON()).toEqual([2])
    expect(info.validator_permits!.toJSON()).toEqual([2])
    expect(info.total_daily_return!.toString()).toBe('4640933760')
    expect(stake.toString()).toBe('0')
  })
})
