/**
 * The stake reads the light commands share (`wallet balance`, `wallet overview`, `stake list`, `delegate list`),
 * each pinned to one block: a coldkey's stakes (`StakeInfoRuntimeApi.get_stake_info_for_coldkey`) and subnet
 * prices (pool storage, and the runtime's price where it has `SwapRuntimeApi`), decoded to the same plain values
 * as the full client's `readStakes` / `readPrice` (src/chain/reads.ts).
 */
import type {StakeEntry, StakeInfoPlain, SubnetPrice} from '../reads.js'
import type {LightChain} from './client.js'
import type {LightMetadata} from './metadata.js'

import {RAO_PER_TAO} from '../../util/amount.js'
import {stakeEntryFrom, subnetPriceFrom} from '../reads.js'
import {big, num} from '../runtime-api.js'
import {lightBestHead, lightMetadata} from './client.js'
import {compactBytes, concat, ss58Decode, toHex} from './hash.js'
import {lightQueryAt} from './storage.js'
import {lightRuntimeCall} from './subnets.js'

/** The best block every read of one light command is pinned to, with the runtime's metadata. */
export interface LightPinned {
  chain: LightChain
  md: LightMetadata
  hash: string
  number: number
  specVersion: number
}

/** The identity and the best header in one round trip; undefined when this runtime's metadata is not cached. */
export async function lightPin(chain: LightChain): Promise<LightPinned | undefined> {
  const [id, head] = await Promise.all([chain.identity, lightBestHead(chain)])
  const md = lightMetadata(id)
  if (!md) return undefined
  chain.rpc.pin(head.hash, id.genesisHash)
  return {chain, hash: head.hash, md, number: head.number, specVersion: id.specVersion}
}

/** Read at the pinned block (plain values in the order asked). */
export const lightQuery = (p: LightPinned, reads: [string, ...unknown[]][]): Promise<unknown[]> => lightQueryAt(p.chain, p.md, p.hash, reads)

/** `raw-api` (218: bytes in and out) or `typed-api`; undefined when the runtime has no `get_stake_info_for_coldkey`. */
export function lightStakeSource(md: LightMetadata): 'raw-api' | 'typed-api' | undefined {
  const api = md.runtimeApi('StakeInfoRuntimeApi', 'get_stake_info_for_coldkey')
  if (!api || api.inputs.length !== 1) return undefined
  return md.isBytes(api.inputs[0]!.type) ? 'raw-api' : 'typed-api'
}

/**
 * A reader of a coldkey's non-zero stakes at the pinned block (as `readStakes`); undefined when the runtime has
 * no `get_stake_info_for_coldkey` (the full client then reads the `Alpha` map: not the light path's).
 */
export function lightStakeReader(p: LightPinned): ((coldkey: string) => Promise<StakeEntry[]>) | undefined {
  const source = lightStakeSource(p.md)
  if (!source) return undefined
  return async (coldkey) => {
    const account = ss58Decode(coldkey)
    const arg = toHex(source === 'raw-api' ? concat(compactBytes(account.length), account) : account)
    const r = await lightRuntimeCall<StakeInfoPlain[]>(p.chain, p.md, p.hash, 'StakeInfoRuntimeApi', 'get_stake_info_for_coldkey', 'Vec<StakeInfo218>', arg)
    return (r ?? []).map(stakeEntryFrom).filter((e) => e.alphaRao > 0n)
  }
}

/** Prices of several subnets at the pinned block, in one round trip (as `readPrices`). */
export async function lightPrices(p: LightPinned, netuids: Iterable<number>): Promise<Map<number, SubnetPrice>> {
  const list = [...new Set(netuids)]
  const out = new Map<number, SubnetPrice>()
  if (list.length === 0) return out
  const hasMech = p.md.storageEntry('SubtensorModule.SubnetMechanism') !== undefined
  const reads: [string, ...unknown[]][] = []
  for (const n of list) {
    reads.push(['SubtensorModule.SubnetTAO', n], ['SubtensorModule.SubnetAlphaIn', n])
    if (hasMech) reads.push(['SubtensorModule.SubnetMechanism', n])
  }
  const per = hasMech ? 3 : 2
  const swap = p.md.runtimeApi('SwapRuntimeApi', 'current_alpha_price')
  // the runtime's price is asked for every subnet at once (a stable one ignores it), so it costs no round trip
  const [values, swapPrices] = await Promise.all([
    lightQuery(p, reads),
    swap ? Promise.all(list.map((n) => lightRuntimeCall<bigint>(p.chain, p.md, p.hash, 'SwapRuntimeApi', 'current_alpha_price', '', toHex(Uint8Array.of(n & 0xff, n >> 8))))) : undefined,
  ])
  list.forEach((n, i) => {
    const pool = {alphaInRao: big(values[i * per + 1]), stable: hasMech && num(values[i * per + 2]) === 0, taoInRao: big(values[i * per])}
    out.set(n, subnetPriceFrom(n, pool, swapPrices ? swapPrices[i] : undefined))
  })
  return out
}

/** Price of one alpha in rao of TAO per netuid, root 1 TAO without a read (as `alphaPrices`). */
export async function lightAlphaPrices(p: LightPinned, netuids: number[]): Promise<Map<number, bigint>> {
  const prices = await lightPrices(p, netuids.filter((n) => n !== 0))
  return new Map([[0, RAO_PER_TAO], ...[...prices].map(([n, x]) => [n, x.priceRao] as [number, bigint])])
}
