import net from 'node:net'

/**
 * A raw TCP server on 127.0.0.1 that does whatever `onSocket` says with each connection (misbehaving miners,
 * scripted HTTP replies); `close` destroys the open connections and stops it.
 */
export async function tcpServer(onSocket: (s: net.Socket) => void): Promise<{port: number; close: () => Promise<void>}> {
  const sockets = new Set<net.Socket>()
  const srv = net.createServer((s) => {
    sockets.add(s)
    s.on('close', () => sockets.delete(s))
    s.on('error', () => {})
    onSocket(s)
  })
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r))
  return {
    close: async () => {
      for (const s of sockets) s.destroy()
      await new Promise<void>((r) => srv.close(() => r()))
    },
    port: (srv.address() as net.AddressInfo).port,
  }
}

/** Calls `onRequest(request)` with each whole request (head + Content-Length body) arriving on `s`. */
export function onRequests(s: net.Socket, onRequest: (request: Buffer) => void): void {
  let buf = Buffer.alloc(0)
  s.on('data', (d: Buffer) => {
    buf = Buffer.concat([buf, d])
    for (;;) {
      const end = buf.indexOf('\r\n\r\n')
      if (end < 0) return
      const length = Number(/\r\ncontent-length:\s*(\d+)/i.exec(buf.subarray(0, end).toString('latin1'))?.[1] ?? 0)
      if (buf.length < end + 4 + length) return
      const request = buf.subarray(0, end + 4 + length)
      buf = buf.subarray(end + 4 + length)
      onRequest(request)
    }
  })
}
