/**
 * Chain reads for staking, all at one pinned block (`AtApi`), returning plain data (bigint, SS58, numbers).
 * Amounts come from `StakeInfoRuntimeApi` on every runtime: at spec 218 the `Alpha` map holds per-coldkey
 * shares of the hotkey's pool (value = Alpha × TotalHotkeyAlpha / TotalHotkeyShares, which drifts from the raw
 * entry as emission accrues), and at newer runtimes it is U64F64 shares outright.
 */
import type {ApiDecoration} from '@polkadot/api/types'
import type {ApiPromise} from '@polkadot/api'
import type {Codec} from '@polkadot/types/types'

import type {Chain} from '../chain/client.js'

import {deadline} from '../chain/client.js'
import {toBig, toNum} from '../chain/codec.js'
import {RAO_PER_TAO} from '../util/amount.js'
import {type PoolReserves, simulateBuy, simulateSell, spotPriceRao} from './math.js'
import {callRuntimeApi, hasRuntimeApi} from './runtime-call.js'

export type AtApi = ApiDecoration<'promise'>

/** Struct of spec-218 `DelegateInfoRuntimeApi` results (raw `Vec<u8>`; nominators are legacy stake). */
export const STAKE_TYPES_218 = {
  StakeDelegateInfo218: {
    delegate_ss58: 'AccountId32',
    take: 'Compact<u16>',
    nominators: 'Vec<(AccountId32, Compact<u64>)>',
    owner_ss58: 'AccountId32',
    registrations: 'Vec<Compact<u16>>',
    validator_permits: 'Vec<Compact<u16>>',
    return_per_1000: 'Compact<u64>',
    total_daily_return: 'Compact<u64>',
  },
} as const

/** Register the 218 structs on this connection's registry (idempotent). */
export function registerStakeTypes(api: ApiPromise): void {
  if (!api.registry.hasType('StakeDelegateInfo218')) api.registry.register(STAKE_TYPES_218 as never)
}

/** One block to read everything at, so numbers shown together are consistent. */
export interface Pinned {
  api: ApiPromise
  at: AtApi
  block: number
  blockHash: string
}

export async function pin(chain: Chain, blockHash?: string): Promise<Pinned> {
  const {api} = chain
  registerStakeTypes(api)
  return deadline(
    chain,
    (async () => {
      const hash = blockHash ?? (await api.rpc.chain.getBlockHash()).toHex()
      const [at, header] = await Promise.all([api.at(hash), api.rpc.chain.getHeader(hash)])
      return {api, at, block: header.number.toNumber(), blockHash: hash}
    })(),
    'reading the chain head',
  )
}

type StorageFn = ((...a: unknown[]) => Promise<Codec>) & {key: (...a: unknown[]) => string; entries: (...a: unknown[]) => Promise<[{args: Codec[]}, Codec][]>}
export const sm = (at: AtApi) => at.query.subtensorModule as unknown as Record<string, StorageFn | undefined>

/**
 * Is there a stored value (not just the type's default) for this key at the pinned block?
 * (`state_getStorageSize` is not served by every node, chopsticks included, so read the raw value.)
 */
export async function storageExists(p: Pinned, item: string, ...args: unknown[]): Promise<boolean> {
  const fn = sm(p.at)[item]
  if (!fn) return false
  const raw = (await p.api.rpc.state.getStorage(fn.key(...args), p.blockHash)) as unknown as {isSome: boolean}
  return raw.isSome
}

export interface Balance {
  freeRao: bigint
  reservedRao: bigint
  frozenRao: bigint
  nonce: number
}

export async function readBalance(at: AtApi, address: string): Promise<Balance> {
  const acc = (await at.query.system.account(address)) as unknown as {nonce: Codec; data: {free: Codec; reserved: Codec; frozen?: Codec; miscFrozen?: Codec; feeFrozen?: Codec}}
  const frozen = acc.data.frozen ?? acc.data.miscFrozen
  return {freeRao: toBig(acc.data.free), frozenRao: frozen ? toBig(frozen) : 0n, nonce: toNum(acc.nonce), reservedRao: toBig(acc.data.reserved)}
}

export function existentialDepositRao(api: ApiPromise): bigint {
  return toBig(api.consts.balances.existentialDeposit)
}

/** The coldkey that owns a hotkey, or undefined when the hotkey was never registered (no `Owner` entry). */
export async function hotkeyOwner(p: Pinned, hotkey: string): Promise<string | undefined> {
  if (!(await storageExists(p, 'owner', hotkey))) return undefined
  return (await sm(p.at).owner!(hotkey)).toString()
}

export async function subnetExists(at: AtApi, netuid: number): Promise<boolean> {
  const q = sm(at)
  return (await q.networksAdded!(netuid)).toJSON() === true
}

/** Does the hotkey have a uid on the subnet? */
export async function hasUid(at: AtApi, netuid: number, hotkey: string): Promise<boolean> {
  const v = (await sm(at).uids!(netuid, hotkey)) as unknown as {isSome: boolean}
  return v.isSome
}

/** Price of a subnet's alpha, and how it was read. */
export interface SubnetPrice {
  netuid: number
  /** rao of TAO per one whole alpha */
  priceRao: bigint
  /** `pool-reserves` (SubnetTAO/SubnetAlphaIn, constant product) or `swap-runtime-api` (newer runtimes) */
  source: 'pool-reserves' | 'swap-runtime-api' | 'stable'
  pool: PoolReserves
}

export async function readPrice(at: AtApi, netuid: number): Promise<SubnetPrice> {
  const q = sm(at)
  const [tao, alpha, mech] = await Promise.all([q.subnetTAO!(netuid), q.subnetAlphaIn!(netuid), q.subnetMechanism ? q.subnetMechanism(netuid) : Promise.resolve(undefined)])
  const pool: PoolReserves = {alphaInRao: toBig(alpha), stable: mech !== undefined && toNum(mech) === 0, taoInRao: toBig(tao)}
  if (pool.stable) return {netuid, pool, priceRao: RAO_PER_TAO, source: 'stable'}
  if (hasRuntimeApi(at, 'swapRuntimeApi', 'currentAlphaPrice')) {
    const p = await callRuntimeApi(at, 'swapRuntimeApi', 'currentAlphaPrice', [netuid])
    return {netuid, pool, priceRao: toBig(p), source: 'swap-runtime-api'}
  }
  return {netuid, pool, priceRao: spotPriceRao(pool), source: 'pool-reserves'}
}

/** Prices of several subnets at once. */
export async function readPrices(at: AtApi, netuids: Iterable<number>): Promise<Map<number, SubnetPrice>> {
  const list = [...new Set(netuids)]
  const prices = await Promise.all(list.map((n) => readPrice(at, n)))
  return new Map(prices.map((p) => [p.netuid, p]))
}

/** Alpha received for `taoRao` (the runtime's simulation where it has one, else constant product). */
export async function quoteBuy(at: AtApi, price: SubnetPrice, taoRao: bigint): Promise<bigint> {
  if (price.source === 'swap-runtime-api' && hasRuntimeApi(at, 'swapRuntimeApi', 'simSwapTaoForAlpha')) {
    const r = (await callRuntimeApi(at, 'swapRuntimeApi', 'simSwapTaoForAlpha', [price.netuid, taoRao])) as unknown as {alphaAmount: Codec}
    return toBig(r.alphaAmount)
  }
  return simulateBuy(price.pool, taoRao)
}

/** TAO received for selling `alphaRao`. */
export async function quoteSell(at: AtApi, price: SubnetPrice, alphaRao: bigint): Promise<bigint> {
  if (price.source === 'swap-runtime-api' && hasRuntimeApi(at, 'swapRuntimeApi', 'simSwapAlphaForTao')) {
    const r = (await callRuntimeApi(at, 'swapRuntimeApi', 'simSwapAlphaForTao', [price.netuid, alphaRao])) as unknown as {taoAmount: Codec}
    return toBig(r.taoAmount)
  }
  return simulateSell(price.pool, alphaRao)
}

/** One (hotkey, coldkey, netuid) stake position, as StakeInfoRuntimeApi reports it. */
export interface StakeEntry {
  hotkey: string
  coldkey: string
  netuid: number
  alphaRao: bigint
  lockedRao: bigint
  emissionRao: bigint
  registered: boolean
}

interface StakeInfoCodec {
  hotkey: Codec
  coldkey: Codec
  netuid: Codec
  stake: Codec
  locked: Codec
  emission: Codec
  isRegistered?: Codec
  is_registered?: Codec
}

export function stakeEntryFrom(s: StakeInfoCodec): StakeEntry {
  const reg = s.isRegistered ?? s.is_registered
  return {
    alphaRao: toBig(s.stake),
    coldkey: s.coldkey.toString(),
    emissionRao: toBig(s.emission),
    hotkey: s.hotkey.toString(),
    lockedRao: toBig(s.locked),
    netuid: toNum(s.netuid),
    registered: Boolean(reg && (reg as unknown as {isTrue: boolean}).isTrue),
  }
}

/** Every non-zero stake of a coldkey (StakeInfoRuntimeApi.get_stake_info_for_coldkey). */
export async function readColdkeyStakes(at: AtApi, coldkey: string): Promise<StakeEntry[]> {
  const res = await callRuntimeApi(at, 'stakeInfoRuntimeApi', 'getStakeInfoForColdkey', [coldkey], 'Vec<StakeInfo218>')
  if (res === undefined) throw new Error('this runtime has no StakeInfoRuntimeApi.get_stake_info_for_coldkey')
  if (res === null) return []
  return (res as unknown as StakeInfoCodec[]).map(stakeEntryFrom).filter((e) => e.alphaRao > 0n)
}

/** The stake of one coldkey on one (hotkey, netuid), in alpha base units (0 when none). */
export async function readStake(at: AtApi, hotkey: string, coldkey: string, netuid: number): Promise<bigint> {
  if (hasRuntimeApi(at, 'stakeInfoRuntimeApi', 'getStakeInfoForHotkeyColdkeyNetuid')) {
    const r = (await callRuntimeApi(at, 'stakeInfoRuntimeApi', 'getStakeInfoForHotkeyColdkeyNetuid', [hotkey, coldkey, netuid])) as unknown as {isSome: boolean; unwrap(): StakeInfoCodec}
    return r?.isSome ? toBig(r.unwrap().stake) : 0n
  }
  const all = await readColdkeyStakes(at, coldkey)
  return all.find((e) => e.hotkey === hotkey && e.netuid === netuid)?.alphaRao ?? 0n
}

/** A validator's take (u16) and whether it is an explicit delegate entry. */
export async function readTake(p: Pinned, hotkey: string): Promise<{take: number; listed: boolean}> {
  const [take, listed] = await Promise.all([sm(p.at).delegates!(hotkey), storageExists(p, 'delegates', hotkey)])
  return {listed, take: toNum(take)}
}

export {RAO_PER_TAO}
