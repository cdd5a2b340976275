/**
 * Setting or committing weights: plan the vectors from scores, check them against the chain's rules at a
 * pinned block, let the pool validate the signed extrinsic, then submit. With commit-reveal on, the commit
 * (salt, uids, values, version key) is saved to disk before it is submitted.
 */
import type {KeyringPair} from '@polkadot/keyring/types'

import type {Chain} from '../chain/client.js'
import type {Ui} from '../ui.js'
import type {WeightsPlan} from '../scoring/vectors.js'
import type {PendingCommit} from './pending.js'
import type {WeightsState} from './state.js'

import {txOf} from '../chain/calls/index.js'
import {randomBytes as nodeRandomBytes} from 'node:crypto'

import {ChainError, InputError, NetworkError} from '../errors.js'
import {maxUpscaleU16} from '../scoring/chain-math.js'
import {commitHash, makeSalt} from '../scoring/commit.js'
import {scoresToWeights} from '../scoring/vectors.js'
import {type Precheck, precheck} from './checks.js'
import {commitTimelockedWeightsCall, commitWeightsCall, setWeightsCall} from '../chain/calls/weights.js'
import {loadPending, savePending, upsertPending} from './pending.js'
import {unsettled} from './settle.js'
import {readWeightsState} from './state.js'

export interface WeightsContext {
  chain: Chain
  signer: KeyringPair
  netuid: number
  /** folder for pending.json / ema.json / run.lock */
  dir: string
  dryRun?: boolean
  waitFor?: 'inBlock' | 'finalized'
  /** where progress and warnings go */
  ui: Ui
  randomBytes?: (n: number) => Uint8Array
  /** drand round chooser override (tests) */
  now?: () => number
}

export interface TxSummary {
  call: string
  txHash: string
  block?: number
  blockHash?: string
  dryRun: boolean
}

export interface SetOutcome {
  action: 'set' | 'committed' | 'rate-limited' | 'dry-run'
  mode: 'set' | 'commit' | 'commit-timelocked'
  netuid: number
  hotkey: string
  uid?: number
  block: number
  plan: WeightsPlan
  checks: Precheck
  versionKey: bigint
  tx?: TxSummary
  nextAllowedBlock: number
  inBlocks: number
  /** set: the chain's Weights row after inclusion (and whether it matches) */
  stored?: [number, number][]
  landed?: boolean
  commit?: PendingCommit
}

export const rnd = (ctx: WeightsContext) => ctx.randomBytes ?? ((n: number) => new Uint8Array(nodeRandomBytes(n)))
export {txOf}

/**
 * The drand round a timelocked commit should name (bittensor-drand's rule): the wall-clock time of the
 * predicted first reveal block plus 3 blocks, as a quicknet round (published at genesis + n·3 s).
 */
export function revealRoundFor(nowMs: number, blocksUntilReveal: number, blockTimeMs: number): number {
  const GENESIS = 1692803367
  const PERIOD = 3
  const target = nowMs / 1000 + ((blocksUntilReveal + 3) * blockTimeMs) / 1000
  return Math.max(1, Math.floor((target - GENESIS) / PERIOD))
}

/** Plan vectors for resolved scores against the pinned state. */
export function planFor(state: WeightsState, scores: {uid: number; score: number}[]): WeightsPlan {
  return scoresToWeights(scores, {maxWeightsLimit: state.maxWeightsLimit, minAllowedWeights: state.minAllowedWeights, n: state.n, selfUid: state.uid})
}

/** Throw the error the chain would raise for a failed pre-check (nothing was submitted). */
export function throwPrecheck(failure: NonNullable<Precheck['failure']>): never {
  const msg = `${failure.check} check failed: ${failure.detail}; nothing was submitted`
  if (failure.error === 'IncorrectWeightVersionKey') throw new InputError(msg, {code: 'SubtensorModule.IncorrectWeightVersionKey'})
  if (failure.check === 'weights vector') throw new InputError(msg, {code: `SubtensorModule.${failure.error}`})
  throw new ChainError(msg, {code: failure.error === 'Payment' ? 'Pool.Payment' : `SubtensorModule.${failure.error}`, data: {precheck: true}})
}

/** Pool validation (the runtime's own checks), then the real submission. */
export async function validateAndSubmit(ctx: WeightsContext, build: () => any): Promise<TxSummary> {
  const {submit} = await import('../chain/submit.js')
  let dry: Awaited<ReturnType<typeof submit>> | undefined
  try {
    dry = await submit(ctx.chain, build(), ctx.signer, {dryRun: true})
  } catch (error) {
    if (error instanceof ChainError || error instanceof NetworkError) throw error
    // the node could not run validate_transaction at all (seen on chopsticks: the runtime call traps);
    // the pre-checks above already applied the chain's rules, so go on without the pool's opinion
    const why = String((error as Error).message ?? error).split('\n')[0]
    if (ctx.dryRun) throw new NetworkError(`the node could not validate the transaction (${why}); nothing was submitted`, {code: 'ValidationUnavailable'})
    ctx.ui.progress(`pool validation unavailable on this node (${why}); submitting after tao's own checks`)
  }
  if (ctx.dryRun && dry) return {call: dry.call, dryRun: true, txHash: dry.txHash}
  const out = await submit(ctx.chain, build(), ctx.signer, {ui: ctx.ui, waitFor: ctx.waitFor})
  return {block: out.blockNumber, blockHash: out.blockHash, call: out.call, dryRun: false, txHash: out.txHash}
}

/** A pending commit without its salt (the salt stays on disk until the reveal). */
export function publicCommit<T extends {salt?: number[]}>(c: T | undefined): Omit<T, 'salt'> | undefined {
  if (!c) return undefined
  const {salt: _salt, ...rest} = c
  return rest
}

export function expectedRow(uids: readonly number[], values: readonly number[]): [number, number][] {
  const up = maxUpscaleU16(values)
  return uids.map((u, i) => [u, up[i]!])
}

export const sameRow = (a: readonly [number, number][], b: readonly [number, number][]) =>
  a.length === b.length && a.every((x, i) => x[0] === b[i]![0] && x[1] === b[i]![1])

/**
 * Set weights (commit-reveal off) or commit them (on). Rate limited: returns `rate-limited` and submits
 * nothing. Any other failed check throws before signing.
 */
export async function setOrCommit(ctx: WeightsContext, scores: {uid: number; score: number}[], opts: {versionKey?: bigint; state?: WeightsState; plan?: WeightsPlan} = {}): Promise<SetOutcome> {
  const state = opts.state ?? (await readWeightsState(ctx.chain, ctx.netuid, ctx.signer.address))
  const plan = opts.plan ?? planFor(state, scores)
  const versionKey = opts.versionKey ?? state.weightsVersionKey
  const timelocked = state.commitReveal && state.features.timelocked
  const mode = state.commitReveal ? (timelocked ? 'commit-timelocked' : 'commit') : 'set'
  const checks = precheck(state, {mode: state.commitReveal ? 'commit' : 'set', uids: plan.uids, values: plan.values, versionKey})
  const base = {block: state.block, checks, hotkey: state.hotkey, inBlocks: checks.rate.inBlocks, mode, netuid: ctx.netuid, nextAllowedBlock: checks.rate.nextAllowedBlock, plan, uid: state.uid, versionKey} as const
  if (checks.failure) throwPrecheck(checks.failure)
  if (!checks.rate.allowed) return {...base, action: 'rate-limited'}
  if (mode === 'set') {
    const build = () => setWeightsCall(txOf(ctx.chain), {netuid: ctx.netuid, uids: plan.uids, values: plan.values, versionKey})
    const tx = await validateAndSubmit(ctx, build)
    if (tx.dryRun) return {...base, action: 'dry-run', tx}
    const after = await readWeightsState(ctx.chain, ctx.netuid, ctx.signer.address, tx.blockHash)
    const expect = expectedRow(plan.uids, plan.values)
    const landed = sameRow(after.weights, expect)
    if (!landed) throw new ChainError(`set_weights was included in block ${tx.block} but the chain's Weights row does not hold the values sent`, {code: 'WeightsNotStored', data: {expected: expect, stored: after.weights, txHash: tx.txHash}})
    return {...base, action: 'set', landed, nextAllowedBlock: (tx.block ?? state.block) + state.weightsSetRateLimit, stored: after.weights, tx}
  }
  return commit(ctx, state, plan, versionKey, base)
}

async function commit(ctx: WeightsContext, state: WeightsState, plan: WeightsPlan, versionKey: bigint, base: Omit<SetOutcome, 'action'>): Promise<SetOutcome> {
  const pending = await loadPending(ctx.dir)
  const mine = pending.commits.filter((c) => c.genesisHash === state.genesisHash && c.netuid === ctx.netuid && c.hotkey === state.hotkey)
  // a commit whose outcome is not known yet: ask the chain before stacking another on it
  if (!ctx.dryRun && mine.some((c) => unsettled(c))) {
    const {settleCommits} = await import('./settle.js')
    if (await settleCommits(ctx.chain, state, mine)) await savePending(ctx.dir, pending)
  }
  const onChain = new Set(state.commits.map((c) => c.hash.toLowerCase()))
  const unresolved = mine.find((c) => unsettled(c) && !(c.kind === 'hash' && onChain.has(c.id.toLowerCase())))
  if (unresolved && !ctx.dryRun) {
    const why = unresolved.status === 'unknown' ? `a commit sent at block ${unresolved.preparedAt} (tx ${unresolved.commitTx ?? '?'}) may still land${unresolved.commitLastValid ? ` until block ${unresolved.commitLastValid}` : ''}` : `a commit prepared at block ${unresolved.preparedAt} may still land`
    throw new ChainError(`${why}; reveal it (or wait a few blocks) before committing again`, {
      code: 'CommitInFlight',
      data: {id: unresolved.id},
      suggest: {command: 'weights reveal', options: {netuid: ctx.netuid}},
    })
  }
  if (state.commits.length >= 10) throw new ChainError('ten commits are already waiting to be revealed on chain; reveal them first', {code: 'SubtensorModule.TooManyUnrevealedCommits', data: {precheck: true}})
  const now = new Date().toISOString()
  const entry: PendingCommit = {
    expectedWeights: expectedRow(plan.uids, plan.values),
    genesisHash: state.genesisHash,
    hotkey: state.hotkey,
    id: '',
    kind: 'hash',
    netuid: ctx.netuid,
    preparedAt: state.block,
    preparedTime: now,
    salt: [],
    status: 'prepared',
    uids: plan.uids,
    updated: now,
    values: plan.values,
    versionKey: versionKey.toString(),
  }
  let build: () => any
  if (base.mode === 'commit-timelocked') {
    const {encodeTlockPayload, tlockEncrypt} = await import('../scoring/timelock.js')
    const {predictFirstRevealBlock} = await import('./reveal.js')
    const payload = encodeTlockPayload({hotkey: ctx.signer.publicKey, uids: plan.uids, values: plan.values, versionKey})
    const first = await predictFirstRevealBlock(ctx.chain, state)
    const round = revealRoundFor(ctx.now?.() ?? Date.now(), first - state.block, state.blockTimeMs)
    const ct = tlockEncrypt(payload, round, rnd(ctx))
    const {createHash} = await import('node:crypto')
    entry.kind = 'timelocked'
    entry.id = '0x' + createHash('sha256').update(ct).digest('hex')
    entry.revealRound = round
    entry.firstRevealBlock = first
    const version = state.features.commitRevealVersion ?? 4
    build = () => commitTimelockedWeightsCall(txOf(ctx.chain), {commit: ct, commitRevealVersion: version, netuid: ctx.netuid, revealRound: round})
  } else {
    entry.salt = makeSalt(rnd(ctx))
    entry.id = commitHash({hotkey: ctx.signer.publicKey, netuid: ctx.netuid, salt: entry.salt, uids: plan.uids, values: plan.values, versionKey})
    build = () => commitWeightsCall(txOf(ctx.chain), {hash: entry.id, netuid: ctx.netuid})
  }
  if (ctx.dryRun) {
    const tx = await validateAndSubmit(ctx, build)
    return {...base, action: 'dry-run', commit: entry, tx}
  }
  // on disk first: a crash after this point leaves everything needed to reveal
  await upsertPending(ctx.dir, pending, entry)
  let tx: TxSummary
  try {
    tx = await validateAndSubmit(ctx, build)
  } catch (error) {
    const data = (error as {data?: {txHash?: string; nonce?: number; lastValidBlock?: number; status?: string}}).data
    if (error instanceof NetworkError && error.code === 'OutcomeUnknown') {
      // sent, and the outcome is not known: it may land. Never dropped until the chain proves it did not.
      entry.status = 'unknown'
      entry.commitTx = data?.txHash
      entry.commitNonce = data?.nonce
      entry.commitLastValid = data?.lastValidBlock
      entry.note = `sent (tx ${data?.txHash ?? '?'}); outcome unknown${data?.lastValidBlock ? `, it may land until block ${data.lastValidBlock}` : ''}`
      await upsertPending(ctx.dir, pending, entry)
    } else if (error instanceof ChainError || (error instanceof NetworkError && data?.status === 'refused')) {
      // refused, failed in its block, or provably unable to land (expired / nonce used): nothing was committed
      entry.status = 'abandoned'
      entry.commitTx = data?.txHash
      entry.note = `commit not made: ${(error as Error).message}`
      await upsertPending(ctx.dir, pending, entry)
    }
    // anything else (an error after sending) leaves it `prepared`: the next run settles it from the journal
    throw error
  }
  entry.commitTx = tx.txHash
  entry.commitBlock = tx.block
  entry.status = 'committed'
  if (entry.kind === 'hash') {
    const after = await readWeightsState(ctx.chain, ctx.netuid, ctx.signer.address, tx.blockHash)
    const onChain = after.commits.find((c) => c.hash === entry.id)
    if (onChain && !after.features.epochTuples) {
      entry.firstRevealBlock = onChain.b
      entry.lastRevealBlock = onChain.c
    } else if (onChain) {
      entry.commitEpoch = onChain.a
    }
  }
  await upsertPending(ctx.dir, pending, entry)
  return {...base, action: 'committed', commit: entry, nextAllowedBlock: (tx.block ?? state.block) + state.weightsSetRateLimit, tx}
}
