/**
 * Staking operations: add (and delegate), remove (and undelegate), move, transfer, swap. Each reads the state
 * at one block, refuses bad input before signing (unknown hotkey or subnet, more than the balance or the stake,
 * leaving the coldkey below the existential deposit), builds the call the runtime has (with a price limit where
 * a `*_limit` call exists), asks `hooks.confirm`, submits, and reads the state again at the inclusion block.
 */
import type {Chain} from '../chain/client.js'
import type {Extrinsic} from '../chain/submit.js'
import type {TxNamespace} from '../chain/calls.js'

import {InputError} from '../errors.js'
import {formatTao} from '../util/amount.js'
import {
  addStakeCall,
  addStakeLimitCall,
  moveStakeCall,
  removeStakeCall,
  removeStakeFullLimitCall,
  removeStakeLimitCall,
  stakeCapabilities,
  swapStakeCall,
  swapStakeLimitCall,
  transferStakeCall,
} from './calls.js'
import {
  decideGuard,
  execute,
  feeQuote,
  type GuardOptions,
  type OpHooks,
  type PositionKey,
  requireFee,
  requireHotkey,
  requireNonZero,
  requireSubnet,
  snapshot,
} from './common.js'
import {buyLimitPrice, effectivePriceRao, formatPpbPercent, formatTake, impactPpb, sellLimitPrice, swapRatioRao} from './math.js'
import {existentialDepositRao, hasUid, type Pinned, pin, quoteBuy, quoteSell, readPrice, readTake} from './read.js'
import type {Expected, StakePlan, StakeResult, ValidatorInfo} from './types.js'

const tx = (chain: Chain) => chain.api.tx as unknown as TxNamespace
const callName = (t: Extrinsic) => `${t.method.section}.${t.method.method}`

function expectedBuy(taoRao: bigint, alphaRao: bigint, spotRao: bigint): Expected {
  const eff = effectivePriceRao(taoRao, alphaRao)
  const imp = impactPpb(spotRao, eff)
  return {alpha: formatTao(alphaRao), alphaRao, effectivePriceRao: eff, impact: formatPpbPercent(imp), impactPpb: imp}
}

function expectedSell(alphaRao: bigint, taoRao: bigint, spotRao: bigint): Expected {
  const eff = effectivePriceRao(taoRao, alphaRao)
  const imp = impactPpb(spotRao, eff)
  return {effectivePriceRao: eff, impact: formatPpbPercent(imp), impactPpb: imp, tao: formatTao(taoRao), taoRao}
}

async function validatorInfo(p: Pinned, hotkey: string, owner: string, netuid: number): Promise<ValidatorInfo> {
  const [take, reg] = await Promise.all([readTake(p, hotkey), hasUid(p.at, netuid, hotkey)])
  return {hotkey, listed: take.listed, owner, registeredOnSubnet: reg, take: take.take, takePercent: formatTake(take.take)}
}

/** Flag names used in messages (delegate/undelegate use --to/--from). */
export interface FlagNames {
  hotkey?: string
  amount?: string
}

// ---- add / delegate --------------------------------------------------------------------------------

export interface AddStakeOptions extends GuardOptions {
  /** the signing coldkey's address (from coldkeypub.txt) */
  coldkey: string
  hotkey: string
  hotkeyName?: string
  netuid: number
  /** TAO in rao, or everything that keeps the coldkey at the existential deposit */
  amount: bigint | 'all'
  /** delegating to someone else's validator: warn when it is your own hotkey */
  delegate?: boolean
  flags?: FlagNames
}

export async function addStake(chain: Chain, o: AddStakeOptions, hooks: OpHooks): Promise<StakeResult> {
  const hotkeyFlag = o.flags?.hotkey ?? '--hotkey'
  if (o.amount !== 'all') requireNonZero(o.amount, 'TAO')
  const p = await pin(chain)
  await requireSubnet(p, o.netuid)
  const owner = await requireHotkey(p, o.hotkey, hotkeyFlag)
  const key: PositionKey = {coldkey: o.coldkey, hotkey: o.hotkey, hotkeyName: o.hotkeyName, netuid: o.netuid}
  const [before, price, validator] = await Promise.all([snapshot(p, o.coldkey, [key]), readPrice(p.at, o.netuid), validatorInfo(p, o.hotkey, owner, o.netuid)])
  const free = before.freeRao
  const ed = existentialDepositRao(chain.api)
  const caps = stakeCapabilities(tx(chain))

  // the fee does not depend on the amount's value (u64 is fixed size): quote it once
  const fee = await feeQuote(addStakeCall(tx(chain), {amountRao: free, hotkey: o.hotkey, netuid: o.netuid}) as Extrinsic, o.coldkey)
  const maxStake = free - ed - fee
  let amount: bigint
  if (o.amount === 'all') {
    if (maxStake <= 0n) {
      throw new InputError(`coldkey ${o.coldkey} has nothing to stake: free ${formatTao(free)} TAO, existential deposit ${formatTao(ed)} TAO, fee ${formatTao(fee)} TAO`, {code: 'InsufficientBalance'})
    }
    amount = maxStake
  } else {
    amount = o.amount
    if (amount + fee > free) {
      throw new InputError(`${formatTao(amount)} TAO${fee ? ` (+ fee ${formatTao(fee)} TAO)` : ''} is more than the free balance ${formatTao(free)} TAO of coldkey ${o.coldkey}`, {
        code: 'InsufficientBalance',
        hint: maxStake > 0n ? `at most ${formatTao(maxStake)} TAO can be staked, or use --amount all` : undefined,
      })
    }
    if (free - amount - fee < ed) {
      throw new InputError(`staking ${formatTao(amount)} TAO would leave coldkey ${o.coldkey} with ${formatTao(free - amount - fee)} TAO, below the existential deposit ${formatTao(ed)} TAO (the account would be reaped)`, {
        code: 'BelowExistentialDeposit',
        hint: maxStake > 0n ? `stake at most ${formatTao(maxStake)} TAO, or use --amount all` : undefined,
      })
    }
  }

  const alphaOut = await quoteBuy(p.at, price, amount)
  const expected = expectedBuy(amount, alphaOut, price.priceRao)
  const guard = decideGuard(caps.addStakeLimit, 'add_stake_limit', o, (tol) => buyLimitPrice(price.priceRao, tol), 'highest TAO per alpha accepted')
  const warnings: string[] = []
  if (!guard.enabled) warnings.push(guard.note)
  if (guard.enabled && !guard.allowPartial && guard.limitPriceRao !== undefined && expected.effectivePriceRao! > guard.limitPriceRao) {
    warnings.push(`the estimated price ${formatTao(expected.effectivePriceRao!)} is above the limit ${guard.limitPrice}: the chain will likely refuse with SlippageTooHigh (raise --tolerance or use --partial)`)
  }
  if (alphaOut === 0n) warnings.push('this buys 0 alpha at the current pool price (empty pool)')
  if (!validator.registeredOnSubnet) warnings.push(`hotkey ${o.hotkey} has no uid on subnet ${o.netuid}; stake there earns nothing until it registers`)
  if (o.delegate && owner === o.coldkey) warnings.push('this validator hotkey is owned by your own coldkey (same as `tao stake add`)')

  const call = guard.enabled
    ? addStakeLimitCall(tx(chain), {allowPartial: guard.allowPartial!, amountRao: amount, hotkey: o.hotkey, limitPriceRao: guard.limitPriceRao!, netuid: o.netuid})
    : addStakeCall(tx(chain), {amountRao: amount, hotkey: o.hotkey, netuid: o.netuid})
  const plan: StakePlan = {
    amountRao: amount,
    amountTao: formatTao(amount),
    before,
    call: callName(call as Extrinsic),
    coldkey: o.coldkey,
    expected,
    feeEstimateRao: fee,
    feeEstimateTao: formatTao(fee),
    guard,
    hotkey: o.hotkey,
    netuid: o.netuid,
    operation: 'add',
    validator,
    warnings,
  }
  return execute(chain, plan, call as Extrinsic, [key], hooks)
}

// ---- remove / undelegate ---------------------------------------------------------------------------

export interface RemoveStakeOptions extends GuardOptions {
  coldkey: string
  hotkey: string
  hotkeyName?: string
  netuid: number
  /** ALPHA in base units, or all of it */
  amount: bigint | 'all'
  flags?: FlagNames
}

function requireStake(stake: bigint, amount: bigint | 'all', o: {coldkey: string; hotkey: string; netuid: number}): bigint {
  if (stake === 0n) {
    throw new InputError(`coldkey ${o.coldkey} has no stake on hotkey ${o.hotkey} in subnet ${o.netuid}`, {code: 'NoStake', hint: 'see `tao stake list`'})
  }
  if (amount === 'all') return stake
  requireNonZero(amount, 'alpha')
  if (amount > stake) {
    throw new InputError(`${formatTao(amount)} alpha is more than the stake: coldkey ${o.coldkey} holds ${formatTao(stake)} alpha on hotkey ${o.hotkey} in subnet ${o.netuid}`, {
      code: 'NotEnoughStake',
      hint: 'amounts to remove are in ALPHA (the subnet token), not TAO; use --all for everything',
    })
  }
  return amount
}

export async function removeStake(chain: Chain, o: RemoveStakeOptions, hooks: OpHooks): Promise<StakeResult> {
  const hotkeyFlag = o.flags?.hotkey ?? '--hotkey'
  if (o.amount !== 'all') requireNonZero(o.amount, 'alpha')
  const p = await pin(chain)
  await requireSubnet(p, o.netuid)
  const owner = await requireHotkey(p, o.hotkey, hotkeyFlag)
  const key: PositionKey = {coldkey: o.coldkey, hotkey: o.hotkey, hotkeyName: o.hotkeyName, netuid: o.netuid}
  const [before, price, validator] = await Promise.all([snapshot(p, o.coldkey, [key]), readPrice(p.at, o.netuid), validatorInfo(p, o.hotkey, owner, o.netuid)])
  const stake = before.positions[0]!.stakeAlphaRao
  const amount = requireStake(stake, o.amount, o)
  const caps = stakeCapabilities(tx(chain))
  const fee = await feeQuote(removeStakeCall(tx(chain), {amountAlphaRao: amount, hotkey: o.hotkey, netuid: o.netuid}) as Extrinsic, o.coldkey)
  requireFee(before.freeRao, fee, o.coldkey)

  const taoOut = await quoteSell(p.at, price, amount)
  const expected = expectedSell(amount, taoOut, price.priceRao)
  const guard = decideGuard(caps.removeStakeLimit, 'remove_stake_limit', o, (tol) => sellLimitPrice(price.priceRao, tol), 'lowest TAO per alpha accepted')
  const warnings: string[] = []
  if (!guard.enabled) warnings.push(guard.note)
  if (guard.enabled && !guard.allowPartial && guard.limitPriceRao !== undefined && expected.effectivePriceRao! < guard.limitPriceRao) {
    warnings.push(`the estimated price ${formatTao(expected.effectivePriceRao!)} is below the limit ${guard.limitPrice}: the chain will likely refuse with SlippageTooHigh (raise --tolerance or use --partial)`)
  }
  const full = o.amount === 'all' && caps.removeStakeFullLimit
  if (o.amount === 'all' && !full) warnings.push('stake earns emission every block, so a small remainder may stay after removing "all"')

  let call
  if (full) call = removeStakeFullLimitCall(tx(chain), {hotkey: o.hotkey, limitPriceRao: guard.enabled ? guard.limitPriceRao : undefined, netuid: o.netuid})
  else if (guard.enabled) call = removeStakeLimitCall(tx(chain), {allowPartial: guard.allowPartial!, amountAlphaRao: amount, hotkey: o.hotkey, limitPriceRao: guard.limitPriceRao!, netuid: o.netuid})
  else call = removeStakeCall(tx(chain), {amountAlphaRao: amount, hotkey: o.hotkey, netuid: o.netuid})
  const plan: StakePlan = {
    amountAlpha: formatTao(amount),
    amountAlphaRao: amount,
    before,
    call: callName(call as Extrinsic),
    coldkey: o.coldkey,
    expected,
    feeEstimateRao: fee,
    feeEstimateTao: formatTao(fee),
    guard,
    hotkey: o.hotkey,
    netuid: o.netuid,
    operation: 'remove',
    validator,
    warnings,
  }
  return execute(chain, plan, call as Extrinsic, [key], hooks)
}

// ---- move / transfer / swap --------------------------------------------------------------------------

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
  const [po, pd] = await Promise.all([readPrice(p.at, originNetuid), readPrice(p.at, destinationNetuid)])
  const tao = await quoteSell(p.at, po, alphaRao)
  const out = await quoteBuy(p.at, pd, tao)
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
