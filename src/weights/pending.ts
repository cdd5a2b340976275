/**
 * Pending commits on disk (`pending.json` in the target folder). An entry is written BEFORE the commit is
 * submitted (status `prepared`), so a process killed at any point leaves enough to reveal later: salt,
 * uids, values, version key and the hash the chain will hold.
 */
import path from 'node:path'

import {WalletError} from '../errors.js'
import {atomicWriteFile, readJsonFile} from './store.js'

/**
 * `prepared`: on disk, maybe not sent; `unknown`: sent, the outcome not known (a lost connection): it may have
 * landed, so it is never dropped until the chain proves it did not land (see settle.ts).
 */
export type PendingStatus = 'prepared' | 'unknown' | 'committed' | 'revealed' | 'landed' | 'missed' | 'abandoned' | 'superseded'

export interface PendingCommit {
  /** commit hash (hash commits) or sha256 of the ciphertext (timelocked) */
  id: string
  kind: 'hash' | 'timelocked'
  genesisHash: string
  netuid: number
  hotkey: string
  uids: number[]
  values: number[]
  salt: number[]
  /** decimal string (u64) */
  versionKey: string
  status: PendingStatus
  /** the best block when the entry was prepared */
  preparedAt: number
  preparedTime: string
  commitTx?: string
  /** the commit's nonce and the last block it can land in (from the submission), to resolve an unknown outcome */
  commitNonce?: number
  commitLastValid?: number
  commitBlock?: number
  /** reveal window from the chain's WeightCommits (spec < 423: blocks) */
  firstRevealBlock?: number
  lastRevealBlock?: number
  /** spec 423+: the commit epoch */
  commitEpoch?: number
  /** timelocked: drand round */
  revealRound?: number
  revealTx?: string
  revealBlock?: number
  /** what the chain should hold in Weights after the reveal */
  expectedWeights?: [number, number][]
  note?: string
  updated: string
}

export interface PendingFile {
  version: 1
  commits: PendingCommit[]
}

export const pendingFile = (dir: string) => path.join(dir, 'pending.json')

/**
 * The pending store; none yet is empty. A file of the wrong shape is WalletError exit 3 "corrupt pending-commit
 * store …" and is never replaced: it may hold the salt of a commit that still has to be revealed.
 */
export async function loadPending(dir: string): Promise<PendingFile> {
  const file = pendingFile(dir)
  let f: unknown
  try {
    f = await readJsonFile<unknown>(file)
  } catch (error) {
    if ((error as WalletError).code === 'CorruptState') throw corruptPending(file, 'not valid JSON')
    throw error
  }
  if (f === undefined) return {commits: [], version: 1}
  const p = f as Partial<PendingFile>
  if (!p || typeof p !== 'object' || p.version !== 1 || !Array.isArray(p.commits)) throw corruptPending(file, 'not a version-1 store with a list of commits')
  const bad = p.commits.findIndex((c) => !c || typeof c !== 'object' || typeof c.id !== 'string' || !Array.isArray(c.uids) || !Array.isArray(c.values) || !Array.isArray(c.salt) || typeof c.status !== 'string')
  if (bad >= 0) throw corruptPending(file, `commit ${bad} lacks its id, uids, values, salt or status`)
  return p as PendingFile
}

function corruptPending(file: string, problem: string): WalletError {
  return new WalletError(`corrupt pending-commit store ${file}: ${problem}; it may hold the salt of an unrevealed commit, so tao will not replace it: repair it or move it aside`, {code: 'CorruptState', data: {file}})
}

export async function savePending(dir: string, f: PendingFile): Promise<void> {
  // keep finished entries for a while so `show`/`status` can report them, but not forever
  const isOpen = (c: PendingCommit) => ['prepared', 'unknown', 'committed', 'revealed'].includes(c.status)
  const open = f.commits.filter((c) => isOpen(c))
  const done = f.commits.filter((c) => !isOpen(c)).slice(-20)
  await atomicWriteFile(pendingFile(dir), JSON.stringify({commits: [...done, ...open], version: 1}, null, 2) + '\n')
}

/** Replace or append an entry by id (and save). */
export async function upsertPending(dir: string, f: PendingFile, c: PendingCommit): Promise<void> {
  c.updated = new Date().toISOString()
  const i = f.commits.findIndex((x) => x.id === c.id)
  if (i >= 0) f.commits[i] = c
  else f.commits.push(c)
  await savePending(dir, f)
}
