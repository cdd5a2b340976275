/**
 * Moving stake that already exists: to another hotkey (move), to another coldkey (transfer), to another subnet
 * on the same hotkey (swap). Amounts are ALPHA of the origin subnet. transfer/swap exist only on newer runtimes.
 */
import type {Chain} from '../chain/client.js'
import type {Extrinsic} from '../chain/submit.js'

import {InputError} from '../errors.js'
import {formatTao} from '../util/amount.js'
import {moveStakeCall, stakeCapabilities, swapStakeCall, swapStakeLimitCall, transferStakeCall} from './calls.js'
import {callName, decideGuard, execute, feeQuote, type GuardOptions, type OpHooks, type PositionKey, requireFee, requireHotkey, requireNonZero, requireStake, requireSubnet, snapshot, tx} from './common.js'
import {sellLimitPrice, swapRatioRao} from './math.js'
import {type Pinned, pin, quoteBuy, quoteSell, readPrice} from './read.js'
import type {Expected, StakePlan, StakeResult} from './types.js'

export interface MoveStakeOptions {
  coldkey: string
  originHotkey: string
  originHotkeyName?: string
  destinationHotkey: string
  destinationHotkeyName?: string
  originNetuid: number
  destinationNetuid: number
  amount: bigint | 'all'
}

/** Estimate alpha delivered at the destination: 1:1 within a subnet, else sell then buy through the pools. */
async function expectedCross(p: Pinned, originNetuid: number, destinationNetuid: number, alphaRao: bigint): Promise<Expected> {
  if (originNetuid === destinationNetuid) return {alpha: formatTao(alphaRao), alphaRao}
  const [po, pd] = await Promise.all([readPrice(p, originNetuid), readPrice(p, destinationNetuid)])
  const tao = await quoteSell(p, po, alphaRao)
  const out = await quoteBuy(p, pd, tao)
  return {alpha: formatTao(out), alphaRao: out, tao: formatTao(tao), taoRao: tao}
}

function unsupported(what: string, call: string): InputError {
  return new InputError(`${what} is not available on this chain: its runtime has no ${call} (nothing was submitted)`, {code: 'Unsupported'})
}

export async function moveStake(chain: Chain, o: MoveStakeOptions, hooks: OpHooks): Promise<StakeResult> {
  if (o.amount !== 'all') requireNonZero(o.amount, 'alpha')
  if (o.originHotkey === o.destinationHotkey && o.originNetuid === o.destinationNetuid) {
    throw new InputError('origin and destination are the same hotkey and subnet; nothing to move', {code: 'SameDestination'})
  }
  if (!stakeCapabilities(tx(chain)).moveStake) throw unsupported('moving stake', 'move_stake')
  const p = await pin(chain)
  await requireSubnet(p, o.originNetuid, '--netuid')
  await requireSubnet(p, o.destinationNetuid, '--to-netuid')
  await requireHotkey(p, o.originHotkey, '--hotkey')
  await requireHotkey(p, o.destinationHotkey, '--to-hotkey')
  const keys: PositionKey[] = [
    {coldkey: o.coldkey, hotkey: o.originHotkey, hotkeyName: o.originHotkeyName, netuid: o.originNetuid},
    {coldkey: o.coldkey, hotkey: o.destinationHotkey, hotkeyName: o.destinationHotkeyName, netuid: o.destinationNetuid},
  ]
  const before = await snapshot(p, o.coldkey, keys)
  const amount = requireStake(before.positions[0]!.stakeAlphaRao, o.amount, {coldkey: o.coldkey, hotkey: o.originHotkey, netuid: o.originNetuid})
  const call = moveStakeCall(tx(chain), {amountAlphaRao: amount, destinationHotkey: o.destinationHotkey, destinationNetuid: o.destinationNetuid, originHotkey: o.originHotkey, originNetuid: o.originNetuid}) as Extrinsic
  const fee = await feeQuote(call, o.coldkey)
  requireFee(before.freeRao, fee, o.coldkey)
  const guard = {available: false, enabled: false, note: 'move_stake has no price-limit form; across subnets it trades through both pools at their price'}
  const warnings = o.originNetuid === o.destinationNetuid ? [] : [guard.note]
  const plan: StakePlan = {
    amountAlpha: formatTao(amount),
    amountAlphaRao: amount,
    before,
    call: callName(call),
    coldkey: o.coldkey,
    destination: {coldkey: o.coldkey, hotkey: o.destinationHotkey, netuid: o.destinationNetuid},
    expected: await expectedCross(p, o.originNetuid, o.destinationNetuid, amount),
    feeEstimateRao: fee,
    feeEstimateTao: formatTao(fee),
    guard,
    hotkey: o.originHotkey,
    netuid: o.originNetuid,
    operation: 'move',
    warnings,
  }
  return execute(chain, plan, call, keys, hooks)
}

export interface TransferStakeOptions {
  coldkey: string
  hotkey: string
  hotkeyName?: string
  destinationColdkey: string
  originNetuid: number
  destinationNetuid: number
  amount: bigint | 'all'
}

export async function transferStake(chain: Chain, o: TransferStakeOptions, hooks: OpHooks): Promise<StakeResult> {
  if (o.amount !== 'all') requireNonZero(o.amount, 'alpha')
  if (o.destinationColdkey === o.coldkey && o.originNetuid === o.destinationNetuid) {
    throw new InputError('the destination coldkey is your own and the subnet is the same; nothing to transfer', {code: 'SameDestination'})
  }
  if (!stakeCapabilities(tx(chain)).transferStake) throw unsupported('transferring stake to another coldkey', 'transfer_stake')
  const p = await pin(chain)
  await requireSubnet(p, o.originNetuid, '--netuid')
  await requireSubnet(p, o.destinationNetuid, '--to-netuid')
  await requireHotkey(p, o.hotkey, '--hotkey')
  const keys: PositionKey[] = [
    {coldkey: o.coldkey, hotkey: o.hotkey, hotkeyName: o.hotkeyName, netuid: o.originNetuid},
    {coldkey: o.destinationColdkey, hotkey: o.hotkey, hotkeyName: o.hotkeyName, netuid: o.destinationNetuid},
  ]
  const before = await snapshot(p, o.coldkey, keys)
  const amount = requireStake(before.positions[0]!.stakeAlphaRao, o.amount, {coldkey: o.coldkey, hotkey: o.hotkey, netuid: o.originNetuid})
  const call = transferStakeCall(tx(chain), {amountAlphaRao: amount, destinationColdkey: o.destinationColdkey, destinationNetuid: o.destinationNetuid, hotkey: o.hotkey, originNetuid: o.originNetuid}) as Extrinsic
  const fee = await feeQuote(call, o.coldkey)
  requireFee(before.freeRao, fee, o.coldkey)
  const guard = {available: false, enabled: false, note: 'transfer_stake has no price-limit form; across subnets it trades through both pools at their price'}
  const plan: StakePlan = {
    amountAlpha: formatTao(amount),
    amountAlphaRao: amount,
    before,
    call: callName(call),
    coldkey: o.coldkey,
    destination: {coldkey: o.destinationColdkey, hotkey: o.hotkey, netuid: o.destinationNetuid},
    expected: await expectedCross(p, o.originNetuid, o.destinationNetuid, amount),
    feeEstimateRao: fee,
    feeEstimateTao: formatTao(fee),
    guard,
    hotkey: o.hotkey,
    netuid: o.originNetuid,
    operation: 'transfer',
    warnings: o.originNetuid === o.destinationNetuid ? [] : [guard.note],
  }
  return execute(chain, plan, call, keys, hooks)
}

export interface SwapStakeOptions extends GuardOptions {
  coldkey: string
  hotkey: string
  hotkeyName?: string
  originNetuid: number
  destinationNetuid: number
  amount: bigint | 'all'
}

export async function swapStake(chain: Chain, o: SwapStakeOptions, hooks: OpHooks): Promise<StakeResult> {
  if (o.amount !== 'all') requireNonZero(o.amount, 'alpha')
  if (o.originNetuid === o.destinationNetuid) throw new InputError('origin and destination subnet are the same; nothing to swap', {code: 'SameNetuid'})
  const caps = stakeCapabilities(tx(chain))
  if (!caps.swapStake) throw unsupported('swapping stake between subnets', 'swap_stake (use `tao stake move` with the same hotkey)')
  const p = await pin(chain)
  await requireSubnet(p, o.originNetuid, '--netuid')
  await requireSubnet(p, o.destinationNetuid, '--to-netuid')
  await requireHotkey(p, o.hotkey, '--hotkey')
  const keys: PositionKey[] = [
    {coldkey: o.coldkey, hotkey: o.hotkey, hotkeyName: o.hotkeyName, netuid: o.originNetuid},
    {coldkey: o.coldkey, hotkey: o.hotkey, hotkeyName: o.hotkeyName, netuid: o.destinationNetuid},
  ]
  const before = await snapshot(p, o.coldkey, keys)
  const amount = requireStake(before.positions[0]!.stakeAlphaRao, o.amount, {coldkey: o.coldkey, hotkey: o.hotkey, netuid: o.originNetuid})
  const ratio = swapRatioRao(before.positions[0]!.priceRao, before.positions[1]!.priceRao)
  const guard = decideGuard(caps.swapStakeLimit, 'swap_stake_limit', o, (tol) => sellLimitPrice(ratio, tol), 'lowest price ratio origin/destination accepted')
  const p2 = {amountAlphaRao: amount, destinationNetuid: o.destinationNetuid, hotkey: o.hotkey, originNetuid: o.originNetuid}
  const call = (guard.enabled ? swapStakeLimitCall(tx(chain), {...p2, allowPartial: guard.allowPartial!, limitPriceRao: guard.limitPriceRao!}) : swapStakeCall(tx(chain), p2)) as Extrinsic
  const fee = await feeQuote(call, o.coldkey)
  requireFee(before.freeRao, fee, o.coldkey)
  const plan: StakePlan = {
    amountAlpha: formatTao(amount),
    amountAlphaRao: amount,
    before,
    call: callName(call),
    coldkey: o.coldkey,
    destination: {coldkey: o.coldkey, hotkey: o.hotkey, netuid: o.destinationNetuid},
    expected: await expectedCross(p, o.originNetuid, o.destinationNetuid, amount),
    feeEstimateRao: fee,
    feeEstimateTao: formatTao(fee),
    guard,
    hotkey: o.hotkey,
    netuid: o.originNetuid,
    operation: 'swap',
    warnings: guard.enabled ? [] : [guard.note],
  }
  return execute(chain, plan, call, keys, hooks)
}
