/**
 * The dendrite's own HTTP/1.1 client (src/protocol/http1.ts) against Node's `http` client, which it replaced: the
 * same request bytes on the wire, and every scripted reply (split into pieces at awkward places, sent with pauses)
 * read the same: status, headers as `IncomingMessage` gives them, body, or a failure before or during the reply.
 * Then what only a pool does: keep-alive reuse, no reuse after `Connection: close`, HTTP/1.0 or unread bytes.
 */
import http from 'node:http'
import {afterAll, describe, expect, it} from 'vitest'

import {Http1Pool, serializeRequest} from '../../../src/protocol/http1.js'
import {onRequests, tcpServer} from '../../helpers/tcp.js'

type Outcome = {kind: 'reply'; status: number; headers: Record<string, unknown>; body: string} | {kind: 'error'; during: 'before-reply' | 'reply'}

/** A server that reads one request per connection and answers it with `pieces`, `pauseMs` apart. */
async function scripted(pieces: (string | Buffer)[], opts: {pauseMs?: number; end?: boolean} = {}): Promise<{port: number; seen: Buffer[]; close: () => Promise<void>}> {
  const seen: Buffer[] = []
  const srv = await tcpServer((s) =>
    onRequests(s, async (request) => {
      seen.push(request)
      for (const p of pieces) {
        if (s.destroyed) return
        s.write(p)
        await new Promise((r) => setTimeout(r, opts.pauseMs ?? 5))
      }
      if (opts.end !== false) s.end()
    }),
  )
  return {...srv, seen}
}

const HEADERS = {'bt_header_dendrite_nonce': '1733000000000000000', 'computed_body_hash': 'abc', 'content-type': 'application/json', name: 'Dummy', 'content-length': '11'}
const BODY = '{"a":"é1"}'.padEnd(10, ' ')

function viaNode(port: number): Promise<Outcome> {
  return new Promise((resolve) => {
    let got = false
    const agent = new http.Agent({keepAlive: true})
    const cr = http.request({agent, headers: {...HEADERS, 'content-length': String(Buffer.byteLength(BODY))}, host: '127.0.0.1', method: 'POST', path: '/Dummy', port})
    cr.on('error', () => resolve({during: got ? 'reply' : 'before-reply', kind: 'error'}))
    cr.on('response', (res) => {
      got = true
      const parts: Buffer[] = []
      res.on('data', (c: Buffer) => parts.push(c))
      res.on('aborted', () => resolve({during: 'reply', kind: 'error'}))
      res.on('error', () => resolve({during: 'reply', kind: 'error'}))
      res.on('end', () => resolve({body: Buffer.concat(parts).toString('latin1'), headers: {...res.headers}, kind: 'reply', status: res.statusCode!}))
    })
    cr.end(BODY, 'utf8')
  })
}

function viaPool(pool: Http1Pool, port: number): Promise<Outcome> {
  return new Promise((resolve) => {
    let head: {status: number; headers: Record<string, unknown>} | undefined
    const parts: Buffer[] = []
    pool.request('127.0.0.1', port, serializeRequest('127.0.0.1', port, '/Dummy', {...HEADERS, 'content-length': String(Buffer.byteLength(BODY))}, BODY), {
      onData: (c) => parts.push(c),
      onEnd: () => resolve({body: Buffer.concat(parts).toString('latin1'), headers: head!.headers, kind: 'reply', status: head!.status}),
      onError: () => resolve({during: head ? 'reply' : 'before-reply', kind: 'error'}),
      onHead: (status, headers) => (head = {headers: {...headers}, status}),
    })
  })
}

const pools: Http1Pool[] = []
afterAll(() => {
  for (const p of pools) p.destroy()
})

async function both(pieces: (string | Buffer)[], opts: {pauseMs?: number; end?: boolean} = {}): Promise<{node: Outcome; ours: Outcome; seen: Buffer[]}> {
  const srv = await scripted(pieces, opts)
  const pool = new Http1Pool()
  pools.push(pool)
  try {
    const [node, ours] = await Promise.all([viaNode(srv.port), viaPool(pool, srv.port)])
    return {node, ours, seen: srv.seen}
  } finally {
    await srv.close()
  }
}

// split a string into pieces of `n` characters (latin1), to cut the reply at every kind of place
const split = (s: string, n: number) => Array.from({length: Math.ceil(s.length / n)}, (_, i) => Buffer.from(s.slice(i * n, i * n + n), 'latin1'))

describe('the dendrite HTTP/1.1 client reads replies as Node http does', () => {
  it('writes the same request bytes as Node http with a keep-alive agent (headers in order, Host, Connection, UTF-8 body)', async () => {
    const {seen} = await both(['HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\n{}'])
    expect(seen).toHaveLength(2)
    const [a, b] = seen.map((x) => x.toString('latin1'))
    expect(a).toBe(b)
    expect(a).toContain('\r\nHost: 127.0.0.1:')
    expect(a).toMatch(/\r\nConnection: keep-alive\r\n\r\n/)
  })

  const replies: Record<string, {pieces: (string | Buffer)[]; opts?: {pauseMs?: number; end?: boolean}; expect: Partial<Outcome> & {kind: Outcome['kind']}}> = {
    'content-length, the head and body cut byte by byte': {expect: {kind: 'reply', status: 200}, pieces: split('HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 7\r\n\r\n{"a":1}', 1), opts: {pauseMs: 0}},
    'chunked, sizes and CRLFs cut mid-way, an extension, a trailer': {
      expect: {body: 'hello, world!!', kind: 'reply'},
      pieces: ['HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\ncontent-type: text/event-stream\r\n\r\n5', '\r\nhel', 'lo\r', '\n9;ext=1\r\n, world!!\r\n', '0\r\nx-trailer: 1\r\n\r\n'],
    },
    '100 Continue, then the reply': {expect: {kind: 'reply', status: 201}, pieces: ['HTTP/1.1 100 Continue\r\n\r\n', 'HTTP/1.1 201 Created\r\ncontent-length: 0\r\n\r\n']},
    'duplicate headers: set-cookie a list, content-type the first, others joined; names lower-cased, values trimmed': {
      expect: {kind: 'reply'},
      pieces: ['HTTP/1.1 200 OK\r\nSet-Cookie: a=1\r\nset-cookie: b=2\r\nContent-Type: application/json\r\ncontent-type: text/plain\r\nX-Many: 1\r\nx-many:  2 \r\nBT_HEADER_AXON_STATUS_CODE: 200\r\nx-latin: caf\xe9\r\ncontent-length: 2\r\n\r\n{}'],
    },
    'no length: the body runs to the end of the connection': {expect: {body: 'all of it', kind: 'reply'}, pieces: ['HTTP/1.1 200 OK\r\ncontent-type: application/json\r\n\r\nall ', 'of it']},
    '204: no body': {expect: {body: '', kind: 'reply', status: 204}, pieces: ['HTTP/1.1 204 No Content\r\n\r\n'], opts: {end: false}},
    'HTTP/1.0 with a length': {expect: {body: 'ok', kind: 'reply'}, pieces: ['HTTP/1.0 200 OK\r\ncontent-length: 2\r\n\r\nok']},
    'closed before a reply': {expect: {during: 'before-reply', kind: 'error'}, pieces: []},
    'closed in the middle of the head': {expect: {during: 'before-reply', kind: 'error'}, pieces: ['HTTP/1.1 200 OK\r\ncontent-le']},
    'closed in the middle of a content-length body': {expect: {during: 'reply', kind: 'error'}, pieces: ['HTTP/1.1 200 OK\r\ncontent-length: 100\r\n\r\nonly ten..']},
    'closed in the middle of a chunked body': {expect: {during: 'reply', kind: 'error'}, pieces: ['HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n5\r\nhello\r\n']},
    'not HTTP at all': {expect: {during: 'before-reply', kind: 'error'}, pieces: ['SSH-2.0-OpenSSH_9.6\r\n\r\n']},
    'a bad content-length': {expect: {during: 'before-reply', kind: 'error'}, pieces: ['HTTP/1.1 200 OK\r\ncontent-length: 12abc\r\n\r\nx']},
    'a bad chunk size': {expect: {during: 'reply', kind: 'error'}, pieces: ['HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\nzz\r\nhello\r\n0\r\n\r\n'], opts: {end: false}},
    'a value with a non-breaking space at its end (latin1 0xa0: kept, only spaces and tabs are trimmed)': {expect: {kind: 'reply'}, pieces: [Buffer.from('HTTP/1.1 200 OK\r\nx-nbsp: \tv\xa0 \r\ncontent-length: 0\r\n\r\n', 'latin1')]},
    'a bare LF inside a header value': {expect: {during: 'before-reply', kind: 'error'}, pieces: ['HTTP/1.1 200 OK\r\nx-a: 1\nx-b: 2\r\ncontent-length: 0\r\n\r\n'], opts: {end: false}},
    'a control character in a header value': {expect: {during: 'before-reply', kind: 'error'}, pieces: ['HTTP/1.1 200 OK\r\nx-a: 1\x01\r\ncontent-length: 0\r\n\r\n'], opts: {end: false}},
    'a head over 16 KiB': {expect: {during: 'before-reply', kind: 'error'}, pieces: [`HTTP/1.1 200 OK\r\nx-big: ${'a'.repeat(17_000)}\r\ncontent-length: 0\r\n\r\n`], opts: {end: false}},
  }

  for (const [name, c] of Object.entries(replies)) {
    it(name, async () => {
      const {node, ours} = await both(c.pieces, c.opts)
      expect(ours).toEqual(node)
      expect(ours).toMatchObject(c.expect)
    })
  }
})

describe('the dendrite HTTP/1.1 client keeps connections as a keep-alive agent does', () => {
  /** A keep-alive server answering every request with `reply(n)` (n = 1, 2… per server). */
  async function keepAlive(reply: (n: number) => string): Promise<{port: number; connections: () => number; close: () => Promise<void>}> {
    let connections = 0
    let n = 0
    const srv = await tcpServer((s) => {
      connections++
      onRequests(s, () => s.write(reply(++n)))
    })
    return {...srv, connections: () => connections}
  }

  const run = (pool: Http1Pool, port: number) =>
    new Promise<{status: number; body: string; reused: boolean}>((resolve, reject) => {
      let status = 0
      const parts: Buffer[] = []
      const ex = pool.request('127.0.0.1', port, serializeRequest('127.0.0.1', port, '/x', {'content-length': '0'}, ''), {
        onData: (c) => parts.push(c),
        onEnd: () => resolve({body: Buffer.concat(parts).toString(), reused: ex.reusedSocket, status}),
        onError: reject,
        onHead: (s) => (status = s),
      })
    })

  it('one connection for sequential requests; a reply that says close, HTTP/1.0 or sends extra bytes is not reused', async () => {
    const plain = await keepAlive((n) => `HTTP/1.1 200 OK\r\ncontent-length: ${String(n).length}\r\n\r\n${n}`)
    const pool = new Http1Pool()
    pools.push(pool)
    const rows = [await run(pool, plain.port), await run(pool, plain.port), await run(pool, plain.port)]
    expect(rows.map((r) => [r.body, r.reused])).toEqual([['1', false], ['2', true], ['3', true]])
    expect(plain.connections()).toBe(1)
    expect(pool.idleSockets).toBe(1)
    await plain.close()

    for (const reply of ['HTTP/1.1 200 OK\r\nconnection: close\r\ncontent-length: 1\r\n\r\nx', 'HTTP/1.0 200 OK\r\ncontent-length: 1\r\n\r\nx', 'HTTP/1.1 200 OK\r\ncontent-length: 1\r\n\r\nxEXTRA']) {
      const srv = await keepAlive(() => reply)
      const p = new Http1Pool()
      pools.push(p)
      expect((await run(p, srv.port)).body).toBe('x')
      expect((await run(p, srv.port)).reused).toBe(false)
      expect(srv.connections()).toBe(2)
      await srv.close()
    }
  })

  it('a pooled connection the server closed is dropped from the pool; destroy closes the idle ones', async () => {
    const srv = await keepAlive(() => 'HTTP/1.1 200 OK\r\ncontent-length: 1\r\n\r\nx')
    const pool = new Http1Pool()
    pools.push(pool)
    await run(pool, srv.port)
    expect(pool.idleSockets).toBe(1)
    await srv.close()
    await new Promise((r) => setTimeout(r, 50))
    expect(pool.idleSockets).toBe(0)
  })

  it('refuses a header value Node would refuse, before anything is sent', () => {
    expect(() => serializeRequest('127.0.0.1', 1, '/x', {a: 'line\r\nbreak'}, '')).toThrow(/Invalid character in header content/)
    expect(() => serializeRequest('127.0.0.1', 1, '/x', {'bad name': 'x'}, '')).toThrow(/valid HTTP token/)
    expect(serializeRequest('::1', 8091, '/x', {}, '')).toContain('Host: [::1]:8091\r\n')
  })
})
