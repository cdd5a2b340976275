/**
 * The running localnet's endpoint, recorded in tao's data folder so `-n local` reaches the port it chose (read by
 * `localEndpoint()` in src/config/settings.ts while the recording process is alive).
 */
import {readFileSync, rmSync} from 'node:fs'

import type {Ui} from '../ui.js'

import {writeFileAtomicSync} from '../util/fs.js'

export function recordLocalnet(file: string, endpoint: string, ui: Pick<Ui, 'warn'>): void {
  try {
    writeFileAtomicSync(file, JSON.stringify({endpoint, pid: process.pid, startedAt: new Date().toISOString()}) + '\n')
  } catch (error) {
    ui.warn(`cannot record the localnet endpoint in ${file} (-n local will mean ws://127.0.0.1:9944): ${(error as Error).message}`)
  }
}

/** Remove the record if it is this process's (another localnet may have started since). */
export function forgetLocalnet(file: string): void {
  try {
    const s = JSON.parse(readFileSync(file, 'utf8')) as {pid?: unknown}
    if (s.pid === process.pid) rmSync(file, {force: true})
  } catch {
    // nothing recorded
  }
}
