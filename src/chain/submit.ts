import type {SubmittableExtrinsic} from '@polkadot/api/types'
import type {KeyringPair} from '@polkadot/keyring/types'
import type {DispatchError, EventRecord} from '@polkadot/types/interfaces'
import type {ISubmittableResult} from '@polkadot/types/types'

import type {Ui} from '../ui.js'
import type {Chain} from './client.js'

import type {PolicyVerdict} from '../config/policy.js'

import {ChainError, NetworkError, PolicyError} from '../errors.js'
import {fileWriteError} from '../util/fs.js'
import {countSubmission} from '../util/metrics.js'
import {type JournalEntry, appendJournal, appendJournalQuietly, clearInFlight, markInFlight} from './journal.js'
import {resolveAfterLoss} from './resolve.js'
import {POOL_CUSTOM_218, POOL_CUSTOM_HEAD, meaningOf} from './error-meanings.js'
import {toPlain} from './runtime-api.js'

export type Extrinsic = SubmittableExtrinsic<'promise'>

export interface SubmitOptions {
  /** validate with the runtime's pool checks and quote the fee; submit nothing */
  dryRun?: boolean
  waitFor?: 'inBlock' | 'finalized'
  /** where progress goes (submitting, in the pool, in block …); outcomes are counted in `ui.metrics` when present */
  ui?: Pick<Ui, 'progress' | 'metrics'>
  /** how long to wait for inclusion, ms (default max(60 s, 2 × request timeout)) */
  inclusionTimeoutMs?: number
  /** sign with this nonce (the shield: the wrapper takes the nonce it read before signing the inner call) */
  nonce?: number
  /** mortality in blocks [default MORTAL_PERIOD] (the shield signs for 8) */
  mortalPeriod?: number
  /** judge this call's spend for the spending policy instead of the submitted one's (a shielded call) */
  spendOf?: Extrinsic
}

export interface ChainEvent {
  section: string
  method: string
  data: unknown[]
}

export interface TxOutcome {
  call: string
  signer: string
  dryRun: boolean
  txHash: string
  nonce: number
  /** fee the chain charged (TransactionFeePaid), or the node's quote under --dry-run */
  feeRao: bigint
  /** the node's quote before submitting */
  feeEstimateRao: bigint
  blockHash?: string
  blockNumber?: number
  events: ChainEvent[]
  /** pool validity (dry run): priority and longevity */
  validity?: {priority: string; longevity: string}
  /** the spending policy's verdict (tao's config policy.json), checked before signing */
  policy?: PolicyVerdict
}

export function callName(tx: Extrinsic): string {
  return `${tx.method.section}.${tx.method.method}`
}

/** Decode a dispatch error to `Pallet.Error` and a sentence. */
export function decodeDispatchError(chain: Chain, err: DispatchError): {code: string; message: string} {
  if (err.isModule) {
    const meta = chain.api.registry.findMetaError(err.asModule)
    const code = `${meta.section.charAt(0).toUpperCase()}${meta.section.slice(1)}.${meta.name}`
    return {code, message: `${code}: ${meaningOf(meta.name, meta.docs.join(' '))}`}
  }
  if (err.isToken) return {code: `Token.${err.asToken.type}`, message: `Token.${err.asToken.type}: the account cannot pay this (balance too low or would be reaped)`}
  if (err.isArithmetic) return {code: `Arithmetic.${err.asArithmetic.type}`, message: `Arithmetic.${err.asArithmetic.type}: the amount is out of range`}
  if (err.isBadOrigin) return {code: 'BadOrigin', message: `BadOrigin: ${meaningOf('BadOrigin')}`}
  return {code: err.type, message: `${err.type}: the chain refused the call`}
}

/** Decode a pool rejection (`1010: Invalid Transaction: Custom error: N` and friends). */
export function decodePoolRejection(chain: Chain, raw: string): {code: string; message: string} {
  const custom = /Custom error:?\s*(\d+)/i.exec(raw) ?? /"custom"\s*:\s*(\d+)/i.exec(raw)
  if (custom) {
    const n = Number(custom[1])
    const is218 = hasSignedExtension(chain, 'SubtensorSignedExtension')
    const entry = (is218 ? POOL_CUSTOM_218 : POOL_CUSTOM_HEAD)[n]
    if (entry) return {code: `Pool.${entry[0]}`, message: `refused by the transaction pool (custom ${n}, ${entry[0]}): ${entry[1]}`}
    return {code: `Pool.Custom${n}`, message: `refused by the transaction pool: custom error ${n}`}
  }
  const table: [RegExp, string, string][] = [
    [/Inability to pay|Payment|payment/i, 'Pool.Payment', 'the signer cannot pay the transaction fee (balance too low)'],
    [/stale/i, 'Pool.Stale', 'the nonce is already used (another transaction from this key landed first); retry'],
    [/future/i, 'Pool.Future', 'the nonce is in the future'],
    [/bad signature|BadProof/i, 'Pool.BadProof', 'the signature is invalid (wrong key or runtime mismatch)'],
    [/Priority is too low|1014/i, 'Pool.Priority', 'an identical or higher-priority transaction is already pending'],
    [/AncientBirthBlock|ancient/i, 'Pool.AncientBirthBlock', 'the transaction\'s mortality expired'],
    [/ExhaustsResources/i, 'Pool.ExhaustsResources', 'the block is full; retry'],
    [/already imported|Temporarily banned|1013|1012/i, 'Pool.Duplicate', 'this exact transaction is already in the pool or was just rejected'],
  ]
  for (const [re, code, sentence] of table) if (re.test(raw)) return {code, message: `refused by the transaction pool: ${sentence}`}
  return {code: 'Pool.Invalid', message: `refused by the transaction pool: ${raw.split('\n')[0]}`}
}

export function hasSignedExtension(chain: Chain, name: string): boolean {
  const ext = chain.api.registry.signedExtensions as string[]
  return ext.includes(name)
}

function eventList(records: EventRecord[]): ChainEvent[] {
  return records.map(({event}) => ({
    data: event.data.map((d) => toPlain(d)),
    method: event.method,
    section: event.section,
  }))
}

/** Estimated fee from the node (TransactionPaymentApi). */
export async function quoteFee(tx: Extrinsic, address: string): Promise<bigint> {
  const info = await tx.paymentInfo(address)
  return info.partialFee.toBigInt()
}

/** Mortality of every transaction tao signs, in blocks (anchored on the last finalized block). */
export const MORTAL_PERIOD = 64

/** How a watched submission ended, before the outcome is turned into a result or an error. */
type Watched =
  | {kind: 'included'; result: ISubmittableResult}
  | {kind: 'refused'; code: string; message: string}
  | {kind: 'not-sent'; reason: string}
  | {kind: 'lost'; reason: string}

/** Did the node answer (a JSON-RPC error: it refused), or did the transport fail (we cannot know)? */
function isNodeAnswer(error: unknown): boolean {
  const e = error as {name?: string; code?: unknown}
  return e?.name === 'RpcError' && typeof e.code === 'number' && e.code !== -99_999
}

function watch(chain: Chain, tx: Extrinsic, waitFor: 'inBlock' | 'finalized', limitMs: number, progress: (m: string) => void): Promise<Watched> {
  return new Promise<Watched>((resolve) => {
    let unsub: (() => void) | undefined
    let done = false
    let accepted = false
    const finish = (w: Watched) => {
      if (done) return
      done = true
      clearTimeout(timer)
      offDisconnect()
      try {
        unsub?.()
      } catch {}
      resolve(w)
    }
    const onDisconnect = () => finish({kind: 'lost', reason: `the connection to ${chain.endpoint} closed`})
    chain.api.on('disconnected', onDisconnect)
    const offDisconnect = () => chain.api.off('disconnected', onDisconnect)
    const timer = setTimeout(() => finish({kind: 'lost', reason: `no ${waitFor === 'finalized' ? 'finalization' : 'inclusion'} seen within ${Math.round(limitMs / 1000)} s`}), limitMs)
    let sending = true
    if (!chain.api.isConnected) {
      finish({kind: 'not-sent', reason: `not connected to ${chain.endpoint}`})
      return
    }
    tx.send((res: ISubmittableResult) => {
      accepted = true
      const s = res.status
      if (s.isReady) progress('in the transaction pool')
      if (s.isInBlock) progress(`in block ${s.asInBlock.toHex().slice(0, 10)}…`)
      if ((waitFor === 'inBlock' && s.isInBlock) || s.isFinalized) finish({kind: 'included', result: res})
      else if (s.isInvalid || s.isUsurped) {
        finish({kind: 'refused', code: `Pool.${s.type}`, message: `the transaction pool ${s.isUsurped ? 'replaced it with another transaction of the same nonce' : 'dropped it as invalid'}`})
      } else if (s.isDropped || s.isFinalityTimeout) finish({kind: 'lost', reason: `the node reported ${s.type}`})
    })
      .then((u) => {
        sending = false
        unsub = u
        if (done) u()
      })
      .catch((error: Error) => {
        if (isNodeAnswer(error)) {
          const d = decodePoolRejection(chain, error.message ?? String(error))
          finish({kind: 'refused', code: d.code, message: d.message})
        } else if (/not connected/i.test(error.message ?? '') && sending && !accepted) {
          finish({kind: 'not-sent', reason: error.message})
        } else finish({kind: 'lost', reason: (error.message ?? String(error)).split('\n')[0]!})
      })
  })
}

/** A result (or the error of a failed dispatch) from the events of an included extrinsic. */
export function outcomeFrom(chain: Chain, base: Omit<TxOutcome, 'events' | 'feeRao'> & {feeEstimateRao: bigint}, records: EventRecord[]): TxOutcome {
  const events = eventList(records)
  let feeRao = base.feeEstimateRao
  for (const {event} of records) {
    if (event.section === 'transactionPayment' && event.method === 'TransactionFeePaid') {
      feeRao = (event.data[1] as unknown as {toBigInt(): bigint}).toBigInt()
    }
  }
  const outcome: TxOutcome = {...base, events, feeRao}
  const {blockHash, blockNumber, call, txHash} = outcome
  for (const {event} of records) {
    if (event.section === 'system' && event.method === 'ExtrinsicFailed') {
      const d = decodeDispatchError(chain, event.data[0] as unknown as DispatchError)
      throw new ChainError(d.message, {code: d.code, data: {blockHash, blockNumber, call, feeRao, status: 'failed', txHash}})
    }
    // a proxied or multisig call lands as a succeeded extrinsic whose inner call may have failed
    const inner =
      event.section === 'proxy' && event.method === 'ProxyExecuted' ? event.data[0] : event.section === 'multisig' && event.method === 'MultisigExecuted' ? event.data[4] : undefined
    if (inner) {
      const r = inner as unknown as {isErr: boolean; asErr: DispatchError}
      if (r.isErr) {
        const d = decodeDispatchError(chain, r.asErr)
        throw new ChainError(`${event.section} call failed: ${d.message}`, {code: d.code, data: {blockHash, blockNumber, call, feeRao, status: 'failed', txHash}})
      }
    }
    if (event.section === 'sudo' && event.method === 'Sudid') {
      const r = event.data[0] as unknown as {isErr: boolean; asErr: DispatchError}
      if (r.isErr) {
        const d = decodeDispatchError(chain, r.asErr)
        throw new ChainError(`sudo call failed: ${d.message}`, {code: d.code, data: {blockHash, blockNumber, call, status: 'failed', txHash}})
      }
    }
  }
  return outcome
}

/**
 * Sign with the pool-aware next nonce, anchored on the last finalized block, record it in the journal, submit
 * and track it to inclusion or finality. Every submission ends in one of four ways:
 *  - in a block and succeeded: the outcome is returned;
 *  - in a block and failed: ChainError (exit 5) naming `Pallet.Error`, data.status `failed`;
 *  - refused before it could land (the node's pool refused it, or it was never sent): ChainError (exit 5) or
 *    NetworkError (exit 4), data.status `refused`, "nothing was submitted";
 *  - sent with outcome unknown (the connection dropped and the outcome could not be resolved in time):
 *    NetworkError `OutcomeUnknown` (exit 4) with the hash, signer, nonce and last block it can land in.
 * After a drop it reconnects (`chain.reconnect`, the same or the next endpoint) and resolves the outcome from
 * the blocks of the mortality window before it gives up.
 * Under `dryRun`, the signed extrinsic is checked with `TaggedTransactionQueue.validate_transaction`
 * and the fee is quoted; nothing is submitted.
 */
export async function submit(chain: Chain, tx: Extrinsic, signer: KeyringPair, opts: SubmitOptions = {}): Promise<TxOutcome> {
  const {api} = chain
  const call = callName(tx)
  const progress = (m: string) => opts.ui?.progress(m)
  const [nonceCodec, finalizedHash] = await Promise.all([api.rpc.system.accountNextIndex(signer.address), api.rpc.chain.getFinalizedHead()])
  const nonce = opts.nonce ?? nonceCodec.toNumber()
  const anchorNumber = (await api.rpc.chain.getHeader(finalizedHash)).number.toNumber()
  // Anchored on the last finalized block, which every endpoint already has. At block 0 the runtime does not yet
  // know the genesis hash as a birth block (frame_system fills it in at block 1): sign immortal there.
  const era = anchorNumber > 0 ? api.createType('ExtrinsicEra', {current: anchorNumber, period: opts.mortalPeriod ?? MORTAL_PERIOD}) : api.createType('ExtrinsicEra', '0x00')
  const feeEstimateRao = await quoteFee(tx, signer.address).catch(() => 0n)
  // the spending policy, before anything is signed: a refusal is exit 5, nothing submitted
  const {enforce, judge, loadPolicy, recordSpend} = await import('../config/policy.js')
  const {spendOf} = await import('./spend.js')
  const policy = await loadPolicy()
  // without a policy nothing is read or recorded: submissions behave exactly as before
  const spend = policy ? await spendOf(chain, opts.spendOf ?? tx).catch(() => undefined) : undefined
  if (policy && !spend) throw new PolicyError(`cannot tell what ${call} spends, and a spending policy is in force (${policy.file}); nothing was submitted`, {code: 'Policy.Unknown'})
  const verdict = spend ? await judge(spend, feeEstimateRao, policy) : undefined
  if (verdict) enforce(verdict)
  const countSpend = async (o: TxOutcome) => {
    if (!spend || spend.rao + o.feeRao === 0n) return
    await recordSpend({call: spend.call, rao: String(spend.rao + o.feeRao), signer: signer.address, txHash: o.txHash}).catch((error: Error) => progress(`warning: ${error.message}`))
  }
  await tx.signAsync(signer, {blockHash: anchorNumber > 0 ? finalizedHash : chain.genesisHash, era, nonce})
  const txHash = tx.hash.toHex()
  const lastValidBlock = era.isMortalEra ? era.asMortalEra.death(anchorNumber) - 1 : Number.MAX_SAFE_INTEGER

  if (opts.dryRun) {
    const at = await api.rpc.chain.getBlockHash()
    // Encoded by hand: the decorated api.call mis-encodes the extrinsic argument when metadata types it as
    // frontier's `FpSelfContainedUncheckedExtrinsic` (spec 218: the runtime panics with `unreachable`).
    // Layout: TransactionSource ‖ Extrinsic (length-prefixed) ‖ block hash (api version 3 only).
    const meta = api.call.taggedTransactionQueue.validateTransaction.meta
    const parts = [api.createType('TransactionSource', 'External').toU8a(), tx.toU8a()]
    if (meta.params.length >= 3) parts.push(at.toU8a())
    const raw = await api.rpc.state.call('TaggedTransactionQueue_validate_transaction', `0x${Buffer.concat(parts).toString('hex')}`, at)
    const res = api.createType(meta.type.toString(), raw)
    const r = res as unknown as {isErr: boolean; asErr: {isInvalid: boolean; asInvalid: {type: string; isCustom: boolean; asCustom: {toNumber(): number}}; asUnknown: {type: string}; type: string}; asOk: {priority: {toString(): string}; longevity: {toString(): string}}}
    if (r.isErr) {
      const e = r.asErr
      let raw = e.type
      if (e.isInvalid) raw = e.asInvalid.isCustom ? `Custom error: ${e.asInvalid.asCustom.toNumber()}` : e.asInvalid.type
      else raw = `${e.type} ${e.asUnknown?.type ?? ''}`
      const d = decodePoolRejection(chain, raw)
      throw new ChainError(`dry run: ${d.message}`, {code: d.code, data: {call, txHash, dryRun: true}})
    }
    return {
      call,
      dryRun: true,
      events: [],
      feeEstimateRao,
      feeRao: feeEstimateRao,
      nonce,
      signer: signer.address,
      txHash,
      validity: {longevity: r.asOk.longevity.toString(), priority: r.asOk.priority.toString()},
      ...(verdict?.file ? {policy: verdict} : {}),
    }
  }

  // the journal first: nothing is sent that could not be recorded
  const entry: JournalEntry = {
    anchor: {hash: finalizedHash.toHex(), number: anchorNumber},
    at: new Date().toISOString(),
    call,
    endpoint: chain.endpoint,
    genesisHash: chain.genesisHash,
    hash: txHash,
    lastValidBlock,
    nonce,
    signer: signer.address,
    status: 'sent',
    summary: summarize(tx),
  }
  const file = chain.journalFile
  if (file) {
    try {
      appendJournal(file, entry)
    } catch (error) {
      throw fileWriteError(error, `the submission journal ${file}`, 'nothing was submitted')
    }
  }
  markInFlight(entry)
  const record = (status: JournalEntry['status'], extra: Partial<JournalEntry> = {}) => {
    if (file) appendJournalQuietly(file, {...entry, ...extra, at: new Date().toISOString(), status})
    // the four outcomes: expired and superseded are "refused" (nothing changed), as their errors say
    countSubmission(opts.ui?.metrics, call, status === 'succeeded' || status === 'failed' || status === 'unknown' ? status : 'refused')
  }
  const ids = {call, lastValidBlock, nonce, signer: signer.address, txHash}

  progress(`submitting ${call} (tx ${txHash.slice(0, 10)}…, nonce ${nonce}, valid to block ${lastValidBlock})`)
  const waitFor = opts.waitFor ?? 'inBlock'
  const limit = opts.inclusionTimeoutMs ?? Math.max(60_000, chain.timeoutMs * 2)
  const started = Date.now()
  const watched = await watch(chain, tx, waitFor, limit, progress)
  const base = {call, dryRun: false, feeEstimateRao, nonce, signer: signer.address, txHash}
  try {
    if (watched.kind === 'included') {
      const result = watched.result
      const blockHash = (result.status.isInBlock ? result.status.asInBlock : result.status.asFinalized).toHex()
      const blockNumber = (await api.rpc.chain.getHeader(blockHash)).number.toNumber()
      try {
        const outcome = outcomeFrom(chain, {...base, blockHash, blockNumber}, result.events)
        record('succeeded', {block: {hash: blockHash, number: blockNumber}})
        await countSpend(outcome)
        return verdict?.file ? {...outcome, policy: verdict} : outcome
      } catch (error) {
        const e = error as ChainError
        record('failed', {block: {hash: blockHash, number: blockNumber}, error: {code: e.code, message: e.message}})
        throw error
      }
    }
    if (watched.kind === 'refused') {
      record('refused', {error: {code: watched.code, message: watched.message}})
      throw new ChainError(`${watched.message}; nothing was submitted`, {code: watched.code, data: {...ids, status: 'refused'}})
    }
    if (watched.kind === 'not-sent') {
      record('refused', {error: {code: 'NotSent', message: watched.reason}})
      throw new NetworkError(`${call} was not sent (${watched.reason}); nothing was submitted`, {code: 'NotSent', data: {...ids, status: 'refused'}})
    }
    // lost: the node may have it. Reconnect (or keep the live connection) and look for it in the blocks.
    progress(`${watched.reason}; resolving what happened to tx ${txHash.slice(0, 10)}…`)
    const budget = Math.max(15_000, Math.min(limit - (Date.now() - started), 4 * chain.timeoutMs))
    const resolved = await resolveAfterLoss(chain, entry, budget, waitFor, progress)
    if (resolved.status === 'succeeded' || resolved.status === 'failed') {
      const at = resolved.block!
      try {
        const outcome = outcomeFrom(chain, {...base, blockHash: at.hash, blockNumber: at.number}, resolved.records ?? [])
        record('succeeded', {block: at})
        await countSpend(outcome)
        return verdict?.file ? {...outcome, policy: verdict} : outcome
      } catch (error) {
        const e = error as ChainError
        record('failed', {block: at, error: {code: e.code, message: e.message}})
        throw error
      }
    }
    if (resolved.status === 'expired' || resolved.status === 'superseded') {
      record(resolved.status)
      throw new ChainError(
        resolved.status === 'expired'
          ? `${call} (tx ${txHash}) did not land and can no longer land (its era ended at block ${lastValidBlock}); nothing changed: safe to retry`
          : `${call} (tx ${txHash}) did not land: its nonce ${nonce} was used by another transaction; nothing changed by it: safe to retry`,
        {code: resolved.status === 'expired' ? 'TxExpired' : 'TxSuperseded', data: {...ids, status: 'refused'}},
      )
    }
    record('unknown')
    throw new NetworkError(
      `${call} was sent (tx ${txHash}, signer ${signer.address}, nonce ${nonce}) but its outcome is unknown: ${watched.reason}${resolved.reason ? `; ${resolved.reason}` : ''}. It may still land until block ${lastValidBlock}; do not resend before checking`,
      {code: 'OutcomeUnknown', data: {...ids, status: 'unknown'}, suggest: {args: [txHash], command: 'tx status'}},
    )
  } finally {
    clearInFlight(txHash)
  }
}

/** A short description of the call's arguments for the journal (no secrets: calls carry none). */
function summarize(tx: Extrinsic): string {
  try {
    const args = tx.method.args.map((a) => a.toString())
    const text = `${callName(tx)}(${args.join(', ')})`
    return text.length > 200 ? `${text.slice(0, 199)}…` : text
  } catch {
    return callName(tx)
  }
}
/** First event matching section.method, if any. */
export function findEvent(outcome: TxOutcome, section: string, method: string): ChainEvent | undefined {
  return outcome.events.find((e) => e.section === section && e.method === method)
}
