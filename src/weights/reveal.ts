/**
 * Revealing pending commits in the window the chain itself stores (`WeightCommits`), and checking after
 * the window that the weights actually landed in `Weights` (the only proof for timelocked commits, whose
 * failed reveals the chain only logs). A commit whose window passed without its values on chain is a
 * missed reveal (exit 7).
 */
import type {Chain} from '../chain/client.js'
import type {PendingCommit} from './pending.js'
import type {WeightsState} from './state.js'

import {nextEpochStartBlock} from '../chain/weights-reads.js'
import {MissedRevealError} from '../errors.js'
import {precheck} from './checks.js'
import {batchRevealWeightsCall, revealWeightsCall} from '../chain/calls/weights.js'
import {loadPending, savePending} from './pending.js'
import {settleCommits, unsettled} from './settle.js'
import {readWeightsState} from './state.js'
import {type TxSummary, type WeightsContext, sameRow, throwPrecheck, txOf, validateAndSubmit} from './submit-weights.js'

/** spec 218 epoch index: floor((block + netuid + 1) / (tempo + 1)) */
export const epochOf = (block: number, netuid: number, tempo: number) => Math.floor((block + netuid + 1) / (tempo + 1))

/** First block of the epoch `commit epoch + RevealPeriodEpochs` for a commit landing in the next block. */
export async function predictFirstRevealBlock(chain: Chain, state: WeightsState): Promise<number> {
  const landing = state.block + 1
  if (state.features.epochTuples) {
    const next = await nextEpochStartBlock(chain, state.netuid)
    if (next !== undefined) return next + Math.max(0, state.revealPeriodEpochs - 1) * (state.tempo + 1)
  }
  const e = epochOf(landing, state.netuid, state.tempo)
  return (e + state.revealPeriodEpochs) * (state.tempo + 1) - (state.netuid + 1)
}

export type CommitPhase = 'in-flight' | 'waiting' | 'due' | 'landed' | 'missed' | 'abandoned' | 'unknown'

export interface CommitView {
  id: string
  kind: PendingCommit['kind']
  status: PendingCommit['status']
  phase: CommitPhase
  commitBlock?: number
  firstRevealBlock?: number
  lastRevealBlock?: number
  revealRound?: number
  /** blocks until the reveal window opens (waiting) */
  opensIn?: number
  detail: string
}

/**
 * Decide, from chain state alone, where each pending commit stands. Mutates the entries' status for
 * transitions the chain proves (prepared → committed/abandoned, → landed, → missed).
 */
export function reconcile(state: WeightsState, entries: PendingCommit[]): {views: CommitView[]; due: PendingCommit[]; newlyMissed: PendingCommit[]} {
  const landing = state.block + 1
  const due: PendingCommit[] = []
  const newlyMissed: PendingCommit[] = []
  const views: CommitView[] = []
  const onChain = new Map(state.commits.map((c) => [c.hash, c]))
  const latestRevealed = entries.filter((e) => e.status === 'landed' || e.status === 'revealed').sort((a, b) => (b.commitBlock ?? 0) - (a.commitBlock ?? 0))[0]
  for (const e of entries) {
    const view = (phase: CommitPhase, detail: string, extra: Partial<CommitView> = {}): void => {
      views.push({commitBlock: e.commitBlock, detail, firstRevealBlock: e.firstRevealBlock, id: e.id, kind: e.kind, lastRevealBlock: e.lastRevealBlock, phase, revealRound: e.revealRound, status: e.status, ...extra})
    }
    const markMissed = (why: string) => {
      e.status = 'missed'
      e.note = why
      newlyMissed.push(e)
      view('missed', why)
    }
    if (e.status === 'abandoned' || e.status === 'superseded') {
      view('abandoned', e.note ?? 'abandoned')
      continue
    }
    if (e.status === 'landed') {
      view('landed', `weights landed${e.revealBlock ? ` at block ${e.revealBlock}` : ''}`)
      continue
    }
    if (e.status === 'missed') {
      view('missed', e.note ?? 'missed reveal')
      continue
    }
    if (e.kind === 'hash') {
      const c = onChain.get(e.id)
      if (e.status === 'prepared' || e.status === 'unknown') {
        if (c) {
          e.status = 'committed'
          e.commitBlock = state.features.epochTuples ? c.b : c.a
        } else if (e.status === 'unknown') {
          view('in-flight', e.note ?? `sent (tx ${e.commitTx?.slice(0, 10) ?? '?'}…); outcome unknown${e.commitLastValid ? `, it may land until block ${e.commitLastValid}` : ''}`)
          continue
        } else if (state.block > e.preparedAt + 64) {
          e.status = 'abandoned'
          e.note = `the commit prepared at block ${e.preparedAt} never reached the chain`
          view('abandoned', e.note)
          continue
        } else {
          view('in-flight', `prepared at block ${e.preparedAt}; not on chain yet`)
          continue
        }
      }
      if (c && !state.features.epochTuples) {
        e.firstRevealBlock = c.b
        e.lastRevealBlock = c.c
      }
      if (c) {
        const first = e.firstRevealBlock
        const last = e.lastRevealBlock
        if (first !== undefined && landing < first) view('waiting', `reveal window opens at block ${first}, in ${first - state.block} blocks`, {opensIn: first - state.block})
        else if (last !== undefined && landing > last) markMissed(`reveal window ${first}–${last} passed at block ${state.block} without a reveal`)
        else if (state.features.epochTuples && state.epochIndex !== undefined && e.commitEpoch !== undefined && state.epochIndex < e.commitEpoch + state.revealPeriodEpochs) {
          view('waiting', `reveal allowed in epoch ${e.commitEpoch + state.revealPeriodEpochs} (now ${state.epochIndex})`)
        } else {
          due.push(e)
          view('due', `reveal window open (${first ?? '?'}–${last ?? '?'})`)
        }
        continue
      }
      // gone from WeightCommits: revealed (maybe by a run that died before saving), superseded, or expired
      if (e.expectedWeights && sameRow(state.weights, e.expectedWeights)) {
        e.status = 'landed'
        e.revealBlock ??= undefined
        view('landed', 'revealed: the chain holds these weights')
      } else if (e.status === 'revealed' || (latestRevealed && latestRevealed !== e && (latestRevealed.commitBlock ?? 0) > (e.commitBlock ?? 0))) {
        e.status = 'superseded'
        e.note = 'revealed, then replaced by newer weights'
        view('abandoned', e.note)
      } else markMissed(`commit ${e.id.slice(0, 10)}… left WeightCommits without its weights on chain (expired or dropped)`)
      continue
    }
    // timelocked: the chain reveals by itself in the reveal epoch; check Weights after it
    if (e.status === 'unknown') {
      view('in-flight', e.note ?? `sent (tx ${e.commitTx?.slice(0, 10) ?? '?'}…); outcome unknown`)
      continue
    }
    if (e.status === 'prepared') {
      if (state.block > e.preparedAt + 64) {
        e.status = 'abandoned'
        e.note = 'timelocked commit never confirmed'
        view('abandoned', e.note)
      } else view('in-flight', `prepared at block ${e.preparedAt}`)
      continue
    }
    const first = e.firstRevealBlock ?? 0
    const grace = first + state.tempo + 1
    if (e.expectedWeights && sameRow(state.weights, e.expectedWeights)) {
      e.status = 'landed'
      view('landed', 'the chain revealed the timelocked commit; Weights hold these values')
    } else if (state.block <= grace) view('waiting', `the chain reveals it around block ${first} (drand round ${e.revealRound}); checked after block ${grace}`, {opensIn: Math.max(0, first - state.block)})
    else markMissed(`timelocked commit (drand round ${e.revealRound}) was not revealed by block ${grace}: Weights do not hold its values`)
  }
  return {due, newlyMissed, views}
}

export interface RevealOutcome {
  block: number
  revealed: {ids: string[]; tx: TxSummary}[]
  views: CommitView[]
  missed: PendingCommit[]
}

/**
 * Reveal every commit of this hotkey/netuid whose window is open (one `batch_reveal_weights` when the
 * runtime has it), then re-read `Weights` to prove they landed. Throws MissedRevealError (exit 7) for commits
 * found missed, after everything else was done and saved, unless `noThrow`.
 */
export async function revealDue(ctx: WeightsContext, opts: {state?: WeightsState; noThrow?: boolean} = {}): Promise<RevealOutcome> {
  const state = opts.state ?? (await readWeightsState(ctx.chain, ctx.netuid, ctx.signer.address))
  const file = await loadPending(ctx.dir)
  const mine = file.commits.filter((c) => c.genesisHash === state.genesisHash && c.netuid === ctx.netuid && c.hotkey === state.hotkey)
  // commits whose submission outcome is not known: ask the chain (WeightCommits, the journal's blocks) first
  if (mine.some((c) => unsettled(c))) await settleCommits(ctx.chain, state, mine)
  const {due, newlyMissed, views} = reconcile(state, mine)
  const revealed: RevealOutcome['revealed'] = []
  const missed = [...newlyMissed]
  if (!ctx.dryRun && mine.length) await savePending(ctx.dir, file)
  if (due.length) {
    // the reveal runs do_set_weights: check what it will check
    due.sort((a, b) => (a.commitBlock ?? 0) - (b.commitBlock ?? 0))
    const last = due[due.length - 1]!
    const pc = precheck(state, {mode: 'set', uids: last.uids, values: last.values, versionKey: BigInt(last.versionKey)})
    if (pc.failure && pc.failure.check !== 'weights vector') throwPrecheck(pc.failure)
    const reveals = due.map((d) => ({netuid: ctx.netuid, salt: d.salt, uids: d.uids, values: d.values, versionKey: BigInt(d.versionKey)}))
    const build = () => (reveals.length > 1 && state.features.batchReveal ? batchRevealWeightsCall(txOf(ctx.chain), ctx.netuid, reveals) : revealWeightsCall(txOf(ctx.chain), reveals[reveals.length - 1]!))
    const batch = reveals.length > 1 && state.features.batchReveal
    const ids = batch ? due.map((d) => d.id) : [last.id]
    const tx = await validateAndSubmit(ctx, build)
    revealed.push({ids, tx})
    if (!tx.dryRun) {
      for (const d of due) {
        if (ids.includes(d.id)) {
          d.status = 'revealed'
          d.revealTx = tx.txHash
          d.revealBlock = tx.block
        } else {
          d.status = 'superseded'
          d.note = 'dropped by the chain when a newer commit was revealed'
        }
      }
      await savePending(ctx.dir, file)
      const after = await readWeightsState(ctx.chain, ctx.netuid, ctx.signer.address, tx.blockHash)
      for (const d of due.filter((x) => ids.includes(x.id))) {
        const isLast = d === last
        if (!isLast) d.status = 'landed'
        else if (d.expectedWeights && sameRow(after.weights, d.expectedWeights)) d.status = 'landed'
        else {
          d.status = 'missed'
          d.note = `reveal included in block ${tx.block} but Weights do not hold the committed values`
          missed.push(d)
        }
      }
      await savePending(ctx.dir, file)
      for (const v of views) {
        const d = due.find((x) => x.id === v.id)
        if (d) {
          v.status = d.status
          v.phase = d.status === 'landed' ? 'landed' : d.status === 'missed' ? 'missed' : v.phase
          v.detail = d.status === 'landed' ? `revealed in block ${tx.block}; Weights hold the values` : (d.note ?? v.detail)
        }
      }
    }
  }
  if (missed.length && !opts.noThrow) {
    throw new MissedRevealError(`${missed.length} commit(s) missed their reveal: ${missed.map((m) => m.note).join('; ')}`, {
      data: {block: state.block, missed: missed.map((m) => ({id: m.id, note: m.note, uids: m.uids, values: m.values})), revealed},
    })
  }
  return {block: state.block, missed, revealed, views}
}
