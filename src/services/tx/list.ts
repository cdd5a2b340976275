/** `tx list`: the submissions in tao's journal, newest last (no chain needed). */
import {readdir} from 'node:fs/promises'
import path from 'node:path'

import type {TaoClient} from '../../client.js'
import type {Ui} from '../../ui.js'

import {type JournalEntry, readJournal} from '../../chain/journal.js'

export interface TxListOptions {
  /** only those whose outcome is not known (`sent`, `unknown`) */
  unresolved?: boolean
  /** at most this many, newest [default: 20] */
  limit?: number
}

export interface TxListResult {
  journal: string
  entries: JournalEntry[]
}

export async function list(client: TaoClient, options: TxListOptions = {}, _ui?: Ui): Promise<TxListResult> {
  const dir = path.join(client.dataDir, 'journal')
  let files: string[] = []
  try {
    files = (await readdir(dir)).filter((f) => f.endsWith('.jsonl')).map((f) => path.join(dir, f))
  } catch {}
  let entries = files.flatMap((f) => readJournal(f)).sort((a, b) => a.at.localeCompare(b.at))
  if (options.unresolved) entries = entries.filter((e) => e.status === 'sent' || e.status === 'unknown')
  const limit = options.limit ?? 20
  return {entries: entries.slice(-limit), journal: dir}
}
