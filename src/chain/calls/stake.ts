/**
 * Staking and delegation call builders. Each takes the decorated `tx` namespace (api.tx at run time, or one
 * expanded from a metadata file in tests) and builds from the runtime's own metadata; a builder whose call the
 * runtime lacks throws (use `stakeCapabilities` to ask first).
 *
 * Units: `*Rao` are TAO in rao; `*AlphaRao` are alpha in its base unit (alpha has 9 decimals too);
 * `limitPriceRao` is rao of TAO per one whole alpha (price 0.05 TAO/α ⇒ 50_000_000).
 */
import {build, hasCall, type TxNamespace} from './index.js'

const SM = 'subtensorModule'

/** Which staking calls the connected runtime offers (decided from metadata, never from the spec number). */
export interface StakeCapabilities {
  addStakeLimit: boolean
  removeStakeLimit: boolean
  removeStakeFullLimit: boolean
  moveStake: boolean
  transferStake: boolean
  swapStake: boolean
  swapStakeLimit: boolean
  unstakeAll: boolean
  becomeDelegate: boolean
  increaseTake: boolean
  decreaseTake: boolean
}

export function stakeCapabilities(tx: TxNamespace): StakeCapabilities {
  const has = (m: string) => hasCall(tx, SM, m)
  return {
    addStakeLimit: has('addStakeLimit'),
    becomeDelegate: has('becomeDelegate'),
    decreaseTake: has('decreaseTake'),
    increaseTake: has('increaseTake'),
    moveStake: has('moveStake'),
    removeStakeFullLimit: has('removeStakeFullLimit'),
    removeStakeLimit: has('removeStakeLimit'),
    swapStake: has('swapStake'),
    swapStakeLimit: has('swapStakeLimit'),
    transferStake: has('transferStake'),
    unstakeAll: has('unstakeAll'),
  }
}

export interface AddStakeParams {
  hotkey: string
  netuid: number
  amountRao: bigint
}

/** add_stake(hotkey, netuid, amount_staked): spend TAO, receive alpha. */
export function addStakeCall(tx: TxNamespace, p: AddStakeParams) {
  return build(tx, SM, 'addStake', [p.hotkey, p.netuid, p.amountRao])
}

export interface LimitParams {
  /** rao of TAO per one whole alpha: the worst price accepted */
  limitPriceRao: bigint
  /** fill what the limit allows instead of failing with SlippageTooHigh */
  allowPartial: boolean
}

/** add_stake_limit(hotkey, netuid, amount_staked, limit_price, allow_partial): newer runtimes only. */
export function addStakeLimitCall(tx: TxNamespace, p: AddStakeParams & LimitParams) {
  return build(tx, SM, 'addStakeLimit', [p.hotkey, p.netuid, p.amountRao, p.limitPriceRao, p.allowPartial])
}

export interface RemoveStakeParams {
  hotkey: string
  netuid: number
  /** alpha to sell, in alpha base units (NOT TAO) */
  amountAlphaRao: bigint
}

/** remove_stake(hotkey, netuid, amount_unstaked): the amount is ALPHA. */
export function removeStakeCall(tx: TxNamespace, p: RemoveStakeParams) {
  return build(tx, SM, 'removeStake', [p.hotkey, p.netuid, p.amountAlphaRao])
}

/** remove_stake_limit(hotkey, netuid, amount_unstaked, limit_price, allow_partial): newer runtimes only. */
export function removeStakeLimitCall(tx: TxNamespace, p: RemoveStakeParams & LimitParams) {
  return build(tx, SM, 'removeStakeLimit', [p.hotkey, p.netuid, p.amountAlphaRao, p.limitPriceRao, p.allowPartial])
}

/** remove_stake_full_limit(hotkey, netuid, limit_price?): everything on (hotkey, netuid); newer runtimes only. */
export function removeStakeFullLimitCall(tx: TxNamespace, p: {hotkey: string; netuid: number; limitPriceRao?: bigint}) {
  return build(tx, SM, 'removeStakeFullLimit', [p.hotkey, p.netuid, p.limitPriceRao ?? null])
}

/** unstake_all(hotkey): every subnet's stake on the hotkey back to TAO; newer runtimes only. */
export function unstakeAllCall(tx: TxNamespace, p: {hotkey: string}) {
  return build(tx, SM, 'unstakeAll', [p.hotkey])
}

export interface MoveStakeParams {
  originHotkey: string
  destinationHotkey: string
  originNetuid: number
  destinationNetuid: number
  amountAlphaRao: bigint
}

/** move_stake(origin_hotkey, destination_hotkey, origin_netuid, destination_netuid, alpha_amount): same coldkey. */
export function moveStakeCall(tx: TxNamespace, p: MoveStakeParams) {
  return build(tx, SM, 'moveStake', [p.originHotkey, p.destinationHotkey, p.originNetuid, p.destinationNetuid, p.amountAlphaRao])
}

export interface TransferStakeParams {
  destinationColdkey: string
  hotkey: string
  originNetuid: number
  destinationNetuid: number
  amountAlphaRao: bigint
}

/** transfer_stake(destination_coldkey, hotkey, origin_netuid, destination_netuid, alpha_amount): newer runtimes only. */
export function transferStakeCall(tx: TxNamespace, p: TransferStakeParams) {
  return build(tx, SM, 'transferStake', [p.destinationColdkey, p.hotkey, p.originNetuid, p.destinationNetuid, p.amountAlphaRao])
}

export interface SwapStakeParams {
  hotkey: string
  originNetuid: number
  destinationNetuid: number
  amountAlphaRao: bigint
}

/** swap_stake(hotkey, origin_netuid, destination_netuid, alpha_amount): newer runtimes only. */
export function swapStakeCall(tx: TxNamespace, p: SwapStakeParams) {
  return build(tx, SM, 'swapStake', [p.hotkey, p.originNetuid, p.destinationNetuid, p.amountAlphaRao])
}

/**
 * swap_stake_limit(hotkey, origin_netuid, destination_netuid, alpha_amount, limit_price, allow_partial).
 * Here the limit is the lowest accepted ratio price(origin)/price(destination), ×1e9.
 */
export function swapStakeLimitCall(tx: TxNamespace, p: SwapStakeParams & LimitParams) {
  return build(tx, SM, 'swapStakeLimit', [p.hotkey, p.originNetuid, p.destinationNetuid, p.amountAlphaRao, p.limitPriceRao, p.allowPartial])
}

/** become_delegate(hotkey): spec 218 era only (removed at 315; newer runtimes make delegates automatically). */
export function becomeDelegateCall(tx: TxNamespace, p: {hotkey: string}) {
  return build(tx, SM, 'becomeDelegate', [p.hotkey])
}

/** increase_take(hotkey, take): take is a u16 fraction of 65535; rate limited. */
export function increaseTakeCall(tx: TxNamespace, p: {hotkey: string; take: number}) {
  return build(tx, SM, 'increaseTake', [p.hotkey, p.take])
}

/** decrease_take(hotkey, take): take is a u16 fraction of 65535. */
export function decreaseTakeCall(tx: TxNamespace, p: {hotkey: string; take: number}) {
  return build(tx, SM, 'decreaseTake', [p.hotkey, p.take])
}
