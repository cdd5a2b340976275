import type {AnnounceResult} from '../../miner/chain.js'
import type {ResultRow} from '../../miner/query.js'
import type {QueryResult} from '../../services/miner/query.js'
import type {ServeInfo} from '../../services/miner/serve.js'

import {renderKeyValues, renderTable} from '../../output/table.js'

export function renderAnnounce(result: AnnounceResult): string {
  const addr = result.ipType === 6 ? `[${result.ip}]:${result.port}` : `${result.ip}:${result.port}`
  return renderKeyValues([
    ['netuid', result.netuid],
    ['hotkey', result.hotkey],
    ['axon', addr],
    ['ip (u128) / type', `${result.ipInt} / IPv${result.ipType}`],
    ['protocol / version', `${result.protocol} / ${result.version}`],
    [result.dryRun ? 'dry run' : 'block', result.dryRun ? 'valid; nothing submitted' : result.blockNumber],
    ['tx', result.txHash],
    ['stored on chain', result.stored ? `${result.stored.ipText}:${result.stored.port} (block ${result.stored.block})` : '-'],
  ])
}

/** One row per axon (uid, hotkey, axon, status, ms, answer) and the summary line. */
export function renderQuery(result: QueryResult): string {
  const table = renderTable(['uid', 'hotkey', 'axon', 'status', 'ms', 'answer'], result.results.map((r) => row(r, result.sent)), {right: [0, 3, 4]})
  const summary = `${result.succeeded}/${result.queried} answered 200 in ${result.wallMs} ms (body hash ${result.bodyHash.slice(0, 12)}…)`
  return `${table}\n${summary}`
}

export function renderServeReady(info: ServeInfo): string {
  return `axon listening on ${info.url} as ${info.hotkey} (synapses: ${info.synapses.join(', ')})${info.metrics ? `; metrics at ${info.metrics}` : ''}`
}

function short(hotkey: string): string {
  return hotkey.length > 14 ? `${hotkey.slice(0, 6)}…${hotkey.slice(-4)}` : hotkey
}

function clip(s: string, n = 60): string {
  const one = s.replace(/\s+/g, ' ')
  return one.length > n ? one.slice(0, n - 1) + '…' : one
}

const text = (v: unknown) => JSON.stringify(v, (_k, x) => (typeof x === 'bigint' ? x.toString() : x)) ?? ''

/** The answer: the reply's fields that differ from what was sent (all of them when none differ). */
function answerOf(response: Record<string, unknown>, sent: Record<string, unknown>): string {
  const changed = Object.fromEntries(Object.entries(response).filter(([k, v]) => !(k in sent) || text(v) !== text(sent[k])))
  return text(Object.keys(changed).length ? changed : response)
}

function row(r: ResultRow, sent: Record<string, unknown>): (string | number | null)[] {
  const addr = r.ip.includes(':') ? `[${r.ip}]:${r.port}` : `${r.ip}:${r.port}`
  const answer = r.ok && r.response ? clip(answerOf(r.response, sent)) : clip(r.message ?? r.failure ?? '')
  return [r.uid ?? '', short(r.hotkey), addr, r.status ?? '-', r.status === null ? '' : Math.round(r.latencyMs), answer]
}
