/** Renderers of keys on chain: hotkey swap, association, identity, axon reset, root claims and auto-stake. */
import type {AxonResetResult} from '../../miner/reset.js'
import type {AssociateResult, IdentityPlan, IdentityRead, IdentityResult, SwapHotkeyPlan, SwapHotkeyResult} from '../../wallet/chain-keys.js'
import type {AutoStakeRead, RootTxResult} from '../../stake/root-claims.js'
import type {TxSummary} from '../../stake/types.js'

import {renderKeyValues, renderTable} from '../../output/table.js'
import {formatTao} from '../../util/amount.js'
import {actingRows} from './acting.js'

const txLine = (tx: TxSummary, call: string): [string, string] =>
  tx.dryRun ? ['dry run', `the node accepts ${call}; fee ${tx.feeTao} TAO; nothing was submitted`] : ['block', `${tx.blockNumber} (${tx.blockHash}); fee ${tx.feeTao} TAO; tx ${tx.txHash}`]

export function renderSwapHotkeyPlan(p: SwapHotkeyPlan): string {
  const moves = p.moves.length ? renderTable(['subnet', 'uid', 'stake on it'], p.moves.map((m) => [m.netuid, m.uid, `${m.stake} α`]), {right: [0, 1, 2]}) : '(no registrations: only ownership and stake move)'
  return `${renderKeyValues([
    ['swap', `${p.hotkeyName ?? ''} ${p.hotkey}`.trim()],
    ['to', `${p.newHotkeyName ?? ''} ${p.newHotkey}`.trim()],
    ...actingRows(p),
    ['where', p.netuid === null ? 'every subnet' : `subnet ${p.netuid} only`],
    ['call', p.call],
    ['cost (burned)', `${p.cost} TAO (${p.costSource})`],
    ['fee (estimate)', `${formatTao(p.feeEstimateRao)} TAO`],
    ['coldkey balance', `${formatTao(p.balanceRao)} TAO`],
    ['also moves', p.alsoMoves.join('; ')],
    ['at block', p.block],
  ])}\nwhat moves to the new hotkey:\n${moves}`
}

export function renderSwapHotkeyResult(r: SwapHotkeyResult): string {
  if (r.tx.dryRun) return `${renderSwapHotkeyPlan(r)}\n${renderKeyValues([txLine(r.tx, r.call)])}`
  const after = (r.after ?? []).map((a) => [a.netuid, a.newHotkeyUid ?? '-', a.oldHotkeyUid ?? '-'])
  return `${renderKeyValues([['swapped', `${r.hotkey} → ${r.newHotkey}`], ...actingRows(r), ['cost paid', r.costPaidRao === undefined ? '-' : `${formatTao(r.costPaidRao)} TAO`], txLine(r.tx, r.call)])}\n${after.length ? renderTable(['subnet', 'uid of new hotkey', 'uid of old hotkey'], after, {right: [0, 1, 2]}) : ''}`
}

export function renderAssociate(r: AssociateResult): string {
  if (r.alreadyAssociated) return `hotkey ${r.hotkey} already belongs to coldkey ${r.coldkey}; nothing was submitted`
  return renderKeyValues([['hotkey', `${r.hotkeyName ?? ''} ${r.hotkey}`.trim()], ['coldkey', r.coldkey], ...actingRows(r), ...(r.tx ? [txLine(r.tx, r.call)] : []), ['owner now', r.ownerAfter ?? '-']])
}

const identityRows = (i: Record<string, string> | null): [string, string][] => (i ? Object.entries(i).map(([k, v]) => [k, v || '-']) : [['identity', '(none stored)']])

export function renderIdentity(r: IdentityRead): string {
  if (r.storage === null) return 'this runtime keeps no coldkey identities'
  return renderKeyValues([['coldkey', r.coldkey], ...identityRows(r.identity), ['storage', `SubtensorModule.${r.storage} (block ${r.block})`]])
}

export function renderIdentityPlan(p: IdentityPlan): string {
  return renderKeyValues([
    ['coldkey', p.coldkey],
    ...actingRows(p),
    ...Object.entries(p.identity).map(([k, v]): [string, string] => [`${k}${p.changed.includes(k) ? ' (changes)' : ''}`, v || '-']),
    ['fee (estimate)', `${formatTao(p.feeEstimateRao)} TAO`],
    ['at block', String(p.block)],
  ])
}

export function renderIdentityResult(r: IdentityResult): string {
  if (r.tx.dryRun) return `${renderIdentityPlan(r)}\n${renderKeyValues([txLine(r.tx, r.call)])}`
  return renderKeyValues([['coldkey', r.coldkey], ...actingRows(r), ...identityRows(r.stored ?? null), txLine(r.tx, r.call)])
}

export function renderAxonResetPlan(p: AxonResetResult): string {
  return renderKeyValues([
    ['clear axon of', p.hotkey],
    ['subnet', p.netuid],
    ['served now', p.before ? `${p.before.ipText}:${p.before.port} (block ${p.before.block})` : '(none)'],
    ['sends', `serve_axon with ip 0.0.0.0 (0), port ${p.port}: "not serving"`],
  ])
}

export function renderAxonReset(r: AxonResetResult): string {
  if (r.alreadyClear) return `hotkey ${r.hotkey} serves no axon on subnet ${r.netuid}${r.before ? ` (stored ${r.before.ipText}:${r.before.port})` : ''}; nothing to clear, nothing was submitted`
  return renderKeyValues([
    ['hotkey', r.hotkey],
    ['subnet', r.netuid],
    ['before', r.before ? `${r.before.ipText}:${r.before.port}` : '-'],
    [r.dryRun ? 'dry run' : 'block', r.dryRun ? `valid (dispatch check: ${r.dispatchCheck}); nothing submitted` : String(r.blockNumber)],
    ['stored on chain', r.stored ? `${r.stored.ipText}:${r.stored.port} (block ${r.stored.block})` : '-'],
  ])
}

export function renderRootTx(r: RootTxResult): string {
  return renderKeyValues([
    ['call', r.call],
    ['coldkey', r.coldkey],
    ...actingRows(r),
    ...Object.entries(r.detail).map(([k, v]): [string, string] => [k, JSON.stringify(v, (_k, x: unknown) => (typeof x === 'bigint' ? x.toString() : x))]),
    ['before', r.before === undefined ? '-' : JSON.stringify(r.before) ?? '-'],
    r.tx ? txLine(r.tx, r.call) : ['fee (estimate)', `${formatTao(r.feeEstimateRao)} TAO`],
    ...(r.after === undefined ? [] : [['stored now', JSON.stringify(r.after)] as [string, string]]),
  ])
}

export function renderAutoStake(r: AutoStakeRead): string {
  return renderKeyValues([['coldkey', r.coldkey], ['subnet', r.netuid], ['auto-stake hotkey', r.hotkey ?? '(none set)'], ['at block', r.block]])
}
