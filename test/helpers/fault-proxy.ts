import {WebSocket, WebSocketServer} from 'ws'

/**
 * A loopback websocket proxy between tao and the test chain that injects the faults a real validator host
 * meets: the connection dropped right before or right after the node answers a submission, replies held back,
 * new connections refused, or the upstream swapped mid-run. Every JSON-RPC method a client calls is recorded.
 */
export type Fault =
  | {kind: 'none'}
  /** forward the submission to the chain, then cut the client before the node's answer reaches it */
  | {kind: 'drop-before-reply'; method?: string; thenRefuse?: boolean}
  /** let the node's answer (the subscription id) through, then cut the client */
  | {kind: 'drop-after-reply'; method?: string; thenRefuse?: boolean}
  /** forward the submission, then hold back everything the chain sends to that client */
  | {kind: 'hold-after'; method?: string}
  /** never forward the submission (it provably never reaches the chain) and cut the client, as if the cut came first */
  | {kind: 'swallow'; method?: string; thenRefuse?: boolean}

export interface FaultProxy {
  url: string
  methods: string[]
  /** the fault for the next matching call (then it disarms itself) */
  arm(fault: Fault): void
  /** refuse (close at once) every new connection while true */
  refuse(on: boolean): void
  /** send new connections to another upstream */
  retarget(url: string): void
  /** how many client connections were cut by a fault */
  cuts: number
  close(): Promise<void>
}

const SUBMIT = 'author_submitAndWatchExtrinsic'

export async function faultProxy(target: string): Promise<FaultProxy> {
  const methods: string[] = []
  let upstreamUrl = target
  let fault: Fault = {kind: 'none'}
  let refusing = false
  const state = {cuts: 0}
  const server = new WebSocketServer({host: '127.0.0.1', port: 0})
  await new Promise<void>((r) => server.once('listening', () => r()))
  server.on('connection', (client) => {
    if (refusing) {
      client.terminate()
      return
    }
    const upstream = new WebSocket(upstreamUrl)
    const queue: string[] = []
    let held = false
    /** request id of a submission whose reply triggers a cut */
    let cutOnReplyTo: {id: unknown; when: 'before' | 'after'; thenRefuse: boolean} | undefined
    upstream.on('open', () => queue.splice(0).forEach((m) => upstream.send(m)))
    upstream.on('message', (m) => {
      const text = m.toString()
      if (held) return
      if (cutOnReplyTo) {
        try {
          const msg = JSON.parse(text)
          if (msg.id !== undefined && msg.id === cutOnReplyTo.id) {
            const {when, thenRefuse} = cutOnReplyTo
            cutOnReplyTo = undefined
            if (thenRefuse) refusing = true
            if (when === 'after' && client.readyState === WebSocket.OPEN) client.send(text)
            state.cuts++
            client.terminate()
            upstream.close()
            return
          }
        } catch {}
      }
      if (client.readyState === WebSocket.OPEN) client.send(text)
    })
    upstream.on('close', () => client.close())
    upstream.on('error', () => client.terminate())
    client.on('message', (m) => {
      const text = m.toString()
      try {
        const parsed = JSON.parse(text)
        // a JSON-RPC batch (the light read path sends requests made together as one) is recorded member by member
        for (const req of Array.isArray(parsed) ? parsed : [parsed]) methods.push(req.method === 'state_call' ? `state_call:${req.params?.[0]}` : req.method)
        const req = parsed
        const f = fault
        if (f.kind !== 'none' && req.method === (f.method ?? SUBMIT)) {
          fault = {kind: 'none'}
          if (f.kind === 'swallow') {
            if (f.thenRefuse) refusing = true
            state.cuts++
            client.terminate()
            upstream.close()
            return
          }
          if (f.kind === 'hold-after') held = true
          else cutOnReplyTo = {id: req.id, thenRefuse: Boolean(f.thenRefuse), when: f.kind === 'drop-before-reply' ? 'before' : 'after'}
        }
      } catch {}
      if (upstream.readyState === WebSocket.OPEN) upstream.send(text)
      else queue.push(text)
    })
    client.on('close', () => upstream.close())
    client.on('error', () => upstream.close())
  })
  const port = (server.address() as {port: number}).port
  return {
    arm(f) {
      fault = f
    },
    async close() {
      for (const c of server.clients) c.terminate()
      await new Promise<void>((r) => server.close(() => r()))
    },
    get cuts() {
      return state.cuts
    },
    methods,
    refuse(on) {
      refusing = on
    },
    retarget(url) {
      upstreamUrl = url
    },
    url: `ws://127.0.0.1:${port}`,
  }
}
