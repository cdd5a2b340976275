/**
 * Named multisig accounts (`tao multisig create`), kept in tao's config folder as multisigs.json (0600, written
 * atomically): the address, the threshold and the signatories, so `--multisig NAME` can build the approvals.
 */
import {readFile} from 'node:fs/promises'
import path from 'node:path'

import {InputError, WalletError} from '../errors.js'
import {fileWriteError, writeFileAtomic} from '../util/fs.js'
import {configDir} from './settings.js'

export interface MultisigEntry {
  name: string
  address: string
  threshold: number
  signatories: string[]
}

export const multisigBookFile = () => path.join(configDir(), 'multisigs.json')

export async function readMultisigBook(): Promise<MultisigEntry[]> {
  try {
    const j = JSON.parse(await readFile(multisigBookFile(), 'utf8')) as {multisigs?: MultisigEntry[]}
    return Array.isArray(j.multisigs) ? j.multisigs : []
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return []
    throw new WalletError(`cannot read ${multisigBookFile()}: ${(error as Error).message}`, {code: 'BadConfig'})
  }
}

export async function saveMultisig(e: MultisigEntry, overwrite = false): Promise<void> {
  const all = await readMultisigBook()
  if (!overwrite && all.some((x) => x.name === e.name)) {
    throw new InputError(`a multisig named "${e.name}" already exists in ${multisigBookFile()}; nothing was changed`, {code: 'MultisigExists', hint: 'use «overwrite» to replace it'})
  }
  const list = [...all.filter((x) => x.name !== e.name), e].sort((a, b) => a.name.localeCompare(b.name))
  try {
    await writeFileAtomic(multisigBookFile(), `${JSON.stringify({multisigs: list}, null, 2)}\n`, {dirMode: 0o700, mode: 0o600})
  } catch (error) {
    throw fileWriteError(error, multisigBookFile(), 'it is unchanged')
  }
}

export async function findMultisig(name: string, field = 'multisig'): Promise<MultisigEntry> {
  const e = (await readMultisigBook()).find((x) => x.name === name.trim() || x.address === name.trim())
  if (!e) throw new InputError(`unknown multisig ${JSON.stringify(name)}: create it with \`multisig create\` (${multisigBookFile()}); nothing was submitted`, {code: 'UnknownMultisig', field})
  return e
}
