/**
 * Submitting a call as a multisig (`--multisig NAME`): the wallet's coldkey is one signatory. Threshold 1 runs
 * it at once (as_multi_threshold_1); otherwise the first signatory starts the operation (as_multi without a
 * timepoint), the next ones approve (approve_as_multi with the first approval's timepoint) and the one that
 * reaches the threshold executes it (as_multi with the timepoint and the call). What the chain already holds
 * (Multisig.Multisigs) decides which; a signatory that already approved is refused before signing.
 */
import type {Chain} from '../chain/client.js'
import type {Timepoint} from '../chain/calls/multisig.js'
import type {Extrinsic} from '../chain/submit.js'
import type {MultisigEntry} from '../config/multisigs.js'

import {approveAsMultiCall, asMultiCall, asMultiThreshold1Call} from '../chain/calls/multisig.js'
import {txOf} from '../chain/calls/index.js'
import {callWeight, hasMultisigPallet, readMultisig, sortedOthers} from '../chain/multisig.js'
import {callHashOf} from '../chain/proxy.js'
import {InputError} from '../errors.js'

export interface MultisigRun extends MultisigEntry {
  /** the signing coldkey (one of the signatories) */
  me: string
}

export interface MultisigInfo {
  multisig: string
  name: string
  threshold: number
  callHash: string
  /** start: first approval; approve: a further approval; execute: the approval that runs the call */
  action: 'start' | 'approve' | 'execute'
  /** approvals after this one */
  approvals: number
  /** the first approval's block and extrinsic index (what the others pass) */
  timepoint?: Timepoint
}

export async function wrapForMultisig(chain: Chain, call: Extrinsic, m: MultisigRun): Promise<{tx: Extrinsic; info: MultisigInfo}> {
  if (!hasMultisigPallet(chain)) throw new InputError('this runtime has no Multisig pallet; nothing was submitted', {code: 'NoMultisigPallet'})
  if (!m.signatories.includes(m.me)) {
    throw new InputError(`this wallet's coldkey ${m.me} is not a signatory of multisig ${m.name} (${m.address}); nothing was submitted`, {code: 'NotSignatory', field: 'multisig'})
  }
  const tx = txOf(chain)
  const others = await sortedOthers(m.signatories, m.me)
  const callHash = await callHashOf(call)
  const base = {callHash, multisig: m.address, name: m.name, threshold: m.threshold}
  if (m.threshold === 1) return {info: {...base, action: 'execute', approvals: 1}, tx: asMultiThreshold1Call(tx, {call, others}) as Extrinsic}
  const pending = await readMultisig(chain, m.address, callHash)
  if (pending?.approvals.includes(m.me)) {
    throw new InputError(`${m.me} already approved call ${callHash} of multisig ${m.name} (${pending.approvals.length} of ${m.threshold} approvals, timepoint ${pending.when.height}-${pending.when.index}); nothing was submitted`, {
      code: 'AlreadyApproved',
    })
  }
  const maxWeight = await callWeight(call, m.address)
  if (!pending) return {info: {...base, action: 'start', approvals: 1}, tx: asMultiCall(tx, {call, maxWeight, others, threshold: m.threshold}) as Extrinsic}
  const approvals = pending.approvals.length + 1
  if (approvals >= m.threshold) {
    return {info: {...base, action: 'execute', approvals, timepoint: pending.when}, tx: asMultiCall(tx, {call, maxWeight, others, threshold: m.threshold, timepoint: pending.when}) as Extrinsic}
  }
  return {info: {...base, action: 'approve', approvals, timepoint: pending.when}, tx: approveAsMultiCall(tx, {callHash, maxWeight, others, threshold: m.threshold, timepoint: pending.when}) as Extrinsic}
}

/** Block and index of an included extrinsic (the timepoint of a first approval). */
export async function timepointOf(chain: Chain, blockHash: string, blockNumber: number, txHash: string): Promise<Timepoint | undefined> {
  const block = await chain.api.rpc.chain.getBlock(blockHash)
  const index = block.block.extrinsics.findIndex((x) => x.hash.toHex() === txHash)
  return index < 0 ? undefined : {height: blockNumber, index}
}
