/**
 * Settling commits whose submission outcome is not known (status `unknown`: the connection dropped after the commit
 * was sent; or `prepared`: the process died around the submission). The chain decides, never the clock:
 *  - the hash is in `WeightCommits`: it landed (→ `committed`);
 *  - the submission journal's extrinsic is found in a block of its mortality window: it landed (→ `committed`, and
 *    `reconcile` then judges it as any landed commit: revealed, waiting, due or missed) or failed in its block;
 *  - its era is over with its nonce unused, or its nonce was used by another transaction: it provably did not land
 *    (→ `abandoned`);
 *  - otherwise it may still land: it stays `unknown`, and no new commit is stacked on it.
 * A `prepared` entry with no journal line was never sent (the journal is written before sending).
 */
import type {Chain} from '../chain/client.js'
import type {JournalEntry} from '../chain/journal.js'
import type {PendingCommit} from './pending.js'
import type {WeightsState} from './state.js'

import {readJournal} from '../chain/journal.js'
import {resolveEntry} from '../chain/resolve.js'

/** Mortality of tao's transactions (src/chain/submit.ts MORTAL_PERIOD); the search starts this far before the last block. */
const PERIOD = 64

/** The journal line of the commit's submission: by its hash, or by the commit hash in the call's summary. */
function journalOf(chain: Chain, e: PendingCommit): JournalEntry | undefined {
  const lines = chain.journalFile ? readJournal(chain.journalFile) : []
  const byTx = e.commitTx ? lines.find((l) => l.hash.toLowerCase() === e.commitTx!.toLowerCase()) : undefined
  if (byTx) return byTx
  if (e.kind === 'hash') {
    const id = e.id.toLowerCase()
    const found = lines.filter((l) => /commit/i.test(l.call) && l.summary.toLowerCase().includes(id))
    if (found.length) return found[found.length - 1]
  }
  if (e.commitTx && e.commitNonce !== undefined && e.commitLastValid !== undefined) {
    // no journal (a library caller without a data folder): what the submission reported is enough to search
    const from = Math.max(0, e.commitLastValid - PERIOD)
    return {anchor: {hash: '', number: from}, at: e.updated, call: 'commit', endpoint: chain.endpoint, genesisHash: e.genesisHash, hash: e.commitTx, lastValidBlock: e.commitLastValid, nonce: e.commitNonce, signer: e.hotkey, status: 'unknown', summary: e.id}
  }
  return undefined
}

/** Is this entry waiting for its submission's outcome? */
export const unsettled = (e: PendingCommit) => e.status === 'unknown' || e.status === 'prepared'

/**
 * Resolve every unsettled entry against the chain (mutates the entries; the caller saves). Returns true when an
 * entry changed. Entries it cannot decide are left as they are; a chain error leaves them for the next run.
 */
export async function settleCommits(chain: Chain, state: WeightsState, entries: PendingCommit[]): Promise<boolean> {
  let changed = false
  const onChain = new Set(state.commits.map((c) => c.hash.toLowerCase()))
  for (const e of entries.filter(unsettled)) {
    if (e.kind === 'hash' && onChain.has(e.id.toLowerCase())) continue // reconcile marks it committed
    const j = journalOf(chain, e)
    if (!j) {
      if (e.status === 'prepared' && chain.journalFile) {
        e.status = 'abandoned'
        e.note = `the commit prepared at block ${e.preparedAt} was never sent (no submission in the journal)`
        changed = true
      }
      continue
    }
    e.commitTx ??= j.hash
    e.commitNonce ??= j.nonce
    e.commitLastValid ??= j.lastValidBlock
    let r: Awaited<ReturnType<typeof resolveEntry>>
    try {
      r = await resolveEntry(chain, j)
    } catch {
      continue
    }
    if (r.status === 'succeeded') {
      e.status = 'committed'
      e.commitBlock = r.block!.number
      e.note = `commit found in block ${r.block!.number} (tx ${j.hash.slice(0, 10)}…)`
      changed = true
    } else if (r.status === 'failed') {
      e.status = 'abandoned'
      e.note = `the commit (tx ${j.hash.slice(0, 10)}…) failed in block ${r.block!.number}: nothing was committed`
      changed = true
    } else if (r.status === 'expired' || r.status === 'superseded') {
      e.status = 'abandoned'
      e.note = `the commit (tx ${j.hash.slice(0, 10)}…) did not land: ${r.reason}`
      changed = true
    } else if (e.status === 'prepared') {
      // sent (the journal says so) and not resolved yet
      e.status = 'unknown'
      e.note = `the commit (tx ${j.hash.slice(0, 10)}…) was sent; ${r.reason ?? 'outcome unknown'}`
      changed = true
    } else if (r.reason) e.note = `the commit (tx ${j.hash.slice(0, 10)}…) was sent; ${r.reason}`
  }
  return changed
}
