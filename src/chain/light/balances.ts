/**
 * `wallet balance` on the light connection, every read pinned to the best block: the identity and the best
 * header together; then every account's `System.Account` (one `state_queryStorageAt`) and stake
 * (`StakeInfoRuntimeApi.get_stake_info_for_coldkey`) together; then, only for coldkeys staked on subnets other
 * than root, those subnets' pools (and the runtime's price where it has `SwapRuntimeApi`).
 */
import type {WalletBalance} from '../reads.js'
import type {LightChain} from './client.js'

import {balanceFrom, walletBalanceRow, walletStakesFrom} from '../reads.js'
import {lightAlphaPrices, lightPin, lightQuery, lightStakeReader} from './stakes.js'

export {lightQueryAt} from './storage.js'

export async function lightWalletBalances(chain: LightChain, accounts: {wallet: string | null; address: string}[]): Promise<{balances: WalletBalance[]; specVersion: number} | undefined> {
  const p = await lightPin(chain)
  if (!p) return undefined
  const stakesOf = lightStakeReader(p)
  // without the runtime API the full client reads stake from storage: not the light path's
  if (!stakesOf) return undefined
  const [accountValues, stakeLists] = await Promise.all([lightQuery(p, accounts.map((a) => ['System.Account', a.address] as [string, ...unknown[]])), Promise.all(accounts.map((a) => stakesOf(a.address)))])
  const prices = await lightAlphaPrices(p, stakeLists.flat().map((s) => s.netuid))
  const balances = accounts.map((a, i) => walletBalanceRow(a, balanceFrom(accountValues[i]), walletStakesFrom(stakeLists[i]!, prices).reduce((s, x) => s + x.valueRao, 0n)))
  return {balances, specVersion: p.specVersion}
}
