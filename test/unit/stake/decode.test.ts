import {TypeRegistry} from '@polkadot/types'
import {compactAddLength, u8aToHex} from '@polkadot/util'
import {decodeAddress} from '@polkadot/util-crypto'
import {describe, expect, it} from 'vitest'

import {callRuntimeApi, hasRuntimeApi, runtimeApiMethod, toPlain} from '../../../src/chain/runtime-api.js'
import {RUNTIME_TYPES} from '../../../src/chain/types.js'
import {type StakeInfoPlain, stakeEntryFrom} from '../../../src/chain/reads.js'
import {STAKE_TYPES_218} from '../../../src/chain/types.js'
import {ALICE, BOB} from '../../helpers/call-samples.js'
import {tx381} from '../../helpers/metadata.js'

/**
 * A fake chain with spec 218's shape as src/chain/runtime-api.ts sees it: metadata declaring
 * `StakeInfoRuntimeApi.get_stake_info_for_coldkey(Vec<u8>) -> Vec<u8>` (and nothing else), and a node whose
 * `state_call` answers with the SCALE encoding of that Vec<u8> (length prefix + payload). RPC calls go to `seen`.
 */
function fake218(registry: TypeRegistry, payload: Uint8Array, seen: unknown[]) {
  const apis = [{methods: [{inputs: [{name: 'coldkey_account_vec', type: 'vec-u8'}], name: 'get_stake_info_for_coldkey', output: 'vec-u8'}], name: 'StakeInfoRuntimeApi'}]
  const reg = new Proxy(registry, {
    get(target, key) {
      if (key === 'metadata') return {apis}
      if (key === 'lookup') return {getTypeDef: () => ({type: 'Vec<u8>'})}
      if (key === 'createLookupType') return () => 'Bytes'
      const v = Reflect.get(target, key, target) as unknown
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v
    },
  })
  const send = async (method: string, params: unknown[]) => {
    seen.push(method, ...params)
    return u8aToHex(compactAddLength(payload)) // the node's Vec<u8>: prefix + payload
  }
  return {api: {_rpcCore: {provider: {send}}, registry: reg}, endpoint: 'ws://fake', timeoutMs: 5000} as never
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
    const chain = fake218(registry, entries.toU8a(), seen)
    expect(hasRuntimeApi(chain, 'StakeInfoRuntimeApi', 'get_stake_info_for_coldkey')).toBe(true)
    expect(hasRuntimeApi(chain, 'SwapRuntimeApi', 'current_alpha_price')).toBe(false)
    expect(runtimeApiMethod((chain as {api: {registry: TypeRegistry}}).api.registry, 'StakeInfoRuntimeApi', 'get_stake_info_for_coldkey')?.raw).toBe(true)
    const res = (await callRuntimeApi<StakeInfoPlain[]>(chain, 'StakeInfoRuntimeApi', 'get_stake_info_for_coldkey', [BOB], {raw: 'Vec<StakeInfo218>'}))!
    expect(seen).toEqual(['state_call', 'StakeInfoRuntimeApi_get_stake_info_for_coldkey', u8aToHex(compactAddLength(decodeAddress(BOB)))])
    const decoded = res.map(stakeEntryFrom)
    expect(decoded[0]).toEqual({alphaRao: 99_009_949_694n, coldkey: BOB, emissionRao: 5n, hotkey: ALICE, lockedRao: 0n, netuid: 3, registered: true})
    expect(decoded[1]!.registered).toBe(false)
  })

  it('reads an empty result as "none"', async () => {
    const registry = new TypeRegistry()
    const chain = fake218(registry, new Uint8Array(), [])
    expect(await callRuntimeApi(chain, 'StakeInfoRuntimeApi', 'get_stake_info_for_coldkey', [BOB], {raw: 'Vec<StakeInfo218>'})).toBeNull()
    // a method the runtime lacks: hasRuntimeApi says so, and calling it anyway is refused before anything is sent
    expect(hasRuntimeApi(chain, 'DelegateInfoRuntimeApi', 'get_delegates')).toBe(false)
    await expect(callRuntimeApi(chain, 'DelegateInfoRuntimeApi', 'get_delegates', [])).rejects.toThrow('this runtime has no runtime API DelegateInfoRuntimeApi.get_delegates')
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
    expect(stakeEntryFrom(toPlain(s) as StakeInfoPlain)).toEqual({alphaRao: 5_000_000_000n, coldkey: BOB, emissionRao: 7n, hotkey: ALICE, lockedRao: 1n, netuid: 12, registered: true})
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
    // and as plain data, the shape src/stake/delegates.ts reads
    expect(toPlain(info)).toMatchObject({delegateSs58: '5HnLxkSroayx7X6zqYmVUv6m45fyrAmVSMebSZCvEfrfRJu5', nominators: [], ownerSs58: ALICE, registrations: [2n], take: 11_796n, validatorPermits: [2n]})
  })
})
