/**
 * `tx status [HASH]`: what happened to a submission. With the journal's entry (hash, signer, nonce, mortality
 * window) it searches the blocks of the window: landed in block B (succeeded or failed, with the decoded
 * error), or provably unable to land (era over, or nonce used by another transaction: safe to retry), or still
 * able to land until block L. Without a hash: every entry of this chain still `sent` or `unknown`.
 */
import type {TaoClient} from '../../client.js'
import type {Ui} from '../../ui.js'

import {type JournalEntry, appendJournalQuietly, readJournal} from '../../chain/journal.js'
import {extrinsicEvents, findExtrinsic, headNumber, resolveEntry} from '../../chain/resolve.js'
import {decodeDispatchError} from '../../chain/submit.js'
import {InputError} from '../../errors.js'

export interface TxStatusOptions {
  /** the extrinsic hash (0x + 64 hex); omitted: every unresolved entry of the journal */
  hash?: string
  /** how far back to search for a hash tao's journal does not know [default: 256 blocks] */
  searchBlocks?: number
}

export type TxState = 'succeeded' | 'failed' | 'pending' | 'expired' | 'superseded' | 'not-found'

export interface TxReport {
  hash: string
  status: TxState
  /** from tao's journal (signer, nonce, window known) or searched blind */
  journaled: boolean
  call?: string
  summary?: string
  signer?: string
  nonce?: number
  block?: {number: number; hash: string; index: number}
  anchorBlock?: number
  lastValidBlock?: number
  head: number
  error?: {code: string; message: string}
  inPool?: boolean
  /** what the operator should do, in words */
  advice: string
}

export interface TxStatusResult {
  endpoint: string
  reports: TxReport[]
}

const ADVICE: Record<TxState, string> = {
  expired: 'it can no longer land and changed nothing: safe to retry',
  failed: 'it is in a block and failed: the chain changed nothing but the fee',
  'not-found': 'not found in the searched blocks',
  pending: 'it may still land: wait, then ask again; do not resend before then',
  succeeded: 'it is in a block and succeeded',
  superseded: 'its nonce was used by another transaction, so it can never land: safe to retry',
}

export function parseTxHash(hash: string): string {
  const h = hash.trim().toLowerCase()
  if (!/^0x[0-9a-f]{64}$/.test(h)) throw new InputError(`not a transaction hash (0x and 64 hex digits): ${hash}`, {code: 'BadTxHash', field: 'hash'})
  return h
}

export async function status(client: TaoClient, options: TxStatusOptions, ui: Ui): Promise<TxStatusResult> {
  const wanted = options.hash === undefined ? undefined : parseTxHash(options.hash)
  const chain = await client.chain()
  const file = chain.journalFile
  const journal = file ? readJournal(file) : []
  const entries: JournalEntry[] = wanted
    ? journal.filter((e) => e.hash.toLowerCase() === wanted)
    : journal.filter((e) => e.status === 'sent' || e.status === 'unknown')
  const reports: TxReport[] = []
  for (const entry of entries) {
    ui.progress(`searching blocks ${entry.anchor.number}–${entry.lastValidBlock} for ${entry.hash.slice(0, 10)}…`)
    const r = await resolveEntry(chain, entry)
    const state: TxState = r.status === 'unknown' ? 'pending' : r.status
    let error: TxReport['error']
    if (state === 'failed') error = failure(chain, r.records ?? [])
    if (file && state !== 'pending') {
      const block = r.block ? {hash: r.block.hash, number: r.block.number} : undefined
      appendJournalQuietly(file, {...entry, at: new Date().toISOString(), block, error, status: state})
    }
    reports.push({
      advice: state === 'pending' ? `${ADVICE.pending} (until block ${entry.lastValidBlock})` : ADVICE[state],
      anchorBlock: entry.anchor.number,
      block: r.block,
      call: entry.call,
      error,
      hash: entry.hash,
      head: r.head ?? 0,
      inPool: r.inPool,
      journaled: true,
      lastValidBlock: entry.lastValidBlock,
      nonce: entry.nonce,
      signer: entry.signer,
      status: state,
      summary: entry.summary,
    })
  }
  if (wanted && entries.length === 0) {
    // not in the journal: search the last blocks blind
    const head = await headNumber(chain)
    const back = options.searchBlocks ?? 256
    ui.progress(`not in tao's journal; searching blocks ${Math.max(0, head - back)}–${head}`)
    const found = await findExtrinsic(chain, wanted, Math.max(0, head - back), head)
    if (found) {
      const records = await extrinsicEvents(chain, found.hash, found.index)
      const failed = records.some(({event}) => event.section === 'system' && event.method === 'ExtrinsicFailed')
      const state: TxState = failed ? 'failed' : 'succeeded'
      reports.push({advice: ADVICE[state], block: found, error: failed ? failure(chain, records) : undefined, hash: wanted, head, journaled: false, status: state})
    } else {
      reports.push({advice: `${ADVICE['not-found']} (${Math.max(0, head - back)}–${head}); tao's journal has no entry for it, so its window is unknown`, hash: wanted, head, journaled: false, status: 'not-found'})
    }
  }
  return {endpoint: chain.endpoint, reports}
}

function failure(chain: Parameters<typeof decodeDispatchError>[0], records: Awaited<ReturnType<typeof extrinsicEvents>>): {code: string; message: string} | undefined {
  const ev = records.find(({event}) => event.section === 'system' && event.method === 'ExtrinsicFailed')
  if (!ev) return undefined
  return decodeDispatchError(chain, ev.event.data[0] as never)
}
