import {mkdtempSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import path from 'node:path'
import {describe, expect, it} from 'vitest'

import {InputError} from '../../../src/errors.js'
import {parseScoreInput} from '../../../src/weights/input.js'

async function failure(p: Promise<unknown>): Promise<InputError> {
  const e = await p.then(() => undefined, (error: unknown) => error)
  expect(e).toBeInstanceOf(InputError)
  return e as InputError
}

describe('score options are parsed by the library, errors name their option', () => {
  it('uid=weight pairs, an object, a scores file, the EMA and the version key', async () => {
    expect((await parseScoreInput({weights: '0=1,1=0.5'}, true)).entries).toHaveLength(2)
    expect((await parseScoreInput({weights: {0: 1, 2: 3}}, true)).entries?.map((e) => e.key)).toEqual(['0', '2'])
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'tao-scores-')), 's.json')
    writeFileSync(file, '{"0": 1}')
    expect(await parseScoreInput({alpha: '0.5', ema: true, scores: file, versionKey: '7'}, true)).toMatchObject({ema: {alpha: 0.5}, versionKey: 7n})
    expect(await parseScoreInput({}, false)).toEqual({ema: undefined, entries: undefined, versionKey: undefined})
  })
  it.each([
    [{weights: '0=1', scores: 'f'}, 'give «weights» or «scores», not both', 'weights'],
    [{}, 'give «weights», «scores» or «ema»', 'weights'],
    [{weights: '0=NaN'}, '«weights» 0=NaN: NaN is not a usable weight (NaN/infinite)', 'weights'],
    [{ema: true, alpha: '2'}, '«alpha» must be in (0, 1]: 2', 'alpha'],
    [{weights: '0=1', versionKey: '-1'}, '«versionKey» must be a non-negative integer: -1', 'versionKey'],
    [{scores: '/nonexistent/s.json'}, 'cannot read «scores» /nonexistent/s.json: ENOENT', 'scores'],
  ])('%o → %s', async (opts, template, field) => {
    const e = await failure(parseScoreInput(opts as never, true))
    expect(e.template).toBe(template)
    expect(e.field).toBe(field)
  })
})
