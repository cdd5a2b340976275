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

import {deadline} from '../chain/client.js'
import {InputError} from '../errors.js'
import {RAO_PER_TAO, formatTao} from '../util/amount.js'

type AnyApi = any

export interface AccountBalance {
  address: string
  freeRao: bigint
  reservedRao: bigint
  frozenRao: bigint
}

export async function balances(chain: Chain, addresses: string[]): Promise<AccountBalance[]> {
  if (addresses.length === 0) return []
  const api: AnyApi = chain.api
  const accounts: any[] = await deadline<any>(chain, api.query.system.account.multi(addresses), 'reading balances')
  return accounts.map((acc, i) => {
    const d = acc.data
    const frozen = d.frozen ?? d.miscFrozen ?? 0n
    return {
      address: addresses[i]!,
      freeRao: d.free.toBigInt(),
      frozenRao: typeof frozen === 'bigint' ? frozen : frozen.toBigInt(),
      reservedRao: d.reserved.toBigInt(),
    }
  })
}

export interface StakeEntry {
  hotkey: string
  coldkey: string
  netuid: number
  /** alpha (netuid > 0) or TAO (root) staked, in base units */
  stakeRao: bigint
  /** indicative TAO value at the current pool price */
  valueRao: bigint
  isRegistered: boolean | null
}

/** Which way this runtime exposes stake: `raw-api` (218), `typed-api` (newer) or `storage`. */
export function stakeSource(chain: Chain): 'raw-api' | 'typed-api' | 'storage' {
  const fn = (chain.api as AnyApi).call?.stakeInfoRuntimeApi?.getStakeInfoForColdkey
  if (!fn) return 'storage'
  const argType = String(fn.meta?.params?.[0]?.type ?? '')
  return /Vec<u8>|Bytes/.test(argType) ? 'raw-api' : 'typed-api'
}

/** strip the Vec<u8> length prefix of a raw runtime-API answer */
function inner(api: AnyApi, raw: any): Uint8Array {
  return api.createType('Bytes', raw.toU8a(true)).toU8a(true)
}

async function rawStakes(chain: Chain, coldkey: string, force?: 'storage'): Promise<Omit<StakeEntry, 'valueRao'>[]> {
  const api: AnyApi = chain.api
  const {decodeAddress} = await import('@polkadot/util-crypto')
  const {u8aToHex} = await import('@polkadot/util')
  const src = force ?? stakeSource(chain)
  if (src === 'storage') return storageStakes(chain, coldkey)
  let list: any[]
  if (src === 'raw-api') {
    const raw = await deadline<any>(chain, api.call.stakeInfoRuntimeApi.getStakeInfoForColdkey(u8aToHex(decodeAddress(coldkey))), 'reading stake info')
    list = api.createType('Vec<StakeInfo218>', inner(api, raw)).toArray()
  } else {
    list = (await deadline<any>(chain, api.call.stakeInfoRuntimeApi.getStakeInfoForColdkey(coldkey), 'reading stake info')).toArray()
  }
  return list
    .map((s: any) => ({
      coldkey: s.coldkey.toString(),
      hotkey: s.hotkey.toString(),
      isRegistered: (s.is_registered ?? s.isRegistered)?.isTrue ?? null,
      netuid: Number(s.netuid.toString()),
      stakeRao: BigInt(s.stake.toString()),
    }))
    .filter((s) => s.stakeRao > 0n)
}

/**
 * Fallback without the runtime API: StakingHotkeys(coldkey) × Alpha(hotkey, coldkey, netuid). `Alpha` holds the
 * coldkey's SHARES of the hotkey's pool on netuid, so the amount is
 * shares × TotalHotkeyAlpha(hotkey, netuid) / TotalHotkeyShares(hotkey, netuid) (u64 at 218; the fixed-point
 * shares of newer runtimes are not decoded here: those runtimes have the typed API).
 */
async function storageStakes(chain: Chain, coldkey: string): Promise<Omit<StakeEntry, 'valueRao'>[]> {
  const api: AnyApi = chain.api
  const q = api.query.subtensorModule
  if (!q.alpha || !q.stakingHotkeys || !q.totalHotkeyAlpha) return []
  const hotkeys: string[] = (await deadline<any>(chain, q.stakingHotkeys(coldkey), 'reading staking hotkeys')).map((h: any) => h.toString())
  const out: Omit<StakeEntry, 'valueRao'>[] = []
  const int = (v: any): bigint | undefined => (typeof v?.toBigInt === 'function' ? v.toBigInt() : undefined)
  for (const hk of hotkeys) {
    const entries: [any, any][] = await deadline<any>(chain, q.alpha.entries(hk, coldkey), 'reading Alpha')
    for (const [key, val] of entries) {
      const netuid = Number(key.args[2].toString())
      const shares = int(val)
      if (shares === undefined || shares === 0n) continue
      const [total, totalShares]: [any, any] = await deadline<any>(
        chain,
        Promise.all([q.totalHotkeyAlpha(hk, netuid), q.totalHotkeyShares ? q.totalHotkeyShares(hk, netuid) : Promise.resolve(undefined)]),
        'reading hotkey totals',
      )
      const t = int(total) ?? 0n
      const ts = totalShares === undefined ? shares : int(totalShares)
      if (ts === undefined) continue // fixed-point shares: not this runtime's path
      const amount = ts === 0n ? 0n : (shares * t) / ts
      if (amount > 0n) out.push({coldkey, hotkey: hk, isRegistered: null, netuid, stakeRao: amount})
    }
  }
  return out
}

/** Price of one alpha in rao of TAO, per netuid (root = 1 TAO). */
export async function alphaPrices(chain: Chain, netuids: number[]): Promise<Map<number, bigint>> {
  const api: AnyApi = chain.api
  const out = new Map<number, bigint>()
  const uniq = [...new Set(netuids)].filter((n) => n !== 0)
  out.set(0, RAO_PER_TAO)
  if (uniq.length === 0) return out
  if (api.call?.swapRuntimeApi?.currentAlphaPrice) {
    const prices: any[] = await deadline<any>(chain, Promise.all(uniq.map((n) => api.call.swapRuntimeApi.currentAlphaPrice(n))), 'reading alpha prices')
    uniq.forEach((n, i) => out.set(n, BigInt(prices[i].toString())))
    return out
  }
  const q = api.query.subtensorModule
  const [tao, alpha]: [any[], any[]] = await deadline<any>(chain, Promise.all([q.subnetTAO.multi(uniq), q.subnetAlphaIn.multi(uniq)]), 'reading pool reserves')
  uniq.forEach((n, i) => {
    const t = BigInt(tao[i].toString())
    const a = BigInt(alpha[i].toString())
    out.set(n, a === 0n ? 0n : (t * RAO_PER_TAO) / a)
  })
  return out
}

/** Stake of a coldkey with indicative TAO values. `force: 'storage'` reads the Alpha map even when the API exists. */
export async function stakesOf(chain: Chain, coldkey: string, force?: 'storage'): Promise<StakeEntry[]> {
  const list = await rawStakes(chain, coldkey, force)
  const prices = await alphaPrices(chain, list.map((s) => s.netuid))
  return list.map((s) => ({...s, valueRao: s.netuid === 0 ? s.stakeRao : (s.stakeRao * (prices.get(s.netuid) ?? 0n)) / RAO_PER_TAO}))
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
  const api: AnyApi = chain.api
  const q = api.query.subtensorModule
  const [balance] = await walletBalances(chain, [{address: coldkey, wallet}])
  const stakes = await stakesOf(chain, coldkey)
  const owned: string[] = q.ownedHotkeys ? (await deadline<any>(chain, q.ownedHotkeys(coldkey), 'reading owned hotkeys')).map((h: any) => h.toString()) : []
  const names = new Map<string, string>()
  for (const h of diskHotkeys) if (h.address) names.set(h.address, h.name)
  const all = [...new Set([...diskHotkeys.flatMap((h) => (h.address ? [h.address] : [])), ...owned, ...stakes.map((s) => s.hotkey)])]
  const netuids: number[] = (await deadline<any>(chain, q.networksAdded.entries(), 'reading subnets'))
    .filter(([, v]: [any, any]) => v.isTrue)
    .map(([k]: [any, any]) => Number(k.args[0].toString()))
    .sort((a: number, b: number) => a - b)
  const hotkeys: HotkeyOverview[] = []
  for (const hk of all) {
    const pairs = netuids.map((n) => [n, hk])
    const [uids, owner]: [any[], any] = await deadline<any>(chain, Promise.all([q.uids.multi(pairs), q.owner(hk)]), 'reading registrations')
    const regs = netuids.flatMap((n, i) => (uids[i].isSome ? [{netuid: n, uid: Number(uids[i].unwrap().toString())}] : []))
    const alphas: any[] = q.totalHotkeyAlpha && regs.length ? await deadline<any>(chain, q.totalHotkeyAlpha.multi(regs.map((r) => [hk, r.netuid])), 'reading hotkey alpha') : []
    const mine = stakes.filter((s) => s.hotkey === hk)
    const ownerUnset = (owner.toU8a() as Uint8Array).every((b) => b === 0)
    hotkeys.push({
      address: hk,
      name: names.get(hk) ?? null,
      owner: ownerUnset ? null : owner.toString(), // the all-zero account means "never registered"
      registrations: regs.map((r, i) => ({...r, totalAlphaRao: alphas[i] ? BigInt(alphas[i].toString()) : null})),
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
  const api: AnyApi = chain.api
  const {transferCall} = await import('../chain/calls.js')
  const tx = transferCall(api.tx, {amountRao, dest, keepAlive})
  const [bal] = await balances(chain, [from])
  const ed = BigInt(api.consts.balances.existentialDeposit.toString())
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
  const out: TxOutcome = await submit(chain, planned.tx, signer, opts)
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
