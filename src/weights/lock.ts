/**
 * An exclusive run lock with a heartbeat. The file holds {pid, host, token, startedAt, heartbeatAt}; the holder
 * rewrites it (atomically: temp file + rename) every HEARTBEAT_MS while it holds it. The lock is created whole
 * (written to a temp file, then hard-linked into place, which fails when a lock exists), so it is never seen
 * empty or half written, even on a full disk.
 *
 * A lock is stale, and taken over with one warning, when:
 * - the file is empty, unreadable or not a lock (garbled JSON, missing fields);
 * - its heartbeat is older than STALE_MS (whatever the host, whatever the pid: a live pid with an old heartbeat
 *   is an unrelated process that reused the number, or a hung run);
 * - it names a process on this host that is gone.
 * A lock with a fresh heartbeat from another host, or from a live process on this host, blocks: LockedError
 * (exit 8), nothing submitted. A lock written without a heartbeat (older tao) counts its file time instead.
 * Takeovers are serialised by a `<lock>.takeover` folder, so two runs never both take over the same lock.
 */
import {randomBytes} from 'node:crypto'
import {link, mkdir, readFile, rmdir, stat, unlink} from 'node:fs/promises'
import {hostname} from 'node:os'
import path from 'node:path'

import type {Ui} from '../ui.js'

import {LockedError} from '../errors.js'
import {fileWriteError, writeFileAtomic} from '../util/fs.js'
import {pidAlive} from '../util/process.js'

/** how often the holder renews its heartbeat */
export const HEARTBEAT_MS = 10_000
/** a heartbeat older than this is stale: the lock is taken over */
export const STALE_MS = 60_000
/** a `.takeover` folder older than this was left by a crashed run */
const TAKEOVER_STALE_MS = 10_000

export interface LockBody {
  pid: number
  host: string
  token: string
  startedAt: string
  heartbeatAt: string
}

/** A lock that was taken over: what it held (when readable) and why it counted as stale. */
export type StaleLock = Partial<LockBody> & {reason: string}

export interface Lock {
  file: string
  /** set when a stale lock was taken over to get this one */
  tookOverStale?: StaleLock
  release(): Promise<void>
}

export interface LockOptions {
  heartbeatMs?: number
  staleMs?: number
  /** the clock (tests) */
  now?: () => number
}


type Holder = {kind: 'missing'} | {kind: 'garbled'; reason: string} | {body: Partial<LockBody>; kind: 'lock'; mtimeMs: number; raw: string}

async function readHolder(file: string): Promise<Holder & {raw?: string}> {
  let raw: string
  let mtimeMs: number
  try {
    raw = await readFile(file, 'utf8')
    mtimeMs = (await stat(file)).mtimeMs
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'ENOENT') return {kind: 'missing'}
    return {kind: 'garbled', reason: `unreadable (${code ?? (error as Error).message})`}
  }
  if (raw.trim() === '') return {kind: 'garbled', raw, reason: 'empty'}
  let body: unknown
  try {
    body = JSON.parse(raw)
  } catch {
    return {kind: 'garbled', raw, reason: 'garbled (not JSON)'}
  }
  const b = body as Partial<LockBody> | null
  if (!b || typeof b !== 'object' || typeof b.pid !== 'number' || !Number.isInteger(b.pid) || b.pid <= 0 || typeof b.host !== 'string') {
    return {kind: 'garbled', raw, reason: 'garbled (not a lock)'}
  }
  return {body: b, kind: 'lock', mtimeMs, raw}
}

/** The heartbeat time of a lock (ms): its `heartbeatAt`, or the file's time for a lock without one. */
function heartbeatOf(h: {body: Partial<LockBody>; mtimeMs: number}): number {
  const t = typeof h.body.heartbeatAt === 'string' ? Date.parse(h.body.heartbeatAt) : typeof h.body.heartbeatAt === 'number' ? h.body.heartbeatAt : Number.NaN
  return Number.isFinite(t) ? t : h.mtimeMs
}

/**
 * Whether a lock counts as stale, and why (undefined: it is held). The rule in one place (docs/weights.md):
 * empty/unreadable/garbled → stale; heartbeat older than `staleMs` → stale; same host and pid gone → stale.
 */
export function staleReason(h: Holder, now: number, staleMs = STALE_MS, host = hostname(), isAlive = pidAlive): string | undefined {
  if (h.kind === 'missing') return undefined
  if (h.kind === 'garbled') return h.reason
  const age = now - heartbeatOf(h)
  if (age > staleMs) return `last heartbeat ${Math.round(age / 1000)} s ago`
  if (h.body.host === host && !isAlive(h.body.pid!)) return 'its process is gone'
  return undefined
}

async function createWhole(file: string, body: LockBody): Promise<boolean> {
  const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`
  try {
    await writeFileAtomic(tmp, JSON.stringify(body) + '\n')
  } catch (error) {
    throw fileWriteError(error, `the run lock ${file}`, 'nothing was submitted')
  }
  try {
    await link(tmp, file)
    return true
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false
    throw fileWriteError(error, `the run lock ${file}`, 'nothing was submitted')
  } finally {
    await unlink(tmp).catch(() => {})
  }
}

/** Serialise takeovers: `fn` runs while this process holds `<file>.takeover`; undefined when another run does. */
async function underTakeoverGuard<T>(file: string, now: number, fn: () => Promise<T>): Promise<T | undefined> {
  const guard = `${file}.takeover`
  for (let attempt = 0; ; attempt++) {
    try {
      await mkdir(guard)
      break
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw fileWriteError(error, `the run lock ${file}`, 'nothing was submitted')
      const s = await stat(guard).catch(() => undefined)
      if (attempt > 0 || (s && now - s.mtimeMs < TAKEOVER_STALE_MS)) return undefined
      await rmdir(guard).catch(() => {})
    }
  }
  try {
    return await fn()
  } finally {
    await rmdir(guard).catch(() => {})
  }
}

function describe(h: Holder): string {
  if (h.kind !== 'lock') return ''
  const b = h.body
  return ` (pid ${b.pid} on ${b.host} since ${b.startedAt ?? '?'}, heartbeat ${b.heartbeatAt ?? new Date(h.mtimeMs).toISOString()})`
}

export async function acquireLock(file: string, opts: LockOptions = {}): Promise<Lock> {
  const now = opts.now ?? Date.now
  const staleMs = opts.staleMs ?? STALE_MS
  const heartbeatMs = opts.heartbeatMs ?? HEARTBEAT_MS
  try {
    await mkdir(path.dirname(file), {mode: 0o700, recursive: true})
  } catch (error) {
    throw fileWriteError(error, `the run lock ${file}`, 'nothing was submitted')
  }
  const started = new Date(now()).toISOString()
  const body: LockBody = {heartbeatAt: started, host: hostname(), pid: process.pid, startedAt: started, token: randomBytes(8).toString('hex')}
  for (let attempt = 0; attempt < 3; attempt++) {
    if (await createWhole(file, body)) return held(file, body, heartbeatMs)
    const holder = await readHolder(file)
    if (holder.kind === 'missing') continue // released meanwhile
    const reason = staleReason(holder, now(), staleMs)
    if (!reason) {
      throw new LockedError(`another run holds the lock ${file}${describe(holder)}; nothing was submitted`, {
        data: {holder: holder.kind === 'lock' ? holder.body : undefined, lockFile: file},
        hint: `a lock whose heartbeat is older than ${Math.round(staleMs / 1000)} s is taken over`,
      })
    }
    const took = await underTakeoverGuard(file, now(), async () => {
      // remove it only if it is still the same stale lock
      const again = await readHolder(file)
      if (again.kind === 'missing') return createWhole(file, body)
      if (again.raw !== holder.raw || !staleReason(again, now(), staleMs)) return false
      await unlink(file).catch((error: NodeJS.ErrnoException) => {
        if (error.code !== 'ENOENT') throw fileWriteError(error, `the run lock ${file}`, 'nothing was submitted')
      })
      return createWhole(file, body)
    })
    if (took) return held(file, body, heartbeatMs, {...(holder.kind === 'lock' ? holder.body : {}), reason})
  }
  throw new LockedError(`another run is taking over the lock ${file}; nothing was submitted`)
}

function held(file: string, body: LockBody, heartbeatMs: number, stale?: StaleLock): Lock {
  let stopped = false
  const ours = async () => {
    const h = await readHolder(file)
    return h.kind === 'lock' && h.body.token === body.token
  }
  const timer = setInterval(() => {
    void (async () => {
      if (stopped) return
      if (!(await ours())) {
        stopped = true
        clearInterval(timer)
        return
      }
      // a failed renewal (full disk) leaves the last heartbeat; the lock goes stale after STALE_MS
      await writeFileAtomic(file, JSON.stringify({...body, heartbeatAt: new Date().toISOString()}) + '\n').catch(() => {})
    })()
  }, heartbeatMs)
  timer.unref()
  return {
    file,
    async release() {
      stopped = true
      clearInterval(timer)
      if (await ours()) await unlink(file).catch(() => {})
    },
    tookOverStale: stale,
  }
}

/**
 * Hold the run lock of a state folder (`run.lock`) while `fn` runs: set, reveal, run and the validator loop never
 * overlap for one (wallet, hotkey, netuid). A stale lock taken over is reported through the Ui (one line).
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
export async function acquireRunLock(dir: string, ui: Pick<Ui, 'warn'>, opts?: LockOptions): Promise<Lock> {
  const lock = await acquireLock(path.join(dir, 'run.lock'), opts)
  if (lock.tookOverStale) ui.warn(staleWarning(lock))
  return lock
}

export function staleWarning(lock: Lock): string {
  const s = lock.tookOverStale!
  const who = s.pid === undefined ? '' : ` left by pid ${s.pid} on ${s.host}`
  return `took over a stale lock${who} (${s.reason}): ${lock.file}`
}
