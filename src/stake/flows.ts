/**
 * The whole of a staking service that several commands share (add and delegate; remove and undelegate): read
 * the options, resolve the wallet's keys, fail fast when a confirmation cannot be given, connect, then plan →
 * confirm → sign → submit → verify (./ops.ts).
 */
import type {TaoClient} from '../client.js'
import type {Ui} from '../ui.js'
import type {WalletRef} from '../wallet/wallet.js'
import type {StakeResult} from './types.js'

import {actorOf, type ProxyOptions} from '../proxy/actor.js'
import {opRun, requireConfirmable, type TxOptions} from './common.js'
import {resolveHotkey} from './hotkey.js'
import {type AlphaAmount, type GuardInput, parseAlphaOrAll, parseGuardInput, parseTaoOrAll, type TaoAmount} from './input.js'
import {addStake, removeStake} from './ops.js'

/** What every stake operation of a wallet takes. */
export interface WalletTxOptions extends TxOptions, ProxyOptions {
  /** the wallet whose coldkey owns the stake and signs */
  wallet: WalletRef
}

export interface StakeTaoOptions extends WalletTxOptions, GuardInput {
  /** SS58, or a hotkey name of the wallet [default: the wallet's hotkey] */
  hotkey?: string
  netuid: number
  /** TAO as a decimal string, or "all" (keeps the existential deposit and the fee), or rao */
  amount: TaoAmount
}

/** Stake TAO to a hotkey (`delegate`: someone else's validator; the wording and a warning change). */
export async function stakeTao(client: TaoClient, o: StakeTaoOptions, ui: Ui, delegate = false): Promise<StakeResult> {
  const amount = parseTaoOrAll(o.amount)
  const guard = parseGuardInput(o)
  const hotkey = await resolveHotkey(o.hotkey, o.wallet)
  const {coldkey, multisig, proxy} = await actorOf(o.wallet, o)
  await requireConfirmable(ui, o, delegate ? 'delegate TAO' : 'stake TAO')
  return addStake(
    await client.chain(),
    {...guard, amount, coldkey, delegate, hotkey: hotkey.address, hotkeyName: hotkey.name, netuid: o.netuid},
    opRun(client, o.wallet, ui, o, delegate, proxy, multisig),
  )
}

export interface UnstakeAlphaOptions extends WalletTxOptions, GuardInput {
  /** SS58, or a hotkey name of the wallet [default: the wallet's hotkey] */
  hotkey?: string
  netuid: number
  /** ALPHA (subnet token units, not TAO) as a decimal string or "all", or base units; or set `all` */
  amount?: AlphaAmount
  /** everything on that hotkey and subnet */
  all?: boolean
}

/** Unstake ALPHA from a hotkey back to TAO (`delegate`: undelegate wording). */
export async function unstakeAlpha(client: TaoClient, o: UnstakeAlphaOptions, ui: Ui, delegate = false): Promise<StakeResult> {
  const amount = parseAlphaOrAll(o.amount, o.all)
  const guard = parseGuardInput(o)
  const hotkey = await resolveHotkey(o.hotkey, o.wallet)
  const {coldkey, multisig, proxy} = await actorOf(o.wallet, o)
  await requireConfirmable(ui, o, delegate ? 'undelegate ALPHA' : 'unstake ALPHA')
  return removeStake(
    await client.chain(),
    {...guard, amount, coldkey, hotkey: hotkey.address, hotkeyName: hotkey.name, netuid: o.netuid},
    opRun(client, o.wallet, ui, o, delegate, proxy, multisig),
  )
}
