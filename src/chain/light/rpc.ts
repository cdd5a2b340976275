/**
 * Plain JSON-RPC over one websocket (the `ws` package): no API library, no set-up requests. Requests made in the
 * same turn of the event loop (a `Promise.all`) leave together as one JSON-RPC batch: one round trip. Each request
 * has the connection's read deadline.
 */
import type WebSocket from 'ws'

import {NetworkError} from '../../errors.js'
import {ReadPlan} from './plan.js'

interface Answer {
  id?: number
  result?: unknown
  error?: {code?: number; message?: string}
}

interface Pending {
  method: string
  resolve: (v: unknown) => void
  reject: (e: Error) => void
  timer: NodeJS.Timeout
}

export class LightRpc {
  private nextId = 1
  private readonly pending = new Map<number, Pending>()
  private readonly outbox: {id: number; jsonrpc: '2.0'; method: string; params: unknown[]}[] = []
  private closedError?: Error
  /** the read plan (./plan.ts), when the connection was opened with one */
  private plan?: ReadPlan

  private constructor(
    private readonly ws: WebSocket,
    readonly endpoint: string,
    readonly timeoutMs: number,
  ) {
    ws.on('message', (data) => this.onMessage(data.toString()))
    ws.on('close', () => this.failAll(new NetworkError(`connection to ${endpoint} closed`, {code: 'Disconnected'})))
    ws.on('error', (e) => this.failAll(new NetworkError(`connection to ${endpoint} failed: ${(e as Error).message}`, {code: 'Disconnected'})))
  }

  /**
   * Open the socket. Rejects with a NetworkError `Timeout` (the same words as the full client) when the endpoint
   * does not answer within `timeoutMs`, and with a plain Error on any other failure to connect.
   */
  static async open(endpoint: string, timeoutMs: number): Promise<LightRpc> {
    const {default: WS} = await import('ws')
    const ws = new WS(endpoint, {perMessageDeflate: false})
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        ws.terminate()
        reject(new NetworkError(`connecting to ${endpoint}: no answer within ${Math.round(timeoutMs / 100) / 10} s`, {code: 'Timeout'}))
      }, timeoutMs)
      ws.once('open', () => {
        clearTimeout(timer)
        resolve()
      })
      ws.once('error', (e) => {
        clearTimeout(timer)
        reject(e)
      })
    })
    return new LightRpc(ws, endpoint, timeoutMs)
  }

  /** Remember this run's reads in `file` and ask for last run's ahead (./plan.ts); call before `pin`. */
  usePlan(file: string): void {
    this.plan ??= new ReadPlan(file)
  }

  /**
   * The block this command's reads are pinned to is known: with a plan, last run's reads leave now, at it (in the
   * same batch as the command's next requests, which are made before the batch is flushed).
   */
  pin(hash: string, genesis: string): void {
    this.plan?.pin(hash, genesis, (m, p, w) => this.send(m, p, w))
  }

  /** Keep no plan from this run (the light path stepped aside). */
  discardPlan(): void {
    this.plan?.discard()
  }

  /** One request; `what` names it in a deadline error. */
  call<T>(method: string, params: unknown[] = [], what = method): Promise<T> {
    const plan = this.plan
    if (plan?.hash !== undefined && params.length > 0 && params.at(-1) === plan.hash && !this.closedError) {
      const served = plan.serve(method, params, what, (m, p, w) => this.send(m, p, w))
      if (served) return served as Promise<T>
    }
    return this.send<T>(method, params, what)
  }

  private send<T>(method: string, params: unknown[], what: string): Promise<T> {
    if (this.closedError) return Promise.reject(this.closedError)
    const id = this.nextId++
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id)
        reject(new NetworkError(`${what} (${this.endpoint}): no answer within ${Math.round(this.timeoutMs / 100) / 10} s`, {code: 'Timeout'}))
      }, this.timeoutMs)
      this.pending.set(id, {method, reject, resolve: resolve as (v: unknown) => void, timer})
      this.outbox.push({id, jsonrpc: '2.0', method, params})
      // requests made in the same turn of the event loop leave together, as one JSON-RPC batch
      if (this.outbox.length === 1) setImmediate(() => this.flush())
    })
  }

  private flush(): void {
    const batch = this.outbox.splice(0)
    if (batch.length === 0 || this.closedError) return
    this.ws.send(JSON.stringify(batch.length === 1 ? batch[0] : batch))
  }

  async close(): Promise<void> {
    if (!this.closedError) this.plan?.save()
    this.failAll(new NetworkError(`connection to ${this.endpoint} closed`, {code: 'Disconnected'}))
    if (this.ws.readyState === this.ws.CLOSED) return
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        this.ws.terminate()
        resolve()
      }, 1000)
      this.ws.once('close', () => {
        clearTimeout(timer)
        resolve()
      })
      this.ws.close()
    })
  }

  private onMessage(text: string): void {
    let parsed: Answer | Answer[]
    try {
      parsed = JSON.parse(text)
    } catch {
      return
    }
    for (const msg of Array.isArray(parsed) ? parsed : [parsed]) this.settle(msg)
  }

  private settle(msg: Answer): void {
    const p = msg.id === undefined ? undefined : this.pending.get(msg.id)
    if (!p) return
    this.pending.delete(msg.id!)
    clearTimeout(p.timer)
    if (msg.error) p.reject(new NetworkError(`${p.method}: ${msg.error.code ?? ''}: ${msg.error.message ?? 'error'}`, {code: 'Rpc'}))
    else p.resolve(msg.result)
  }

  private failAll(error: Error): void {
    this.closedError ??= error
    for (const [id, p] of this.pending) {
      clearTimeout(p.timer)
      p.reject(error)
      this.pending.delete(id)
    }
  }
}
