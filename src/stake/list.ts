/**
 * `tao stake list`: every stake of a coldkey across hotkeys and subnets, in alpha and in TAO value, at one block.
 */
import type {Chain} from '../chain/client.js'
import type {StakeEntry, SubnetPrice} from '../chain/reads.js'

import {formatTao} from '../util/amount.js'
import {alphaToTao} from './math.js'
import {pinBlock, quoteSell, readBalance, readColdkeyStakes, readPrices} from '../chain/reads.js'
import {type Position, position} from './types.js'

export interface StakeListOptions {
  coldkey: string
  /** hotkey address → wallet hotkey name, for labels */
  names?: Map<string, string>
  /** only this subnet */
  netuid?: number
  /** only this hotkey */
  hotkey?: string
}

export interface StakeRow extends Position {
  /** the hotkey has a uid on that subnet */
  registered: boolean
  /** TAO you would get for unstaking all of it now (pool simulation, before fees) */
  sellValueRao: bigint
  sellValueTao: string
  priceSource: string
}

export interface StakeListResult {
  coldkey: string
  block: number
  blockHash: string
  freeRao: bigint
  freeTao: string
  stakes: StakeRow[]
  totals: {
    positions: number
    /** Σ stake × price */
    stakeValueRao: bigint
    stakeValueTao: string
    /** Σ simulated unstake proceeds */
    sellValueRao: bigint
    sellValueTao: string
    /** free + stake value */
    totalRao: bigint
    totalTao: string
    /** alpha per subnet */
    bySubnet: {netuid: number; alphaRao: bigint; alpha: string; valueRao: bigint; valueTao: string}[]
  }
}

export async function listStakes(chain: Chain, o: StakeListOptions): Promise<StakeListResult> {
  const p = await pinBlock(chain)
  const [entries, bal] = await Promise.all([readColdkeyStakes(p, o.coldkey), readBalance(p.at, o.coldkey)])
  const wanted = wantedStakes(entries, o)
  const prices = await readPrices(
    p,
    wanted.map((e) => e.netuid),
  )
  const sells = await Promise.all(wanted.map((e) => quoteSell(p, prices.get(e.netuid)!, e.alphaRao)))
  return stakeListFrom(o, {block: p.block, blockHash: p.blockHash, freeRao: bal.freeRao, prices, sells, wanted})
}

/** The stakes `o` asks for (a subnet, a hotkey). */
export function wantedStakes(entries: StakeEntry[], o: Pick<StakeListOptions, 'netuid' | 'hotkey'>): StakeEntry[] {
  return entries.filter((e) => (o.netuid === undefined || e.netuid === o.netuid) && (o.hotkey === undefined || e.hotkey === o.hotkey))
}

/** The list from what was read at one block (the full and the light read path alike): `sells[i]` is what unstaking `wanted[i]` returns. */
export function stakeListFrom(
  o: StakeListOptions,
  r: {block: number; blockHash: string; freeRao: bigint; wanted: StakeEntry[]; prices: Map<number, SubnetPrice>; sells: bigint[]},
): StakeListResult {
  const {prices, sells, wanted} = r
  const stakes: StakeRow[] = wanted.map((e, i) => {
    const price = prices.get(e.netuid)!
    const sell = sells[i]!
    return {
      ...position({alphaRao: e.alphaRao, coldkey: e.coldkey, hotkey: e.hotkey, hotkeyName: o.names?.get(e.hotkey), netuid: e.netuid, priceRao: price.priceRao}),
      priceSource: price.source,
      registered: e.registered === true,
      sellValueRao: sell,
      sellValueTao: formatTao(sell),
    }
  })
  stakes.sort((a, b) => a.netuid - b.netuid || (a.valueRao < b.valueRao ? 1 : a.valueRao > b.valueRao ? -1 : 0))
  const stakeValue = stakes.reduce((s, r) => s + r.valueRao, 0n)
  const sellValue = stakes.reduce((s, r) => s + r.sellValueRao, 0n)
  const bySubnet = new Map<number, bigint>()
  for (const r of stakes) bySubnet.set(r.netuid, (bySubnet.get(r.netuid) ?? 0n) + r.stakeAlphaRao)
  return {
    block: r.block,
    blockHash: r.blockHash,
    coldkey: o.coldkey,
    freeRao: r.freeRao,
    freeTao: formatTao(r.freeRao),
    stakes,
    totals: {
      bySubnet: [...bySubnet].map(([netuid, alphaRao]) => {
        const valueRao = alphaToTao(alphaRao, prices.get(netuid)!.priceRao)
        return {alpha: formatTao(alphaRao), alphaRao, netuid, valueRao, valueTao: formatTao(valueRao)}
      }),
      positions: stakes.length,
      sellValueRao: sellValue,
      sellValueTao: formatTao(sellValue),
      stakeValueRao: stakeValue,
      stakeValueTao: formatTao(stakeValue),
      totalRao: r.freeRao + stakeValue,
      totalTao: formatTao(r.freeRao + stakeValue),
    },
  }
}
