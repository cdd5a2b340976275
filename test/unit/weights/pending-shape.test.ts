import {mkdtempSync, readFileSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import path from 'node:path'
import {describe, expect, it} from 'vitest'

import {loadPending, pendingFile, upsertPending} from '../../../src/weights/pending.js'

// A pending store of the wrong shape may still hold the salt of an unrevealed commit: tao refuses (exit 3) and
// never writes over it.
describe('pending.json of the wrong shape', () => {
  const dir = () => mkdtempSync(path.join(tmpdir(), 'tao-pending-'))
  it.each([
    ['{"vers', /not valid JSON/],
    ['[]', /not a version-1 store/],
    ['{"version":2,"commits":[]}', /not a version-1 store/],
    ['{"version":1,"commits":[{"id":"0x1","uids":[0],"values":[1],"status":"committed"}]}', /commit 0 lacks/],
  ])('%s → exit 3, the file left as it was', async (text, why) => {
    const d = dir()
    writeFileSync(pendingFile(d), text)
    const err = await loadPending(d).catch((error: unknown) => error)
    expect(err).toMatchObject({code: 'CorruptState', exitCode: 3})
    expect((err as Error).message).toMatch(/^corrupt pending-commit store .*pending\.json: /)
    expect((err as Error).message).toMatch(why)
    expect(readFileSync(pendingFile(d), 'utf8')).toBe(text)
  })
  it('no file is an empty store; a good file round-trips', async () => {
    const d = dir()
    const empty = await loadPending(d)
    expect(empty).toEqual({commits: [], version: 1})
    const c = {genesisHash: '0xaa', hotkey: '5x', id: '0x01', kind: 'hash' as const, netuid: 1, preparedAt: 5, preparedTime: 't', salt: [1, 2], status: 'prepared' as const, uids: [0], updated: 't', values: [65535], versionKey: '0'}
    await upsertPending(d, empty, c)
    expect((await loadPending(d)).commits.map((x) => x.id)).toEqual(['0x01'])
  })
})
