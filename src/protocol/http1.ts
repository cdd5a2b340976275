/**
 * The dendrite's HTTP/1.1 client: one POST per exchange on a keep-alive TCP connection, the request written as one
 * pre-serialized string, the reply read by a small incremental parser. Node's `http` client (ClientRequest, the
 * agent, IncomingMessage and their streams) cost about half of a fan-out's CPU per request and most of a new
 * process's first round (cold code); this does the same exchange with a fraction of the work.
 *
 * What it keeps from Node's client, so a reply reads the same: the request's bytes (the caller's headers in order,
 * then `Host` and `Connection: keep-alive`, head and string body written together as UTF-8); reply header names
 * lower-cased, values read as latin1, duplicates combined as `IncomingMessage` does (the first kept for the
 * single-valued ones, `set-cookie` a list, the rest joined with ", "); framing by `Transfer-Encoding: chunked`,
 * `Content-Length` or the connection's end; 1xx replies skipped; a connection that closes before a reply is
 * `ECONNRESET` "socket hang up"; a malformed reply is a parse error (code `HPE_…`) and the connection is dropped.
 * A connection is reused only after a complete reply that did not ask to close and left nothing unread.
 */
import net from 'node:net'

/** Idle keep-alive sockets close after this long (before uvicorn's 5 s keep-alive timeout). */
export const IDLE_MS = 4000
/** TCP keep-alive probes start after this long idle */
export const KEEPALIVE_MS = 1000
/** A warmed-up connection not taken by a request within this long is closed, not used. */
export const WARM_MAX_AGE_MS = 3000
/** Node's default limit on a reply's head (--max-http-header-size) */
const MAX_HEAD_BYTES = 16 * 1024

export type Http1Headers = Record<string, string | string[] | undefined>

export interface Http1Handlers {
  /** the reply's status and headers (after any 1xx) */
  onHead(status: number, headers: Http1Headers): void
  /** a piece of the body as it arrived (chunked framing removed) */
  onData(chunk: Buffer): void
  /** the reply ended complete */
  onEnd(): void
  /** the exchange failed: no connection, closed before or during the reply, or an unreadable reply */
  onError(error: NodeJS.ErrnoException): void
}

export interface Http1Exchange {
  /** the request went out on a connection that had been open and idle (a server may have closed it meanwhile) */
  readonly reusedSocket: boolean
  /** end the exchange now and drop its connection (no handler is called after) */
  abort(): void
}

interface Warm {
  socket: net.Socket
  at: number
  drop: () => void
}

// IncomingMessage._addHeaderLine: these keep their first value
const SINGLE = new Set(['age', 'authorization', 'content-length', 'content-type', 'etag', 'expires', 'from', 'host', 'if-modified-since', 'if-unmodified-since', 'last-modified', 'location', 'max-forwards', 'proxy-authorization', 'referer', 'retry-after', 'server', 'user-agent'])
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/
// what Node refuses in a request header value (ERR_INVALID_CHAR) and in a reply's (HPE_INVALID_HEADER_TOKEN)
const BAD_VALUE = /[^\t\x20-\x7e\x80-\xff]/
const BAD_HEAD = /[^\t\r\n\x20-\x7e\x80-\xff]/
const LONE_CR_LF = /\r(?!\n)|(?<!\r)\n/

/** A header value without the optional whitespace (spaces and tabs only) around it. */
function ows(v: string): string {
  let a = 0
  let b = v.length
  while (a < b && (v.charCodeAt(a) === 32 || v.charCodeAt(a) === 9)) a++
  while (b > a && (v.charCodeAt(b - 1) === 32 || v.charCodeAt(b - 1) === 9)) b--
  return a === 0 && b === v.length ? v : v.slice(a, b)
}

function parseError(code: string, reason: string): NodeJS.ErrnoException {
  const e = new Error(`Parse Error: ${reason}`) as NodeJS.ErrnoException
  e.code = code
  return e
}

function hangUp(): NodeJS.ErrnoException {
  const e = new Error('socket hang up') as NodeJS.ErrnoException
  e.code = 'ECONNRESET'
  return e
}

function addHeader(h: Http1Headers, name: string, value: string): void {
  const prev = h[name]
  if (prev === undefined) h[name] = name === 'set-cookie' ? [value] : value
  else if (name === 'set-cookie') (prev as string[]).push(value)
  else if (!SINGLE.has(name)) h[name] = `${prev as string}${name === 'cookie' ? '; ' : ', '}${value}`
}

/** The request's bytes: `POST path`, the caller's headers in order, then Host, Connection and the body. */
export function serializeRequest(host: string, port: number, path: string, headers: Record<string, string>, body: string): string {
  let head = `POST ${path} HTTP/1.1\r\n`
  for (const name in headers) {
    const value = headers[name]!
    if (!TOKEN.test(name)) throw Object.assign(new TypeError(`Header name must be a valid HTTP token ["${name}"]`), {code: 'ERR_INVALID_HTTP_TOKEN'})
    if (BAD_VALUE.test(value)) throw Object.assign(new TypeError(`Invalid character in header content ["${name}"]`), {code: 'ERR_INVALID_CHAR'})
    head += `${name}: ${value}\r\n`
  }
  const hostText = host.includes(':') && !host.startsWith('[') ? `[${host}]` : host
  head += `Host: ${hostText}${port === 80 ? '' : `:${port}`}\r\nConnection: keep-alive\r\n\r\n`
  return head + body
}

/**
 * An incremental reader of one reply. `feed` returns the bytes after the reply's end (another reply's, or garbage)
 * once it is complete, `undefined` while it wants more.
 */
class ReplyParser {
  private head: Buffer | undefined
  private state: 'head' | 'length' | 'chunk-size' | 'chunk-data' | 'chunk-crlf' | 'trailer' | 'close' | 'done' = 'head'
  private remaining = 0
  private line: Buffer | undefined
  keepAlive = true

  constructor(private readonly h: Pick<Http1Handlers, 'onHead' | 'onData'>) {}

  /** Bytes in; throws a parse error. */
  feed(data: Buffer): Buffer | undefined {
    let buf = data
    while (buf.length > 0 || this.state === 'done') {
      switch (this.state) {
        case 'head': {
          const all = this.head ? Buffer.concat([this.head, buf]) : buf
          const end = all.indexOf('\r\n\r\n')
          if (end < 0) {
            if (all.length > MAX_HEAD_BYTES) throw parseError('HPE_HEADER_OVERFLOW', 'Header overflow')
            this.head = all
            return undefined
          }
          if (end > MAX_HEAD_BYTES) throw parseError('HPE_HEADER_OVERFLOW', 'Header overflow')
          this.head = undefined
          buf = all.subarray(end + 4)
          this.readHead(all.toString('latin1', 0, end))
          break
        }
        case 'close':
          this.h.onData(buf)
          return undefined
        case 'chunk-size':
        case 'chunk-crlf':
        case 'trailer': {
          const nl = buf.indexOf(10)
          const part = nl < 0 ? buf : buf.subarray(0, nl + 1)
          this.line = this.line ? Buffer.concat([this.line, part]) : part
          buf = nl < 0 ? buf.subarray(buf.length) : buf.subarray(nl + 1)
          if (this.line.length > MAX_HEAD_BYTES) throw parseError('HPE_CHUNK_EXTENSIONS_OVERFLOW', 'Chunk line overflow')
          if (nl < 0) return undefined
          const text = this.line.toString('latin1')
          this.line = undefined
          if (!text.endsWith('\r\n')) throw parseError('HPE_STRICT', 'Expected CRLF')
          this.readLine(text.slice(0, -2))
          break
        }
        case 'length':
        case 'chunk-data': {
          // a Content-Length body, or one chunk's data: up to `remaining` bytes, then the end or the chunk's CRLF
          const n = Math.min(this.remaining, buf.length)
          const piece = buf.subarray(0, n)
          buf = buf.subarray(n)
          this.remaining -= n
          if (this.remaining === 0) this.state = this.state === 'length' ? 'done' : 'chunk-crlf'
          if (piece.length > 0) this.h.onData(piece)
          break
        }
        case 'done':
          return buf
      }
    }
    return undefined
  }

  /** The connection ended: the end of a read-to-close body, else a cut reply. */
  eof(): 'complete' | 'before-reply' | 'mid-reply' {
    if (this.state === 'close') {
      this.state = 'done'
      return 'complete'
    }
    return this.state === 'head' ? 'before-reply' : 'mid-reply'
  }

  private readLine(text: string): void {
    if (this.state === 'chunk-crlf') {
      if (text !== '') throw parseError('HPE_STRICT', 'Expected LF after chunk data')
      this.state = 'chunk-size'
      return
    }
    if (this.state === 'trailer') {
      if (text === '') this.state = 'done'
      return
    }
    const size = text.split(';')[0]!.trim()
    if (!/^[0-9a-fA-F]{1,12}$/.test(size)) throw parseError('HPE_INVALID_CHUNK_SIZE', 'Invalid character in chunk size')
    this.remaining = Number.parseInt(size, 16)
    this.state = this.remaining === 0 ? 'trailer' : 'chunk-data'
  }

  private readHead(text: string): void {
    const lines = text.split('\r\n')
    const m = /^HTTP\/1\.([01]) (\d{3})(?: .*)?$/.exec(lines[0]!)
    if (!m) throw parseError('HPE_INVALID_CONSTANT', 'Expected HTTP/')
    const minor = Number(m[1])
    const status = Number(m[2])
    // one pass over the whole head for characters no header may hold (then per line only the name's syntax)
    if (BAD_HEAD.test(text) || LONE_CR_LF.test(text)) throw parseError('HPE_INVALID_HEADER_TOKEN', 'Invalid header value char')
    const headers: Http1Headers = {}
    for (let i = 1; i < lines.length; i++) {
      const line = lines[i]!
      const colon = line.indexOf(':')
      if (colon <= 0) throw parseError('HPE_INVALID_HEADER_TOKEN', 'Invalid header token')
      const name = line.slice(0, colon)
      if (!TOKEN.test(name)) throw parseError('HPE_INVALID_HEADER_TOKEN', 'Invalid header token')
      addHeader(headers, name.toLowerCase(), ows(line.slice(colon + 1)))
    }
    if (status >= 100 && status < 200) return // 100 Continue, 103 Early Hints…: the reply follows (state stays 'head')
    const connection = String(headers.connection ?? '').toLowerCase()
    this.keepAlive = minor === 1 ? !/\bclose\b/.test(connection) : /\bkeep-alive\b/.test(connection)
    const te = headers['transfer-encoding']
    const cl = headers['content-length'] as string | undefined
    if (te !== undefined) {
      if (cl !== undefined) throw parseError('HPE_UNEXPECTED_CONTENT_LENGTH', 'Content-Length can\'t be present with Transfer-Encoding')
      if (/(^|,)\s*chunked\s*$/i.test(String(te))) this.state = 'chunk-size'
      else {
        this.state = 'close'
        this.keepAlive = false
      }
    } else if (status === 204 || status === 304) {
      this.state = 'done'
    } else if (cl !== undefined) {
      if (!/^\d{1,15}$/.test(cl)) throw parseError('HPE_INVALID_CONTENT_LENGTH', 'Invalid character in Content-Length')
      this.remaining = Number(cl)
      this.state = this.remaining === 0 ? 'done' : 'length'
    } else {
      this.state = 'close'
      this.keepAlive = false
    }
    this.h.onHead(status, headers)
  }
}

/** Keep-alive connections per host:port, with warm-up: connections opened ahead of their requests. */
export class Http1Pool {
  private readonly free = new Map<string, net.Socket[]>()
  private readonly warm = new Map<string, Warm>()
  private destroyed = false

  /** Free sockets waiting for a request, all endpoints (for tests). */
  get idleSockets(): number {
    let n = 0
    for (const list of this.free.values()) n += list.length
    return n
  }

  /**
   * Open a connection to host:port unless one is free in the pool or already opening. Resolves when it is
   * connected (true) or failed (false); `undefined` when nothing was opened.
   */
  warmUp(host: string, port: number): Promise<boolean> | undefined {
    const key = `${host}|${port}`
    if (this.destroyed || this.warm.has(key) || (this.free.get(key)?.length ?? 0) > 0) return undefined
    const socket = this.connect(host, port)
    socket.unref()
    return new Promise<boolean>((resolve) => {
      const drop = () => {
        if (this.warm.get(key)?.socket === socket) this.warm.delete(key)
        socket.destroy()
        resolve(false)
      }
      socket.once('connect', () => resolve(true))
      socket.on('error', drop)
      socket.on('timeout', drop)
      socket.on('close', drop)
      this.warm.set(key, {at: performance.now(), drop, socket})
    })
  }

  /** One request (`data`: what `serializeRequest` made) and its reply, through the handlers. */
  request(host: string, port: number, data: string, h: Http1Handlers): Http1Exchange {
    const key = `${host}|${port}`
    let socket: net.Socket | undefined
    let reused = false
    const list = this.free.get(key)
    while (list && list.length > 0 && !socket) {
      const s = list.pop()!
      if (!s.destroyed) {
        socket = s
        reused = true
        this.unpool(s)
      }
    }
    if (!socket) {
      const w = this.warm.get(key)
      if (w) {
        this.warm.delete(key)
        const s = w.socket
        s.off('error', w.drop)
        s.off('timeout', w.drop)
        s.off('close', w.drop)
        if (!s.destroyed && performance.now() - w.at < WARM_MAX_AGE_MS) {
          socket = s
          reused = !s.connecting
        } else s.destroy()
      }
    }
    socket ??= this.connect(host, port)
    const s = socket
    s.ref()
    s.setTimeout(0)
    let over = false
    // nothing reaches the caller once the exchange is over (a handler may abort it from onHead or onData)
    const parser = new ReplyParser({
      onData: (c) => over || h.onData(c),
      onHead: (status, headers) => over || h.onHead(status, headers),
    })
    const detach = () => {
      over = true
      s.off('data', onData)
      s.off('end', onEnd)
      s.off('error', onError)
      s.off('close', onEnd)
    }
    const fail = (error: NodeJS.ErrnoException) => {
      if (over) return
      detach()
      s.destroy()
      h.onError(error)
    }
    const complete = (rest: Buffer) => {
      detach()
      h.onEnd()
      if (parser.keepAlive && rest.length === 0 && !s.destroyed && s.writable && s.readable && !this.destroyed) this.pool(key, s)
      else s.destroy()
    }
    function onData(chunk: Buffer) {
      if (over) return
      let rest: Buffer | undefined
      try {
        rest = parser.feed(chunk)
      } catch (error) {
        fail(error as NodeJS.ErrnoException)
        return
      }
      if (rest !== undefined && !over) complete(rest)
    }
    function onEnd() {
      if (over) return
      const how = parser.eof()
      if (how === 'complete') complete(Buffer.alloc(0))
      else if (how === 'before-reply') fail(hangUp())
      else {
        const e = new Error('aborted') as NodeJS.ErrnoException
        e.code = 'ECONNRESET'
        fail(e)
      }
    }
    function onError(error: NodeJS.ErrnoException) {
      fail(error)
    }
    s.on('data', onData)
    s.on('end', onEnd)
    s.on('close', onEnd)
    s.on('error', onError)
    s.write(data, 'utf8')
    return {
      abort() {
        if (over) return
        detach()
        s.destroy()
      },
      reusedSocket: reused,
    }
  }

  /** Close every pooled and warmed-up connection (requests in flight keep theirs until they end). */
  destroy(): void {
    this.destroyed = true
    for (const w of this.warm.values()) w.socket.destroy()
    this.warm.clear()
    for (const list of this.free.values()) for (const s of list) s.destroy()
    this.free.clear()
  }

  private connect(host: string, port: number): net.Socket {
    return net.createConnection({host, keepAlive: true, keepAliveInitialDelay: KEEPALIVE_MS, noDelay: true, port, timeout: IDLE_MS})
  }

  private readonly pooled = new WeakMap<net.Socket, () => void>()

  private pool(key: string, s: net.Socket): void {
    let list = this.free.get(key)
    if (!list) this.free.set(key, (list = []))
    list.push(s)
    s.unref()
    s.setTimeout(IDLE_MS)
    const gone = () => {
      this.unpool(s)
      const l = this.free.get(key)
      const i = l ? l.indexOf(s) : -1
      if (i >= 0) l!.splice(i, 1)
      if (l && l.length === 0) this.free.delete(key)
      s.destroy()
    }
    s.on('timeout', gone)
    s.on('close', gone)
    s.on('error', gone)
    // a pooled socket with bytes arriving is a server talking out of turn: drop it
    s.on('data', gone)
    this.pooled.set(s, gone)
  }

  private unpool(s: net.Socket): void {
    const gone = this.pooled.get(s)
    if (!gone) return
    this.pooled.delete(s)
    s.off('timeout', gone)
    s.off('close', gone)
    s.off('error', gone)
    s.off('data', gone)
  }
}
