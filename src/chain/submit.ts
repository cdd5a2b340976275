import type {SubmittableExtrinsic} from '@polkadot/api/types'
import type {KeyringPair} from '@polkadot/keyring/types'
import type {DispatchError, EventRecord} from '@polkadot/types/interfaces'
import type {ISubmittableResult} from '@polkadot/types/types'

import type {Ui} from '../ui.js'
import type {Chain} from './client.js'

import {ChainError, NetworkError} from '../errors.js'
import {POOL_CUSTOM_218, POOL_CUSTOM_HEAD, meaningOf} from './error-meanings.js'
import {toPlain} from './runtime-api.js'

export type Extrinsic = SubmittableExtrinsic<'promise'>

export interface SubmitOptions {
  /** validate with the runtime's pool checks and quote the fee; submit nothing */
  dryRun?: boolean
  waitFor?: 'inBlock' | 'finalized'
  /** where progress goes (submitting, in the pool, in block …) */
  ui?: Pick<Ui, 'progress'>
  /** how long to wait for inclusion, ms (default max(60 s, 2 × request timeout)) */
  inclusionTimeoutMs?: number
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

/**
 * Sign with the pool-aware next nonce and submit, tracking status to inclusion or finality.
 * Dispatch errors and pool rejections become ChainError (exit 5) naming `Pallet.Error` and what it means.
 * Under `dryRun`, the signed extrinsic is checked with `TaggedTransactionQueue.validate_transaction`
 * and the fee is quoted; nothing is submitted.
 */
export async function submit(chain: Chain, tx: Extrinsic, signer: KeyringPair, opts: SubmitOptions = {}): Promise<TxOutcome> {
  const {api} = chain
  const call = callName(tx)
  const progress = (m: string) => opts.ui?.progress(m)
  const nonce = (await api.rpc.system.accountNextIndex(signer.address)).toNumber()
  const feeEstimateRao = await quoteFee(tx, signer.address).catch(() => 0n)
  await tx.signAsync(signer, {nonce})
  const txHash = tx.hash.toHex()

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
    }
  }

  progress(`submitting ${call} (tx ${txHash.slice(0, 10)}…, nonce ${nonce})`)
  const waitFor = opts.waitFor ?? 'inBlock'
  const limit = opts.inclusionTimeoutMs ?? Math.max(60_000, chain.timeoutMs * 2)
  const result = await new Promise<ISubmittableResult>((resolve, reject) => {
    let unsub: (() => void) | undefined
    let done = false
    const finish = (fn: () => void) => {
      if (done) return
      done = true
      clearTimeout(timer)
      try {
        unsub?.()
      } catch {}
      fn()
    }
    const timer = setTimeout(
      () =>
        finish(() =>
          reject(
            new NetworkError(`submitted ${call} (tx ${txHash}) but saw no ${waitFor === 'finalized' ? 'finalization' : 'inclusion'} within ${Math.round(limit / 1000)} s; check the tx hash before retrying`, {
              code: 'InclusionTimeout',
              data: {txHash},
            }),
          ),
        ),
      limit,
    )
    tx.send((res: ISubmittableResult) => {
      const s = res.status
      if (s.isReady) progress('in the transaction pool')
      if (s.isInBlock) progress(`in block ${s.asInBlock.toHex().slice(0, 10)}…`)
      if ((waitFor === 'inBlock' && s.isInBlock) || s.isFinalized) finish(() => resolve(res))
      else if (s.isInvalid || s.isDropped || s.isUsurped || s.isFinalityTimeout) {
        finish(() => reject(new ChainError(`${call} was ${s.type.toLowerCase()} by the transaction pool`, {code: `Pool.${s.type}`, data: {txHash}})))
      }
    })
      .then((u) => {
        unsub = u
        if (done) u()
      })
      .catch((error: Error) => {
        const d = decodePoolRejection(chain, error.message ?? String(error))
        finish(() => reject(new ChainError(d.message, {code: d.code, data: {call, txHash}})))
      })
  })

  const blockHash = (result.status.isInBlock ? result.status.asInBlock : result.status.asFinalized).toHex()
  const header = await api.rpc.chain.getHeader(blockHash)
  const blockNumber = header.number.toNumber()
  const events = eventList(result.events)
  let feeRao = feeEstimateRao
  for (const {event} of result.events) {
    if (event.section === 'transactionPayment' && event.method === 'TransactionFeePaid') {
      feeRao = (event.data[1] as unknown as {toBigInt(): bigint}).toBigInt()
    }
  }
  const outcome: TxOutcome = {blockHash, blockNumber, call, dryRun: false, events, feeEstimateRao, feeRao, nonce, signer: signer.address, txHash}

  if (result.dispatchError) {
    const d = decodeDispatchError(chain, result.dispatchError)
    throw new ChainError(d.message, {code: d.code, data: {blockHash, blockNumber, call, feeRao, txHash}})
  }
  for (const {event} of result.events) {
    if (event.section === 'sudo' && event.method === 'Sudid') {
      const r = event.data[0] as unknown as {isErr: boolean; asErr: DispatchError}
      if (r.isErr) {
        const d = decodeDispatchError(chain, r.asErr)
        throw new ChainError(`sudo call failed: ${d.message}`, {code: d.code, data: {blockHash, blockNumber, call, txHash}})
      }
    }
  }
  return outcome
}

/** First event matching section.method, if any. */
export function findEvent(outcome: TxOutcome, section: string, method: string): ChainEvent | undefined {
  return outcome.events.find((e) => e.section === section && e.method === method)
}
