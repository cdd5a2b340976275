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
import {LightRpc} from '../../src/chain/light/rpc.js'

/** A dev call can wait for blocks being built: a loaded machine took over 60 s for a few late in a full run. */
const DEADLINE_MS = 100_000

/** One JSON-RPC call on tao's own plain client (src/chain/light/rpc.ts), on a connection of its own. */
export async function rawCall<T = unknown>(endpoint: string, method: string, params: unknown[] = []): Promise<T> {
  const rpc = await LightRpc.open(endpoint, DEADLINE_MS)
  try {
    return await rpc.call<T>(method, params)
  } finally {
    await rpc.close()
  }
}

/** Set the chain's head back to `base` and build one new block on it; says so on stderr if transactions were still pooled. */
export async function resetChain(endpoint: string, base: string): Promise<void> {
  const rpc = await LightRpc.open(endpoint, DEADLINE_MS)
  try {
    const pooled = await rpc.call<string[]>('author_pendingExtrinsics')
    await rpc.call('dev_setHead', [base])
    await rpc.call('dev_newBlock', [{count: 1}])
    if (pooled.length > 0) console.warn(`chain reset: ${pooled.length} extrinsic(s) were still pooled from the previous file`)
  } finally {
    await rpc.close()
  }
}
