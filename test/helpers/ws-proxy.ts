import {WebSocket, WebSocketServer} from 'ws'

/** A loopback websocket proxy in front of the test chain that records every JSON-RPC method a client calls. */
export async function recordingProxy(target: string): Promise<{url: string; methods: string[]; close(): Promise<void>}> {
  const methods: string[] = []
  const server = new WebSocketServer({host: '127.0.0.1', port: 0})
  await new Promise<void>((r) => server.once('listening', () => r()))
  server.on('connection', (client) => {
    const upstream = new WebSocket(target)
    const queue: string[] = []
    upstream.on('open', () => queue.splice(0).forEach((m) => upstream.send(m)))
    upstream.on('message', (m) => client.readyState === WebSocket.OPEN && client.send(m.toString()))
    upstream.on('close', () => client.close())
    upstream.on('error', () => client.close())
    client.on('message', (m) => {
      const text = m.toString()
      try {
        const req = JSON.parse(text)
        // runtime calls are recorded with the runtime function they name, e.g. state_call:Metadata_metadata_at_version
        methods.push(req.method === 'state_call' ? `state_call:${req.params?.[0]}` : req.method)
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
    methods,
    url: `ws://127.0.0.1:${port}`,
  }
}
