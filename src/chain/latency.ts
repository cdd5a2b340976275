/**
 * Round-trip time to a chain endpoint: open a websocket, send one JSON-RPC request (`system_health`) and time
 * the answer. Independent of the API connection (no metadata, no retries), so an endpoint that refuses or
 * hangs costs one attempt, bounded by the deadline.
 */
import {WebSocket} from '@polkadot/x-ws'

export interface EndpointLatency {
  endpoint: string
  ok: boolean
  /** time to open the websocket (TCP + TLS + upgrade), ms */
  connectMs?: number
  /** one JSON-RPC round trip on the open socket, ms */
  rttMs?: number
  /** why the endpoint could not be measured */
  error?: string
}

/** Measure one endpoint; never throws. */
export function probeEndpoint(endpoint: string, timeoutMs: number): Promise<EndpointLatency> {
  return new Promise((resolve) => {
    const started = performance.now()
    let opened = 0
    let done = false
    let ws: InstanceType<typeof WebSocket>
    const finish = (r: Omit<EndpointLatency, 'endpoint'>) => {
      if (done) return
      done = true
      clearTimeout(timer)
      try {
        ws?.close()
      } catch {}
      resolve({endpoint, ...r})
    }
    const timer = setTimeout(() => finish({error: `no answer within ${timeoutMs} ms`, ok: false}), timeoutMs)
    try {
      ws = new WebSocket(endpoint)
    } catch (error) {
      finish({error: (error as Error).message, ok: false})
      return
    }
    ws.onopen = () => {
      opened = performance.now()
      ws.send(JSON.stringify({id: 1, jsonrpc: '2.0', method: 'system_health', params: []}))
    }
    ws.onmessage = (ev: {data: unknown}) => {
      const now = performance.now()
      let reply: {id?: number; error?: {message?: string}} = {}
      try {
        reply = JSON.parse(String(ev.data))
      } catch {}
      if (reply.id !== 1) return
      const connectMs = Math.round((opened - started) * 10) / 10
      const rttMs = Math.round((now - opened) * 10) / 10
      // an RPC error still measured a round trip to a live node
      finish({connectMs, error: reply.error ? `answered with an error: ${reply.error.message ?? 'unknown'}` : undefined, ok: true, rttMs})
    }
    ws.onerror = (ev: {message?: string; error?: {code?: string; message?: string}}) => {
      const e = ev.error
      finish({error: e?.code ? `${e.code}${e.message ? ` (${e.message})` : ''}` : (ev.message ?? e?.message ?? 'connection failed'), ok: false})
    }
    ws.onclose = (ev: {code?: number; reason?: string}) => finish({error: `closed before answering (code ${ev.code ?? '?'}${ev.reason ? `, ${ev.reason}` : ''})`, ok: false})
  })
}
