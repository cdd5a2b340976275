import {spawnSync} from 'node:child_process'
import {existsSync, mkdtempSync, readFileSync, writeFileSync} from 'node:fs'
import {hostname, tmpdir} from 'node:os'
import path from 'node:path'
import {describe, expect, it} from 'vitest'

import {LockedError} from '../../../src/errors.js'
import {STALE_MS, acquireLock, acquireRunLock, staleReason} from '../../../src/weights/lock.js'

const lockFile = () => path.join(mkdtempSync(path.join(tmpdir(), 'tao-lock-')), 'run.lock')
const ago = (ms: number) => new Date(Date.now() - ms).toISOString()
const deadPid = () => Number(spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']).stdout.toString())

describe('run lock: the staleness rule', () => {
  const lock = (body: Record<string, unknown>) => ({body, kind: 'lock' as const, mtimeMs: Date.now(), raw: JSON.stringify(body)})
  const now = Date.now()
  it('a fresh heartbeat blocks, from this host (live pid) or another host', () => {
    expect(staleReason(lock({heartbeatAt: ago(5000), host: hostname(), pid: process.pid}), now)).toBeUndefined()
    expect(staleReason(lock({heartbeatAt: ago(5000), host: 'elsewhere', pid: 999_999_999}), now)).toBeUndefined()
  })
  it('a heartbeat older than the limit is stale, whatever the host or pid', () => {
    expect(staleReason(lock({heartbeatAt: ago(STALE_MS + 5000), host: 'elsewhere', pid: 4}), now)).toMatch(/last heartbeat 6\d s ago/)
    expect(staleReason(lock({heartbeatAt: ago(STALE_MS + 5000), host: hostname(), pid: 1}), now)).toMatch(/heartbeat/)
    expect(staleReason(lock({heartbeatAt: ago(STALE_MS - 5000), host: hostname(), pid: 1}), now)).toBeUndefined()
  })
  it('a gone process on this host is stale at once; empty or garbled files are stale', () => {
    expect(staleReason(lock({heartbeatAt: ago(0), host: hostname(), pid: 5}), now, STALE_MS, hostname(), () => false)).toBe('its process is gone')
    expect(staleReason(lock({heartbeatAt: ago(0), host: 'elsewhere', pid: 5}), now, STALE_MS, hostname(), () => false)).toBeUndefined()
    expect(staleReason({kind: 'garbled', reason: 'empty'}, now)).toBe('empty')
  })
  it('a lock without a heartbeat (older tao) counts its file time', () => {
    expect(staleReason({body: {host: 'x', pid: 3}, kind: 'lock', mtimeMs: now - STALE_MS - 1000, raw: ''}, now)).toMatch(/heartbeat/)
    expect(staleReason({body: {host: 'x', pid: 3}, kind: 'lock', mtimeMs: now - 1000, raw: ''}, now)).toBeUndefined()
  })
})

describe('run lock: files', () => {
  it('is exclusive and holds pid, host, start time and a heartbeat; released by its owner', async () => {
    const file = lockFile()
    const a = await acquireLock(file)
    const body = JSON.parse(readFileSync(file, 'utf8'))
    expect(body).toMatchObject({host: hostname(), pid: process.pid})
    expect(Date.parse(body.heartbeatAt)).toBeGreaterThan(Date.now() - 5000)
    await expect(acquireLock(file)).rejects.toBeInstanceOf(LockedError)
    await a.release()
    expect(existsSync(file)).toBe(false)
  })
  it('the holder renews its heartbeat', async () => {
    const file = lockFile()
    const a = await acquireLock(file, {heartbeatMs: 50})
    const first = JSON.parse(readFileSync(file, 'utf8')).heartbeatAt
    await new Promise((r) => setTimeout(r, 300))
    const later = JSON.parse(readFileSync(file, 'utf8'))
    expect(Date.parse(later.heartbeatAt)).toBeGreaterThan(Date.parse(first))
    expect(later.startedAt).toBe(first)
    await a.release()
  })
  it.each([
    ['an empty file', () => '', /\(empty\)/],
    ['a garbled file', () => '{"pid": 12, "ho', /garbled/],
    ['another host, stale heartbeat', () => JSON.stringify({heartbeatAt: ago(STALE_MS * 2), host: 'container-7', pid: 12, startedAt: ago(STALE_MS * 3), token: 't'}), /pid 12 on container-7 .*last heartbeat/],
    ['a live unrelated pid, stale heartbeat', () => JSON.stringify({heartbeatAt: ago(STALE_MS * 2), host: hostname(), pid: 1, startedAt: ago(STALE_MS * 3), token: 't'}), /pid 1 on .*last heartbeat/],
    ['a dead pid on this host', () => JSON.stringify({heartbeatAt: ago(0), host: hostname(), pid: deadPid(), startedAt: ago(0), token: 't'}), /process is gone/],
  ])('%s is taken over with one warning', async (_, content, warning) => {
    const file = lockFile()
    writeFileSync(file, content())
    const warnings: string[] = []
    const lock = await acquireRunLock(path.dirname(file), {warn: (m: string) => warnings.push(m)})
    expect(warnings).toHaveLength(1)
    expect(warnings[0]).toMatch(warning)
    expect(JSON.parse(readFileSync(file, 'utf8')).pid).toBe(process.pid)
    await lock.release()
    expect(existsSync(file)).toBe(false)
  })
  it('a fresh lock from another host blocks (exit 8), and the file is left alone', async () => {
    const file = lockFile()
    const content = JSON.stringify({heartbeatAt: ago(1000), host: 'container-7', pid: 12, startedAt: ago(1000), token: 't'})
    writeFileSync(file, content)
    const err = await acquireLock(file).catch((error: unknown) => error)
    expect(err).toBeInstanceOf(LockedError)
    expect((err as LockedError).exitCode).toBe(8)
    expect((err as Error).message).toMatch(/pid 12 on container-7/)
    expect(readFileSync(file, 'utf8')).toBe(content)
  })
  it('two runs taking over the same stale lock: exactly one gets it', async () => {
    const file = lockFile()
    writeFileSync(file, '')
    const results = await Promise.allSettled([acquireLock(file), acquireLock(file), acquireLock(file)])
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1)
    for (const r of results) if (r.status === 'rejected') expect(r.reason).toBeInstanceOf(LockedError)
  })
})
