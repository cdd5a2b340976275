/** Tables and lines of the `weights` commands. */
import type {WeightsSetResult} from '../../services/weights/set.js'
import type {ShowResult} from '../../services/weights/show.js'
import type {WeightsStatusResult} from '../../services/weights/status.js'
import type {RevealOutcome} from '../../weights/reveal.js'
import type {RunResult} from '../../weights/run.js'

import {shorten} from '../../output/style.js'
import {renderKeyValues, renderTable} from '../../output/table.js'

const short = (h?: string) => (h ? shorten(h, 10, 0) : '')

export function renderWeightsSet(out: WeightsSetResult): string {
  const table = renderTable(
    ['uid', 'score', 'weight', 'u16', 'share'],
    out.plan.rows.map((r) => [r.uid, r.score ?? '', r.weight.toPrecision(6), r.value, `${(r.share * 100).toFixed(2)}%`]),
    {right: [0, 1, 2, 3, 4]},
  )
  let line: string
  if (out.action === 'rate-limited') line = `rate limited: next allowed at block ${out.nextAllowedBlock}, in ${out.inBlocks} blocks (now ${out.block}); nothing submitted`
  else if (out.action === 'dry-run') line = `dry run: the node accepts this ${out.mode === 'set' ? 'set_weights' : 'commit'} (tx ${short(out.tx?.txHash)}); nothing submitted`
  else if (out.action === 'set') line = `weights set in block ${out.tx?.block} (tx ${out.tx?.txHash}); the chain holds them; next allowed at block ${out.nextAllowedBlock}`
  else {
    const c = out.commit!
    line =
      c.kind === 'timelocked'
        ? `timelocked commit in block ${out.tx?.block} (tx ${out.tx?.txHash}); the chain reveals it with drand round ${c.revealRound} (around block ${c.firstRevealBlock})`
        : `committed in block ${out.tx?.block} (tx ${out.tx?.txHash}); reveal window ${c.firstRevealBlock}–${c.lastRevealBlock}: run \`tao weights reveal --netuid ${out.netuid}\` (or \`tao weights run\`) then`
  }
  return `${table}\n${line}`
}

export function renderWeightsReveal(out: RevealOutcome, netuid: number): string {
  const lines: string[] = []
  if (out.views.length === 0) lines.push(`no pending commits for this hotkey on subnet ${netuid}`)
  else {
    lines.push(
      renderTable(
        ['commit', 'kind', 'phase', 'window', 'detail'],
        out.views.map((v) => [shorten(v.id, 12, 0), v.kind, v.phase, v.firstRevealBlock !== undefined ? `${v.firstRevealBlock}–${v.lastRevealBlock ?? '?'}` : '', v.detail]),
      ),
    )
  }
  for (const r of out.revealed) lines.push(r.tx.dryRun ? `dry run: the node accepts the reveal of ${r.ids.length} commit(s)` : `revealed ${r.ids.length} commit(s) in block ${r.tx.block} (tx ${r.tx.txHash})`)
  return lines.join('\n')
}

export function renderWeightsRun(r: RunResult): string {
  const what = r.actions.map((a) => (a.txHash ? `${a.action} (block ${a.block}, tx ${a.txHash})` : `${a.action}: ${a.detail}`)).join('; ')
  return `block ${r.block}: ${what}; next allowed at block ${r.nextAllowedBlock}, in ${r.inBlocks} blocks`
}

export function renderWeightsShow(r: ShowResult): string {
  const parts = [
    renderKeyValues([
      ['subnet', `${r.netuid} (tempo ${r.tempo}, commit-reveal ${r.commitReveal ? `on, ${r.revealPeriodEpochs} epoch(s)` : 'off'})`],
      ['hotkey', `${r.hotkey}${r.uid === undefined ? ' (not registered)' : ` (uid ${r.uid})`}`],
      ['block', r.block],
      ['last update', r.lastUpdate ?? ''],
    ]),
    r.weights.length ? renderTable(['uid', 'u16', 'share', 'hotkey'], r.weights.map((w) => [w.uid, w.value, `${(w.share * 100).toFixed(2)}%`, w.hotkey ?? '']), {right: [0, 1, 2]}) : 'no weights on chain for this hotkey',
  ]
  if (r.chainCommits.length) {
    parts.push(renderTable(['commit (chain)', 'commit block', 'reveal window'], r.chainCommits.map((c) => [shorten(c.hash, 18, 0), c.commitBlock ?? '', c.firstRevealBlock !== undefined ? `${c.firstRevealBlock}–${c.lastRevealBlock}` : `epoch ${c.commitEpoch}+`])))
  }
  if (r.localCommits.length) {
    parts.push(renderTable(['commit (local)', 'status', 'window', 'note'], r.localCommits.map((c) => [shorten(c.id, 18, 0), c.status, c.firstRevealBlock !== undefined ? `${c.firstRevealBlock}–${c.lastRevealBlock ?? '?'}` : '', c.note ?? ''])))
  }
  return parts.join('\n')
}

export function renderWeightsStatus(s: WeightsStatusResult): string {
  const kv = renderKeyValues([
    ['subnet', s.netuid],
    ['hotkey', `${s.hotkey}${s.uid === undefined ? ' (not registered)' : ` (uid ${s.uid})`}`],
    ['block', s.block],
    ['mode', s.mode],
    ['rate limit', `${s.rateLimit.limit} blocks; last update ${s.rateLimit.lastUpdate}; ${s.rateLimit.allowed ? 'elapsed' : `next allowed at block ${s.rateLimit.nextAllowedBlock}, in ${s.rateLimit.inBlocks} blocks`}`],
    ['next run', s.next],
  ])
  return s.commits.length ? `${kv}\n${renderTable(['commit', 'phase', 'detail'], s.commits.map((v) => [shorten(v.id, 12, 0), v.phase, v.detail]))}` : kv
}
