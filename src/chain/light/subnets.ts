/**
 * `subnet list` on the light connection: every read pinned to the best block. Round trips: the identity and the
 * best header together; then every runtime-API call and the listing of the name maps at that block; then, only
 * where the chain stores names (spec 218: `SubnetIdentities`, `TokenSymbol`), their values.
 */
import type {SubnetList} from '../../subnet/read.js'
import type {SubnetSummary} from '../../subnet/types.js'
import type {LightChain} from './client.js'
import type {LightMetadata, StorageEntry} from './metadata.js'

import {namesAndSymbols, summarize} from '../../subnet/format.js'
import {big, num} from '../runtime-api.js'
import {lightBestHead, lightMetadata} from './client.js'
import {concat, fromHex, toHex} from './hash.js'
import {lightEntriesUnder} from './storage.js'
import {decodeRawReply} from './typedefs.js'

type Obj = Record<string, unknown>
const SUBNET_API = 'SubnetInfoRuntimeApi'

/**
 * Call a runtime API at `hash` with pre-encoded `data` (0x hex), or with argument values encoded by the method's
 * input types; plain data or null. Undefined when the runtime lacks the method.
 */
export async function lightRuntimeCall<T>(chain: LightChain, md: LightMetadata, hash: string, api: string, method: string, raw: string, data: string | unknown[] = '0x'): Promise<T | null | undefined> {
  const def = md.runtimeApi(api, method)
  if (!def) return undefined
  if (Array.isArray(data)) {
    if (data.length !== def.inputs.length) return undefined
    data = toHex(concat(...data.map((v, i) => md.encodeArg(def.inputs[i]!.type, v))))
  }
  const hex = await chain.rpc.call<string>('state_call', [`${api}_${method}`, data, hash], `calling ${api}.${method}`)
  if (md.returnsRawBytes(def)) return decodeRawReply(hex, raw, md.ss58Format) as T | null
  return md.decoder(def.output)(fromHex(hex)) as T | null
}

/** Every entry of a storage map at `hash` (under the first keys `args`): keys page by page, then their values (as `entriesAt`). */
export async function lightEntries(chain: LightChain, md: LightMetadata, hash: string, entry: StorageEntry, ...args: unknown[]): Promise<{args: unknown[]; value: unknown}[]> {
  return lightEntriesUnder(chain, md, hash, entry, ...args)
}

/** Subnet names and symbols kept in storage (spec 218: `SubnetIdentities`, `TokenSymbol`), as `namesFromStorage` in src/subnet/read.ts. */
export async function lightNamesFromStorage(chain: LightChain, md: LightMetadata, hash: string): Promise<{names: Map<number, string>; symbols: Map<number, string>}> {
  const ids = md.storageEntry('SubtensorModule.SubnetIdentities')
  const syms = md.storageEntry('SubtensorModule.TokenSymbol')
  const [idRows, symRows] = await Promise.all([ids ? lightEntries(chain, md, hash, ids) : [], syms ? lightEntries(chain, md, hash, syms) : []])
  return namesAndSymbols(idRows, symRows)
}

/** Prices from `SwapRuntimeApi.current_alpha_price_all` where the runtime has it (as `swapPrices` in src/subnet/read.ts). */
export async function lightSwapPrices(chain: LightChain, md: LightMetadata, hash: string): Promise<Map<number, bigint> | undefined> {
  const rows = await lightRuntimeCall<Obj[]>(chain, md, hash, 'SwapRuntimeApi', 'current_alpha_price_all', '')
  return rows === undefined ? undefined : new Map((rows ?? []).map((r) => [num(r.netuid), big(r.price)]))
}

export async function lightListSubnets(chain: LightChain): Promise<SubnetList | undefined> {
  const [id, head] = await Promise.all([chain.identity, lightBestHead(chain)])
  const md = lightMetadata(id)
  if (!md) return undefined
  chain.rpc.pin(head.hash, id.genesisHash)
  const dynDef = md.runtimeApi(SUBNET_API, 'get_all_dynamic_info')
  const dynamicTyped = dynDef !== undefined && !md.returnsRawBytes(dynDef)
  const [dyns, infos, names, prices] = await Promise.all([
    dynDef ? lightRuntimeCall<(Obj | null)[]>(chain, md, head.hash, SUBNET_API, 'get_all_dynamic_info', 'Vec<Option<DynamicInfo218>>') : [],
    lightRuntimeCall<(Obj | null)[]>(chain, md, head.hash, SUBNET_API, 'get_subnets_info', 'Vec<Option<SubnetInfo218>>'),
    dynamicTyped ? undefined : lightNamesFromStorage(chain, md, head.hash),
    lightSwapPrices(chain, md, head.hash),
  ])
  if (infos === undefined) return undefined
  const dynBy = new Map<number, Obj>()
  for (const d of dyns ?? []) if (d) dynBy.set(num(d.netuid), d)
  const subnets: SubnetSummary[] = []
  for (const info of infos ?? []) {
    if (!info) continue
    const netuid = num(info.netuid)
    subnets.push(summarize(netuid, dynBy.get(netuid) ?? null, info, {name: names?.names.get(netuid), priceRao: prices?.get(netuid), symbol: names?.symbols.get(netuid)}))
  }
  subnets.sort((a, b) => a.netuid - b.netuid)
  return {block: head.number, blockHash: head.hash, pinned: false, subnets}
}
