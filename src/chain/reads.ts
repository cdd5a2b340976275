/**
 * The chain reads topics share, in one place, returning plain data (bigint rao, numbers, SS58 strings):
 * balances and the existential deposit, a coldkey's stakes, prices and pools, axons and neurons, hotkey
 * registration and take, and the block every read of one command is pinned to (`pinBlock`).
 *
 * Stake amounts come from `StakeInfoRuntimeApi` on every runtime: at spec 218 the `Alpha` map holds per-coldkey
 * shares of the hotkey's pool (value = Alpha × TotalHotkeyAlpha / TotalHotkeyShares, which drifts from the raw
 * entry as emission accrues), and at newer runtimes it is U64F64 shares outright.
 */
import type {ApiDecoration} from '@polkadot/api/types'
import type {ApiPromise} from '@polkadot/api'
import type {Codec} from '@polkadot/types/types'

import type {Chain} from './client.js'

import {type PoolReserves, simulateBuy, simulateSell, spotPriceRao} from '../stake/math.js'
import {RAO_PER_TAO, formatTao} from '../util/amount.js'
import {deadline} from './client.js'
import {toBig, toNum} from './codec.js'
import {type RuntimeApiMethod, type StorageEntryLike, bestHead, big, callRuntimeApi, entriesAt, hasRuntimeApi, num, queryAt, runtimeApiMethod} from './runtime-api.js'
import {RUNTIME_TYPES} from './types.js'

export type AtApi = ApiDecoration<'promise'>

/** One block to read everything at, so numbers shown together are consistent. */
export interface Pinned {
  api: ApiPromise
  at: AtApi
  block: number
  blockHash: string
  /** the connection, for runtime API calls pinned to `blockHash` (src/chain/runtime-api.ts) */
  chain: Pick<Chain, 'api' | 'endpoint' | 'timeoutMs'>
}

/** Pin the reads of one command to a block (the best block unless `blockHash`): its hash, number and `api.at`. */
export async function pinBlock(chain: Chain, blockHash?: string): Promise<Pinned> {
  const {api} = chain
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

/** A balance at the best block, or at `at` (a block hash). */
export async function readBalanceOf(chain: Pick<Chain, 'api' | 'endpoint' | 'timeoutMs'>, address: string, at?: string): Promise<Balance> {
  const [acc] = await queryAt(chain, at ?? (await bestHead(chain)).hash, [[systemAccount(chain), address]])
  return balanceFrom(acc)
}

/** Balance from a plain `System.Account` value (as `queryAt` returns it). */
export function balanceFrom(account: unknown): Balance {
  const a = (account ?? {}) as {nonce?: unknown; data?: {free?: unknown; reserved?: unknown; frozen?: unknown; miscFrozen?: unknown}}
  const d = a.data ?? {}
  return {freeRao: big(d.free), frozenRao: big(d.frozen ?? d.miscFrozen), nonce: num(a.nonce), reservedRao: big(d.reserved)}
}

/** The `System.Account` storage entry, for batching with other reads in `queryAt`. */
export function systemAccount(chain: Pick<Chain, 'api'>): StorageEntryLike {
  return chain.api.query.system.account as unknown as StorageEntryLike
}

export interface AccountBalance {
  address: string
  freeRao: bigint
  reservedRao: bigint
  frozenRao: bigint
}

/** Balances of several accounts at once (best block). */
export async function readBalances(chain: Chain, addresses: string[]): Promise<AccountBalance[]> {
  if (addresses.length === 0) return []
  const accounts = await deadline(chain, chain.api.query.system.account.multi(addresses), 'reading balances')
  return accounts.map((acc, i) => {
    const d = acc.data as unknown as {free: Codec; reserved: Codec; frozen?: Codec; miscFrozen?: Codec}
    const frozen = d.frozen ?? d.miscFrozen
    return {address: addresses[i]!, freeRao: toBig(d.free), frozenRao: frozen ? toBig(frozen) : 0n, reservedRao: toBig(d.reserved)}
  })
}

/** `Balances.ExistentialDeposit` (0 on a runtime without the constant). */
export function existentialDepositRao(chain: Pick<Chain, 'api'>): bigint {
  const c = (chain.api.consts as unknown as {balances?: {existentialDeposit?: unknown}}).balances?.existentialDeposit
  return c === undefined ? 0n : toBig(c)
}

/** The all-zero account: what `Owner` and similar maps hold for "never set". */
export function zeroAccount(chain: Pick<Chain, 'api'>): string {
  return chain.api.registry.createType('AccountId32', new Uint8Array(32)).toString()
}

/** The subtensor storage namespace (typed loosely: items differ between runtimes). */
export function subtensorStorage(chain: Pick<Chain, 'api'>): Record<string, StorageEntryLike & {keyPrefix(...a: unknown[]): string; creator: StorageEntryLike['creator'] & {section: string; method: string}}> {
  return chain.api.query.subtensorModule as never
}

/** Names of the SubtensorModule errors this runtime has. */
export function subtensorErrorNames(chain: Pick<Chain, 'api'>): Set<string> {
  return new Set(Object.keys((chain.api.errors as unknown as Record<string, Record<string, unknown>>).subtensorModule ?? {}))
}

/** The coldkey that owns a hotkey, or undefined when the hotkey was never registered (no `Owner` entry). */
export async function hotkeyOwner(p: Pinned, hotkey: string): Promise<string | undefined> {
  if (!(await storageExists(p, 'owner', hotkey))) return undefined
  return (await sm(p.at).owner!(hotkey)).toString()
}

/** Is the subnet added? At a pinned `AtApi`, or (given the connection) at the best block / block `hash`. */
export async function subnetExists(at: AtApi, netuid: number): Promise<boolean> {
  const q = sm(at)
  return (await q.networksAdded!(netuid)).toJSON() === true
}

export async function subnetAdded(chain: Pick<Chain, 'api' | 'endpoint' | 'timeoutMs'>, netuid: number, hash?: string): Promise<boolean> {
  const q = subtensorStorage(chain)
  if (!q.networksAdded) return true
  const [v] = await queryAt(chain, hash ?? (await bestHead(chain)).hash, [[q.networksAdded, netuid]])
  return v === true
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
  if (pool.stable) return subnetPriceFrom(netuid, pool)
  if (hasRuntimeApi(p.chain, 'SwapRuntimeApi', 'current_alpha_price')) {
    const price = await callRuntimeApi(p.chain, 'SwapRuntimeApi', 'current_alpha_price', [netuid], {at: p.blockHash})
    return subnetPriceFrom(netuid, pool, price)
  }
  return subnetPriceFrom(netuid, pool)
}

/**
 * A subnet's price from its pool (`SubnetTAO`, `SubnetAlphaIn`, stable when `SubnetMechanism` is 0) and, where the
 * runtime has `SwapRuntimeApi.current_alpha_price`, its answer (the full and the light read path alike).
 */
export function subnetPriceFrom(netuid: number, pool: PoolReserves, swapPrice?: unknown): SubnetPrice {
  if (pool.stable) return {netuid, pool, priceRao: RAO_PER_TAO, source: 'stable'}
  if (swapPrice !== undefined) return {netuid, pool, priceRao: big(swapPrice), source: 'swap-runtime-api'}
  return {netuid, pool, priceRao: spotPriceRao(pool), source: 'pool-reserves'}
}

/** Price of one alpha in rao of TAO per netuid, at the best block (root = 1 TAO). */
export async function alphaPrices(chain: Chain, netuids: number[]): Promise<Map<number, bigint>> {
  const out = new Map<number, bigint>([[0, RAO_PER_TAO]])
  const uniq = [...new Set(netuids)].filter((n) => n !== 0)
  if (uniq.length === 0) return out
  const prices = await readPrices(await pinBlock(chain), uniq)
  for (const n of uniq) out.set(n, prices.get(n)!.priceRao)
  return out
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
  /** null when read from storage (the `Alpha` map says nothing about registration) */
  registered: boolean | null
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

/** Which way this runtime exposes stake: `raw-api` (218), `typed-api` (newer) or `storage`. */
export function stakeSource(chain: Pick<Chain, 'api'>): 'raw-api' | 'typed-api' | 'storage' {
  const m = runtimeApiMethod(chain.api.registry, 'StakeInfoRuntimeApi', 'get_stake_info_for_coldkey')
  if (!m) return 'storage'
  return /Vec<u8>|Bytes/.test(m.inputs[0]?.readable ?? '') ? 'raw-api' : 'typed-api'
}

/**
 * Every non-zero stake of a coldkey (StakeInfoRuntimeApi.get_stake_info_for_coldkey), at the best block or at
 * block `at`. Without the runtime API, or with `source: 'storage'`, from the `Alpha` map (`readStakesFromStorage`).
 */
export async function readStakes(chain: Pick<Chain, 'api' | 'endpoint' | 'timeoutMs'>, coldkey: string, opts: {at?: string; source?: 'storage'} = {}): Promise<StakeEntry[]> {
  if (opts.source === 'storage' || stakeSource(chain) === 'storage') return readStakesFromStorage(chain, coldkey, opts.at)
  const res = await callRuntimeApi<StakeInfoPlain[]>(chain, 'StakeInfoRuntimeApi', 'get_stake_info_for_coldkey', [coldkey], {at: opts.at, raw: 'Vec<StakeInfo218>'})
  if (res === null) return []
  return res.map(stakeEntryFrom).filter((e) => e.alphaRao > 0n)
}

/**
 * Stakes without the runtime API: StakingHotkeys(coldkey) × Alpha(hotkey, coldkey, netuid). `Alpha` holds the
 * coldkey's SHARES of the hotkey's pool on netuid, so the amount is
 * shares × TotalHotkeyAlpha(hotkey, netuid) / TotalHotkeyShares(hotkey, netuid) (u64 at 218; the fixed-point
 * shares of newer runtimes are not decoded here: those runtimes have the typed API).
 */
export async function readStakesFromStorage(chain: Pick<Chain, 'api' | 'endpoint' | 'timeoutMs'>, coldkey: string, at?: string): Promise<StakeEntry[]> {
  const q = subtensorStorage(chain)
  if (!q.alpha || !q.stakingHotkeys || !q.totalHotkeyAlpha) return []
  const hash = at ?? (await bestHead(chain)).hash
  const [hks] = await queryAt(chain, hash, [[q.stakingHotkeys, coldkey]])
  const hotkeys = ((hks as unknown[] | null) ?? []).map(String)
  const out: StakeEntry[] = []
  const int = (v: unknown): bigint | undefined => (typeof v === 'bigint' ? v : typeof v === 'number' ? BigInt(v) : undefined)
  for (const hk of hotkeys) {
    const entries = await entriesAt(chain, hash, q.alpha, hk, coldkey)
    for (const {args, value} of entries) {
      const netuid = num(args[2])
      const shares = int(value)
      if (shares === undefined || shares === 0n) continue
      const [total, totalShares] = await queryAt(chain, hash, [[q.totalHotkeyAlpha, hk, netuid], ...(q.totalHotkeyShares ? [[q.totalHotkeyShares, hk, netuid] as [StorageEntryLike, ...unknown[]]] : [])])
      const t = int(total) ?? 0n
      const ts = q.totalHotkeyShares ? int(totalShares) : shares
      if (ts === undefined) continue // fixed-point shares: not this runtime's path
      const amount = ts === 0n ? 0n : (shares * t) / ts
      if (amount > 0n) out.push({alphaRao: amount, coldkey, emissionRao: 0n, hotkey: hk, lockedRao: 0n, netuid, registered: null})
    }
  }
  return out
}

/** Every non-zero stake of a coldkey at the pinned block. */
export async function readColdkeyStakes(p: Pinned, coldkey: string): Promise<StakeEntry[]> {
  return readStakes(p.chain, coldkey, {at: p.blockHash})
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


// ---- axons and neurons --------------------------------------------------------------------------------------

/** An axon as the chain stores it (`AxonInfo`): the IP as its u128 integer (render it with src/chain/ip.ts). */
export interface AxonInfo {
  block: bigint
  version: number
  ip: bigint
  port: number
  ipType: number
  protocol: number
}

export const NO_AXON: AxonInfo = {block: 0n, ip: 0n, ipType: 0, port: 0, protocol: 0, version: 0}

/** AxonInfo from a plain decoded value (storage `Option<AxonInfo>`: null means never served; or a runtime-API struct). */
export function axonInfoFrom(v: unknown): AxonInfo {
  if (v === undefined || v === null || typeof v !== 'object') return {...NO_AXON}
  const x = v as Record<string, unknown>
  return {block: big(x.block), ip: big(x.ip), ipType: num(x.ipType), port: num(x.port), protocol: num(x.protocol), version: num(x.version)}
}

export interface AxonEntry {
  uid: number
  hotkey: string
  axon: AxonInfo
  /** false when the chain holds no axon for the hotkey (all zeros then) */
  served: boolean
}

export interface AxonsOfSubnet {
  source: 'storage' | 'runtime-api'
  /** every neuron of the subnet, in uid order */
  axons: AxonEntry[]
}

/** Neurons of a subnet from `NeuronInfoRuntimeApi.get_neurons_lite` (218 raw bytes, or typed), as plain data; null when the subnet is missing. */
export async function readNeuronsLite(chain: Pick<Chain, 'api' | 'endpoint' | 'timeoutMs'>, netuid: number, at?: string): Promise<Record<string, unknown>[] | null> {
  return callRuntimeApi<Record<string, unknown>[]>(chain, 'NeuronInfoRuntimeApi', 'get_neurons_lite', [netuid], {at, raw: 'Vec<NeuronInfoLite218>', rawTypes: RUNTIME_TYPES})
}

/**
 * The axons of every neuron of a subnet, at the best block or at `at`: `Keys` × `Axons` storage where the runtime
 * has it (spec 218 and today's runtime both do), else `get_neurons_lite`.
 */
export async function readAxons(chain: Pick<Chain, 'api' | 'endpoint' | 'timeoutMs'>, netuid: number, opts: {at?: string; source?: 'storage' | 'runtime-api'} = {}): Promise<AxonsOfSubnet> {
  const q = subtensorStorage(chain)
  const useStorage = opts.source !== 'runtime-api' && Boolean(q.axons && q.keys)
  if (useStorage) {
    const hash = opts.at ?? (await bestHead(chain)).hash
    const pairs = (await entriesAt(chain, hash, q.keys!, netuid)).map(({args, value}) => [num(args[1]), String(value)] as [number, string])
    pairs.sort((a, b) => a[0] - b[0])
    const stored = new Map((await entriesAt(chain, hash, q.axons!, netuid)).map(({args, value}) => [String(args[1]), value]))
    return {axons: pairs.map(([uid, hotkey]) => ({axon: axonInfoFrom(stored.get(hotkey)), hotkey, served: stored.has(hotkey), uid})), source: 'storage'}
  }
  if (!hasRuntimeApi(chain, 'NeuronInfoRuntimeApi', 'get_neurons_lite')) {
    throw new Error('this runtime has neither SubtensorModule.Axons storage nor NeuronInfoRuntimeApi.get_neurons_lite')
  }
  const list = (await readNeuronsLite(chain, netuid, opts.at)) ?? []
  const axons = list.map((n) => ({axon: axonInfoFrom(n.axonInfo), hotkey: String(n.hotkey), served: true, uid: num(n.uid)}))
  axons.sort((a, b) => a.uid - b.uid)
  return {axons, source: 'runtime-api'}
}

/** One hotkey's stored axon on a subnet; null when none is stored (or the runtime has no `Axons` map). */
export async function readAxon(chain: Pick<Chain, 'api' | 'endpoint' | 'timeoutMs'>, netuid: number, hotkey: string, at?: string): Promise<AxonInfo | null> {
  const q = subtensorStorage(chain)
  if (!q.axons) return null
  const [v] = await queryAt(chain, at ?? (await bestHead(chain)).hash, [[q.axons, netuid, hotkey]])
  return axonInfoFrom(v)
}

/** Hotkeys registered on a subnet (`Keys`, else the neurons' hotkeys). */
export async function registeredHotkeys(chain: Pick<Chain, 'api' | 'endpoint' | 'timeoutMs'>, netuid: number, at?: string): Promise<Set<string>> {
  const q = subtensorStorage(chain)
  if (q.keys) return new Set((await entriesAt(chain, at, q.keys, netuid)).map(({value}) => String(value)))
  const read = await readAxons(chain, netuid, {at, source: 'runtime-api'})
  return new Set(read.axons.map((a) => a.hotkey))
}

/** Does the hotkey have a uid on the subnet (best block, or `at`)? */
export async function hotkeyUid(chain: Pick<Chain, 'api' | 'endpoint' | 'timeoutMs'>, netuid: number, hotkey: string, at?: string): Promise<number | null> {
  const [v] = await queryAt(chain, at ?? (await bestHead(chain)).hash, [[subtensorStorage(chain).uids!, netuid, hotkey]])
  return v === null || v === undefined ? null : num(v)
}

/** Does this runtime have `SubtensorModule.<item>` storage (camelCase, as in api.query)? */
export function hasStorage(chain: Pick<Chain, 'api'>, item: string): boolean {
  return Boolean(subtensorStorage(chain)[item])
}

/** The netuids of every added subnet, ascending (best block, or `at`). */
export async function readNetuids(chain: Pick<Chain, 'api' | 'endpoint' | 'timeoutMs'>, at?: string): Promise<number[]> {
  const entries = await entriesAt(chain, at, subtensorStorage(chain).networksAdded!)
  return entries.filter(({value}) => value === true).map(({args}) => num(args[0])).sort((a, b) => a - b)
}

/** `OwnedHotkeys(coldkey)` ([] on a runtime without the map). */
export async function readOwnedHotkeys(chain: Pick<Chain, 'api' | 'endpoint' | 'timeoutMs'>, coldkey: string, at?: string): Promise<string[]> {
  const q = subtensorStorage(chain)
  if (!q.ownedHotkeys) return []
  const [v] = await queryAt(chain, at ?? (await bestHead(chain)).hash, [[q.ownedHotkeys, coldkey]])
  return ((v as unknown[] | null) ?? []).map(String)
}

/**
 * A hotkey's owner (null when never registered: the all-zero account) and its uids on `netuids`, with the
 * hotkey's total alpha there (null on a runtime without `TotalHotkeyAlpha`), at one block.
 */
export async function readHotkeyRegistrations(
  chain: Pick<Chain, 'api' | 'endpoint' | 'timeoutMs'>,
  hotkey: string,
  netuids: number[],
  at?: string,
): Promise<{owner: string | null; registrations: {netuid: number; uid: number; totalAlphaRao: bigint | null; alphaStakeRao: bigint; taoStakeRao: bigint; stakeWeightRao: bigint}[]}> {
  const q = subtensorStorage(chain)
  const hash = at ?? (await bestHead(chain)).hash
  const [owner, ...uids] = await queryAt(chain, hash, [[q.owner!, hotkey], ...netuids.map((n) => [q.uids!, n, hotkey] as [StorageEntryLike, ...unknown[]])])
  const regs = netuids.flatMap((n, i) => (uids[i] === null || uids[i] === undefined ? [] : [{netuid: n, uid: num(uids[i])}]))
  const alphas = q.totalHotkeyAlpha && regs.length ? await queryAt(chain, hash, regs.map((r) => [q.totalHotkeyAlpha!, hotkey, r.netuid])) : []
  // the metagraph's stake columns for the same hotkey (one function: readStakeWeights)
  const weights = await Promise.all(regs.map((r) => readStakeWeights(chain, r.netuid, hash)))
  return {
    owner: String(owner) === zeroAccount(chain) ? null : String(owner),
    registrations: regs.map((r, i) => registrationRow(r, weights[i]!.neurons.find((n) => n.uid === r.uid), q.totalHotkeyAlpha && regs.length ? big(alphas[i]) : null)),
  }
}

/** A hotkey's owner (null when never registered) and its registrations, as `readHotkeyRegistrations` reads them. */
export type HotkeyRegistrations = Awaited<ReturnType<typeof readHotkeyRegistrations>>

/** What one wallet's overview is made of, read at one block. */
export interface WalletOverviewReads {
  balance: WalletBalance
  stakes: WalletStake[]
  /** `overviewHotkeys`, in order */
  hotkeys: string[]
  registrations: Map<string, HotkeyRegistrations>
}

/** One registration of a hotkey with the metagraph's stake columns for it (the full and the light read path alike). */
export function registrationRow(
  r: {netuid: number; uid: number},
  w: Pick<StakeWeight, 'alphaRao' | 'taoRao' | 'totalRao'> | undefined,
  totalAlphaRao: bigint | null,
): {netuid: number; uid: number; totalAlphaRao: bigint | null; alphaStakeRao: bigint; taoStakeRao: bigint; stakeWeightRao: bigint} {
  return {...r, alphaStakeRao: w?.alphaRao ?? 0n, stakeWeightRao: w?.totalRao ?? 0n, taoStakeRao: w?.taoRao ?? 0n, totalAlphaRao}
}

/** The hotkeys `wallet overview` shows for a coldkey: its files on disk, those it owns on chain, those it stakes to (each once, in that order). */
export function overviewHotkeys(disk: {address: string | null}[], owned: string[], stakes: {hotkey: string}[]): string[] {
  return [...new Set([...disk.flatMap((h) => (h.address ? [h.address] : [])), ...owned, ...stakes.map((s) => s.hotkey)])]
}

/** How the connected runtime describes a runtime API method (undefined when it lacks it). */
export function runtimeApiOf(chain: Pick<Chain, 'api'>, api: string, method: string): RuntimeApiMethod | undefined {
  return runtimeApiMethod(chain.api.registry, api, method)
}

/**
 * Wallet-side chain reads shared by `wallet balance` and `wallet overview`: a coldkey's stakes with their
 * indicative TAO value, and balances (free, reserved, staked) of several accounts. The connected runtime's
 * metadata decides how stake is read (src/chain/reads.ts `readStakes`). Alpha is valued at the pool price
 * (`alphaPrices`); netuid 0 (root) is TAO 1:1. The value is indicative (no slippage).
 */
/** One stake of a wallet, with its indicative TAO value. */
export interface WalletStake {
  hotkey: string
  coldkey: string
  netuid: number
  /** alpha (netuid > 0) or TAO (root) staked, in base units */
  stakeRao: bigint
  /** indicative TAO value at the current pool price */
  valueRao: bigint
  isRegistered: boolean | null
}

/** Stake of a coldkey with indicative TAO values. `force: 'storage'` reads the Alpha map even when the API exists. */
export async function stakesOf(chain: Chain, coldkey: string, force?: 'storage'): Promise<WalletStake[]> {
  const list = await readStakes(chain, coldkey, {source: force})
  const prices = await alphaPrices(chain, list.map((s) => s.netuid))
  return walletStakesFrom(list, prices)
}

/** Stakes with their indicative TAO value: root 1:1, alpha at `prices` (rao of TAO per alpha, by netuid). */
export function walletStakesFrom(list: StakeEntry[], prices: Map<number, bigint>): WalletStake[] {
  return list.map((s) => ({
    coldkey: s.coldkey,
    hotkey: s.hotkey,
    isRegistered: s.registered,
    netuid: s.netuid,
    stakeRao: s.alphaRao,
    valueRao: s.netuid === 0 ? s.alphaRao : (s.alphaRao * (prices.get(s.netuid) ?? 0n)) / RAO_PER_TAO,
  }))
}

export interface WalletBalance {
  wallet: string | null
  address: string
  freeRao: bigint
  freeTao: string
  reservedRao: bigint
  reservedTao: string
  /** free minus frozen: what a transfer can move */
  transferableRao: bigint
  stakedRao: bigint
  stakedTao: string
  totalRao: bigint
  totalTao: string
}

/** One account's row from its balance and the TAO value of its stake (the full and the light read path alike). */
export function walletBalanceRow(a: {wallet: string | null; address: string}, b: {freeRao: bigint; reservedRao: bigint; frozenRao: bigint}, staked: bigint): WalletBalance {
  const total = b.freeRao + b.reservedRao + staked
  return {
    address: a.address,
    freeRao: b.freeRao,
    freeTao: formatTao(b.freeRao),
    reservedRao: b.reservedRao,
    reservedTao: formatTao(b.reservedRao),
    stakedRao: staked,
    stakedTao: formatTao(staked),
    totalRao: total,
    totalTao: formatTao(total),
    transferableRao: b.freeRao > b.frozenRao ? b.freeRao - b.frozenRao : 0n,
    wallet: a.wallet,
  }
}

/** Free, reserved and staked (indicative TAO value) balance of each account. */
export async function walletBalances(chain: Chain, accounts: {wallet: string | null; address: string}[]): Promise<WalletBalance[]> {
  const bal = await readBalances(chain, accounts.map((a) => a.address))
  const stakes = await Promise.all(accounts.map((a) => stakesOf(chain, a.address)))
  return accounts.map((a, i) => walletBalanceRow(a, bal[i]!, stakes[i]!.reduce((s, x) => s + x.valueRao, 0n)))
}

// ---- stake weights (what the epoch and the weights checks use) ----------------------------------------------

/**
 * One neuron's stake as the chain weighs it (`get_stake_weights_for_network`): its alpha on the subnet and its
 * TAO (root) stake, each after child/parent inheritance, and the stake weight alpha + TAO × tao_weight. The SDK's
 * metagraph calls these `alpha_stake`, `tao_stake` and `stake` (`total_stake`).
 */
export interface StakeWeight {
  uid: number
  hotkey: string
  alphaRao: bigint
  taoRao: bigint
  /** alpha + TAO × tao_weight, rounded down to a whole rao */
  totalRao: bigint
}

export interface StakeWeights {
  netuid: number
  /** `get_metagraph` (the runtime's own vectors, typed runtimes) or `storage` (218: the same formula over storage) */
  source: 'get_metagraph' | 'storage'
  /** TaoWeight as stored (u64 fraction of u64::MAX): per subnet at 218, global later */
  taoWeightRaw: bigint
  /** in uid order */
  neurons: StakeWeight[]
}

const U64_MAX = (1n << 64n) - 1n

/** `TaoWeight / u64::MAX` as the runtime's I96F32 (32 fractional bits, truncated). */
export function taoWeightFixed(raw: bigint): bigint {
  return (raw << 32n) / U64_MAX
}

/** alpha + tao × tao_weight, as `get_stake_weights_for_network` computes it (I64F64), down to a whole rao. */
export function stakeWeightTotal(alphaRao: bigint, taoRao: bigint, taoWeightRaw: bigint): bigint {
  return alphaRao + ((taoRao * taoWeightFixed(taoWeightRaw)) >> 32n)
}

/**
 * `get_inherited_for_hotkey_on_subnet` (spec 218, I96F32): own alpha, minus the proportions given to children,
 * plus the proportions of each parent's alpha; proportions are u64 fractions of u64::MAX.
 */
export function inheritedStake(own: bigint, children: bigint[], parents: [bigint, bigint][]): bigint {
  const norm = (p: bigint) => taoWeightFixed(p)
  let raw = own << 32n
  for (const p of children) raw -= own * norm(p)
  if (raw < 0n) raw = 0n
  for (const [p, parentAlpha] of parents) raw += parentAlpha * norm(p)
  return raw >> 32n
}

type Pairs = [bigint, string][]
const pairs = (v: unknown): Pairs => ((v as unknown[] | null) ?? []).map((x) => {
  const t = x as unknown[]
  return [big(t[0]), String(t[1])]
})

/**
 * Every uid's stake weight from storage, as the chain computes it: `TotalHotkeyAlpha` on the subnet and on root,
 * each adjusted for children and parents (`ChildKeys`/`ParentKeys`, when the runtime has both), then TaoWeight.
 * Two dependent waves through `query` (the full client's or the light path's; `E` names a storage entry for it).
 */
export async function stakeWeightsFromStorage<E>(
  keys: [uid: number, hotkey: string][],
  netuid: number,
  taoWeightRaw: bigint,
  e: {totalHotkeyAlpha: E; relations?: {childKeys: E; parentKeys: E}},
  query: (reads: [E, ...unknown[]][]) => Promise<unknown[]>,
): Promise<StakeWeight[]> {
  const rel = e.relations
  const reads: [E, ...unknown[]][] = []
  for (const [, hk] of keys) {
    for (const n of [netuid, 0]) {
      reads.push([e.totalHotkeyAlpha, hk, n])
      if (rel) reads.push([rel.childKeys, hk, n], [rel.parentKeys, hk, n])
    }
  }
  const vals = await query(reads)
  const per = rel ? 3 : 1
  const parentReads: [E, ...unknown[]][] = []
  const related = keys.map((_, i) =>
    [0, 1].map((j) => {
      const base = (i * 2 + j) * per
      const own = big(vals[base])
      const children = rel ? pairs(vals[base + 1]).map(([p]) => p) : []
      const parents = rel ? pairs(vals[base + 2]) : []
      for (const [, parent] of parents) parentReads.push([e.totalHotkeyAlpha, parent, j === 0 ? netuid : 0])
      return {children, own, parents}
    }),
  )
  const parentVals = parentReads.length ? await query(parentReads) : []
  let k = 0
  return keys.map(([uid, hotkey], i) => {
    const [a, t] = related[i]!.map((r) => inheritedStake(r.own, r.children, r.parents.map(([p]) => [p, big(parentVals[k++])] as [bigint, bigint])))
    return {alphaRao: a!, hotkey, taoRao: t!, totalRao: stakeWeightTotal(a!, t!, taoWeightRaw), uid}
  })
}

/** `TaoWeight` as stored: a map by netuid at 218, one value on newer runtimes (0 where the runtime has none). */
export async function readTaoWeight(chain: Pick<Chain, 'api' | 'endpoint' | 'timeoutMs'>, netuid: number, hash: string): Promise<bigint> {
  const e = subtensorStorage(chain).taoWeight
  if (!e) return 0n
  const [tw] = await queryAt(chain, hash, [e.creator.meta.type.isPlain ? [e] : [e, netuid]])
  return big(tw)
}

/** Stake weights of every neuron of a subnet (best block, or `at`); null when the subnet does not exist. */
export async function readStakeWeights(chain: Pick<Chain, 'api' | 'endpoint' | 'timeoutMs'>, netuid: number, at?: string): Promise<StakeWeights> {
  const q = subtensorStorage(chain)
  const hash = at ?? (await bestHead(chain)).hash
  const taoWeightRaw = await readTaoWeight(chain, netuid, hash)
  const m = runtimeApiMethod(chain.api.registry, 'SubnetInfoRuntimeApi', 'get_metagraph')
  if (m && !m.raw) {
    const g = await callRuntimeApi<Record<string, unknown>>(chain, 'SubnetInfoRuntimeApi', 'get_metagraph', [netuid], {at: hash})
    const arr = (k: string) => (Array.isArray(g?.[k]) ? (g![k] as unknown[]) : [])
    const hotkeys = arr('hotkeys').map(String)
    return {
      neurons: hotkeys.map((hotkey, uid) => ({alphaRao: big(arr('alphaStake')[uid]), hotkey, taoRao: big(arr('taoStake')[uid]), totalRao: big(arr('totalStake')[uid]), uid})),
      netuid,
      source: 'get_metagraph',
      taoWeightRaw,
    }
  }
  const keys = (await entriesAt(chain, hash, q.keys!, netuid)).map(({args, value}) => [num(args[1]), String(value)] as [number, string]).sort((a, b) => a[0] - b[0])
  const relations = q.childKeys && q.parentKeys ? {childKeys: q.childKeys, parentKeys: q.parentKeys} : undefined
  const neurons = await stakeWeightsFromStorage(keys, netuid, taoWeightRaw, {relations, totalHotkeyAlpha: q.totalHotkeyAlpha!}, (reads) => queryAt(chain, hash, reads))
  return {netuid, neurons, source: 'storage', taoWeightRaw}
}

/** One hotkey's stake weight on a subnet (zeros when it holds no uid there). */
export async function readStakeWeightOf(chain: Pick<Chain, 'api' | 'endpoint' | 'timeoutMs'>, netuid: number, hotkey: string, at?: string): Promise<StakeWeight & {source: StakeWeights['source']}> {
  const all = await readStakeWeights(chain, netuid, at)
  const n = all.neurons.find((x) => x.hotkey === hotkey)
  return {...(n ?? {alphaRao: 0n, hotkey, taoRao: 0n, totalRao: 0n, uid: -1}), source: all.source}
}
