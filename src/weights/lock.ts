/**
 * An exclusive run lock: the file is created with O_EXCL and holds {pid, host, token, startedAt}. A lock
 * whose process is gone (same host, pid not alive) is stale and taken over; otherwise a second run fails
 * with LockedError (exit 8) and submits nothing.
 */
import {randomBytes} from 'node:crypto'
import {mkdir, open, readFile, unlink} from 'node:fs/promises'
import {hostname} from 'node:os'
import path from 'node:path'

import type {Ui} from '../ui.js'

import {LockedError} from '../errors.js'

interface LockBody {
  pid: number
  host: string
  token: string
  startedAt: string
}

export interface Lock {
  file: string
  /** whether a stale lock was removed to get this one */
  tookOverStale?: LockBody
  release(): Promise<void>
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

export async function acquireLock(file: string): Promise<Lock> {
  await mkdir(path.dirname(file), {mode: 0o700, recursive: true})
  const body: LockBody = {host: hostname(), pid: process.pid, startedAt: new Date().toISOString(), token: randomBytes(8).toString('hex')}
  let stale: LockBody | undefined
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fh = await open(file, 'wx', 0o600)
      await fh.writeFile(JSON.stringify(body) + '\n')
      await fh.sync()
      await fh.close()
      return {
        file,
        async release() {
          try {
            const cur = JSON.parse(await readFile(file, 'utf8')) as LockBody
            if (cur.token === body.token) await unlink(file)
          } catch {}
        },
        tookOverStale: stale,
      }
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
    }
    let holder: LockBody | undefined
    try {
      holder = JSON.parse(await readFile(file, 'utf8')) as LockBody
    } catch {
      holder = undefined
    }
    // an unreadable/empty file may be a lock being written right now: treat as held unless it is old
    const isStale = holder ? holder.host === hostname() && !alive(holder.pid) : false
    if (!isStale || attempt > 0) {
      throw new LockedError(
        holder
          ? `another run holds the lock (pid ${holder.pid} on ${holder.host} since ${holder.startedAt}); nothing was submitted`
          : `another run holds the lock ${file}; nothing was submitted`,
        {data: {holder, lockFile: file}, hint: `if no run is active, remove ${file}`},
      )
    }
    stale = holder
    // remove the stale lock only if it is still the same one
    try {
      const again = JSON.parse(await readFile(file, 'utf8')) as LockBody
      if (again.token === holder!.token) await unlink(file)
    } catch {}
  }
  throw new LockedError(`could not take the lock ${file}`)
}

/**
 * Hold the run lock of a state folder (`run.lock`) while `fn` runs: set, reveal, run and the validator loop never
 * overlap for one (wallet, hotkey, netuid). A stale lock taken over is reported through the Ui.
 */
export async function withRunLock<T>(dir: string, ui: Pick<Ui, 'warn'>, fn: () => Promise<T>): Promise<T> {
  const lock = await acquireRunLock(dir, ui)
  try {
    return await fn()
  } finally {
    await lock.release()
  }
}

/** Take the run lock of a state folder (for a caller that releases it later, e.g. a long-running loop). */
export async function acquireRunLock(dir: string, ui: Pick<Ui, 'warn'>): Promise<Lock> {
  const lock = await acquireLock(path.join(dir, 'run.lock'))
  if (lock.tookOverStale) ui.warn(`took over a stale lock left by pid ${lock.tookOverStale.pid} (started ${lock.tookOverStale.startedAt})`)
  return lock
}
