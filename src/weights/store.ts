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
import {type EmaState, checkAlpha, emptyEma} from '../scoring/ema.js'

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

/** Load the EMA for a target; a file for another chain is ignored (fresh state). */
export async function loadEma(dir: string, alpha: number, genesisHash: string): Promise<EmaState> {
  checkAlpha(alpha)
  const s = await readJsonFile<EmaState>(emaFile(dir))
  if (!s || s.version !== 1 || (s.genesisHash && s.genesisHash !== genesisHash)) return emptyEma(alpha, genesisHash)
  return {...s, alpha, genesisHash}
}

export async function saveEma(dir: string, state: EmaState): Promise<void> {
  await atomicWriteFile(emaFile(dir), JSON.stringify(state, null, 2) + '\n')
}
