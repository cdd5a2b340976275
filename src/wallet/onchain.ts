/**
 * Chain-backed wallet views: balances, stakes, registrations, and TAO transfers. The connected runtime's
 * metadata decides how to read stake (wallet brief §3, chain-notes §4):
 *  - spec 218: `StakeInfoRuntimeApi.get_stake_info_for_coldkey(Vec<u8>)` returns raw SCALE bytes
 *    (decoded as `Vec<StakeInfo218>`); when that API is missing, the `Alpha` storage map (u64 amounts at 218);
 *  - newer runtimes: the typed API (AccountId32 argument, `Vec<StakeInfo>` result).
 * Alpha is valued in TAO at the pool price: `SwapRuntimeApi.current_alpha_price` when present, else
 * `SubnetTAO / SubnetAlphaIn`; netuid 0 (root) is TAO 1:1. The value is indicative (no slippage).
 */
import type {Chain} from '../chain/client.js'
import type {TxOutcome} from '../chain/submit.js'
import type {KeyringPair} from '@polkadot/keyring/types'

import {transferCall} from '../chain/calls/balances.js'
import {txOf} from '../chain/calls/index.js'
import {deadline} from '../chain/client.js'
import {alphaPrices, existentialDepositRao, readBalances, readHotkeyRegistrations, readNetuids, readOwnedHotkeys, readStakes, stakeSource} from '../chain/reads.js'
import {InputError} from '../errors.js'
import {RAO_PER_TAO, formatTao} from '../util/amount.js'

export type {AccountBalance} from '../chain/reads.js'

/** Balances of several accounts (src/chain/reads.ts). */
export const balances = readBalances

export {stakeSource} from '../chain/reads.js'

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

export async function walletBalances(chain: Chain, accounts: {wallet: string | null; address: string}[]): Promise<WalletBalance[]> {
  const bal = await balances(chain, accounts.map((a) => a.address))
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

// ---- overview ----------------------------------------------------------------------------------

export interface HotkeyOverview {
  name: string | null
  address: string
  /** Owner(hotkey) on chain, null when the hotkey was never registered */
  owner: string | null
  registrations: {netuid: number; uid: number; totalAlphaRao: bigint | null}[]
  stakes: {netuid: number; stakeRao: bigint; valueRao: bigint}[]
  stakeValueRao: bigint
}

export interface WalletOverview {
  wallet: string
  coldkey: string
  balance: WalletBalance
  hotkeys: HotkeyOverview[]
  specVersion: number
  stakeSource: string
}

export async function walletOverview(
  chain: Chain,
  wallet: string,
  coldkey: string,
  diskHotkeys: {name: string; address: string | null}[],
): Promise<WalletOverview> {
  const [balance] = await walletBalances(chain, [{address: coldkey, wallet}])
  const stakes = await stakesOf(chain, coldkey)
  const owned = await deadline(chain, readOwnedHotkeys(chain, coldkey), 'reading owned hotkeys')
  const names = new Map<string, string>()
  for (const h of diskHotkeys) if (h.address) names.set(h.address, h.name)
  const all = [...new Set([...diskHotkeys.flatMap((h) => (h.address ? [h.address] : [])), ...owned, ...stakes.map((s) => s.hotkey)])]
  const netuids = await deadline(chain, readNetuids(chain), 'reading subnets')
  const hotkeys: HotkeyOverview[] = []
  for (const hk of all) {
    const reg = await deadline(chain, readHotkeyRegistrations(chain, hk, netuids), 'reading registrations')
    const mine = stakes.filter((s) => s.hotkey === hk)
    hotkeys.push({
      address: hk,
      name: names.get(hk) ?? null,
      owner: reg.owner,
      registrations: reg.registrations,
      stakeValueRao: mine.reduce((s, x) => s + x.valueRao, 0n),
      stakes: mine.map((s) => ({netuid: s.netuid, stakeRao: s.stakeRao, valueRao: s.valueRao})),
    })
  }
  return {balance: balance!, coldkey, hotkeys, specVersion: chain.specVersion, stakeSource: stakeSource(chain), wallet}
}

// ---- transfer ----------------------------------------------------------------------------------

export interface TransferPlan {
  from: string
  dest: string
  amountRao: bigint
  keepAlive: boolean
  feeEstimateRao: bigint
  freeRao: bigint
  existentialDepositRao: bigint
  call: string
}

export interface TransferResult {
  /** balances.transferKeepAlive or balances.transferAllowDeath */
  call: string
  from: string
  dest: string
  amountRao: bigint
  amountTao: string
  keepAlive: boolean
  dryRun: boolean
  feeEstimateRao: bigint
  /** the fee actually paid (TransactionFeePaid), or the node's quote under --dry-run */
  feeRao: bigint
  feeTao: string
  txHash: string
  blockNumber?: number
  blockHash?: string
}

/**
 * Check a transfer before anything is signed: valid amount, enough balance for amount + fee (and the
 * existential deposit when keeping the account alive). Bad input → InputError (exit 2); nothing is submitted.
 */
export async function planTransfer(chain: Chain, from: string, dest: string, amountRao: bigint, keepAlive: boolean): Promise<{plan: TransferPlan; tx: any}> {
  if (amountRao <= 0n) throw new InputError('--amount must be more than 0', {code: 'BadAmount'})
  const tx = transferCall(txOf(chain), {amountRao, dest, keepAlive})
  const [bal] = await readBalances(chain, [from])
  const ed = existentialDepositRao(chain)
  const {quoteFee} = await import('../chain/submit.js')
  const fee = await deadline<any>(chain, quoteFee(tx, from), 'quoting the fee')
  const transferable = bal!.freeRao > bal!.frozenRao ? bal!.freeRao - bal!.frozenRao : 0n
  const need = amountRao + fee + (keepAlive ? ed : 0n)
  if (transferable < need) {
    throw new InputError(
      `insufficient balance: ${formatTao(transferable)} TAO transferable, ${formatTao(amountRao)} + fee ${formatTao(fee)}${keepAlive ? ` + existential deposit ${formatTao(ed)}` : ''} TAO needed`,
      {code: 'InsufficientBalance', hint: keepAlive ? 'lower --amount, or --allow-death to empty the account' : 'lower --amount'},
    )
  }
  return {
    plan: {amountRao, call: `${tx.method.section}.${tx.method.method}`, dest, existentialDepositRao: ed, feeEstimateRao: fee, freeRao: bal!.freeRao, from, keepAlive},
    tx,
  }
}

export async function sendTransfer(
  chain: Chain,
  planned: {plan: TransferPlan; tx: any},
  signer: KeyringPair,
  opts: {dryRun?: boolean; waitFor?: 'inBlock' | 'finalized'; onProgress?: (m: string) => void},
): Promise<TransferResult> {
  if (signer.address !== planned.plan.from) {
    throw new InputError(`the unlocked coldkey ${signer.address} is not the wallet's coldkeypub address ${planned.plan.from}`, {code: 'KeyMismatch'})
  }
  const {submit} = await import('../chain/submit.js')
  const out: TxOutcome = await submit(chain, planned.tx, signer, {dryRun: opts.dryRun, ui: {progress: (m) => opts.onProgress?.(m)}, waitFor: opts.waitFor})
  return {
    amountRao: planned.plan.amountRao,
    amountTao: formatTao(planned.plan.amountRao),
    blockHash: out.blockHash,
    blockNumber: out.blockNumber,
    call: planned.plan.call,
    dest: planned.plan.dest,
    dryRun: out.dryRun,
    feeEstimateRao: out.feeEstimateRao,
    feeRao: out.feeRao,
    feeTao: formatTao(out.feeRao),
    from: planned.plan.from,
    keepAlive: planned.plan.keepAlive,
    txHash: out.txHash,
  }
}
