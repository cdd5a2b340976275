/**
 * One unattended weights pass (the `weights run` command and each validator iteration): reveal what is due, then
 * set or commit when the rate limit allows, otherwise say when it next can. The caller holds the run lock.
 */
import type {ScoreInput} from './input.js'
import type {CommitView, RevealOutcome} from './reveal.js'
import type {WeightsState} from './state.js'

import {ChainError, MissedRevealError} from '../errors.js'
import {emaScores, updateEma} from '../scoring/ema.js'
import {loadEma, saveEma} from './store.js'
import {type Precheck, rateLimit} from './checks.js'
import {resolveEntries} from './input.js'
import {loadPending} from './pending.js'
import {revealDue} from './reveal.js'
import {readWeightsState} from './state.js'
import {type SetOutcome, type WeightsContext, planFor, setOrCommit} from './submit-weights.js'

export interface RunAction {
  action: 'revealed' | 'set' | 'committed' | 'rate-limited' | 'dry-run' | 'skipped'
  txHash?: string
  block?: number
  detail: string
}

export interface RunResult {
  netuid: number
  hotkey: string
  uid?: number
  block: number
  specVersion: number
  actions: RunAction[]
  /** the last transaction submitted in this pass */
  txHash?: string
  nextAllowedBlock: number
  inBlocks: number
  commitReveal: boolean
  commits: CommitView[]
  missed: {id: string; note?: string}[]
  set?: Pick<SetOutcome, 'action' | 'mode' | 'versionKey' | 'stored' | 'landed'> & {uids: number[]; values: number[]; notes: string[]; deviations: string[]; checks: Precheck['rows']}
  ema?: {alpha: number; uids: number; forgotten: {uid: number; was: string; now?: string}[]}
}

/** Scores for this pass: explicit entries, or the EMA (updated with them when given). Validates first. */
export async function resolveScores(ctx: WeightsContext, state: WeightsState, input: ScoreInput, save = true): Promise<{scores?: {uid: number; score: number}[]; ema?: RunResult['ema']}> {
  const explicit = input.entries ? resolveEntries(input.entries, state.hotkeys, ctx.netuid) : undefined
  if (!input.ema) return {scores: explicit}
  const prev = await loadEma(ctx.dir, input.ema.alpha, state.genesisHash)
  const up = updateEma(prev, explicit ?? [], state.hotkeys, state.block, input.ema.alpha)
  if (save && (explicit?.length || up.forgotten.length)) await saveEma(ctx.dir, up.state)
  const scores = emaScores(up.state, state.hotkeys)
  return {ema: {alpha: input.ema.alpha, forgotten: up.forgotten, uids: scores.length}, scores: scores.length ? scores : undefined}
}

export async function runWeights(ctx: WeightsContext, input: ScoreInput): Promise<RunResult> {
  let state = await readWeightsState(ctx.chain, ctx.netuid, ctx.signer.address)
  const {scores, ema} = await resolveScores(ctx, state, input, !ctx.dryRun)
  // fail on an impossible vector before touching the chain
  const plan = scores ? planFor(state, scores) : undefined
  const actions: RunAction[] = []
  const reveal: RevealOutcome = await revealDue(ctx, {noThrow: true, state})
  for (const r of reveal.revealed) {
    actions.push({action: r.tx.dryRun ? 'dry-run' : 'revealed', block: r.tx.block, detail: `revealed ${r.ids.length} commit(s)`, txHash: r.tx.txHash})
  }
  if (reveal.revealed.some((r) => !r.tx.dryRun)) state = await readWeightsState(ctx.chain, ctx.netuid, ctx.signer.address)
  let set: SetOutcome | undefined
  // one commit per reveal window: while a commit of ours waits for its window, do not stack another
  const waiting = state.commitReveal ? reveal.views.filter((v) => v.phase === 'waiting' || v.phase === 'in-flight') : []
  const rate0 = rateLimit(state)
  if (scores && plan && waiting.length && rate0.allowed) {
    actions.push({action: 'skipped', detail: `a commit is already waiting for its reveal window (${waiting[0]!.detail}); not committing another`})
  } else if (scores && plan) {
    try {
      set = await setOrCommit(ctx, scores, {plan: planFor(state, scores), state, versionKey: input.versionKey})
      if (set.action === 'rate-limited') actions.push({action: 'rate-limited', detail: `next allowed at block ${set.nextAllowedBlock}, in ${set.inBlocks} blocks`})
      else actions.push({action: set.action, block: set.tx?.block, detail: set.action === 'committed' ? `committed ${set.plan.uids.length} weights` : `set ${set.plan.uids.length} weights`, txHash: set.tx?.txHash})
    } catch (error) {
      if (error instanceof ChainError && error.code === 'CommitInFlight') actions.push({action: 'skipped', detail: error.message})
      else throw error
    }
  } else {
    actions.push({action: 'skipped', detail: 'no scores given: reveal only'})
  }
  const rate = rateLimit(state)
  const pending = await loadPending(ctx.dir)
  const views = reveal.views.map((v) => {
    const e = pending.commits.find((c) => c.id === v.id)
    return e ? {...v, status: e.status} : v
  })
  if (set?.commit && !views.some((v) => v.id === set!.commit!.id)) {
    const c = set.commit
    views.push({commitBlock: c.commitBlock, detail: c.firstRevealBlock ? `reveal window opens at block ${c.firstRevealBlock}` : 'committed', firstRevealBlock: c.firstRevealBlock, id: c.id, kind: c.kind, lastRevealBlock: c.lastRevealBlock, phase: 'waiting', revealRound: c.revealRound, status: c.status})
  }
  const submitted = actions.filter((a) => a.txHash)
  const result: RunResult = {
    actions,
    block: state.block,
    commitReveal: state.commitReveal,
    commits: views,
    ema,
    hotkey: state.hotkey,
    inBlocks: set ? set.inBlocks : rate.inBlocks,
    missed: reveal.missed.map((m) => ({id: m.id, note: m.note})),
    netuid: ctx.netuid,
    nextAllowedBlock: set ? set.nextAllowedBlock : rate.nextAllowedBlock,
    specVersion: state.specVersion,
    txHash: submitted[submitted.length - 1]?.txHash,
    uid: state.uid,
  }
  if (set) {
    result.set = {action: set.action, checks: set.checks.rows, deviations: set.plan.deviations, landed: set.landed, mode: set.mode, notes: set.plan.notes, stored: set.stored, uids: set.plan.uids, values: set.plan.values, versionKey: set.versionKey}
    if (set.action === 'set' || set.action === 'committed') result.inBlocks = Math.max(0, set.nextAllowedBlock - (set.tx?.block ?? state.block))
  }
  if (reveal.missed.length) {
    throw new MissedRevealError(`${reveal.missed.length} commit(s) missed their reveal: ${reveal.missed.map((m) => m.note).join('; ')}`, {data: result as unknown as Record<string, unknown>})
  }
  return result
}
