/**
 * Every integration file starts on the suite chain as it was when the suite started: the head is set back to the
 * block the suite began at and one fresh block is built on it (so `dev_setStorage` at a file's first step writes
 * into that file's own block, never into the shared base).
 *
 * Why: with every file's blocks, subnets and neurons on one chain, blocks late in a full run took 20-40× as long to
 * build as on a fresh chain (shield-reveal: 261 s in the suite, 12 s alone; the whole integration run 3902 s before,
 * ~1500 s after). Part of it is chopsticks itself: it keeps each block's state as a layer over its parent's and reads
 * a key not written since through every layer (empty blocks on a fresh localnet: ~310 ms each at first, ~540 ms
 * after 900 blocks); the rest is the state the files leave, which every block's runtime work walks. Set back, each
 * file sees what it sees when run alone, and no file's state (subnets, stakes, rate-limit counters) reaches the next.
 */
import WebSocket from 'ws'

/** One JSON-RPC call over a short-lived websocket. */
export async function rawCall<T = unknown>(endpoint: string, method: string, params: unknown[] = []): Promise<T> {
  const ws = new WebSocket(endpoint)
  try {
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve())
      ws.once('error', reject)
    })
    return await new Promise<T>((resolve, reject) => {
      ws.once('message', (data) => {
        const reply = JSON.parse(String(data))
        if (reply.error) reject(new Error(`${method}: ${reply.error.message ?? JSON.stringify(reply.error)}`))
        else resolve(reply.result as T)
      })
      ws.once('error', reject)
      ws.send(JSON.stringify({id: 1, jsonrpc: '2.0', method, params}))
    })
  } finally {
    ws.close()
  }
}

/** Set the chain's head back to `base` and build one new block on it; says so on stderr if transactions were still pooled. */
export async function resetChain(endpoint: string, base: string): Promise<void> {
  const pooled = await rawCall<string[]>(endpoint, 'author_pendingExtrinsics')
  await rawCall(endpoint, 'dev_setHead', [base])
  await rawCall(endpoint, 'dev_newBlock', [{count: 1}])
  if (pooled.length > 0) console.warn(`chain reset: ${pooled.length} extrinsic(s) were still pooled from the previous file`)
}
