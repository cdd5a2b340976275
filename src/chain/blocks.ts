/**
 * Waiting for the chain's head: a new-heads subscription instead of polling. Used by long-running services that act
 * once per tempo (the validator loop).
 */
import type {Chain} from './client.js'

import {deadline} from './client.js'

/**
 * Resolve with the head's number once the best block is at least `target` (at once when it already is), or with
 * undefined when `signal` aborts first. Rejects when the subscription cannot be opened.
 */
export async function waitForBlock(chain: Chain, target: number, signal?: AbortSignal): Promise<number | undefined> {
  if (signal?.aborted) return undefined
  let unsub: (() => void) | undefined
  let settle!: (n: number | undefined) => void
  const reached = new Promise<number | undefined>((resolve) => {
    settle = resolve
  })
  const onAbort = () => settle(undefined)
  signal?.addEventListener('abort', onAbort, {once: true})
  try {
    unsub = await deadline(
      chain,
      chain.api.rpc.chain.subscribeNewHeads((header) => {
        const n = header.number.toNumber()
        if (n >= target) settle(n)
      }),
      'subscribing to new blocks',
    )
    return await reached
  } finally {
    signal?.removeEventListener('abort', onAbort)
    unsub?.()
  }
}
