import {mkdtempSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import path from 'node:path'
import {describe, expect, it} from 'vitest'

import {loadEma} from '../../../src/weights/store.js'

describe('ema.json of the wrong shape', () => {
  const dir = () => mkdtempSync(path.join(tmpdir(), 'tao-ema-'))
  it.each([
    ['[1,2]', /not a JSON object/],
    ['{"version":1,"entries":[]}', /entries is not an object/],
    ['{"version":1,"entries":{"0":{"score":"x"}}}', /entry 0 is not/],
    ['{"version":2,"entries":{}}', /unknown version/],
    ['{"vers', /not valid JSON/],
  ])('%s → exit 3 "corrupt EMA state …; move it aside"', async (text, why) => {
    const d = dir()
    writeFileSync(path.join(d, 'ema.json'), text)
    const err = await loadEma(d, 0.1, '0xaa').catch((error: unknown) => error)
    expect(err).toMatchObject({code: 'CorruptState', exitCode: 3})
    expect((err as Error).message).toMatch(/^corrupt EMA state .*ema\.json: /)
    expect((err as Error).message).toMatch(why)
    expect((err as Error).message).toMatch(/move it aside/)
  })
  it('a good file loads; a file for another chain starts over', async () => {
    const d = dir()
    writeFileSync(path.join(d, 'ema.json'), JSON.stringify({alpha: 0.1, entries: {3: {block: 5, count: 1, hotkey: '5x', score: 0.5}}, genesisHash: '0xaa', version: 1}))
    expect((await loadEma(d, 0.2, '0xaa')).entries['3']!.score).toBe(0.5)
    expect((await loadEma(d, 0.2, '0xbb')).entries).toEqual({})
  })
})
