/**
 * Wallet-side chain reads shared by `wallet balance` and `wallet overview`: a coldkey's stakes with their
 * indicative TAO value, and balances (free, reserved, staked) of several accounts. The connected runtime's
 * metadata decides how stake is read (src/chain/reads.ts `readStakes`). Alpha is valued at the pool price
 * (`alphaPrices`); netuid 0 (root) is TAO 1:1. The value is indicative (no slippage).
 */
import type {Chain} from './client.js'

import {RAO_PER_TAO, formatTao} from '../util/amount.js'
import {alphaPrices, readBalances, readStakes} from './reads.js'

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

/** Free, reserved and staked (indicative TAO value) balance of each account. */
export async function walletBalances(chain: Chain, accounts: {wallet: string | null; address: string}[]): Promise<WalletBalance[]> {
  const bal = await readBalances(chain, accounts.map((a) => a.address))
  const stakes = await Promise.all(accounts.map((a) => stakesOf(chain, a.address)))
  return accounts.map((a, i) => {
    const b = bal[i]!
    const staked = stakes[i]!.reduce((s, x) => s + x.valueRao, 0n)
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
  })
}
