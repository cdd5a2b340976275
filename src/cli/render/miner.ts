import type {AnnounceResult} from '../../miner/chain.js'
import type {ResultRow} from '../../miner/query.js'
import type {QueryResult} from '../../services/miner/query.js'
import type {ServeInfo} from '../../services/miner/serve.js'
import type {PyValue} from '../../protocol/pyvalue.js'

import {writeJson} from '../../util/json.js'
import {losslessJson} from '../../protocol/pyrepr.js'
import {PyDict} from '../../protocol/pyvalue.js'

import {isWide, shorten} from '../../output/style.js'
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
    result.localDev ? ['written', 'with dev_setStorage on this localnet (local only; no extrinsic)'] : ['tx', result.txHash],
    ['stored on chain', result.stored ? `${result.stored.ipText}:${result.stored.port} (block ${result.stored.block})` : '-'],
  ])
}

/** One row per axon (uid, hotkey, axon, status, ms, answer) and the summary line. */
export function renderQuery(result: QueryResult): string {
  const table = renderTable(['uid', 'hotkey', 'axon', 'status', 'ms', 'answer'], result.results.map((r) => row(r, result.sentFields)), {right: [0, 3, 4]})
  const summary = `${result.succeeded}/${result.queried} answered 200 in ${result.wallMs} ms (body hash ${shorten(result.bodyHash, 12, 0)})`
  return `${table}\n${summary}`
}

export function renderServeReady(info: ServeInfo): string {
  return `axon listening on ${info.url} as ${info.hotkey} (synapses: ${info.synapses.join(', ')})${info.metrics ? `; metrics at ${info.metrics}` : ''}`
}

const short = (hotkey: string) => shorten(hotkey)

function clip(s: string, n = 60): string {
  const one = s.replace(/\s+/g, ' ')
  return one.length > n && !isWide() ? one.slice(0, n - 1) + '…' : one
}

/** A received value as JSON text, numbers exactly as received. */
const text = (v: PyValue) => writeJson(losslessJson(v))

/** The answer: the reply's fields that differ from what was sent (all of them when none differ), as received. */
export function answerOf(response: PyDict, sent: PyDict): string {
  const changed = response.entries.filter(([k, v]) => !sent.has(k) || text(v) !== text(sent.get(k)!))
  return writeJson(losslessJson(changed.length ? new PyDict(changed) : response))
}

/**
 * The --json document of a query: each answer's fields exactly as the miner sent them (integers beyond 2^53 stay
 * numbers, 1.0 stays 1.0, -0.0 stays -0.0, key order kept).
 */
export function queryDocument(result: QueryResult): unknown {
  const {sent: _sent, sentFields: _fields, results, ...report} = result
  return {...report, results: results.map(({response: _plain, responseFields, ...r}) => ({...r, response: responseFields ? losslessJson(responseFields) : null}))}
}

function row(r: ResultRow, sent: PyDict): (string | number | null)[] {
  const addr = r.ip.includes(':') ? `[${r.ip}]:${r.port}` : `${r.ip}:${r.port}`
  const answer = r.ok && r.responseFields ? clip(answerOf(r.responseFields, sent)) : clip(r.message ?? r.failure ?? '')
  return [r.uid ?? '', short(r.hotkey), addr, r.status ?? '-', r.status === null ? '' : Math.round(r.latencyMs), answer]
}
