/**
 * Reading subnets: list, one subnet, its metagraph, hyperparameters, burn and lock cost. The reads of one call
 * are pinned to one block and the independent requests go out together (one round trip after the head; `list`
 * without a head sends the head request along with the rest). Runtime differences are decided from the connected
 * runtime's metadata (see src/chain/runtime-api.ts).
 */
import type {Chain} from '../chain/client.js'
import type {Hyperparameter, Metagraph, Neuron, SubnetSummary} from './types.js'

import {hasCall, txOf} from '../chain/calls/index.js'
import {readStakeWeights, readTaoWeight, runtimeApiOf, subtensorStorage, zeroAccount} from '../chain/reads.js'
import {type StorageEntryLike, bestHead, big, callRuntimeApi, entriesAt, hasRuntimeApi, num, queryAt} from '../chain/runtime-api.js'
import {RUNTIME_TYPES} from '../chain/types.js'
import {InputError} from '../errors.js'
import {applyStakeWeights, describeHyperparams, namesAndSymbols, neuronFromLite, neuronsFromMetagraph, summarize} from './format.js'

type Obj = Record<string, unknown>
const SUBNET_API = 'SubnetInfoRuntimeApi'
const TYPES = RUNTIME_TYPES

export interface Head {
  hash: string
  number: number
}

/** The subtensor storage namespace (src/chain/reads.ts). */
export const sm = subtensorStorage

/** Netuid as typed by the operator: an integer 0..65535, else exit 2. */
export function parseNetuid(input: string | number | undefined, what = 'netuid'): number {
  const s = String(input ?? '').trim()
  if (!/^\d+$/.test(s) || Number(s) > 65_535) throw new InputError(`${what} must be a whole number 0-65535: ${JSON.stringify(input)}`, {code: 'BadNetuid', field: 'netuid'})
  return Number(s)
}

export function subnetMissing(netuid: number, block: number): InputError {
  return new InputError(`subnet ${netuid} does not exist on this chain (at block ${block})`, {
    code: 'SubnetNotFound',
    data: {block, netuid},
    field: 'netuid',
    suggest: {command: 'subnet list'},
  })
}

/** Names and symbols on runtimes whose runtime APIs lack them (218: `SubnetIdentities`, `TokenSymbol` storage). */
async function namesFromStorage(chain: Chain, hash: string | undefined): Promise<{names: Map<number, string>; symbols: Map<number, string>}> {
  const q = sm(chain)
  const [ids, syms] = await Promise.all([
    q.subnetIdentities ? entriesAt(chain, hash, q.subnetIdentities) : [],
    q.tokenSymbol ? entriesAt(chain, hash, q.tokenSymbol) : [],
  ])
  return namesAndSymbols(ids, syms)
}

/** Prices from `SwapRuntimeApi.current_alpha_price_all` where the runtime has it (concentrated-liquidity pools). */
async function swapPrices(chain: Chain, hash: string | undefined): Promise<Map<number, bigint> | undefined> {
  if (!hasRuntimeApi(chain, 'SwapRuntimeApi', 'current_alpha_price_all')) return undefined
  const rows = (await callRuntimeApi<Obj[]>(chain, 'SwapRuntimeApi', 'current_alpha_price_all', [], {at: hash})) ?? []
  return new Map(rows.map((r) => [num(r.netuid), big(r.price)]))
}

export interface SubnetList {
  /** the best block when the list was read (with `pinned`, every value is from exactly this block) */
  block: number
  blockHash: string
  pinned: boolean
  subnets: SubnetSummary[]
}

/**
 * Every subnet: `get_all_dynamic_info` + `get_subnets_info` (+ names/prices where the runtime keeps them elsewhere).
 * With `head`, every read is pinned to that block. Without, all requests (the head included) go out at once and
 * the node answers each at its best block: one round trip instead of two, at the price that on a live chain the
 * answers may, rarely, straddle two adjacent blocks (harmless for a listing; pre-checks always pin).
 */
export async function listSubnets(chain: Chain, head?: Head): Promise<SubnetList> {
  const at = head?.hash
  const hasDynamic = hasRuntimeApi(chain, SUBNET_API, 'get_all_dynamic_info')
  const dynamicTyped = hasDynamic && !isRaw(chain, 'get_all_dynamic_info')
  const [best, dyns, infos, names, prices] = await Promise.all([
    head ?? bestHead(chain),
    hasDynamic
      ? callRuntimeApi<(Obj | null)[]>(chain, SUBNET_API, 'get_all_dynamic_info', [], {at, raw: 'Vec<Option<DynamicInfo218>>', rawTypes: TYPES})
      : Promise.resolve([]),
    callRuntimeApi<(Obj | null)[]>(chain, SUBNET_API, 'get_subnets_info', [], {at, raw: 'Vec<Option<SubnetInfo218>>', rawTypes: TYPES}),
    dynamicTyped ? undefined : namesFromStorage(chain, at),
    swapPrices(chain, at),
  ])
  const dynBy = new Map<number, Obj>()
  for (const d of dyns ?? []) if (d) dynBy.set(num(d.netuid), d)
  const subnets: SubnetSummary[] = []
  for (const info of infos ?? []) {
    if (!info) continue
    const netuid = num(info.netuid)
    subnets.push(
      summarize(netuid, dynBy.get(netuid) ?? null, info, {
        name: names?.names.get(netuid),
        priceRao: prices?.get(netuid),
        symbol: names?.symbols.get(netuid),
      }),
    )
  }
  subnets.sort((a, b) => a.netuid - b.netuid)
  return {block: best.number, blockHash: best.hash, pinned: Boolean(head), subnets}
}

/** Does the runtime answer this method with raw SCALE bytes (spec ≤ 225) rather than a typed value? */
function isRaw(chain: Chain, method: string, api = SUBNET_API): boolean {
  return runtimeApiOf(chain, api, method)?.raw ?? false
}

/** One subnet's summary, at a pinned block; exit 2 when it does not exist. */
export async function subnetSummary(chain: Chain, netuid: number, head?: Head): Promise<{block: number; blockHash: string; subnet: SubnetSummary}> {
  const at = head ?? (await bestHead(chain))
  const hasDynamic = hasRuntimeApi(chain, SUBNET_API, 'get_dynamic_info')
  const fromStorage = !hasDynamic || isRaw(chain, 'get_dynamic_info')
  const q = sm(chain)
  const [dyn, info, names, prices, ownerHotkey] = await Promise.all([
    hasDynamic ? callRuntimeApi<Obj>(chain, SUBNET_API, 'get_dynamic_info', [netuid], {at: at.hash, raw: 'Option<DynamicInfo218>', rawTypes: TYPES}) : null,
    callRuntimeApi<Obj>(chain, SUBNET_API, 'get_subnet_info', [netuid], {at: at.hash, raw: 'SubnetInfo218', rawTypes: TYPES}),
    fromStorage ? namesFromStorage(chain, at.hash) : undefined,
    swapPrices(chain, at.hash),
    fromStorage && q.subnetOwnerHotkey ? queryAt(chain, at.hash, [[q.subnetOwnerHotkey, netuid]]).then(([v]) => v) : undefined,
  ])
  if (!info) throw subnetMissing(netuid, at.number)
  const subnet = summarize(netuid, dyn, info, {name: names?.names.get(netuid), priceRao: prices?.get(netuid), symbol: names?.symbols.get(netuid)})
  if (subnet.ownerHotkey === null && typeof ownerHotkey === 'string' && ownerHotkey !== zeroAccount(chain)) {
    subnet.ownerHotkey = ownerHotkey
  }
  return {block: at.number, blockHash: at.hash, subnet}
}

export type SortKey = 'uid' | 'stake' | 'trust' | 'consensus' | 'incentive' | 'dividends' | 'emission' | 'rank' | 'last-update' | 'hotkey'
export const SORT_KEYS: SortKey[] = ['uid', 'stake', 'trust', 'consensus', 'incentive', 'dividends', 'emission', 'rank', 'last-update', 'hotkey']

export interface MetagraphOptions {
  sort?: SortKey
  /** reverse the default direction (uid and hotkey ascending, everything else descending) */
  reverse?: boolean
  /** only neurons with a validator permit */
  validators?: boolean
}

/** Sort and filter neurons (pure). */
export function arrangeNeurons(neurons: Neuron[], opts: MetagraphOptions = {}): Neuron[] {
  const key = opts.sort ?? 'uid'
  let list = opts.validators ? neurons.filter((n) => n.validatorPermit) : [...neurons]
  const val = (n: Neuron): bigint | number | string => {
    switch (key) {
      case 'stake':
        return n.stakeRao
      case 'emission':
        return n.emissionRao
      case 'last-update':
        return n.lastUpdate
      case 'hotkey':
        return n.hotkey
      case 'uid':
        return n.uid
      default:
        return n[key]
    }
  }
  const ascending = key === 'uid' || key === 'hotkey'
  list = list.sort((a, b) => {
    const x = val(a)
    const y = val(b)
    const c = x < y ? -1 : x > y ? 1 : a.uid - b.uid
    return ascending ? c : x === y ? c : -c
  })
  return opts.reverse ? list.reverse() : list
}

/**
 * The neurons of a subnet in one runtime-API call: `get_metagraph` where the runtime has it typed (newer
 * runtimes; carries stake split and registration blocks), else `get_neurons_lite` (218 raw bytes, or typed).
 */
export async function metagraph(chain: Chain, netuid: number, opts: MetagraphOptions = {}, head?: Head): Promise<Metagraph> {
  const at = head ?? (await bestHead(chain))
  const useMetagraph = hasRuntimeApi(chain, SUBNET_API, 'get_metagraph') && !isRaw(chain, 'get_metagraph')
  const q = sm(chain)
  const [exists, data] = await Promise.all([
    queryAt(chain, at.hash, [[q.networksAdded!, netuid]]).then(([v]) => Boolean(v)),
    useMetagraph
      ? callRuntimeApi<Obj>(chain, SUBNET_API, 'get_metagraph', [netuid], {at: at.hash})
      : callRuntimeApi<Obj[]>(chain, 'NeuronInfoRuntimeApi', 'get_neurons_lite', [netuid], {at: at.hash, raw: 'Vec<NeuronInfoLite218>', rawTypes: TYPES}),
  ])
  if (!exists) throw subnetMissing(netuid, at.number)
  const neurons = useMetagraph ? (data ? neuronsFromMetagraph(data as Obj) : []) : ((data as Obj[] | null) ?? []).map(neuronFromLite)
  // get_neurons_lite (218) reports stake from the pre-dTAO `Stake` map, which dTAO staking never writes: take the
  // stake columns from the chain's own stake-weight formula instead (get_metagraph carries them already)
  const weights = useMetagraph ? {neurons: [], source: 'get_metagraph' as const, taoWeightRaw: await readTaoWeight(chain, netuid, at.hash)} : await readStakeWeights(chain, netuid, at.hash)
  if (weights.source === 'storage') {
    applyStakeWeights(neurons, weights.neurons)
  }
  return {
    block: at.number,
    blockHash: at.hash,
    netuid,
    neurons: arrangeNeurons(neurons, opts),
    source: useMetagraph ? 'get_metagraph' : 'get_neurons_lite',
    stakeSource: weights.source,
    taoWeightRaw: weights.taoWeightRaw,
  }
}

export interface Hyperparams {
  netuid: number
  block: number
  blockHash: string
  source: string
  hyperparameters: Hyperparameter[]
}

/** Every hyperparameter: the newest `get_subnet_hyperparams*` the runtime has. */
export async function hyperparameters(chain: Chain, netuid: number, head?: Head): Promise<Hyperparams> {
  const at = head ?? (await bestHead(chain))
  const method = ['get_subnet_hyperparams_v3', 'get_subnet_hyperparams_v2', 'get_subnet_hyperparams'].find((m) => hasRuntimeApi(chain, SUBNET_API, m))
  if (!method) throw new Error('this runtime has no SubnetInfoRuntimeApi.get_subnet_hyperparams')
  const raw = await callRuntimeApi<unknown>(chain, SUBNET_API, method, [netuid], {at: at.hash, raw: 'SubnetHyperparams218', rawTypes: TYPES})
  if (raw === null) throw subnetMissing(netuid, at.number)
  return {block: at.number, blockHash: at.hash, hyperparameters: describeHyperparams(raw), netuid, source: method}
}

export interface BurnCost {
  netuid: number
  block: number
  blockHash: string
  burnRao: bigint
  minBurnRao: bigint
  maxBurnRao: bigint
  registrationAllowed: boolean
  /** registrations so far in this adjustment interval and the cap (218: 3 × target); null where the runtime has no cap */
  registrationsThisInterval: number | null
  maxRegistrationsThisInterval: number | null
  /** the block at which the burn is next adjusted (218), else null */
  nextAdjustmentBlock: number | null
}

/**
 * The burn cost from the storage values read at `at` (the full and the light read path): `NetworksAdded`, `Burn`,
 * `MinBurn`, `MaxBurn`, `NetworkRegistrationAllowed`, and where `capped` the interval's `RegistrationsThisInterval`,
 * `TargetRegistrationsPerInterval`, `LastAdjustmentBlock`, `AdjustmentInterval`.
 */
export function burnCostFrom(at: Head, netuid: number, capped: boolean, values: unknown[]): BurnCost {
  const [added, burn, minBurn, maxBurn, allowed, regs, target, lastAdj, interval] = values
  if (!added) throw subnetMissing(netuid, at.number)
  return {
    block: at.number,
    blockHash: at.hash,
    burnRao: big(burn),
    maxBurnRao: big(maxBurn),
    maxRegistrationsThisInterval: capped ? num(target) * 3 : null,
    minBurnRao: big(minBurn),
    netuid,
    nextAdjustmentBlock: capped ? num(lastAdj) + num(interval) : null,
    registrationAllowed: Boolean(allowed),
    registrationsThisInterval: capped ? num(regs) : null,
  }
}

/** The registration burn of a subnet now, with its bounds. */
export async function burnCost(chain: Chain, netuid: number, head?: Head): Promise<BurnCost> {
  const at = head ?? (await bestHead(chain))
  const q = sm(chain)
  const capped = !hasCallNamed(chain, 'registerLimit') && Boolean(q.registrationsThisInterval)
  const values = await queryAt(chain, at.hash, [
    [q.networksAdded!, netuid],
    [q.burn!, netuid],
    [q.minBurn!, netuid],
    [q.maxBurn!, netuid],
    [q.networkRegistrationAllowed!, netuid],
    ...(capped
      ? ([
          [q.registrationsThisInterval!, netuid],
          [q.targetRegistrationsPerInterval!, netuid],
          [q.lastAdjustmentBlock!, netuid],
          [q.adjustmentInterval!, netuid],
        ] as [StorageEntryLike, ...unknown[]][])
      : []),
  ])
  return burnCostFrom(at, netuid, capped, values)
}

export function hasCallNamed(chain: Chain, method: string, section = 'subtensorModule'): boolean {
  return hasCall(txOf(chain), section, method)
}

export interface LockCost {
  block: number
  blockHash: string
  lockCostRao: bigint
  /** the network registration rate limit: earliest block a new subnet can be registered (null: now) */
  nextRegistrationBlock: number | null
}

/** What creating a subnet costs now (`get_network_registration_cost`), and when the rate limit allows it. */
export async function lockCost(chain: Chain, head?: Head): Promise<LockCost> {
  const at = head ?? (await bestHead(chain))
  const [cost, limit] = await Promise.all([
    callRuntimeApi<bigint>(chain, 'SubnetRegistrationRuntimeApi', 'get_network_registration_cost', [], {at: at.hash, raw: 'u64'}),
    networkRateLimit(chain, at.hash),
  ])
  const next = limit ? nextNetworkRegistrationBlock(limit.lastBlock, limit.rateLimit, limit.firstFree) : 0
  return {block: at.number, blockHash: at.hash, lockCostRao: big(cost), nextRegistrationBlock: next > at.number + 1 ? next : null}
}

/**
 * The network registration rate limit: 218 `NetworkLastRegistered` (no exemption for the first subnet), newer
 * `LastRateLimitedBlock(NetworkLastRegistered)` (0 = never, passes).
 */
export async function networkRateLimit(chain: Chain, hash: string): Promise<{lastBlock: number; rateLimit: number; firstFree: boolean} | null> {
  const q = sm(chain)
  if (q.networkLastRegistered && q.networkRateLimit) {
    const [last, limit] = await queryAt(chain, hash, [[q.networkLastRegistered], [q.networkRateLimit]])
    return {firstFree: false, lastBlock: num(last), rateLimit: num(limit)}
  }
  if (q.lastRateLimitedBlock && q.networkRateLimit) {
    const [last, limit] = await queryAt(chain, hash, [[q.lastRateLimitedBlock, {NetworkLastRegistered: null}], [q.networkRateLimit]])
    return {firstFree: true, lastBlock: num(last), rateLimit: num(limit)}
  }
  return null
}

/** First block at which `register_network` passes the rate limit: `block − last ≥ limit`. */
export function nextNetworkRegistrationBlock(lastBlock: number, rateLimit: number, firstFree: boolean): number {
  if (firstFree && lastBlock === 0) return 0
  return lastBlock + rateLimit
}
