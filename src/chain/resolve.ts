/**
 * What happened to a submitted extrinsic: found in a block of its mortality window (succeeded or failed),
 * provably unable to land (its era is over, or its nonce was used by another transaction), or still able to
 * land until a known block. Used after a lost connection (submit) and by `tx status`.
 */
import type {EventRecord} from '@polkadot/types/interfaces'

import type {Chain} from './client.js'
import type {JournalEntry} from './journal.js'

export type ResolvedStatus = 'succeeded' | 'failed' | 'pending' | 'expired' | 'superseded' | 'unknown'

export interface Resolution {
  status: ResolvedStatus
  /** where it landed */
  block?: {number: number; hash: string; index: number}
  /** the extrinsic's own events (ApplyExtrinsic phase) */
  records?: EventRecord[]
  /** the chain head when resolved */
  head?: number
  /** the highest block searched */
  scannedTo?: number
  /** the signer's next nonce on chain */
  nonceNow?: number
  /** seen in the node's pool */
  inPool?: boolean
  reason?: string
}

/** The best block number. */
export async function headNumber(chain: Chain): Promise<number> {
  return (await chain.api.rpc.chain.getHeader()).number.toNumber()
}

/** Look for an extrinsic by hash in blocks from..to (inclusive). */
export async function findExtrinsic(chain: Chain, txHash: string, from: number, to: number): Promise<{number: number; hash: string; index: number} | undefined> {
  const {api} = chain
  const want = txHash.toLowerCase()
  const batch = 8
  for (let start = Math.max(0, from); start <= to; start += batch) {
    const numbers = Array.from({length: Math.min(batch, to - start + 1)}, (_, i) => start + i)
    const blocks = await Promise.all(
      numbers.map(async (n) => {
        const hash = await api.rpc.chain.getBlockHash(n)
        const signed = await api.rpc.chain.getBlock(hash)
        return {hash: hash.toHex(), number: n, xts: signed.block.extrinsics.map((x) => x.hash.toHex().toLowerCase())}
      }),
    )
    for (const b of blocks) {
      const index = b.xts.indexOf(want)
      if (index >= 0) return {hash: b.hash, index, number: b.number}
    }
  }
  return undefined
}

/** The events of extrinsic `index` in a block. */
export async function extrinsicEvents(chain: Chain, blockHash: string, index: number): Promise<EventRecord[]> {
  const at = await chain.api.at(blockHash)
  const all = (await at.query.system.events()) as unknown as EventRecord[]
  return all.filter((r) => r.phase.isApplyExtrinsic && r.phase.asApplyExtrinsic.toNumber() === index)
}

async function landed(chain: Chain, found: {number: number; hash: string; index: number}, head: number): Promise<Resolution> {
  const records = await extrinsicEvents(chain, found.hash, found.index)
  const failed = records.some(({event}) => event.section === 'system' && event.method === 'ExtrinsicFailed')
  return {block: found, head, records, scannedTo: found.number, status: failed ? 'failed' : 'succeeded'}
}

/** One look: search the window from `from` to the head, then decide from the nonce and the era. */
export async function resolveEntry(chain: Chain, entry: JournalEntry, from = entry.anchor.number): Promise<Resolution> {
  const {api} = chain
  const head = (await api.rpc.chain.getHeader()).number.toNumber()
  const to = Math.min(head, entry.lastValidBlock)
  const start = Math.max(from, entry.anchor.number)
  const found = await findExtrinsic(chain, entry.hash, start, to)
  if (found) return landed(chain, found, head)
  const account = (await api.query.system.account(entry.signer)) as unknown as {nonce: {toNumber(): number}}
  const nonceNow = account.nonce.toNumber()
  if (nonceNow > entry.nonce) {
    // the nonce is used: by this extrinsic in a block produced since the search, or by another one
    const head2 = (await api.rpc.chain.getHeader()).number.toNumber()
    const again = head2 > to ? await findExtrinsic(chain, entry.hash, to + 1, Math.min(head2, entry.lastValidBlock)) : undefined
    if (again) return landed(chain, again, head2)
    return {head: head2, nonceNow, reason: `nonce ${entry.nonce} was used by another transaction`, scannedTo: Math.min(head2, entry.lastValidBlock), status: 'superseded'}
  }
  if (head > entry.lastValidBlock) {
    return {head, nonceNow, reason: `its era ended at block ${entry.lastValidBlock} and nonce ${entry.nonce} is unused`, scannedTo: to, status: 'expired'}
  }
  let inPool: boolean | undefined
  try {
    const pending = await api.rpc.author.pendingExtrinsics()
    inPool = pending.some((x) => x.hash.toHex().toLowerCase() === entry.hash.toLowerCase())
  } catch {}
  return {head, inPool, nonceNow, reason: `not in blocks ${entry.anchor.number}–${to}; it may still land until block ${entry.lastValidBlock}`, scannedTo: to, status: 'pending'}
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/**
 * After a lost connection: reconnect (the same or the next endpoint) and watch the window until the extrinsic is
 * found, provably cannot land, or the time budget runs out (`unknown`).
 */
export async function resolveAfterLoss(chain: Chain, entry: JournalEntry, budgetMs: number, waitFor: 'inBlock' | 'finalized', progress: (m: string) => void): Promise<Resolution> {
  const deadline = Date.now() + budgetMs
  let from = entry.anchor.number
  let lastReason = ''
  while (Date.now() < deadline) {
    if (!chain.api.isConnected) {
      if (!chain.reconnect) return {reason: 'no way to reconnect', status: 'unknown'}
      try {
        await chain.reconnect()
        progress(`reconnected to ${chain.endpoint}`)
      } catch (error) {
        lastReason = `could not reconnect: ${(error as Error).message}`
        await sleep(Math.min(2000, Math.max(0, deadline - Date.now())))
        continue
      }
    }
    try {
      const r = await resolveEntry(chain, entry, from)
      if (r.status === 'succeeded' || r.status === 'failed') {
        if (waitFor === 'finalized') {
          const fin = (await chain.api.rpc.chain.getHeader(await chain.api.rpc.chain.getFinalizedHead())).number.toNumber()
          if (r.block!.number > fin) {
            await sleep(Math.min(2000, Math.max(0, deadline - Date.now())))
            continue
          }
        }
        return r
      }
      if (r.status !== 'pending') return r
      lastReason = r.reason ?? ''
      from = (r.scannedTo ?? from) + 1
    } catch (error) {
      lastReason = `while resolving: ${(error as Error).message}`
    }
    await sleep(Math.min(2000, Math.max(0, deadline - Date.now())))
  }
  return {reason: lastReason || 'no answer in time', status: 'unknown'}
}
