import type {JournalEntry} from '../../chain/journal.js'
import type {TxReport} from '../../services/tx/status.js'

import {renderKeyValues, renderTable} from '../../output/table.js'

export function renderTxReport(r: TxReport): string {
  const pairs: [string, string | number | undefined][] = [
    ['tx', r.hash],
    ['status', r.status],
    ['call', r.call],
    ['signer', r.signer],
    ['nonce', r.nonce],
    ['block', r.block ? `${r.block.number} (${r.block.hash}), extrinsic ${r.block.index}` : undefined],
    ['error', r.error ? r.error.message : undefined],
    ['window', r.anchorBlock === undefined ? undefined : `blocks ${r.anchorBlock}–${r.lastValidBlock} (head ${r.head})`],
    ['in the pool', r.inPool === undefined ? undefined : r.inPool ? 'yes' : 'no'],
    ['so', r.advice],
  ]
  return renderKeyValues(pairs.filter((p): p is [string, string | number] => p[1] !== undefined))
}

export function renderTxReports(reports: TxReport[]): string {
  if (reports.length === 0) return 'no unresolved submissions in the journal'
  return reports.map(renderTxReport).join('\n')
}

export function renderJournal(entries: JournalEntry[]): string {
  if (entries.length === 0) return 'no submissions in the journal'
  return renderTable(
    ['time', 'tx', 'call', 'signer', 'nonce', 'status', 'block', 'valid to'],
    entries.map((e) => [e.at, e.hash, e.call, e.signer, e.nonce, e.status, e.block?.number ?? '', e.lastValidBlock]),
    {right: [4, 6, 7]},
  )
}
