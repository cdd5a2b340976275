/** The `multisig` commands' output, and the multisig lines of a mutation's result. */
import type {PendingMultisig} from '../../chain/multisig.js'
import type {MultisigEntry} from '../../config/multisigs.js'
import type {MultisigInfo} from '../../multisig/submit.js'
import type {CancelResult} from '../../multisig/ops.js'

import {renderKeyValues, renderTable} from '../../output/table.js'
import {formatTao} from '../../util/amount.js'

export function multisigPairs(m: MultisigInfo | undefined): [string, string][] {
  if (!m) return []
  const what = m.action === 'start' ? 'started (first approval)' : m.action === 'approve' ? 'approved' : 'executed'
  return [
    ['multisig', `${m.name} ${m.multisig}: ${what}, ${m.approvals} of ${m.threshold} approvals`],
    ['call hash', m.callHash],
    ...(m.timepoint ? ([['timepoint', `${m.timepoint.height}-${m.timepoint.index} (block-extrinsic of the first approval)`]] as [string, string][]) : []),
  ]
}

export function renderMultisigEntry(e: MultisigEntry & {file: string}): string {
  return renderKeyValues([
    ['multisig', `${e.name} (saved in ${e.file})`],
    ['address', e.address],
    ['threshold', `${e.threshold} of ${e.signatories.length}`],
    ['signatories', e.signatories.join('\n')],
  ])
}

export function renderPending(r: {multisig: MultisigEntry; pending: PendingMultisig[]}): string {
  const head = `multisig ${r.multisig.name} ${r.multisig.address} (${r.multisig.threshold} of ${r.multisig.signatories.length})`
  if (r.pending.length === 0) return `${head}: no pending operations`
  return `${head}:\n${renderTable(
    ['call hash', 'timepoint', 'approvals', 'started by', 'deposit'],
    r.pending.map((p) => [p.callHash, `${p.when.height}-${p.when.index}`, `${p.approvals.length} of ${r.multisig.threshold}`, p.depositor, `${formatTao(p.deposit)} τ`]),
  )}`
}

export function renderCancel(r: CancelResult): string {
  return renderKeyValues([
    ['cancelled', `${r.callHash} of multisig ${r.name} (${r.multisig})`],
    ['timepoint', `${r.timepoint.height}-${r.timepoint.index}`],
    ...(r.tx ? ([[r.tx.dryRun ? 'dry run' : 'block', r.tx.dryRun ? 'valid; nothing was submitted' : `${r.tx.blockNumber} ${r.tx.blockHash}`]] as [string, string][]) : []),
  ])
}
