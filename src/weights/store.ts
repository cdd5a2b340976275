/**
 * Files of the weights topic: one folder per (wallet, hotkey, netuid) under the data dir, holding the EMA
 * (`ema.json`), the pending commits (`pending.json`) and the run lock (`run.lock`). Writes are atomic
 * (temp file, fsync, rename) with mode 0600, so a crash leaves either the old or the new content.
 */
import type {WalletRef} from '../wallet/wallet.js'

import {readFile} from 'node:fs/promises'
import path from 'node:path'

import {fileWriteError, writeFileAtomic} from '../util/fs.js'

import {WalletError} from '../errors.js'
import {type EmaEntry, type EmaState, checkAlpha, emptyEma} from '../scoring/ema.js'

export interface TargetRef {
  wallet: string
  hotkey: string
  netuid: number
}

export function targetDir(dataDir: string, t: TargetRef): string {
  return path.join(dataDir, 'weights', t.wallet, t.hotkey, String(t.netuid))
}

/** The state folder of a wallet's hotkey on a subnet, under tao's data folder (`client.dataDir`). */
export function weightsFolder(dataDir: string, wallet: Pick<WalletRef, 'hotkey' | 'name'>, netuid: number): string {
  return targetDir(dataDir, {hotkey: wallet.hotkey, netuid, wallet: wallet.name})
}

/** Atomic 0600 write (temp file, fsync, rename) into 0700 folders; a full/read-only disk is exit 3. */
export async function atomicWriteFile(file: string, data: string): Promise<void> {
  try {
    await writeFileAtomic(file, data)
  } catch (error) {
    throw fileWriteError(error, file, 'the file is unchanged')
  }
}

export async function readJsonFile<T>(file: string): Promise<T | undefined> {
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw new WalletError(`cannot read ${file}: ${(error as Error).message}`, {code: 'UnreadableState'})
  }
  try {
    return JSON.parse(text) as T
  } catch {
    throw new WalletError(`${file} is not valid JSON; move it away to start over`, {code: 'CorruptState'})
  }
}

export const emaFile = (dir: string) => path.join(dir, 'ema.json')

/** What is wrong with an `ema.json` (undefined: it has the shape tao writes). */
export function emaShapeProblem(s: unknown): string | undefined {
  if (!s || typeof s !== 'object' || Array.isArray(s)) return 'not a JSON object'
  const o = s as Record<string, unknown>
  if (o.version !== 1) return `unknown version ${JSON.stringify(o.version)}`
  if (o.genesisHash !== undefined && typeof o.genesisHash !== 'string') return 'genesisHash is not a string'
  if (!o.entries || typeof o.entries !== 'object' || Array.isArray(o.entries)) return 'entries is not an object'
  for (const [uid, e] of Object.entries(o.entries as Record<string, unknown>)) {
    const x = e as Partial<EmaEntry> | null
    if (!/^\d+$/.test(uid)) return `entry ${JSON.stringify(uid)} is not a uid`
    if (!x || typeof x !== 'object' || typeof x.hotkey !== 'string' || typeof x.score !== 'number' || !Number.isFinite(x.score)) {
      return `entry ${uid} is not {hotkey, score, block, count}`
    }
    if (typeof x.block !== 'number' || typeof x.count !== 'number') return `entry ${uid} is not {hotkey, score, block, count}`
  }
  return undefined
}

/**
 * Load the EMA for a target; a file for another chain is ignored (fresh state). A file of the wrong shape is
 * WalletError exit 3 "corrupt EMA state …; move it aside" (never silently replaced).
 */
export async function loadEma(dir: string, alpha: number, genesisHash: string): Promise<EmaState> {
  checkAlpha(alpha)
  const file = emaFile(dir)
  let s: unknown
  try {
    s = await readJsonFile<unknown>(file)
  } catch (error) {
    if ((error as WalletError).code === 'CorruptState') throw corruptEma(file, 'not valid JSON')
    throw error
  }
  if (s === undefined) return emptyEma(alpha, genesisHash)
  const problem = emaShapeProblem(s)
  if (problem) throw corruptEma(file, problem)
  const e = s as EmaState
  if (e.genesisHash && e.genesisHash !== genesisHash) return emptyEma(alpha, genesisHash)
  return {...e, alpha, genesisHash}
}

function corruptEma(file: string, problem: string): WalletError {
  return new WalletError(`corrupt EMA state ${file}: ${problem}; move it aside to start the averages over`, {code: 'CorruptState', data: {file}})
}

export async function saveEma(dir: string, state: EmaState): Promise<void> {
  await atomicWriteFile(emaFile(dir), JSON.stringify(state, null, 2) + '\n')
}
