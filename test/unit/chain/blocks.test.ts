import {describe, expect, it} from 'vitest'

import type {Chain} from '../../../src/chain/client.js'

import {waitForBlock} from '../../../src/chain/blocks.js'

/** A chain whose new-heads subscription is driven by the test. */
function fakeChain() {
  const subs = new Set<(h: {number: {toNumber(): number}}) => void>()
  const chain = {
    api: {rpc: {chain: {subscribeNewHeads: async (cb: (h: {number: {toNumber(): number}}) => void) => (subs.add(cb), () => subs.delete(cb))}}},
    endpoint: 'ws://fake',
    timeoutMs: 1000,
  } as unknown as Chain
  const head = (n: number) => subs.forEach((cb) => cb({number: {toNumber: () => n}}))
  return {chain, head, subs}
}

describe('waitForBlock', () => {
  it('resolves at the first head at or past the target and unsubscribes', async () => {
    const {chain, head, subs} = fakeChain()
    const p = waitForBlock(chain, 12)
    await new Promise((r) => setTimeout(r, 0))
    head(10)
    head(13)
    expect(await p).toBe(13)
    expect(subs.size).toBe(0)
  })
  it('resolves undefined when aborted', async () => {
    const {chain, subs} = fakeChain()
    const stop = new AbortController()
    const p = waitForBlock(chain, 12, stop.signal)
    await new Promise((r) => setTimeout(r, 0))
    stop.abort()
    expect(await p).toBeUndefined()
    expect(subs.size).toBe(0)
  })
})
