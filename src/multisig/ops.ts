/** `multisig create|pending|cancel`: named multisig accounts and their pending operations. */
import type {Chain} from '../chain/client.js'
import type {Extrinsic} from '../chain/submit.js'
import type {MultisigEntry} from '../config/multisigs.js'
import type {OpRun} from '../stake/common.js'
import type {TxSummary} from '../stake/types.js'

import {cancelAsMultiCall} from '../chain/calls/multisig.js'
import {txOf} from '../chain/calls/index.js'
import {hasMultisigPallet, multisigAddress, type PendingMultisig, readMultisig, readPendingMultisigs, sortedOthers} from '../chain/multisig.js'
import {InputError} from '../errors.js'
import {signAndSubmit, txSummary} from '../stake/common.js'

/** Check signatories and threshold and derive the address (no chain needed). */
export async function defineMultisig(name: string, signatories: string[], threshold: number): Promise<MultisigEntry> {
  if (signatories.length < 2) throw new InputError(`a multisig needs at least 2 signatories, got ${signatories.length}`, {code: 'BadSignatories', field: 'signatories'})
  if (signatories.length > 100) throw new InputError(`at most 100 signatories (the pallet's MaxSignatories), got ${signatories.length}`, {code: 'BadSignatories', field: 'signatories'})
  const dup = signatories.find((s, i) => signatories.indexOf(s) !== i)
  if (dup) throw new InputError(`signatory ${dup} is given twice`, {code: 'BadSignatories', field: 'signatories'})
  if (!Number.isInteger(threshold) || threshold < 1) throw new InputError(`«threshold» must be 1 or more: ${threshold}`, {code: 'BadThreshold', field: 'threshold'})
  if (threshold > signatories.length) {
    throw new InputError(`«threshold» ${threshold} is above the number of signatories (${signatories.length}); nothing was saved`, {code: 'BadThreshold', field: 'threshold'})
  }
  return {address: await multisigAddress(signatories, threshold), name, signatories, threshold}
}

export async function pendingOf(chain: Chain, m: MultisigEntry): Promise<PendingMultisig[]> {
  if (!hasMultisigPallet(chain)) throw new InputError('this runtime has no Multisig pallet', {code: 'NoMultisigPallet'})
  return readPendingMultisigs(chain, m.address)
}

export interface CancelResult {
  multisig: string
  name: string
  callHash: string
  timepoint: {height: number; index: number}
  call: string
  tx?: TxSummary
}

/** cancel_as_multi by the signatory that started it (the depositor); its deposit comes back. */
export async function cancelPending(chain: Chain, m: MultisigEntry, o: {me: string; callHash: string}, run: OpRun): Promise<CancelResult> {
  if (!hasMultisigPallet(chain)) throw new InputError('this runtime has no Multisig pallet; nothing was submitted', {code: 'NoMultisigPallet'})
  const p = await readMultisig(chain, m.address, o.callHash)
  if (!p) throw new InputError(`multisig ${m.name} has no pending operation with call hash ${o.callHash}; nothing was submitted`, {code: 'NoPendingMultisig', field: 'callHash', suggest: {args: [m.name], command: 'multisig pending'}})
  if (p.depositor !== o.me) throw new InputError(`only ${p.depositor}, who started it, can cancel this operation (this wallet's coldkey is ${o.me}); nothing was submitted`, {code: 'NotDepositor'})
  const call = cancelAsMultiCall(txOf(chain), {callHash: o.callHash, others: await sortedOthers(m.signatories, o.me), threshold: m.threshold, timepoint: p.when}) as Extrinsic
  const result: CancelResult = {call: `${call.method.section}.${call.method.method}`, callHash: o.callHash, multisig: m.address, name: m.name, timepoint: p.when}
  if (!run.dryRun) await run.ui.confirm(`cancel the pending operation ${o.callHash.slice(0, 10)}… of multisig ${m.name} (${p.approvals.length} of ${m.threshold} approvals)?`, result)
  result.tx = txSummary(await signAndSubmit(chain, call, o.me, run))
  return result
}
