/**
 * `stake list` on the light connection, every read pinned to the best block: the identity and the best header;
 * then the coldkey's stakes, its `System.Account` and root's pool together; then, only for stakes on subnets
 * other than root, those subnets' pools. What unstaking would return is the pool simulation (`simulateSell`);
 * runtimes that simulate swaps themselves (`SwapRuntimeApi.sim_swap_alpha_for_tao`) are left to the full client.
 */
import type {StakeListOptions, StakeListResult} from '../../stake/list.js'
import type {LightChain} from './client.js'

import {stakeListFrom, wantedStakes} from '../../stake/list.js'
import {simulateSell} from '../../stake/math.js'
import {balanceFrom} from '../reads.js'
import {lightPin, lightPrices, lightQuery, lightStakeReader} from './stakes.js'

export async function lightListStakes(chain: LightChain, o: StakeListOptions): Promise<StakeListResult | undefined> {
  const p = await lightPin(chain)
  if (!p) return undefined
  const stakesOf = lightStakeReader(p)
  if (!stakesOf) return undefined
  // root's pool goes with the first reads (a stake there needs it), so a coldkey staked only on root costs no third round trip
  const [entries, [account], rootPrice] = await Promise.all([stakesOf(o.coldkey), lightQuery(p, [['System.Account', o.coldkey]]), lightPrices(p, [0])])
  const wanted = wantedStakes(entries, o)
  const others = wanted.map((e) => e.netuid).filter((n) => n !== 0)
  const prices = new Map([...rootPrice, ...(await lightPrices(p, others))])
  if (p.md.runtimeApi('SwapRuntimeApi', 'sim_swap_alpha_for_tao') && wanted.some((e) => prices.get(e.netuid)!.source === 'swap-runtime-api')) return undefined
  const sells = wanted.map((e) => simulateSell(prices.get(e.netuid)!.pool, e.alphaRao))
  return stakeListFrom(o, {block: p.number, blockHash: p.hash, freeRao: balanceFrom(account).freeRao, prices, sells, wanted})
}
