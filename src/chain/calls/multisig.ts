/**
 * Multisig pallet call builders (pallet_multisig: as_multi_threshold_1, as_multi, approve_as_multi,
 * cancel_as_multi). `others` are the other signatories (sorted by the caller); a timepoint is the block height
 * and extrinsic index of the first approval.
 */
import {build, type TxNamespace} from './index.js'

export interface Timepoint {
  height: number
  index: number
}

export interface Weight {
  refTime: bigint
  proofSize: bigint
}

export function asMultiThreshold1Call(tx: TxNamespace, p: {others: string[]; call: unknown}) {
  return build(tx, 'multisig', 'asMultiThreshold1', [p.others, p.call])
}

export function asMultiCall(tx: TxNamespace, p: {threshold: number; others: string[]; timepoint?: Timepoint; call: unknown; maxWeight: Weight}) {
  return build(tx, 'multisig', 'asMulti', [p.threshold, p.others, p.timepoint ?? null, p.call, p.maxWeight])
}

export function approveAsMultiCall(tx: TxNamespace, p: {threshold: number; others: string[]; timepoint?: Timepoint; callHash: string; maxWeight: Weight}) {
  return build(tx, 'multisig', 'approveAsMulti', [p.threshold, p.others, p.timepoint ?? null, p.callHash, p.maxWeight])
}

export function cancelAsMultiCall(tx: TxNamespace, p: {threshold: number; others: string[]; timepoint: Timepoint; callHash: string}) {
  return build(tx, 'multisig', 'cancelAsMulti', [p.threshold, p.others, p.timepoint, p.callHash])
}
