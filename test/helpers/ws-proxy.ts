import {WebSocket, WebSocketServer} from 'ws'

export interface ProxyOptions {
  /** once a client calls this method, hold back everything the chain sends to that client for `holdMs` */
  holdAfter?: string
  holdMs?: number
}

/**
 * A loopback websocket proxy in front of the test chain that records every JSON-RPC method a client calls,
 * and can hold back the chain's answers after a given call (to freeze a client between "submitted" and
 * "saw it land", deterministically).
 */
export async function recordingProxy(
  target: string,
  opts: ProxyOptions = {},
): Promise<{url: string; methods: string[]; log: {dir: 'in' | 'out'; conn: number}[]; close(): Promise<void>}> {
  const methods: string[] = []
  /** every message in order: `out` a client's request, `in` an answer or notification sent back (per connection) */
  const log: {dir: 'in' | 'out'; conn: number}[] = []
  let connections = 0
  const server = new WebSocketServer({host: '127.0.0.1', port: 0})
  await new Promise<void>((r) => server.once('listening', () => r()))
  server.on('connection', (client) => {
    const conn = connections++
    const upstream = new WebSocket(target)
    const queue: string[] = []
    upstream.on('open', () => queue.splice(0).forEach((m) => upstream.send(m)))
    let holdUntil = 0
    upstream.on('message', (m) => {
      const forward = () => {
        log.push({conn, dir: 'in'})
        if (client.readyState === WebSocket.OPEN) client.send(m.toString())
      }
      const wait = holdUntil - Date.now()
      if (wait > 0) setTimeout(forward, wait)
      else forward()
    })
    upstream.on('close', () => client.close())
    upstream.on('error', () => client.close())
    client.on('message', (m) => {
      const text = m.toString()
      log.push({conn, dir: 'out'})
      try {
        const parsed = JSON.parse(text)
        // a JSON-RPC batch (the light read path sends requests made together as one) is recorded member by member
        for (const req of Array.isArray(parsed) ? parsed : [parsed]) {
          // runtime calls are recorded with the runtime function they name, e.g. state_call:Metadata_metadata_at_version
          methods.push(req.method === 'state_call' ? `state_call:${req.params?.[0]}` : req.method)
          if (opts.holdAfter && req.method === opts.holdAfter) holdUntil = Date.now() + (opts.holdMs ?? 5000)
        }
      } catch {}
      if (upstream.readyState === WebSocket.OPEN) upstream.send(text)
      else queue.push(text)
    })
    client.on('close', () => upstream.close())
  })
  const port = (server.address() as {port: number}).port
  return {
    async close() {
      for (const c of server.clients) c.terminate()
      await new Promise<void>((r) => server.close(() => r()))
    },
    log,
    methods,
    url: `ws://127.0.0.1:${port}`,
  }
}
