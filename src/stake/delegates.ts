/**
 * Delegates (validators taking nominated stake) and their take.
 *
 * Spec 218's `DelegateInfoRuntimeApi` still reports nominators and stake from the legacy pre-dTAO `Stake` map,
 * which dTAO staking no longer writes, so there the list comes from the API but nominators and stake are
 * read from `Alpha` / `TotalHotkeyAlpha`. Newer runtimes report dTAO nominators per subnet themselves.
 */
import type {Codec} from '@polkadot/types/types'

import type {Chain} from '../chain/client.js'
import type {Extrinsic} from '../chain/submit.js'
import {hasCall, txOf} from '../chain/calls/index.js'

import {toBig, toNum} from '../chain/codec.js'
import {callRuntimeApi} from '../chain/runtime-api.js'
import {InputError} from '../errors.js'
import {becomeDelegateCall, decreaseTakeCall, increaseTakeCall, stakeCapabilities} from '../chain/calls/stake.js'
import {feeQuote, payerOf, type OpRun, rateLimited, requireFee, requireHotkey, signAndSubmit, txSummary} from './common.js'
import {formatTake} from './math.js'
import {type Pinned, pinBlock, readBalance, readPrices, readTake, runtimeApiOf, sm, storageExists} from '../chain/reads.js'
import {type DelegatePlain, delegateBase, delegateListFrom, registeredBase, registeredNonDelegates} from './delegate-list.js'
import {STAKE_TYPES_218} from '../chain/types.js'
import type {TxSummary} from './types.js'

export interface DelegateRow {
  hotkey: string
  owner: string
  take: number
  takePercent: string
  /** distinct coldkeys with stake on this hotkey (the owner included when it stakes) */
  nominators: number
  /** Σ over subnets of the hotkey's alpha × price */
  totalStakeRao: bigint
  totalStakeTao: string
  stakes: {netuid: number; alphaRao: bigint; alpha: string; valueRao: bigint; valueTao: string}[]
  registrations: number[]
  validatorPermits: number[]
  /** false when the hotkey never set a take: `take` is then the default the chain applies (`Delegates` default) */
  takeSet: boolean
}

export interface DelegateListResult {
  block: number
  blockHash: string
  source: 'runtime-api+storage' | 'runtime-api'
  delegates: DelegateRow[]
  /** what the list covers and what it left out, in one sentence */
  filter: string
}

async function hotkeyAlphaByNetuid(p: Pinned, hotkey: string): Promise<Map<number, bigint>> {
  const entries = await sm(p.at).totalHotkeyAlpha!.entries(hotkey)
  const out = new Map<number, bigint>()
  for (const [k, v] of entries) {
    const a = toBig(v)
    if (a > 0n) out.set(toNum(k.args[1]), a)
  }
  return out
}

/** Distinct coldkeys with a non-zero `Alpha` entry on the hotkey (spec 218: the entries are share counts). */
async function nominatorsFromStorage(p: Pinned, hotkey: string): Promise<number> {
  const entries = await sm(p.at).alpha!.entries(hotkey)
  const cold = new Set<string>()
  for (const [k, v] of entries) {
    const raw = v as unknown as {isZero?: () => boolean; bits?: Codec}
    const zero = raw.bits ? toBig(raw.bits) === 0n : raw.isZero ? raw.isZero() : toBig(v) === 0n
    if (!zero) cold.add(k.args[1]!.toString())
  }
  return cold.size
}

export async function listDelegates(chain: Chain, o: {netuid?: number} = {}): Promise<DelegateListResult> {
  const p = await pinBlock(chain)
  const method = runtimeApiOf(p.chain, 'DelegateInfoRuntimeApi', 'get_delegates')
  if (!method) throw new InputError('this chain has no DelegateInfoRuntimeApi', {code: 'Unsupported'})
  const {raw} = method
  const res = await callRuntimeApi<DelegatePlain[]>(p.chain, 'DelegateInfoRuntimeApi', 'get_delegates', [], {at: p.blockHash, raw: 'Vec<StakeDelegateInfo218>', rawTypes: STAKE_TYPES_218})
  const base = (res ?? []).map(delegateBase)
  // every hotkey registered on the chosen subnet can take stake there, delegate entry or not (a validator appears
  // in get_delegates only once it set a take); the take the chain applies to those is the `Delegates` default
  if (o.netuid !== undefined) {
    const q = sm(p.at)
    const keys = (await q.keys!.entries(o.netuid)).map(([k, v]) => [toNum(k.args[1]), v.toString()] as [number, string])
    const permits = ((await q.validatorPermit!(o.netuid)) as unknown as {isTrue: boolean}[]).map((x) => x.isTrue)
    for (const {hotkey: hk, uid} of registeredNonDelegates(base, keys)) {
      const [owner, take] = await Promise.all([sm(p.at).owner!(hk), readTake(p, hk)])
      base.push(registeredBase(o.netuid, hk, owner.toString(), take.take, permits[uid] === true))
    }
  }
  const listed = await Promise.all(base.map((d) => storageExists(p, 'delegates', d.hotkey)))
  const stakes = await Promise.all(base.map((d) => hotkeyAlphaByNetuid(p, d.hotkey)))
  const nominators = raw ? await Promise.all(base.map((d) => nominatorsFromStorage(p, d.hotkey))) : base.map((d) => d.apiNominators)
  const netuids = new Set<number>()
  for (const m of stakes) for (const n of m.keys()) netuids.add(n)
  const prices = await readPrices(p, netuids)
  return delegateListFrom(o, {block: p.block, blockHash: p.blockHash, delegates: base.map((d, i) => ({...d, listed: listed[i]!, nominators: nominators[i]!, stakes: stakes[i]!})), prices, raw})
}

// ---- take ----------------------------------------------------------------------------------------

export interface TakeInfo {
  hotkey: string
  owner: string
  take: number
  takePercent: string
  /** an explicit `Delegates` entry exists (otherwise the chain's default take applies) */
  listed: boolean
  minTake: number
  minTakePercent: string
  maxTake: number
  maxTakePercent: string
  block: number
  /** blocks that must pass after a take change before the next increase */
  increaseRateLimitBlocks?: number
  /** first block at which an increase is accepted (spec-218-era storage only) */
  increaseAllowedFromBlock?: number
}

async function takeInfo(p: Pinned, hotkey: string, owner: string): Promise<TakeInfo> {
  const q = sm(p.at)
  const [t, min, max, rate, last] = await Promise.all([
    readTake(p, hotkey),
    q.minDelegateTake ? q.minDelegateTake() : Promise.resolve(undefined),
    q.maxDelegateTake ? q.maxDelegateTake() : Promise.resolve(undefined),
    q.txDelegateTakeRateLimit ? q.txDelegateTakeRateLimit() : Promise.resolve(undefined),
    q.lastTxBlockDelegateTake ? q.lastTxBlockDelegateTake(hotkey) : Promise.resolve(undefined),
  ])
  const minTake = min ? toNum(min) : 0
  const maxTake = max ? toNum(max) : 11_796
  const info: TakeInfo = {
    block: p.block,
    hotkey,
    listed: t.listed,
    maxTake,
    maxTakePercent: formatTake(maxTake),
    minTake,
    minTakePercent: formatTake(minTake),
    owner,
    take: t.take,
    takePercent: formatTake(t.take),
  }
  if (rate) info.increaseRateLimitBlocks = toNum(rate)
  // spec 218 (observed): an increase needs (block − LastTxBlockDelegateTake) > TxDelegateTakeRateLimit, with no
  // exemption for a hotkey whose take never changed (last = 0). Newer runtimes may exempt that case, so there the
  // pre-check only applies once a change is recorded; the chain has the last word either way.
  const noFirstExemption = hasCall(txOf(p.chain), 'subtensorModule', 'becomeDelegate')
  if (rate && last !== undefined && toNum(rate) > 0 && (toNum(last) > 0 || noFirstExemption)) {
    info.increaseAllowedFromBlock = toNum(last) + toNum(rate) + 1
  }
  return info
}

export async function readDelegateTake(chain: Chain, hotkey: string, field = 'hotkey'): Promise<TakeInfo> {
  const p = await pinBlock(chain)
  const owner = await requireHotkey(p, hotkey, field)
  return takeInfo(p, hotkey, owner)
}

export interface SetTakeOptions {
  coldkey: string
  hotkey: string
  /** u16 fraction of 65535 */
  take: number
}

export interface SetTakeResult {
  hotkey: string
  before: TakeInfo
  requestedTake: number
  requestedTakePercent: string
  changed: boolean
  call?: string
  tx?: TxSummary
  after?: TakeInfo
}

/** Set a validator's own take: decrease_take or increase_take (rate limited), signed by the owning coldkey. */
export async function setDelegateTake(chain: Chain, o: SetTakeOptions, run: OpRun): Promise<SetTakeResult> {
  const p = await pinBlock(chain)
  const owner = await requireHotkey(p, o.hotkey)
  if (owner !== o.coldkey) {
    throw new InputError(`hotkey ${o.hotkey} belongs to coldkey ${owner}, not to this wallet's coldkey ${o.coldkey}`, {code: 'NotOwner'})
  }
  const before = await takeInfo(p, o.hotkey, owner)
  const result: SetTakeResult = {before, changed: false, hotkey: o.hotkey, requestedTake: o.take, requestedTakePercent: formatTake(o.take)}
  if (o.take < before.minTake || o.take > before.maxTake) {
    throw new InputError(`take ${formatTake(o.take)} is outside the chain's range ${before.minTakePercent}–${before.maxTakePercent}`, {code: 'BadTake'})
  }
  const tx = txOf(chain)
  const caps = stakeCapabilities(tx)
  // same take: nothing to do, except making the hotkey an explicit delegate where become_delegate exists (218 era)
  if (o.take === before.take && (before.listed || !caps.becomeDelegate)) return result
  const increase = o.take > before.take
  if (increase && before.increaseAllowedFromBlock !== undefined && p.block + 1 < before.increaseAllowedFromBlock) {
    throw rateLimited('DelegateTxRateLimitExceeded', `the take of ${o.hotkey} can only be increased from block ${before.increaseAllowedFromBlock} (now ${p.block})`, before.increaseAllowedFromBlock - p.block - 1)
  }
  let call: Extrinsic
  if (o.take === before.take && caps.becomeDelegate) call = becomeDelegateCall(tx, {hotkey: o.hotkey}) as Extrinsic
  else if (increase) call = increaseTakeCall(tx, {hotkey: o.hotkey, take: o.take}) as Extrinsic
  else call = decreaseTakeCall(tx, {hotkey: o.hotkey, take: o.take}) as Extrinsic
  result.call = `${call.method.section}.${call.method.method}`
  const fee = await feeQuote(call, payerOf(run, o.coldkey))
  requireFee((await readBalance(p.at, payerOf(run, o.coldkey))).freeRao, fee, payerOf(run, o.coldkey))
  if (!run.dryRun) await run.ui.confirm(`set the take of ${o.hotkey.slice(0, 8)}… to ${formatTake(o.take)}?`, result)
  const outcome = await signAndSubmit(chain, call, o.coldkey, run)
  result.tx = txSummary(outcome)
  if (outcome.dryRun || !outcome.blockHash) return result
  result.changed = true
  result.after = await takeInfo(await pinBlock(chain, outcome.blockHash), o.hotkey, owner)
  return result
}
