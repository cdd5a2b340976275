/**
 * Keeping a long-running service connected: tell a lost connection from other errors, and reconnect (the same or the
 * next configured endpoint, `chain.reconnect`) with exponential backoff until it works or the service stops. Each
 * reconnect is one `chain.reconnect` event on the Ui (from, to, attempt); each failed attempt one warning.
 */
import type {Ui} from '../ui.js'
import type {Chain} from './client.js'

import {NetworkError, isTaoError} from '../errors.js'
import {waitForBlock} from './blocks.js'

/** Backoff before attempt `n` (1-based): none for the first, then 1 s, 2 s, 4 s … capped at `capMs`. */
export function backoffMs(n: number, capMs = 30_000, baseMs = 1000): number {
  return n <= 1 ? 0 : Math.min(capMs, baseMs * 2 ** (n - 2))
}

/** Was this error (or the state of the connection) a lost connection rather than an answer from the chain? */
export function isConnectionLoss(chain: Chain, error: unknown): boolean {
  if (!chain.api.isConnected) return true
  if (isTaoError(error)) return error instanceof NetworkError && ['Disconnected', 'NotSent', 'Timeout', 'Unreachable'].includes(error.code)
  const msg = String((error as Error)?.message ?? error)
  return /not connected|disconnected|connection (?:to .* )?closed|abnormal closure|\b1006\b|socket hang up|ECONNRESET|ECONNREFUSED/i.test(msg)
}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    if (ms <= 0 || signal?.aborted) return resolve()
    const t = setTimeout(done, ms)
    function done() {
      clearTimeout(t)
      signal?.removeEventListener('abort', done)
      resolve()
    }
    signal?.addEventListener('abort', done, {once: true})
  })

/**
 * Reconnect until it works (true) or `signal` aborts (false). Throws the original error when the chain cannot
 * reconnect at all (no `reconnect`: a connection opened without a client), or a WrongChain error.
 */
export async function reconnectWithBackoff(chain: Chain, ui: Pick<Ui, 'event' | 'warn'>, opts: {signal?: AbortSignal; capMs?: number; baseMs?: number; cause?: unknown} = {}): Promise<boolean> {
  if (!chain.reconnect) throw opts.cause ?? new NetworkError(`the connection to ${chain.endpoint} was lost`, {code: 'Disconnected'})
  const from = chain.endpoint
  for (let attempt = 1; ; attempt++) {
    const wait = backoffMs(attempt, opts.capMs, opts.baseMs)
    await sleep(wait, opts.signal)
    if (opts.signal?.aborted) return false
    try {
      await chain.reconnect()
      ui.event('chain.reconnect', {attempt, from, message: `connection to ${from} lost; reconnected to ${chain.endpoint} (attempt ${attempt})`, to: chain.endpoint}, 'warn')
      return true
    } catch (error) {
      if (isTaoError(error) && error.code === 'WrongChain') throw error
      const next = backoffMs(attempt + 1, opts.capMs, opts.baseMs)
      ui.warn(`reconnect attempt ${attempt} failed (${String((error as Error).message ?? error).split('\n')[0]}); next in ${Math.round(next / 1000)} s`)
    }
  }
}

/** Resolve when the connection closes (or at once when it is closed); `off` stops listening. */
export function whenDisconnected(chain: Chain): {closed: Promise<void>; off: () => void} {
  let off = () => {}
  const closed = new Promise<void>((resolve) => {
    if (!chain.api.isConnected) return resolve()
    const api = chain.api
    const on = () => resolve()
    api.on('disconnected', on)
    off = () => api.off('disconnected', on)
  })
  return {closed, off}
}

/**
 * `waitForBlock` that notices a lost connection: rejects (NetworkError `Disconnected`) when the connection closes
 * while waiting, where a new-heads subscription would just go quiet. Undefined when `signal` aborts.
 */
export async function waitForBlockOnline(chain: Chain, target: number, signal?: AbortSignal): Promise<number | undefined> {
  if (!chain.api.isConnected) throw new NetworkError(`not connected to ${chain.endpoint}`, {code: 'Disconnected'})
  const lost = whenDisconnected(chain)
  const local = new AbortController()
  const onAbort = () => local.abort()
  signal?.addEventListener('abort', onAbort, {once: true})
  try {
    return await Promise.race([
      waitForBlock(chain, target, local.signal),
      lost.closed.then(() => {
        local.abort()
        throw new NetworkError(`the connection to ${chain.endpoint} closed`, {code: 'Disconnected'})
      }),
    ])
  } finally {
    lost.off()
    signal?.removeEventListener('abort', onAbort)
  }
}
