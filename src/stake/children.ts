/**
 * Child hotkeys: a parent hotkey lends proportions of its stake weight on one subnet to up to five child
 * hotkeys (`set_children`), and the child keeps a take of what it earns for the parent (`set_childkey_take`).
 *
 * What the chain checks (subtensor `do_set_children` / `do_schedule_children`, `do_set_childkey_take`) is
 * checked here first, so a bad request is refused before anything is signed: the signer's coldkey owns the
 * hotkey (NonAssociatedColdKey), not the root subnet (RegistrationNotPermittedOnRootSubnet), the subnet exists,
 * at most 5 children (TooManyChildren), no self-child (InvalidChild), no duplicate (DuplicateChild), the
 * proportions fit a u64 together (ProportionOverflow), a child is not also a parent of the hotkey
 * (ChildParentInconsistency, runtimes that have it), and the rate limit per (hotkey, netuid)
 * (TxRateLimitExceeded: 150 blocks after the last set; TxChildkeyTakeRateLimitExceeded: `TxChildkeyTakeRateLimit`
 * blocks after the last take change). Runtimes with `PendingChildKeys` queue a new set of children and apply it
 * after `PendingChildKeyCooldown` blocks; spec 218 applies it at once.
 *
 * Proportions: the chain holds a child's share as a u64 fraction of u64::MAX. An operator's "40%" or "0.4" is
 * converted exactly, rounding down (so proportions summing to at most 1 never overflow).
 */
import type {Chain} from '../chain/client.js'
import type {Extrinsic} from '../chain/submit.js'
import type {TxSummary} from './types.js'

import {txOf} from '../chain/calls/index.js'
import {setChildkeyTakeCall, setChildrenCall} from '../chain/calls/owner.js'
import {type Pinned, pinBlock, readBalance, readStakeWeights, subtensorErrorNames, subtensorStorage} from '../chain/reads.js'
import {type StorageEntryLike, big, num, queryAt} from '../chain/runtime-api.js'
import {InputError} from '../errors.js'
import {formatTao} from '../util/amount.js'
import {feeQuote, payerOf, type OpRun, rateLimited, requireFee, requireHotkey, requireSubnet, signAndSubmit, txSummary} from './common.js'
import {formatTake} from './math.js'

export const U64_MAX = (1n << 64n) - 1n
/** The most children a hotkey may have on one subnet (subtensor: TooManyChildren above 5). */
export const MAX_CHILDREN = 5
/** Blocks between two set_children of one (hotkey, netuid) (subtensor `TransactionType::SetChildren`). */
export const SET_CHILDREN_RATE_LIMIT = 150
/** `TransactionKeyLastBlock` transaction types. */
const TX_SET_CHILDREN = 0
const TX_SET_CHILDKEY_TAKE = 1

const DEC = /^(\d+)(?:\.(\d+))?$|^\.(\d+)$/

/** An exact fraction num/den. */
export interface Fraction {
  num: bigint
  den: bigint
}

/**
 * A proportion as typed: a percentage ("40%", "12.5%") or a fraction ("0.4", "1"). Exact (no float); must be
 * above 0 and at most 1.
 */
export function parseProportion(input: string, what = 'proportion'): Fraction {
  const s = input.trim()
  const pct = s.endsWith('%')
  const m = DEC.exec(pct ? s.slice(0, -1).trim() : s)
  if (!m) throw new InputError(`${what} must be a percentage like 40% or a fraction like 0.4: ${JSON.stringify(input)}`, {code: 'BadProportion', field: 'children'})
  const whole = m[1] ?? '0'
  const frac = m[2] ?? m[3] ?? ''
  const f: Fraction = {den: 10n ** BigInt(frac.length) * (pct ? 100n : 1n), num: BigInt(whole + frac)}
  if (f.num === 0n) throw new InputError(`${what} must be greater than 0: ${input} (to remove a child, leave it out; «revoke» removes all)`, {code: 'BadProportion', field: 'children'})
  if (f.num > f.den) throw new InputError(`${what} must be at most 100% (1): ${input}`, {code: 'BadProportion', field: 'children'})
  return f
}

/** The chain's u64 proportion of a fraction: ⌊fraction × u64::MAX⌋. */
export function proportionToU64(f: Fraction): bigint {
  return (f.num * U64_MAX) / f.den
}

/** A u64 proportion as a percentage with up to 6 decimals (nearest), e.g. "40%", "33.333333%"; the exact u64 is alongside. */
export function formatProportion(p: bigint): string {
  const micro = (p * 200_000_000n + U64_MAX) / (2n * U64_MAX) // percent × 1e6, rounded
  const whole = micro / 1_000_000n
  const frac = (micro % 1_000_000n).toString().padStart(6, '0').replace(/0+$/, '')
  return `${whole}${frac ? `.${frac}` : ''}%`
}

/** Σ fractions ≤ 1, exactly. */
export function fractionsSumAtMostOne(fs: Fraction[]): boolean {
  let num = 0n
  let den = 1n
  for (const f of fs) {
    num = num * f.den + f.num * den
    den *= f.den
  }
  return num <= den
}

export interface ChildSpec {
  /** SS58 or a hotkey name of the wallet */
  child: string
  proportion: Fraction
  /** as typed */
  input: string
}

/** `CHILD=PROPORTION` (the child an SS58 address or a hotkey name). */
export function parseChildSpec(input: string): ChildSpec {
  const i = input.lastIndexOf('=')
  if (i <= 0 || i === input.length - 1) {
    throw new InputError(`a child is given as SS58_OR_NAME=PROPORTION (e.g. 5F…=40% or miner=0.25): ${JSON.stringify(input)}`, {code: 'BadChild', field: 'children'})
  }
  const child = input.slice(0, i).trim()
  return {child, input, proportion: parseProportion(input.slice(i + 1), `the proportion of ${child}`)}
}

// ---- reads ---------------------------------------------------------------------------------------------

export interface ChildRow {
  hotkey: string
  /** u64 fraction of u64::MAX */
  proportion: bigint
  proportionPercent: string
  /** the child's uid on the subnet, null when it has none */
  uid: number | null
  /** its stake weight on the subnet (alpha + TAO × tao_weight, after inheritance), null without a uid */
  stakeWeightRao: bigint | null
  stakeWeight: string | null
}

export interface ChildrenOnSubnet {
  netuid: number
  children: ChildRow[]
  /** the parents that lend to this hotkey here */
  parents: {hotkey: string; proportion: bigint; proportionPercent: string}[]
  /** children queued and applied from `cooldownBlock` (runtimes with PendingChildKeys), else null */
  pending: {children: ChildRow[]; cooldownBlock: number} | null
  /** the hotkey's childkey take on this subnet (u16) */
  take: number
  takePercent: string
  /** the hotkey's own stake weight here (null without a uid) */
  stakeWeightRao: bigint | null
  stakeWeight: string | null
  /** first block at which set_children for (hotkey, netuid) passes the rate limit, null when it does now */
  nextSetBlock: number | null
}

export interface ChildrenInfo {
  hotkey: string
  owner: string
  block: number
  blockHash: string
  /** whether this runtime queues new children (PendingChildKeys) or applies them at once */
  queued: boolean
  subnets: ChildrenOnSubnet[]
}

type Pairs = [bigint, string][]
const pairs = (v: unknown): Pairs => ((v as unknown[] | null) ?? []).map((x) => [big((x as unknown[])[0]), String((x as unknown[])[1])])

/** The last block of a (hotkey, netuid, type) rate-limited transaction (0 when never, or without the map). */
async function lastTxBlock(p: Pinned, hotkey: string, netuid: number, type: number): Promise<number> {
  const q = subtensorStorage(p.chain)
  if (!q.transactionKeyLastBlock) return 0
  const [v] = await queryAt(p.chain, p.blockHash, [[q.transactionKeyLastBlock, hotkey, netuid, type]])
  return num(v)
}

/** First block a rate-limited call passes (`last == 0 || block − last ≥ limit`), or null when the next block does. */
export function nextAllowedBlock(head: number, last: number, limit: number): number | null {
  if (last === 0 || last > head + 1 || limit === 0) return null
  const first = last + limit
  return first > head + 1 ? first : null
}

async function childRows(p: Pinned, netuid: number, list: Pairs, weights: Map<string, {uid: number; totalRao: bigint}>): Promise<ChildRow[]> {
  return list.map(([proportion, hotkey]) => {
    const w = weights.get(hotkey)
    return {
      hotkey,
      proportion,
      proportionPercent: formatProportion(proportion),
      stakeWeight: w ? formatTao(w.totalRao) : null,
      stakeWeightRao: w ? w.totalRao : null,
      uid: w ? w.uid : null,
    }
  })
}

/** Children, parents, pending children and take of `hotkey` on `netuids` (every subnet it has any on when omitted). */
export async function readChildren(chain: Chain, hotkey: string, o: {netuid?: number; field?: string} = {}): Promise<ChildrenInfo> {
  const p = await pinBlock(chain)
  const owner = await requireHotkey(p, hotkey, o.field)
  const q = subtensorStorage(chain)
  const queued = Boolean(q.pendingChildKeys)
  let netuids: number[]
  if (o.netuid === undefined) {
    const seen = new Set<number>()
    const {entriesAt} = await import('../chain/runtime-api.js')
    for (const item of [q.childKeys, q.parentKeys, q.childkeyTake]) {
      if (!item) continue
      for (const {args} of await entriesAt(chain, p.blockHash, item, hotkey)) seen.add(num(args[1]))
    }
    if (q.pendingChildKeys) {
      // keyed (netuid, hotkey): look at the subnets the hotkey is registered on
      const {readNetuids} = await import('../chain/reads.js')
      const all = await readNetuids(chain, p.blockHash)
      const values = await queryAt(chain, p.blockHash, all.map((n) => [q.pendingChildKeys!, n, hotkey] as [StorageEntryLike, ...unknown[]]))
      all.forEach((n, i) => {
        if (pairs((values[i] as unknown[] | null)?.[0]).length > 0) seen.add(n)
      })
    }
    netuids = [...seen].sort((a, b) => a - b)
  } else {
    await requireSubnet(p, o.netuid)
    netuids = [o.netuid]
  }
  const subnets: ChildrenOnSubnet[] = []
  for (const netuid of netuids) subnets.push(await childrenOnSubnet(p, hotkey, netuid))
  return {block: p.block, blockHash: p.blockHash, hotkey, owner, queued, subnets}
}

async function childrenOnSubnet(p: Pinned, hotkey: string, netuid: number): Promise<ChildrenOnSubnet> {
  const q = subtensorStorage(p.chain)
  const reads: [StorageEntryLike, ...unknown[]][] = [
    [q.childKeys!, hotkey, netuid],
    [q.parentKeys!, hotkey, netuid],
    [q.childkeyTake!, hotkey, netuid],
  ]
  if (q.pendingChildKeys) reads.push([q.pendingChildKeys, netuid, hotkey])
  const [children, parents, take, pending] = await queryAt(p.chain, p.blockHash, reads)
  const sw = await readStakeWeights(p.chain, netuid, p.blockHash)
  const weights = new Map(sw.neurons.map((n) => [n.hotkey, {totalRao: n.totalRao, uid: n.uid}]))
  const pend = pending ? (pending as unknown[]) : null
  const pendingList = pend ? pairs(pend[0]) : []
  const own = weights.get(hotkey)
  const last = await lastTxBlock(p, hotkey, netuid, TX_SET_CHILDREN)
  return {
    children: await childRows(p, netuid, pairs(children), weights),
    netuid,
    nextSetBlock: nextAllowedBlock(p.block, last, SET_CHILDREN_RATE_LIMIT),
    parents: pairs(parents).map(([proportion, hk]) => ({hotkey: hk, proportion, proportionPercent: formatProportion(proportion)})),
    pending: pend && pendingList.length > 0 ? {children: await childRows(p, netuid, pendingList, weights), cooldownBlock: num(pend[1])} : null,
    stakeWeight: own ? formatTao(own.totalRao) : null,
    stakeWeightRao: own ? own.totalRao : null,
    take: num(take),
    takePercent: formatTake(num(take)),
  }
}

// ---- set_children ----------------------------------------------------------------------------------------

export interface SetChildrenOptions {
  coldkey: string
  hotkey: string
  netuid: number
  /** resolved children: address, proportion as typed, and the exact fraction */
  children: {hotkey: string; input: string; proportion: Fraction; name?: string}[]
}

export interface SetChildrenResult {
  hotkey: string
  netuid: number
  coldkey: string
  call: string
  /** what is sent: u64 proportions */
  children: {hotkey: string; name?: string; proportion: bigint; proportionPercent: string; input: string}[]
  /** Σ of the proportions sent, as a percentage */
  totalPercent: string
  /** the runtime queues the change (applied after a cooldown) rather than applying it at once */
  queued: boolean
  before: ChildrenOnSubnet
  warnings: string[]
  feeEstimateRao: bigint
  feeEstimateTao: string
  /** nothing to do: the children are already exactly these (nothing submitted) */
  unchanged: boolean
  tx?: TxSummary
  after?: ChildrenOnSubnet
}

/** Check what the chain checks, then sign set_children with the owning coldkey (an empty list revokes). */
export async function setChildren(chain: Chain, o: SetChildrenOptions, run: OpRun): Promise<SetChildrenResult> {
  if (o.netuid === 0) {
    throw new InputError('child hotkeys are not allowed on the root subnet (netuid 0): the chain refuses them (RegistrationNotPermittedOnRootSubnet); nothing was submitted', {
      code: 'RegistrationNotPermittedOnRootSubnet',
      field: 'netuid',
    })
  }
  if (o.children.length > MAX_CHILDREN) {
    throw new InputError(`at most ${MAX_CHILDREN} children per hotkey and subnet (${o.children.length} given): the chain refuses more (TooManyChildren); nothing was submitted`, {code: 'TooManyChildren', field: 'children'})
  }
  const seen = new Set<string>()
  for (const c of o.children) {
    if (c.hotkey === o.hotkey) throw new InputError(`a hotkey cannot be its own child (${c.input}): the chain refuses it (InvalidChild); nothing was submitted`, {code: 'InvalidChild', field: 'children'})
    if (seen.has(c.hotkey)) throw new InputError(`child ${c.hotkey} is given twice: the chain refuses it (DuplicateChild); nothing was submitted`, {code: 'DuplicateChild', field: 'children'})
    seen.add(c.hotkey)
  }
  if (!fractionsSumAtMostOne(o.children.map((c) => c.proportion))) {
    throw new InputError(`the proportions add up to more than 100% (${o.children.map((c) => c.input).join(', ')}); nothing was submitted`, {code: 'ProportionOverflow', field: 'children'})
  }
  const p = await pinBlock(chain)
  await requireSubnet(p, o.netuid)
  const owner = await requireHotkey(p, o.hotkey)
  if (owner !== o.coldkey) {
    throw new InputError(`hotkey ${o.hotkey} belongs to coldkey ${owner}, not to this wallet's coldkey ${o.coldkey}: only its owner can set its children (NonAssociatedColdKey); nothing was submitted`, {code: 'NonAssociatedColdKey', field: 'hotkey'})
  }
  const before = await childrenOnSubnet(p, o.hotkey, o.netuid)
  if (subtensorErrorNames(chain).has('ChildParentInconsistency')) {
    const parents = new Set(before.parents.map((x) => x.hotkey))
    const both = o.children.find((c) => parents.has(c.hotkey))
    if (both) throw new InputError(`${both.hotkey} is a parent of ${o.hotkey} on subnet ${o.netuid} and cannot also be its child (ChildParentInconsistency); nothing was submitted`, {code: 'ChildParentInconsistency', field: 'children'})
  }
  const sent = o.children.map((c) => {
    const proportion = proportionToU64(c.proportion)
    return {hotkey: c.hotkey, input: c.input, name: c.name, proportion, proportionPercent: formatProportion(proportion)}
  })
  const total = sent.reduce((s, c) => s + c.proportion, 0n)
  const warnings: string[] = []
  const uids = new Map(before.children.concat(before.pending?.children ?? []).map((c) => [c.hotkey, c.uid]))
  const sw = await readStakeWeights(p.chain, o.netuid, p.blockHash)
  const registered = new Set(sw.neurons.map((n) => n.hotkey))
  for (const c of sent) if (!registered.has(c.hotkey) && uids.get(c.hotkey) == null) warnings.push(`child ${c.hotkey} has no uid on subnet ${o.netuid}: it can only use the stake it inherits once it is registered there`)
  if (before.stakeWeightRao === null) warnings.push(`hotkey ${o.hotkey} has no uid on subnet ${o.netuid}`)
  const tx = txOf(chain)
  const call = setChildrenCall(tx, {children: sent.map((c) => [c.proportion, c.hotkey]), hotkey: o.hotkey, netuid: o.netuid}) as Extrinsic
  // newer runtimes queue a change (PendingChildKeys) once the subnet is started (SubtokenEnabled), else apply it at once
  const sq = subtensorStorage(chain)
  const queued = Boolean(sq.pendingChildKeys) && (!sq.subtokenEnabled || (await queryAt(chain, p.blockHash, [[sq.subtokenEnabled, o.netuid]]))[0] === true)
  const same = (list: ChildRow[]) => list.length === sent.length && sent.every((c, i) => list[i]?.hotkey === c.hotkey && list[i]?.proportion === c.proportion)
  const unchanged = !before.pending && same(before.children)
  const fee = unchanged ? 0n : await feeQuote(call, payerOf(run, o.coldkey))
  const result: SetChildrenResult = {
    before,
    call: `${call.method.section}.${call.method.method}`,
    children: sent,
    coldkey: o.coldkey,
    feeEstimateRao: fee,
    feeEstimateTao: formatTao(fee),
    hotkey: o.hotkey,
    netuid: o.netuid,
    queued,
    totalPercent: formatProportion(total),
    unchanged,
    warnings,
  }
  if (unchanged) return result
  if (before.nextSetBlock !== null) {
    throw rateLimited('TxRateLimitExceeded', `the children of ${o.hotkey} on subnet ${o.netuid} can be set again from block ${before.nextSetBlock} (now ${p.block}; one change per ${SET_CHILDREN_RATE_LIMIT} blocks)`, before.nextSetBlock - p.block - 1)
  }
  requireFee((await readBalance(p.at, payerOf(run, o.coldkey))).freeRao, fee, payerOf(run, o.coldkey))
  for (const w of warnings) run.ui.warn(w)
  const what = sent.length === 0 ? `revoke every child of ${o.hotkey.slice(0, 8)}… on subnet ${o.netuid}` : `set ${sent.length} child${sent.length === 1 ? '' : 'ren'} of ${o.hotkey.slice(0, 8)}… on subnet ${o.netuid} (${sent.map((c) => `${c.hotkey.slice(0, 8)}… ${c.proportionPercent}`).join(', ')})`
  if (!run.dryRun) await run.ui.confirm(`${what}?`, result)
  const outcome = await signAndSubmit(chain, call, o.coldkey, run)
  result.tx = txSummary(outcome)
  if (outcome.dryRun || !outcome.blockHash) return result
  result.after = await childrenOnSubnet(await pinBlock(chain, outcome.blockHash), o.hotkey, o.netuid)
  return result
}

// ---- childkey take ---------------------------------------------------------------------------------------

export interface ChildkeyTakeInfo {
  hotkey: string
  owner: string
  netuid: number
  block: number
  take: number
  takePercent: string
  minTake: number
  minTakePercent: string
  maxTake: number
  maxTakePercent: string
  /** blocks between two take changes of one (hotkey, netuid) */
  rateLimitBlocks: number
  /** first block a change passes the rate limit; null when the next block does */
  nextChangeBlock: number | null
}

async function takeInfo(p: Pinned, hotkey: string, owner: string, netuid: number): Promise<ChildkeyTakeInfo> {
  const q = subtensorStorage(p.chain)
  const reads: [StorageEntryLike, ...unknown[]][] = [[q.childkeyTake!, hotkey, netuid]]
  for (const k of ['minChildkeyTake', 'maxChildkeyTake', 'txChildkeyTakeRateLimit']) if (q[k]) reads.push([q[k]!])
  const [take, ...rest] = await queryAt(p.chain, p.blockHash, reads)
  const [min, max, rate] = [q.minChildkeyTake ? num(rest.shift()) : 0, q.maxChildkeyTake ? num(rest.shift()) : 11_796, q.txChildkeyTakeRateLimit ? num(rest.shift()) : 0]
  const last = await lastTxBlock(p, hotkey, netuid, TX_SET_CHILDKEY_TAKE)
  return {
    block: p.block,
    hotkey,
    maxTake: max,
    maxTakePercent: formatTake(max),
    minTake: min,
    minTakePercent: formatTake(min),
    netuid,
    nextChangeBlock: nextAllowedBlock(p.block, last, rate),
    owner,
    rateLimitBlocks: rate,
    take: num(take),
    takePercent: formatTake(num(take)),
  }
}

export async function readChildkeyTake(chain: Chain, hotkey: string, netuid: number): Promise<ChildkeyTakeInfo> {
  const p = await pinBlock(chain)
  await requireSubnet(p, netuid)
  const owner = await requireHotkey(p, hotkey)
  return takeInfo(p, hotkey, owner, netuid)
}

export interface SetChildkeyTakeResult {
  hotkey: string
  netuid: number
  before: ChildkeyTakeInfo
  requestedTake: number
  requestedTakePercent: string
  changed: boolean
  call?: string
  tx?: TxSummary
  after?: ChildkeyTakeInfo
}

/** set_childkey_take within [MinChildkeyTake, MaxChildkeyTake] and the rate limit, signed by the owning coldkey. */
export async function setChildkeyTake(chain: Chain, o: {coldkey: string; hotkey: string; netuid: number; take: number}, run: OpRun): Promise<SetChildkeyTakeResult> {
  const p = await pinBlock(chain)
  await requireSubnet(p, o.netuid)
  const owner = await requireHotkey(p, o.hotkey)
  if (owner !== o.coldkey) {
    throw new InputError(`hotkey ${o.hotkey} belongs to coldkey ${owner}, not to this wallet's coldkey ${o.coldkey} (NonAssociatedColdKey); nothing was submitted`, {code: 'NonAssociatedColdKey', field: 'hotkey'})
  }
  const before = await takeInfo(p, o.hotkey, owner, o.netuid)
  const result: SetChildkeyTakeResult = {before, changed: false, hotkey: o.hotkey, netuid: o.netuid, requestedTake: o.take, requestedTakePercent: formatTake(o.take)}
  if (o.take < before.minTake || o.take > before.maxTake) {
    throw new InputError(`childkey take ${formatTake(o.take)} is outside the chain's range ${before.minTakePercent}–${before.maxTakePercent} (InvalidChildkeyTake); nothing was submitted`, {code: 'InvalidChildkeyTake', field: 'take'})
  }
  if (o.take === before.take) return result
  if (before.nextChangeBlock !== null) {
    throw rateLimited('TxChildkeyTakeRateLimitExceeded', `the childkey take of ${o.hotkey} on subnet ${o.netuid} can change again from block ${before.nextChangeBlock} (now ${p.block}; one change per ${before.rateLimitBlocks} blocks)`, before.nextChangeBlock - p.block - 1)
  }
  const call = setChildkeyTakeCall(txOf(chain), {hotkey: o.hotkey, netuid: o.netuid, take: o.take}) as Extrinsic
  result.call = `${call.method.section}.${call.method.method}`
  const fee = await feeQuote(call, payerOf(run, o.coldkey))
  requireFee((await readBalance(p.at, payerOf(run, o.coldkey))).freeRao, fee, payerOf(run, o.coldkey))
  if (!run.dryRun) await run.ui.confirm(`set the childkey take of ${o.hotkey.slice(0, 8)}… on subnet ${o.netuid} to ${formatTake(o.take)}?`, result)
  const outcome = await signAndSubmit(chain, call, o.coldkey, run)
  result.tx = txSummary(outcome)
  if (outcome.dryRun || !outcome.blockHash) return result
  result.changed = true
  result.after = await takeInfo(await pinBlock(chain, outcome.blockHash), o.hotkey, owner, o.netuid)
  return result
}
