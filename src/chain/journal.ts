/**
 * The journal of submissions: one JSON line per state change of a signed extrinsic, appended (and fsynced)
 * before it is sent and again when its outcome is known. It is what lets tao say what really happened after a
 * lost connection, a signal or a crash: `tx status HASH` reads the entry and looks for the extrinsic in the
 * blocks of its mortality window.
 *
 * File: <dataDir>/journal/<genesis hash, first 16 hex>.jsonl. Append-only; the latest line for a hash wins.
 */
import {mkdirSync, openSync, closeSync, writeSync, fsyncSync, fstatSync, ftruncateSync, readFileSync, unlinkSync} from 'node:fs'
import path from 'node:path'

/** What a submission came to. `sent` is in flight; `unknown` was sent and never resolved. */
export type TxStatus = 'sent' | 'succeeded' | 'failed' | 'refused' | 'unknown' | 'expired' | 'superseded'

export interface JournalEntry {
  hash: string
  signer: string
  nonce: number
  /** `Pallet.call` */
  call: string
  /** a one-line summary of the call's arguments */
  summary: string
  genesisHash: string
  endpoint: string
  /** the block the mortality is anchored on (the last finalized block when signed) */
  anchor: {number: number; hash: string}
  /** the last block the extrinsic can be included in */
  lastValidBlock: number
  status: TxStatus
  at: string
  block?: {number: number; hash: string}
  error?: {code: string; message: string}
}

export function journalFile(dataDir: string, genesisHash: string): string {
  return path.join(dataDir, 'journal', `${genesisHash.replace(/^0x/, '').slice(0, 16)}.jsonl`)
}

/**
 * Append one state of an entry, durably (fsync). Throws on a full or read-only disk: the caller must not send
 * what it could not record.
 */
export function appendJournal(file: string, entry: JournalEntry): void {
  mkdirSync(path.dirname(file), {mode: 0o700, recursive: true})
  const fd = openSync(file, 'a', 0o600)
  const size = fstatSync(fd).size
  try {
    writeSync(fd, JSON.stringify(entry) + '\n')
    fsyncSync(fd)
  } catch (error) {
    // no torn line: cut a partial write off again (a full disk can still shrink a file)
    try {
      ftruncateSync(fd, size)
      // and no empty journal left by a first entry that could not be written
      if (size === 0) unlinkSync(file)
    } catch {}
    throw error
  } finally {
    closeSync(fd)
  }
}

/** Append without failing the caller (recording an outcome that is already on chain). */
export function appendJournalQuietly(file: string, entry: JournalEntry): boolean {
  try {
    appendJournal(file, entry)
    return true
  } catch {
    return false
  }
}

/** Every entry, latest state per hash, oldest first. Lines that do not parse (a torn last line) are skipped. */
export function readJournal(file: string): JournalEntry[] {
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch {
    return []
  }
  const latest = new Map<string, JournalEntry>()
  for (const line of text.split('\n')) {
    if (!line.trim()) continue
    try {
      const e = JSON.parse(line) as JournalEntry
      if (typeof e.hash === 'string') {
        latest.delete(e.hash)
        latest.set(e.hash, e)
      }
    } catch {}
  }
  return [...latest.values()]
}

/** Submissions sent by this process whose outcome is not known yet (reported on a signal). */
const inFlight = new Map<string, JournalEntry>()

export function markInFlight(entry: JournalEntry): void {
  inFlight.set(entry.hash, entry)
}

export function clearInFlight(hash: string): void {
  inFlight.delete(hash)
}

export function inFlightEntries(): JournalEntry[] {
  return [...inFlight.values()]
}
