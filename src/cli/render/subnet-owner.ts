/** `subnet set`, `subnet start`, `subnet check-start`, `subnet identity` output. */
import type {CheckStartResult} from '../../services/subnet/check-start.js'
import type {IdentityGetResult} from '../../services/subnet/identity/get.js'
import type {IdentitySetResult} from '../../services/subnet/identity/set.js'
import type {SubnetSetServiceResult} from '../../services/subnet/set.js'
import type {SubnetStartResult} from '../../services/subnet/start.js'
import type {SubnetSetResult} from '../../subnet/owner.js'

import {renderKeyValues, renderTable} from '../../output/table.js'
import {actingRows} from './acting.js'

type Pairs = [string, string | number][]

function txPairs(r: {tx?: {dryRun: boolean; feeTao: string; txHash: string; blockNumber?: number; validity?: {priority: string}}; feeEstimateTao?: string}): Pairs {
  if (!r.tx) return r.feeEstimateTao === undefined ? [] : [['fee (estimate)', `${r.feeEstimateTao} TAO`]]
  const pairs: Pairs = [['fee', `${r.tx.feeTao} TAO`]]
  pairs.push(r.tx.dryRun ? ['dry run', `valid (priority ${r.tx.validity?.priority ?? '?'}); nothing was submitted`] : ['extrinsic', `${r.tx.txHash} in block ${r.tx.blockNumber}`])
  return pairs
}

function setTable(r: SubnetSetResult): string {
  const after = new Map((r.after ?? []).map((a) => [a.name, a.human]))
  const head = ['parameter', 'before', 'requested', 'chain value', ...(r.after ? ['now'] : []), 'call']
  const rows = r.changes.map((c) => [c.name, c.beforeHuman ?? '—', c.input, String(c.value), ...(r.after ? [after.get(c.name) ?? '—'] : []), c.call])
  return renderTable(head, rows)
}

export function renderSubnetSetPlan(r: SubnetSetResult): string {
  return `${renderKeyValues([['subnet', r.netuid], ['signed as', r.signedAs === 'sudo' ? `sudo (dev key ${r.signer}, Sudo.sudo)` : `owner coldkey ${r.signer}`], ...actingRows(r), ['call', r.call], ...txPairs(r)])}\n${setTable(r)}\n`
}

export function renderSubnetSet(r: SubnetSetServiceResult): string {
  if ('params' in r) {
    const rows = r.params.map((p) => [p.name, p.human, p.unit, p.origin === 'owner' ? 'owner' : p.origin === 'root' ? 'root only (--sudo on a localnet)' : 'not documented', `adminUtils.${p.method}`])
    return `${renderTable(['parameter', 'now', 'unit', 'who may set it', 'call'], rows)}\nsubnet ${r.netuid} at block ${r.block}; set with --param NAME=VALUE`
  }
  return `${renderKeyValues([['subnet', r.netuid], ['signed as', r.signedAs === 'sudo' ? `sudo (dev key ${r.signer}, Sudo.sudo)` : `owner coldkey ${r.signer}`], ...actingRows(r), ['call', r.call], ...txPairs(r)])}\n${setTable(r)}`
}

export function renderCheckStart(r: CheckStartResult): string {
  return renderKeyValues([
    ['subnet', r.netuid],
    ['owner', r.owner],
    ['status', r.status],
    ['at block', r.block],
  ])
}

export function renderStart(r: SubnetStartResult): string {
  const pairs: Pairs = [['subnet', r.netuid], ['owner', r.owner], ...actingRows(r), ['call', r.call ?? '—'], ...txPairs(r)]
  if (r.after) pairs.push(['status now', r.after.status])
  return renderKeyValues(pairs)
}

export function renderIdentity(r: IdentityGetResult): string {
  if (!r.identity) return `subnet ${r.netuid} has no identity${r.source ? '' : ' (this runtime keeps none)'} (at block ${r.block})`
  return `${renderKeyValues(Object.entries(r.identity).map(([k, v]) => [k, v || '—']))}\nsubnet ${r.netuid} at block ${r.block} (${r.source})`
}

export function renderIdentitySet(r: IdentitySetResult): string {
  const pairs: Pairs = [['subnet', r.netuid], ...actingRows(r), ['call', r.call], ...Object.entries(r.identity).map(([k, v]) => [k, v || '—'] as [string, string]), ...txPairs(r)]
  return renderKeyValues(pairs)
}
