import {mkdirSync, renameSync, rmSync, writeFileSync} from 'node:fs'
import {mkdir, open, rename, unlink} from 'node:fs/promises'
import path from 'node:path'

import {WalletError} from '../errors.js'

/**
 * Write a file atomically with mode 0600: a temp file beside the target, fsync, rename over it, fsync the
 * folder. A crash leaves either the old or the new content, never a torn file. Creates missing parent folders
 * with `dirMode` (0700 by default).
 */
export async function writeFileAtomic(file: string, data: string | Uint8Array, opts: {dirMode?: number; mode?: number} = {}): Promise<void> {
  const mode = opts.mode ?? 0o600
  await mkdir(path.dirname(file), {mode: opts.dirMode ?? 0o700, recursive: true})
  // node:crypto only here: reading commands start without it
  const {randomBytes} = await import('node:crypto')
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`)
  const fh = await open(tmp, 'wx', mode)
  try {
    await fh.writeFile(data)
    await fh.chmod(mode)
    await fh.sync()
  } catch (error) {
    await fh.close()
    await unlink(tmp).catch(() => {})
    throw error
  }
  await fh.close()
  try {
    await rename(tmp, file)
  } catch (error) {
    await unlink(tmp).catch(() => {})
    throw error
  }
  try {
    const dir = await open(path.dirname(file), 'r')
    await dir.sync().catch(() => {})
    await dir.close()
  } catch {}
}

/**
 * Write a small file whole or not at all, synchronously (for a hint kept between runs, written where an async
 * write cannot be awaited): a temp file beside the target, renamed over it; the temp file removed when that fails.
 * No fsync and the process's default mode: for caches, not for keys or state (use `writeFileAtomic`). Throws.
 */
export function writeFileAtomicSync(file: string, data: string): void {
  const tmp = `${file}.${process.pid}.tmp`
  try {
    mkdirSync(path.dirname(file), {recursive: true})
    writeFileSync(tmp, data)
    renameSync(tmp, file)
  } catch (error) {
    try {
      rmSync(tmp, {force: true})
    } catch {
      // nothing was written
    }
    throw error
  }
}

const WRITE_REASONS: Record<string, string> = {
  EACCES: 'permission denied',
  EDQUOT: 'disk quota exceeded',
  ENOSPC: 'disk full',
  EPERM: 'permission denied',
  EROFS: 'read-only file system',
}

/**
 * A failed write as the error the operator should see: exit 3 "cannot write FILE: disk full" (and what that
 * means for the operation, e.g. "nothing was submitted"), or the error itself when it is not a disk condition.
 */
export function fileWriteError(error: unknown, what: string, consequence?: string): Error {
  const code = (error as NodeJS.ErrnoException)?.code
  const reason = code ? WRITE_REASONS[code] : undefined
  if (!reason) return error as Error
  return new WalletError(`cannot write ${what}: ${reason}${consequence ? `; ${consequence}` : ''}`, {cause: error, code: `Write.${code}`})
}

/** syscalls that read: EACCES/EPERM there is not a write failure */
const READ_SYSCALLS = new Set(['access', 'lstat', 'open', 'read', 'readlink', 'scandir', 'stat'])

/**
 * The last-resort mapping for an errno error nobody wrapped: a full, read-only or forbidden disk during a write
 * (by its syscall) as exit 3 "cannot write PATH: disk full"; undefined for anything else.
 */
export function diskWriteErrorOf(error: unknown): Error | undefined {
  const e = error as NodeJS.ErrnoException
  if (!e || typeof e !== 'object' || typeof e.code !== 'string' || !(e.code in WRITE_REASONS)) return undefined
  if ((e.code === 'EACCES' || e.code === 'EPERM') && READ_SYSCALLS.has(e.syscall ?? '')) return undefined
  const out = fileWriteError(error, e.path ?? 'a file')
  return out === error ? undefined : out
}
