/**
 * The HTTP side of `--metrics HOST:PORT`: GET /metrics answers the registry's Prometheus text. Loopback unless the
 * operator says otherwise: a host other than 127.0.0.0/8, ::1 or localhost needs `metricsPublic` (the figures
 * name hotkeys and show a validator's timing to whoever can reach the port).
 */
import type {AddressInfo} from 'node:net'

import http from 'node:http'

import {InputError} from '../errors.js'
import {CONTENT_TYPE, type MetricsRegistry} from './metrics.js'

export interface MetricsAddress {
  host: string
  port: number
}

/** `HOST:PORT`, `[v6]:PORT` or `PORT` (127.0.0.1). Throws an InputError on `field`. */
export function parseMetricsAddress(text: string, field = 'metrics'): MetricsAddress {
  const t = text.trim()
  let host = '127.0.0.1'
  let portText = t
  const v6 = /^\[([^\]]+)\]:(\d+)$/.exec(t)
  if (v6) {
    host = v6[1]!
    portText = v6[2]!
  } else if (t.includes(':')) {
    const i = t.lastIndexOf(':')
    host = t.slice(0, i)
    portText = t.slice(i + 1)
    if (host.includes(':')) throw new InputError(`«${field}» ${text}: write an IPv6 host in brackets, e.g. [::1]:9100`, {code: 'Usage', field})
  }
  if (!/^\d{1,5}$/.test(portText) || Number(portText) > 65_535) {
    throw new InputError(`«${field}» ${text}: expected HOST:PORT (e.g. 127.0.0.1:9100) or a port`, {code: 'Usage', field})
  }
  if (!host) throw new InputError(`«${field}» ${text}: the host is empty`, {code: 'Usage', field})
  return {host, port: Number(portText)}
}

/** Refuse a host other than loopback unless `publicOk` (an InputError on «metrics»). */
export function checkLoopback(address: MetricsAddress, opts: {publicOk?: boolean; field?: string; publicField?: string} = {}): MetricsAddress {
  const field = opts.field ?? 'metrics'
  if (!isLoopback(address.host) && !opts.publicOk) {
    throw new InputError(
      `«${field}» ${address.host}:${address.port} would let other machines read this service's metrics; use a loopback address (127.0.0.1) or add «${opts.publicField ?? 'metricsPublic'}»`,
      {code: 'MetricsNotLoopback', field},
    )
  }
  return address
}

export function isLoopback(host: string): boolean {
  const h = host.toLowerCase()
  return h === 'localhost' || h === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h) || h === '::ffff:127.0.0.1'
}

export interface MetricsServer extends MetricsAddress {
  url: string
  stop(): Promise<void>
}

/**
 * Listen on `address` and answer GET /metrics (and HEAD) with the registry's text; 404 elsewhere, 405 for other
 * methods. `publicOk` allows a non-loopback host.
 */
export async function startMetricsServer(registry: MetricsRegistry, address: MetricsAddress, opts: {publicOk?: boolean; field?: string; publicField?: string} = {}): Promise<MetricsServer> {
  const field = opts.field ?? 'metrics'
  checkLoopback(address, opts)
  const server = http.createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0]
    if (path !== '/metrics') {
      res.writeHead(404, {'content-type': 'text/plain'})
      res.end('not found: the metrics are at /metrics\n')
      return
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, {allow: 'GET, HEAD', 'content-type': 'text/plain'})
      res.end('method not allowed\n')
      return
    }
    const body = Buffer.from(registry.render(), 'utf8')
    res.writeHead(200, {'content-length': String(body.length), 'content-type': CONTENT_TYPE})
    res.end(req.method === 'HEAD' ? undefined : body)
  })
  server.headersTimeout = 10_000
  server.requestTimeout = 30_000
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject)
      server.listen(address.port, address.host, () => {
        server.off('error', reject)
        resolve()
      })
    })
  } catch (error) {
    const e = error as NodeJS.ErrnoException
    const where = `${address.host}:${address.port}`
    if (e.code === 'EADDRINUSE') throw new InputError(`«${field}» ${where}: the port is already in use; pick another`, {code: 'PortInUse', field})
    if (e.code === 'EADDRNOTAVAIL' || e.code === 'EACCES' || e.code === 'ENOTFOUND' || e.code === 'EAI_AGAIN') {
      throw new InputError(`«${field}» cannot listen on ${where} (${e.code})`, {code: 'BadListen', field})
    }
    throw error
  }
  const a = server.address() as AddressInfo
  const hostText = a.address.includes(':') ? `[${a.address}]` : a.address
  return {
    host: a.address,
    port: a.port,
    async stop() {
      server.closeAllConnections()
      await new Promise<void>((r) => server.close(() => r()))
    },
    url: `http://${hostText}:${a.port}/metrics`,
  }
}
