/**
 * `utils latency`: round-trip time to every endpoint tao knows (finney, test, archive, the local chain) and every
 * configured one (--network / TAO_NETWORK / config), fastest first; unreachable ones are listed with the error.
 * Each endpoint is probed on its own websocket (one JSON-RPC round trip), all at once, each bounded by the timeout.
 */
import type {TaoClient} from '../../client.js'
import type {Ui} from '../../ui.js'

import {type EndpointLatency, probeEndpoint} from '../../chain/latency.js'
import {NetworkError} from '../../errors.js'
import {NETWORKS, localEndpoint, resolveEndpoints} from '../../config/settings.js'

export interface LatencyOptions {
  /** extra endpoints or network names to measure (besides the client's configured ones) */
  endpoints?: string[]
  /** only the configured endpoints (and `endpoints`), not the well-known public ones */
  configuredOnly?: boolean
  /** per-endpoint deadline, ms [default: the client's timeout] */
  timeoutMs?: number
}

export interface LatencyRow extends EndpointLatency {
  /** where the endpoint comes from: network names that resolve to it, and/or `configured` */
  names: string[]
}

export interface LatencyResult {
  /** reachable ones fastest first (by round trip), then the unreachable ones */
  endpoints: LatencyRow[]
  fastest: string | null
  timeoutMs: number
}

export async function latency(client: TaoClient, o: LatencyOptions, ui: Ui): Promise<LatencyResult> {
  const names = new Map<string, string[]>()
  const add = (endpoint: string, name: string) => names.set(endpoint, [...new Set([...(names.get(endpoint) ?? []), name])])
  for (const e of client.endpoints) add(e, 'configured')
  if (o.endpoints?.length) for (const e of resolveEndpoints(o.endpoints)) add(e, 'given')
  if (!o.configuredOnly) {
    for (const [name, url] of Object.entries(NETWORKS)) add(name === 'local' ? localEndpoint() : url, name)
  }
  const timeoutMs = o.timeoutMs ?? client.timeoutMs
  ui.progress(`measuring ${names.size} endpoint${names.size === 1 ? '' : 's'} (deadline ${timeoutMs} ms each)`)
  const rows: LatencyRow[] = await Promise.all([...names].map(async ([endpoint, n]) => ({...(await probeEndpoint(endpoint, timeoutMs)), names: n})))
  rows.sort((a, b) => (a.ok === b.ok ? (a.ok ? a.rttMs! - b.rttMs! || a.endpoint.localeCompare(b.endpoint) : a.endpoint.localeCompare(b.endpoint)) : a.ok ? -1 : 1))
  const result = {endpoints: rows, fastest: rows[0]?.ok ? rows[0].endpoint : null, timeoutMs}
  if (!result.fastest) {
    throw new NetworkError(`no endpoint answered: ${rows.map((r) => `${r.endpoint} (${r.error})`).join('; ')}`, {code: 'NoEndpointAnswered', data: {endpoints: rows}})
  }
  return result
}
