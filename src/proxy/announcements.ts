/**
 * The calls behind proxy announcements tao made: the chain keeps only their hash (Proxy.Announcements), so
 * the bytes are kept here (tao's data folder, per chain, 0600, written atomically) for `proxy execute`.
 */
import {readFile} from 'node:fs/promises'
import path from 'node:path'

import type {Chain} from '../chain/client.js'

import {dataDir} from '../config/settings.js'
import {WalletError} from '../errors.js'
import {fileWriteError, writeFileAtomic} from '../util/fs.js'

export interface SavedAnnouncement {
  callHash: string
  /** the call's SCALE bytes (hex) */
  call: string
  real: string
  delegate: string
  /** block the announcement landed in */
  height: number
  delay: number
}

export const announcementsFile = (chain: Pick<Chain, 'genesisHash'>) => path.join(dataDir(), `proxy-announcements-${chain.genesisHash.slice(2, 18)}.json`)

export async function readSavedAnnouncements(chain: Pick<Chain, 'genesisHash'>): Promise<SavedAnnouncement[]> {
  try {
    const j = JSON.parse(await readFile(announcementsFile(chain), 'utf8')) as {announcements?: SavedAnnouncement[]}
    return Array.isArray(j.announcements) ? j.announcements : []
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return []
    throw new WalletError(`cannot read ${announcementsFile(chain)}: ${(error as Error).message}`, {code: 'BadConfig'})
  }
}

async function write(chain: Pick<Chain, 'genesisHash'>, list: SavedAnnouncement[]): Promise<void> {
  try {
    await writeFileAtomic(announcementsFile(chain), `${JSON.stringify({announcements: list}, null, 2)}\n`, {dirMode: 0o700, mode: 0o600})
  } catch (error) {
    throw fileWriteError(error, announcementsFile(chain), 'the announcement is on chain but its call was not saved')
  }
}

export async function saveAnnouncement(chain: Pick<Chain, 'genesisHash'>, a: SavedAnnouncement): Promise<void> {
  const list = (await readSavedAnnouncements(chain)).filter((x) => !(x.callHash === a.callHash && x.real === a.real && x.delegate === a.delegate))
  await write(chain, [...list, a])
}

export async function dropAnnouncement(chain: Pick<Chain, 'genesisHash'>, a: {callHash: string; real: string; delegate: string}): Promise<void> {
  const list = await readSavedAnnouncements(chain)
  const rest = list.filter((x) => !(x.callHash === a.callHash && x.real === a.real && x.delegate === a.delegate))
  if (rest.length !== list.length) await write(chain, rest)
}
