/**
 * Staking operations: add (and delegate), remove (and undelegate); move, transfer and swap are in ./transfers.ts.
 * Each reads the state at one block, refuses bad input before signing (unknown hotkey or subnet, more than the
 * balance or the stake, leaving the coldkey below the existential deposit), builds the call the runtime has
 * (with a price limit where a `*_limit` call exists), confirms through the Ui, submits, and reads the state
 * again at the inclusion block.
 */
import type {Chain} from '../chain/client.js'
import type {Extrinsic} from '../chain/submit.js'

import {InputError} from '../errors.js'
import {formatTao} from '../util/amount.js'
import {
  addStakeCall,
  addStakeLimitCall,
  removeStakeCall,
  removeStakeFullLimitCall,
  removeStakeLimitCall,
  stakeCapabilities,
} from '../chain/calls/stake.js'
import {
  callName,
  decideGuard,
  execute,
  feeQuote,
  type GuardOptions,
  type OpRun,
  type PositionKey,
  requireFee,
  requireHotkey,
  requireNonZero,
  requireStake,
  requireSubnet,
  snapshot,
  tx,
} from './common.js'
import {buyLimitPrice, effectivePriceRao, formatPpbPercent, formatTake, impactPpb, sellLimitPrice} from './math.js'
import {existentialDepositRao, hasUid, type Pinned, pinBlock, quoteBuy, quoteSell, readPrice, readTake} from '../chain/reads.js'
import type {Expected, StakePlan, StakeResult, ValidatorInfo} from './types.js'

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
}

export async function addStake(chain: Chain, o: AddStakeOptions, run: OpRun): Promise<StakeResult> {
  if (o.amount !== 'all') requireNonZero(o.amount, 'TAO')
  const p = await pinBlock(chain)
  await requireSubnet(p, o.netuid)
  const owner = await requireHotkey(p, o.hotkey)
  const key: PositionKey = {coldkey: o.coldkey, hotkey: o.hotkey, hotkeyName: o.hotkeyName, netuid: o.netuid}
  const [before, price, validator] = await Promise.all([snapshot(p, o.coldkey, [key]), readPrice(p, o.netuid), validatorInfo(p, o.hotkey, owner, o.netuid)])
  const free = before.freeRao
  const ed = existentialDepositRao(chain)
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
        hint: maxStake > 0n ? `at most ${formatTao(maxStake)} TAO can be staked, or use «amount» all` : undefined,
      })
    }
    if (free - amount - fee < ed) {
      throw new InputError(`staking ${formatTao(amount)} TAO would leave coldkey ${o.coldkey} with ${formatTao(free - amount - fee)} TAO, below the existential deposit ${formatTao(ed)} TAO (the account would be reaped)`, {
        code: 'BelowExistentialDeposit',
        hint: maxStake > 0n ? `stake at most ${formatTao(maxStake)} TAO, or use «amount» all` : undefined,
      })
    }
  }

  const alphaOut = await quoteBuy(p, price, amount)
  const expected = expectedBuy(amount, alphaOut, price.priceRao)
  const guard = decideGuard(caps.addStakeLimit, 'add_stake_limit', o, (tol) => buyLimitPrice(price.priceRao, tol), 'highest TAO per alpha accepted')
  const warnings: string[] = []
  if (!guard.enabled) warnings.push(guard.note)
  if (guard.enabled && !guard.allowPartial && guard.limitPriceRao !== undefined && expected.effectivePriceRao! > guard.limitPriceRao) {
    warnings.push(`the estimated price ${formatTao(expected.effectivePriceRao!)} is above the limit ${guard.limitPrice}: the chain will likely refuse with SlippageTooHigh (raise the tolerance or allow a partial fill)`)
  }
  if (alphaOut === 0n) warnings.push('this buys 0 alpha at the current pool price (empty pool)')
  if (!validator.registeredOnSubnet) warnings.push(`hotkey ${o.hotkey} has no uid on subnet ${o.netuid}; stake there earns nothing until it registers`)
  if (o.delegate && owner === o.coldkey) warnings.push('this validator hotkey is owned by your own coldkey (the same as staking to your own hotkey)')

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
  return execute(chain, plan, call as Extrinsic, [key], run)
}

// ---- remove / undelegate ---------------------------------------------------------------------------

export interface RemoveStakeOptions extends GuardOptions {
  coldkey: string
  hotkey: string
  hotkeyName?: string
  netuid: number
  /** ALPHA in base units, or all of it */
  amount: bigint | 'all'
}

export async function removeStake(chain: Chain, o: RemoveStakeOptions, run: OpRun): Promise<StakeResult> {
  if (o.amount !== 'all') requireNonZero(o.amount, 'alpha')
  const p = await pinBlock(chain)
  await requireSubnet(p, o.netuid)
  const owner = await requireHotkey(p, o.hotkey)
  const key: PositionKey = {coldkey: o.coldkey, hotkey: o.hotkey, hotkeyName: o.hotkeyName, netuid: o.netuid}
  const [before, price, validator] = await Promise.all([snapshot(p, o.coldkey, [key]), readPrice(p, o.netuid), validatorInfo(p, o.hotkey, owner, o.netuid)])
  const stake = before.positions[0]!.stakeAlphaRao
  const amount = requireStake(stake, o.amount, o)
  const caps = stakeCapabilities(tx(chain))
  const fee = await feeQuote(removeStakeCall(tx(chain), {amountAlphaRao: amount, hotkey: o.hotkey, netuid: o.netuid}) as Extrinsic, o.coldkey)
  requireFee(before.freeRao, fee, o.coldkey)

  const taoOut = await quoteSell(p, price, amount)
  const expected = expectedSell(amount, taoOut, price.priceRao)
  const guard = decideGuard(caps.removeStakeLimit, 'remove_stake_limit', o, (tol) => sellLimitPrice(price.priceRao, tol), 'lowest TAO per alpha accepted')
  const warnings: string[] = []
  if (!guard.enabled) warnings.push(guard.note)
  if (guard.enabled && !guard.allowPartial && guard.limitPriceRao !== undefined && expected.effectivePriceRao! < guard.limitPriceRao) {
    warnings.push(`the estimated price ${formatTao(expected.effectivePriceRao!)} is below the limit ${guard.limitPrice}: the chain will likely refuse with SlippageTooHigh (raise the tolerance or allow a partial fill)`)
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
  return execute(chain, plan, call as Extrinsic, [key], run)
}
