/** `stake child …` output: children per subnet, the plan and result of a change, the childkey take. */
import type {ChildGetResult} from '../../services/stake/child/get.js'
import type {ChildSetResult} from '../../services/stake/child/set.js'
import type {ChildTakeResult} from '../../services/stake/child/take.js'
import type {ChildRow, ChildrenOnSubnet, ChildkeyTakeInfo, SetChildkeyTakeResult} from '../../stake/children.js'

import {renderKeyValues, renderTable} from '../../output/table.js'
import {actingRows} from './acting.js'

type Pairs = [string, string | number][]

const HEAD = ['subnet', 'kind', 'hotkey', 'proportion', 'uid', 'stake weight']

function rows(s: ChildrenOnSubnet): string[][] {
  const row = (kind: string, c: ChildRow) => [String(s.netuid), kind, c.hotkey, c.proportionPercent, c.uid === null ? '—' : String(c.uid), c.stakeWeight ?? '—']
  const out = s.children.map((c) => row('child', c))
  if (s.pending) out.push(...s.pending.children.map((c) => row(`pending (from block ${s.pending!.cooldownBlock})`, c)))
  if (s.pending && s.pending.children.length === 0) out.push([String(s.netuid), `pending (from block ${s.pending.cooldownBlock})`, 'no children', '', '', ''])
  out.push(...s.parents.map((p) => [String(s.netuid), 'parent', p.hotkey, p.proportionPercent, '', '']))
  return out
}

export function renderChildren(r: ChildGetResult): string {
  const all = r.subnets.flatMap(rows)
  const lines = [all.length ? renderTable(HEAD, all, {right: [3, 5]}) : `hotkey ${r.hotkey} has no children or parents${r.subnets.length ? ' here' : ' on any subnet'}`]
  for (const s of r.subnets) {
    lines.push(`subnet ${s.netuid}: childkey take ${s.takePercent}; own stake weight ${s.stakeWeight ?? '— (no uid)'}${s.nextSetBlock === null ? '' : `; children can change again from block ${s.nextSetBlock}`}`)
  }
  lines.push(`hotkey ${r.hotkey} (owner ${r.owner}) at block ${r.block}${r.queued ? '; new children are queued and applied after a cooldown' : '; new children apply at once on this runtime'}`)
  return lines.join('\n')
}

function changePairs(r: ChildSetResult): Pairs {
  const pairs: Pairs = [
    ['operation', `${r.children.length === 0 ? 'revoke children' : 'set children'} (${r.call})`],
    ['coldkey', r.coldkey],
    ...actingRows(r),
    ['hotkey', `${r.hotkey} on subnet ${r.netuid}`],
    ['children before', r.before.children.length ? r.before.children.map((c) => `${c.hotkey} ${c.proportionPercent}`).join(', ') : 'none'],
    ['children sent', r.children.length ? r.children.map((c) => `${c.name ? `${c.name} ` : ''}${c.hotkey} ${c.proportionPercent} (u64 ${c.proportion})`).join(', ') : 'none (revoke)'],
    ['total', r.totalPercent],
    ['applies', r.queued ? 'after the chain\'s cooldown (queued in PendingChildKeys)' : 'at once'],
  ]
  if (r.unchanged) pairs.push(['result', 'already set exactly so; nothing submitted'])
  if (r.tx) {
    pairs.push(['fee', `${r.tx.feeTao} TAO`])
    pairs.push(r.tx.dryRun ? ['dry run', `valid (priority ${r.tx.validity?.priority ?? '?'}); nothing was submitted`] : ['extrinsic', `${r.tx.txHash} in block ${r.tx.blockNumber}`])
  } else if (!r.unchanged) {
    pairs.push(['fee (estimate)', `${r.feeEstimateTao} TAO`])
  }
  if (r.after) {
    pairs.push(['children now', r.after.children.length ? r.after.children.map((c) => `${c.hotkey} ${c.proportionPercent}`).join(', ') : 'none'])
    if (r.after.pending) pairs.push(['pending', `${r.after.pending.children.map((c) => `${c.hotkey} ${c.proportionPercent}`).join(', ') || 'none'} from block ${r.after.pending.cooldownBlock}`])
  }
  return pairs
}

export function renderChildrenPlan(r: ChildSetResult): string {
  return `${renderKeyValues(changePairs(r))}\n`
}

export function renderChildrenResult(r: ChildSetResult): string {
  return renderKeyValues(changePairs(r))
}

function takePairs(t: ChildkeyTakeInfo): Pairs {
  return [
    ['hotkey', t.hotkey],
    ['owner', t.owner],
    ['subnet', t.netuid],
    ['childkey take', t.takePercent],
    ['allowed', `${t.minTakePercent}–${t.maxTakePercent}`],
    ['rate limit', `${t.rateLimitBlocks} blocks between changes`],
    ['can change', t.nextChangeBlock === null ? 'now' : `from block ${t.nextChangeBlock}`],
    ['at block', t.block],
  ]
}

export function renderChildTake(r: ChildTakeResult): string {
  if (!('requestedTake' in r)) return renderKeyValues(takePairs(r))
  const s = r as SetChildkeyTakeResult
  const pairs: Pairs = [
    ['hotkey', `${s.hotkey} on subnet ${s.netuid}`],
    ['take before', s.before.takePercent],
    ['take requested', s.requestedTakePercent],
    ...actingRows(s),
  ]
  if (!s.changed && !s.tx) pairs.push(['result', 'already set; nothing submitted'])
  if (s.call) pairs.push(['call', s.call])
  if (s.tx?.dryRun) pairs.push(['dry run', 'valid; nothing was submitted'])
  else if (s.tx) pairs.push(['extrinsic', `${s.tx.txHash} in block ${s.tx.blockNumber}`])
  if (s.after) pairs.push(['take now', s.after.takePercent])
  return renderKeyValues(pairs)
}
