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
import {big, callRuntimeApi, hasRuntimeApi, num} from '../chain/runtime-api.js'
import {RAO_PER_TAO} from '../util/amount.js'
import {type PoolReserves, simulateBuy, simulateSell, spotPriceRao} from './math.js'

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
  /** the connection, for runtime API calls pinned to `blockHash` (src/chain/runtime-api.ts) */
  chain: Pick<Chain, 'api' | 'endpoint' | 'timeoutMs'>
}

export async function pin(chain: Chain, blockHash?: string): Promise<Pinned> {
  const {api} = chain
  registerStakeTypes(api)
  return deadline(
    chain,
    (async () => {
      const hash = blockHash ?? (await api.rpc.chain.getBlockHash()).toHex()
      const [at, header] = await Promise.all([api.at(hash), api.rpc.chain.getHeader(hash)])
      return {api, at, block: header.number.toNumber(), blockHash: hash, chain}
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

export async function readPrice(p: Pinned, netuid: number): Promise<SubnetPrice> {
  const q = sm(p.at)
  const [tao, alpha, mech] = await Promise.all([q.subnetTAO!(netuid), q.subnetAlphaIn!(netuid), q.subnetMechanism ? q.subnetMechanism(netuid) : Promise.resolve(undefined)])
  const pool: PoolReserves = {alphaInRao: toBig(alpha), stable: mech !== undefined && toNum(mech) === 0, taoInRao: toBig(tao)}
  if (pool.stable) return {netuid, pool, priceRao: RAO_PER_TAO, source: 'stable'}
  if (hasRuntimeApi(p.chain, 'SwapRuntimeApi', 'current_alpha_price')) {
    const price = await callRuntimeApi(p.chain, 'SwapRuntimeApi', 'current_alpha_price', [netuid], {at: p.blockHash})
    return {netuid, pool, priceRao: big(price), source: 'swap-runtime-api'}
  }
  return {netuid, pool, priceRao: spotPriceRao(pool), source: 'pool-reserves'}
}

/** Prices of several subnets at once. */
export async function readPrices(p: Pinned, netuids: Iterable<number>): Promise<Map<number, SubnetPrice>> {
  const list = [...new Set(netuids)]
  const prices = await Promise.all(list.map((n) => readPrice(p, n)))
  return new Map(prices.map((p) => [p.netuid, p]))
}

/** Alpha received for `taoRao` (the runtime's simulation where it has one, else constant product). */
export async function quoteBuy(p: Pinned, price: SubnetPrice, taoRao: bigint): Promise<bigint> {
  if (price.source === 'swap-runtime-api' && hasRuntimeApi(p.chain, 'SwapRuntimeApi', 'sim_swap_tao_for_alpha')) {
    const r = await callRuntimeApi<{alphaAmount: bigint}>(p.chain, 'SwapRuntimeApi', 'sim_swap_tao_for_alpha', [price.netuid, taoRao], {at: p.blockHash})
    return big(r?.alphaAmount)
  }
  return simulateBuy(price.pool, taoRao)
}

/** TAO received for selling `alphaRao`. */
export async function quoteSell(p: Pinned, price: SubnetPrice, alphaRao: bigint): Promise<bigint> {
  if (price.source === 'swap-runtime-api' && hasRuntimeApi(p.chain, 'SwapRuntimeApi', 'sim_swap_alpha_for_tao')) {
    const r = await callRuntimeApi<{taoAmount: bigint}>(p.chain, 'SwapRuntimeApi', 'sim_swap_alpha_for_tao', [price.netuid, alphaRao], {at: p.blockHash})
    return big(r?.taoAmount)
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

/** A StakeInfo as `callRuntimeApi` returns it (plain data; the 218 struct and the typed one alike). */
export interface StakeInfoPlain {
  hotkey: string
  coldkey: string
  netuid: bigint
  stake: bigint
  locked: bigint
  emission: bigint
  isRegistered: boolean
}

export function stakeEntryFrom(s: StakeInfoPlain): StakeEntry {
  return {
    alphaRao: big(s.stake),
    coldkey: s.coldkey,
    emissionRao: big(s.emission),
    hotkey: s.hotkey,
    lockedRao: big(s.locked),
    netuid: num(s.netuid),
    registered: s.isRegistered === true,
  }
}

/** Every non-zero stake of a coldkey (StakeInfoRuntimeApi.get_stake_info_for_coldkey). */
export async function readColdkeyStakes(p: Pinned, coldkey: string): Promise<StakeEntry[]> {
  const res = await callRuntimeApi<StakeInfoPlain[]>(p.chain, 'StakeInfoRuntimeApi', 'get_stake_info_for_coldkey', [coldkey], {at: p.blockHash, raw: 'Vec<StakeInfo218>'})
  if (res === null) return []
  return res.map(stakeEntryFrom).filter((e) => e.alphaRao > 0n)
}

/** The stake of one coldkey on one (hotkey, netuid), in alpha base units (0 when none). */
export async function readStake(p: Pinned, hotkey: string, coldkey: string, netuid: number): Promise<bigint> {
  if (hasRuntimeApi(p.chain, 'StakeInfoRuntimeApi', 'get_stake_info_for_hotkey_coldkey_netuid')) {
    const r = await callRuntimeApi<StakeInfoPlain>(p.chain, 'StakeInfoRuntimeApi', 'get_stake_info_for_hotkey_coldkey_netuid', [hotkey, coldkey, netuid], {at: p.blockHash})
    return r ? big(r.stake) : 0n
  }
  const all = await readColdkeyStakes(p, coldkey)
  return all.find((e) => e.hotkey === hotkey && e.netuid === netuid)?.alphaRao ?? 0n
}

/** A validator's take (u16) and whether it is an explicit delegate entry. */
export async function readTake(p: Pinned, hotkey: string): Promise<{take: number; listed: boolean}> {
  const [take, listed] = await Promise.all([sm(p.at).delegates!(hotkey), storageExists(p, 'delegates', hotkey)])
  return {listed, take: toNum(take)}
}

export {RAO_PER_TAO}
