import type {AnnounceResult} from '../../miner/chain.js'
import type {ChunkSource, ResultRow} from '../../miner/query.js'
import type {StreamChunk, StreamResult} from '../../protocol/dendrite.js'
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
  if (result.streamed) return renderStreamQuery(result)
  const table = renderTable(['uid', 'hotkey', 'axon', 'status', 'ms', 'answer'], result.results.map((r) => row(r, result.sentFields)), {right: [0, 3, 4]})
  const summary = `${result.succeeded}/${result.queried} answered 200 in ${result.wallMs} ms (body hash ${shorten(result.bodyHash, 12, 0)})`
  return `${table}\n${summary}`
}

export function renderServeReady(info: ServeInfo): string {
  const streams = info.streaming?.length ? `; streaming: ${info.streaming.join(', ')}` : ''
  return `axon listening on ${info.url} as ${info.hotkey} (synapses: ${info.synapses.join(', ')}${streams})${info.metrics ? `; metrics at ${info.metrics}` : ''}`
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

/** A streamed query: per axon the time to first chunk, chunks, throughput and the assembled text. */
function renderStreamQuery(result: QueryResult): string {
  const rows = (result.results as StreamResult[]).map((r) => {
    const addr = r.ip.includes(':') ? `[${r.ip}]:${r.port}` : `${r.ip}:${r.port}`
    const s = r.stream
    const message = r.message ?? r.failure ?? ''
    const after = s && s.chunks && !/after \d+ chunk/.test(message) ? ` (after ${s.chunks} chunk${s.chunks === 1 ? '' : 's'})` : ''
    const answer = r.ok ? clip(JSON.stringify(r.text)) : clip(message + after)
    return [
      r.uid ?? '',
      short(r.hotkey),
      addr,
      r.status ?? '-',
      r.status === null && r.failure !== 'Aborted' ? '' : Math.round(r.latencyMs),
      s?.firstChunkMs === null || s === undefined ? '-' : Math.round(s.firstChunkMs),
      s?.chunks ?? 0,
      s?.bytes ?? 0,
      s?.bytesPerS === null || s === undefined ? '-' : Math.round(s.bytesPerS),
      answer,
    ]
  })
  const table = renderTable(['uid', 'hotkey', 'axon', 'status', 'ms', 'first ms', 'chunks', 'bytes', 'B/s', 'answer'], rows, {right: [0, 3, 4, 5, 6, 7, 8]})
  return `${table}\n${result.succeeded}/${result.queried} streamed to the end with 200 in ${result.wallMs} ms (body hash ${shorten(result.bodyHash, 12, 0)})`
}

/**
 * Chunks on stdout as they arrive: one axon's text as it is (the stream itself); with several axons, one line per
 * chunk: uid (or ip:port), ms since its request, the chunk as a JSON string. `end()` closes an unfinished line.
 */
export function chunkPrinter(write: (text: string) => void): {onChunk: (from: ChunkSource, chunk: StreamChunk) => void; end: () => void} {
  let open = false
  return {
    end() {
      if (open) write('\n')
      open = false
    },
    onChunk(from, chunk) {
      if (from.targets === 1) {
        if (chunk.text === '') return
        write(chunk.text)
        open = !chunk.text.endsWith('\n')
        return
      }
      const who = from.uid === undefined ? `${from.ip}:${from.port}` : `uid ${from.uid}`
      write(`${who} +${Math.round(chunk.atMs)} ms ${JSON.stringify(chunk.text)}\n`)
    },
  }
}
