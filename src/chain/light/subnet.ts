/**
 * One subnet on the light connection: `subnet show` (summary + metagraph), `hyperparameters`, `burn-cost` and
 * `lock-cost`, each the same reads as src/subnet/read.ts, every read pinned to the best block. Round trips: the
 * identity and the best header together; then every read of the command (runtime-API calls and storage in one
 * batch); `subnet show` adds what the metagraph and the stored names need (see ./metagraph.ts, ./subnets.ts).
 * Undefined where the runtime lacks what the reader uses (the full client answers).
 */
import type {BurnCost, Head, Hyperparams, LockCost, MetagraphOptions} from '../../subnet/read.js'
import type {Metagraph, SubnetSummary} from '../../subnet/types.js'
import type {LightChain} from './client.js'
import type {LightMetadata} from './metadata.js'

import {describeHyperparams, summarize} from '../../subnet/format.js'
import {arrangeNeurons, burnCostFrom, nextNetworkRegistrationBlock, subnetMissing} from '../../subnet/read.js'
import {big, num} from '../runtime-api.js'
import {lightQueryAt} from './balances.js'
import {lightPinned} from './client.js'
import {ss58Encode} from './hash.js'
import {lightMetagraphAt} from './metagraph.js'
import {lightNamesFromStorage, lightRuntimeCall, lightSwapPrices} from './subnets.js'

type Obj = Record<string, unknown>
const SUBNET_API = 'SubnetInfoRuntimeApi'
const SM = 'SubtensorModule'

/** One subnet's summary at `head` (as `subnetSummary`); throws subnetMissing when it does not exist. */
async function lightSubnetSummary(chain: LightChain, md: LightMetadata, head: Head, netuid: number): Promise<SubnetSummary | undefined> {
  const dynDef = md.runtimeApi(SUBNET_API, 'get_dynamic_info')
  const fromStorage = !dynDef || md.returnsRawBytes(dynDef)
  const ownerEntry = fromStorage && md.storageEntry(`${SM}.SubnetOwnerHotkey`) !== undefined
  const [dyn, info, names, prices, ownerHotkey] = await Promise.all([
    dynDef ? lightRuntimeCall<Obj>(chain, md, head.hash, SUBNET_API, 'get_dynamic_info', 'Option<DynamicInfo218>', [netuid]) : null,
    lightRuntimeCall<Obj>(chain, md, head.hash, SUBNET_API, 'get_subnet_info', 'SubnetInfo218', [netuid]),
    fromStorage ? lightNamesFromStorage(chain, md, head.hash) : undefined,
    lightSwapPrices(chain, md, head.hash),
    ownerEntry ? lightQueryAt(chain, md, head.hash, [[`${SM}.SubnetOwnerHotkey`, netuid]]).then(([v]) => v) : undefined,
  ])
  if (info === undefined || dyn === undefined) return undefined
  if (!info) throw subnetMissing(netuid, head.number)
  const subnet = summarize(netuid, dyn, info, {name: names?.names.get(netuid), priceRao: prices?.get(netuid), symbol: names?.symbols.get(netuid)})
  if (subnet.ownerHotkey === null && typeof ownerHotkey === 'string' && ownerHotkey !== ss58Encode(new Uint8Array(32), md.ss58Format)) subnet.ownerHotkey = ownerHotkey
  return subnet
}

/** `subnet show`: the summary and the metagraph at one block (as the service's full-client path). */
export async function lightSubnetShow(chain: LightChain, netuid: number, arrange: MetagraphOptions): Promise<{head: Head; subnet: SubnetSummary; metagraph: Metagraph} | undefined> {
  const p = await lightPinned(chain)
  if (!p) return undefined
  const [subnet, metagraph] = await Promise.all([
    lightSubnetSummary(chain, p.md, p.head, netuid),
    lightMetagraphAt(chain, p.md, p.head, netuid, (n) => arrangeNeurons(n, arrange), subnetMissing),
  ])
  return subnet && metagraph && {head: p.head, metagraph, subnet}
}

/** Every hyperparameter: the newest `get_subnet_hyperparams*` the runtime has (as `hyperparameters`). */
export async function lightHyperparameters(chain: LightChain, netuid: number): Promise<Hyperparams | undefined> {
  const p = await lightPinned(chain)
  if (!p) return undefined
  const {head, md} = p
  const method = ['get_subnet_hyperparams_v3', 'get_subnet_hyperparams_v2', 'get_subnet_hyperparams'].find((m) => md.runtimeApi(SUBNET_API, m))
  if (!method) return undefined
  const raw = await lightRuntimeCall<unknown>(chain, md, head.hash, SUBNET_API, method, 'SubnetHyperparams218', [netuid])
  if (raw === undefined) return undefined
  if (raw === null) throw subnetMissing(netuid, head.number)
  return {block: head.number, blockHash: head.hash, hyperparameters: describeHyperparams(raw), netuid, source: method}
}

/** The registration burn of a subnet now, with its bounds (as `burnCost`). */
export async function lightBurnCost(chain: LightChain, netuid: number): Promise<BurnCost | undefined> {
  const p = await lightPinned(chain)
  if (!p) return undefined
  const {head, md} = p
  const capped = !md.hasCall(SM, 'register_limit') && md.storageEntry(`${SM}.RegistrationsThisInterval`) !== undefined
  const names = ['NetworksAdded', 'Burn', 'MinBurn', 'MaxBurn', 'NetworkRegistrationAllowed', ...(capped ? ['RegistrationsThisInterval', 'TargetRegistrationsPerInterval', 'LastAdjustmentBlock', 'AdjustmentInterval'] : [])]
  if (names.some((n) => !md.storageEntry(`${SM}.${n}`))) return undefined
  return burnCostFrom(head, netuid, capped, await lightQueryAt(chain, md, head.hash, names.map((n) => [`${SM}.${n}`, netuid])))
}

/** What creating a subnet costs now, and when the rate limit allows it (as `lockCost` and `networkRateLimit`). */
export async function lightLockCost(chain: LightChain): Promise<LockCost | undefined> {
  const p = await lightPinned(chain)
  if (!p) return undefined
  const {head, md} = p
  const has = (n: string) => md.storageEntry(`${SM}.${n}`) !== undefined
  // `LastRateLimitedBlock` is keyed by an enum the light path does not encode: newer runtimes use the full client
  if (!has('NetworkRateLimit') || (!has('NetworkLastRegistered') && has('LastRateLimitedBlock'))) return undefined
  const limited = has('NetworkLastRegistered')
  const [cost, limit] = await Promise.all([
    lightRuntimeCall<bigint>(chain, md, head.hash, 'SubnetRegistrationRuntimeApi', 'get_network_registration_cost', 'u64'),
    limited ? lightQueryAt(chain, md, head.hash, [[`${SM}.NetworkLastRegistered`], [`${SM}.NetworkRateLimit`]]) : undefined,
  ])
  if (cost === undefined) return undefined
  const next = limit ? nextNetworkRegistrationBlock(num(limit[0]), num(limit[1]), false) : 0
  return {block: head.number, blockHash: head.hash, lockCostRao: big(cost), nextRegistrationBlock: next > head.number + 1 ? next : null}
}
