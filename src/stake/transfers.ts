/**
 * Moving stake that already exists: to another hotkey (move), to another coldkey (transfer), to another subnet
 * on the same hotkey (swap). Amounts are ALPHA of the origin subnet. transfer/swap exist only on newer runtimes.
 */
import type {Chain} from '../chain/client.js'
import type {Extrinsic} from '../chain/submit.js'

import {InputError, type TaoErrorOptions} from '../errors.js'
import {formatTao} from '../util/amount.js'
import {moveStakeCall, stakeCapabilities, swapStakeCall, swapStakeLimitCall, transferStakeCall} from '../chain/calls/stake.js'
import {callName, decideGuard, execute, feeQuote, type GuardOptions, type OpRun, type PositionKey, requireFee, requireHotkey, requireNonZero, requireStake, requireSubnet, snapshot, tx} from './common.js'
import {sellLimitPrice, swapRatioRao} from './math.js'
import {type Pinned, pinBlock, quoteBuy, quoteSell, readPrice} from '../chain/reads.js'
import type {Expected, Guard, Snapshot, StakePlan, StakeResult} from './types.js'

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

function unsupported(what: string, call: string, next: Pick<TaoErrorOptions, 'hint' | 'suggest'> = {}): InputError {
  return new InputError(`${what} is not available on this chain: its runtime has no ${call} (nothing was submitted)`, {code: 'Unsupported', ...next})
}

/**
 * What move, transfer and swap have in common once their own preconditions hold: check both subnets and the
 * hotkeys, read the origin and destination positions at one block, take the amount from the origin stake, build
 * the operation's call for it, quote and check the fee, and plan and execute it.
 */
interface Relocation {
  operation: 'move' | 'transfer' | 'swap'
  /** the signing coldkey, owner of the origin position */
  coldkey: string
  amount: bigint | 'all'
  origin: PositionKey
  destination: PositionKey
  /** hotkeys that must be registered, with the option that named each */
  hotkeys: [hotkey: string, field: string][]
  /** the call for `amount`, its price guard and the plan's warnings, given the positions before */
  build(amount: bigint, before: Snapshot): {call: Extrinsic; guard: Guard; warnings: string[]}
}

async function relocateStake(chain: Chain, r: Relocation, run: OpRun): Promise<StakeResult> {
  const p = await pinBlock(chain)
  await requireSubnet(p, r.origin.netuid, 'netuid')
  await requireSubnet(p, r.destination.netuid, 'toNetuid')
  for (const [hotkey, field] of r.hotkeys) await requireHotkey(p, hotkey, field)
  const keys = [r.origin, r.destination]
  const before = await snapshot(p, r.coldkey, keys)
  const amount = requireStake(before.positions[0]!.stakeAlphaRao, r.amount, {coldkey: r.coldkey, hotkey: r.origin.hotkey, netuid: r.origin.netuid})
  const {call, guard, warnings} = r.build(amount, before)
  const fee = await feeQuote(call, r.coldkey)
  requireFee(before.freeRao, fee, r.coldkey)
  const plan: StakePlan = {
    amountAlpha: formatTao(amount),
    amountAlphaRao: amount,
    before,
    call: callName(call),
    coldkey: r.coldkey,
    destination: {coldkey: r.destination.coldkey, hotkey: r.destination.hotkey, netuid: r.destination.netuid},
    expected: await expectedCross(p, r.origin.netuid, r.destination.netuid, amount),
    feeEstimateRao: fee,
    feeEstimateTao: formatTao(fee),
    guard,
    hotkey: r.origin.hotkey,
    netuid: r.origin.netuid,
    operation: r.operation,
    warnings,
  }
  return execute(chain, plan, call, keys, run)
}

/** move_stake and transfer_stake have no price-limit form: across subnets they trade at the pools' price. */
function unguarded(call: string, sameNetuid: boolean): {guard: Guard; warnings: string[]} {
  const guard = {available: false, enabled: false, note: `${call} has no price-limit form; across subnets it trades through both pools at their price`}
  return {guard, warnings: sameNetuid ? [] : [guard.note]}
}

export async function moveStake(chain: Chain, o: MoveStakeOptions, run: OpRun): Promise<StakeResult> {
  if (o.amount !== 'all') requireNonZero(o.amount, 'alpha')
  if (o.originHotkey === o.destinationHotkey && o.originNetuid === o.destinationNetuid) {
    throw new InputError('origin and destination are the same hotkey and subnet; nothing to move', {code: 'SameDestination'})
  }
  if (!stakeCapabilities(tx(chain)).moveStake) throw unsupported('moving stake', 'move_stake')
  return relocateStake(
    chain,
    {
      amount: o.amount,
      build: (amount) => ({
        call: moveStakeCall(tx(chain), {amountAlphaRao: amount, destinationHotkey: o.destinationHotkey, destinationNetuid: o.destinationNetuid, originHotkey: o.originHotkey, originNetuid: o.originNetuid}) as Extrinsic,
        ...unguarded('move_stake', o.originNetuid === o.destinationNetuid),
      }),
      coldkey: o.coldkey,
      destination: {coldkey: o.coldkey, hotkey: o.destinationHotkey, hotkeyName: o.destinationHotkeyName, netuid: o.destinationNetuid},
      hotkeys: [
        [o.originHotkey, 'hotkey'],
        [o.destinationHotkey, 'toHotkey'],
      ],
      operation: 'move',
      origin: {coldkey: o.coldkey, hotkey: o.originHotkey, hotkeyName: o.originHotkeyName, netuid: o.originNetuid},
    },
    run,
  )
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

export async function transferStake(chain: Chain, o: TransferStakeOptions, run: OpRun): Promise<StakeResult> {
  if (o.amount !== 'all') requireNonZero(o.amount, 'alpha')
  if (o.destinationColdkey === o.coldkey && o.originNetuid === o.destinationNetuid) {
    throw new InputError('the destination coldkey is your own and the subnet is the same; nothing to transfer', {code: 'SameDestination'})
  }
  if (!stakeCapabilities(tx(chain)).transferStake) throw unsupported('transferring stake to another coldkey', 'transfer_stake')
  return relocateStake(
    chain,
    {
      amount: o.amount,
      build: (amount) => ({
        call: transferStakeCall(tx(chain), {amountAlphaRao: amount, destinationColdkey: o.destinationColdkey, destinationNetuid: o.destinationNetuid, hotkey: o.hotkey, originNetuid: o.originNetuid}) as Extrinsic,
        ...unguarded('transfer_stake', o.originNetuid === o.destinationNetuid),
      }),
      coldkey: o.coldkey,
      destination: {coldkey: o.destinationColdkey, hotkey: o.hotkey, hotkeyName: o.hotkeyName, netuid: o.destinationNetuid},
      hotkeys: [[o.hotkey, 'hotkey']],
      operation: 'transfer',
      origin: {coldkey: o.coldkey, hotkey: o.hotkey, hotkeyName: o.hotkeyName, netuid: o.originNetuid},
    },
    run,
  )
}

export interface SwapStakeOptions extends GuardOptions {
  coldkey: string
  hotkey: string
  hotkeyName?: string
  originNetuid: number
  destinationNetuid: number
  amount: bigint | 'all'
}

export async function swapStake(chain: Chain, o: SwapStakeOptions, run: OpRun): Promise<StakeResult> {
  if (o.amount !== 'all') requireNonZero(o.amount, 'alpha')
  if (o.originNetuid === o.destinationNetuid) throw new InputError('origin and destination subnet are the same; nothing to swap', {code: 'SameNetuid'})
  const caps = stakeCapabilities(tx(chain))
  if (!caps.swapStake) throw unsupported('swapping stake between subnets', 'swap_stake', {hint: 'move the stake with the same hotkey instead', suggest: {command: 'stake move'}})
  return relocateStake(
    chain,
    {
      amount: o.amount,
      build(amount, before) {
        const ratio = swapRatioRao(before.positions[0]!.priceRao, before.positions[1]!.priceRao)
        const guard = decideGuard(caps.swapStakeLimit, 'swap_stake_limit', o, (tol) => sellLimitPrice(ratio, tol), 'lowest price ratio origin/destination accepted')
        const p2 = {amountAlphaRao: amount, destinationNetuid: o.destinationNetuid, hotkey: o.hotkey, originNetuid: o.originNetuid}
        const call = (guard.enabled ? swapStakeLimitCall(tx(chain), {...p2, allowPartial: guard.allowPartial!, limitPriceRao: guard.limitPriceRao!}) : swapStakeCall(tx(chain), p2)) as Extrinsic
        return {call, guard, warnings: guard.enabled ? [] : [guard.note]}
      },
      coldkey: o.coldkey,
      destination: {coldkey: o.coldkey, hotkey: o.hotkey, hotkeyName: o.hotkeyName, netuid: o.destinationNetuid},
      hotkeys: [[o.hotkey, 'hotkey']],
      operation: 'swap',
      origin: {coldkey: o.coldkey, hotkey: o.hotkey, hotkeyName: o.hotkeyName, netuid: o.originNetuid},
    },
    run,
  )
}
