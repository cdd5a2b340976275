/** Renderers of the small tools: explain, utils convert, utils latency. */
import type {ExplainResult} from '../../services/explain/explain.js'
import type {ConvertResult} from '../../services/utils/convert.js'
import type {LatencyResult} from '../../services/utils/latency.js'

import {renderKeyValues, renderTable} from '../../output/table.js'

export function renderExplain(r: ExplainResult): string {
  return r.matches
    .map((m) => {
      const where = m.kind === 'pool' ? `refused by the transaction pool before inclusion (Custom error: ${m.custom}, ${m.runtime}); nothing was included or charged` : 'a dispatch error: the extrinsic was included and failed (the fee is charged where the call pays one)'
      return renderKeyValues([
        ['error', m.pallet ? `${m.pallet}.${m.name}` : m.name],
        ['kind', where],
        ['meaning', m.meaning],
        ['what to do', m.action || '-'],
        ...(m.source === 'runtime' ? [['from', 'the connected runtime\'s error docs (not in tao\'s table)'] as [string, string]] : []),
        ...(r.runtime && m.kind === 'dispatch' && !m.pallet ? [['this runtime', `${r.runtime} has no error of this name`] as [string, string]] : []),
      ])
    })
    .join('\n')
}

export function renderConvert(r: ConvertResult): string {
  if (r.netuid === undefined) return renderKeyValues([['TAO', r.tao], ['rao', r.rao]])
  return renderKeyValues([
    [`alpha (subnet ${r.netuid})`, r.alpha],
    ['TAO', r.tao],
    ['rao', r.rao],
    ['price', `${r.price} TAO per alpha (${r.priceRao} rao; ${r.priceSource}, block ${r.block})`],
    ['rounding', r.roundedDown ? 'rounded down to whole rao' : 'exact'],
  ])
}

export function renderLatency(r: LatencyResult): string {
  const rows = r.endpoints.map((e) => [e.endpoint, e.names.join(', '), e.ok ? e.rttMs!.toFixed(1) : '-', e.ok ? e.connectMs!.toFixed(1) : '-', e.ok ? (e.error ?? 'ok') : `unreachable: ${e.error}`])
  const table = renderTable(['endpoint', 'names', 'rtt ms', 'connect ms', 'status'], rows, {right: [2, 3]})
  return `${table}\n${r.fastest ? `fastest: ${r.fastest}` : 'no endpoint answered'}`
}
