import {readFileSync} from 'node:fs'
import path from 'node:path'
import {fileURLToPath} from 'node:url'
import {describe, expect, it} from 'vitest'

import {npSum, pyRound} from '../../../src/scoring/float32.js'
import {convertWeightsAndUidsForEmit, processWeights} from '../../../src/scoring/sdk.js'

const here = path.dirname(fileURLToPath(import.meta.url))
interface Case {
  uids: number[]
  weights: number[]
  n: number
  minAllowedWeights: number
  maxWeightsLimit: number
  expect: {uids: number[]; values: number[]; floats: number[]}
}
const {cases, numpy} = JSON.parse(readFileSync(path.join(here, 'sdk-vectors.json'), 'utf8')) as {cases: Case[]; numpy: string}

describe(`SDK weight pipeline port matches numpy ${numpy} bit for bit`, () => {
  it(`${cases.length} generated cases: same floats, same u16 vectors`, () => {
    const branches = new Set<string>()
    for (const [i, c] of cases.entries()) {
      const p = processWeights(c.uids, c.weights, c.n, c.minAllowedWeights, c.maxWeightsLimit / 65535)
      branches.add(p.branch + (p.clipped.length ? '+clip' : ''))
      expect(p.weights, `case ${i} floats`).toEqual(c.expect.floats)
      const e = convertWeightsAndUidsForEmit(p.uids, p.weights)
      expect({uids: e.uids, values: e.values}, `case ${i} u16`).toEqual({uids: c.expect.uids, values: c.expect.values})
    }
    // the vectors exercise every branch, including clipping
    expect([...branches].sort()).toEqual(expect.arrayContaining(['normal', 'normal+clip', 'padded', 'uniform']))
  })

  it('float32 sums follow numpy pairwise summation', () => {
    // 0.1f added 10 times sequentially differs from numpy's 8-lane pairwise result
    const a = Array.from({length: 10}, () => Math.fround(0.1))
    expect(npSum(a, 'f32')).toBe(Math.fround(1.0000000149011612))
  })

  it('Python round: ties to even', () => {
    expect([0.5, 1.5, 2.5, 32767.5, 32768.5, 2.4999].map(pyRound)).toEqual([0, 2, 2, 32768, 32768, 2])
  })

  it('convert rejects what the SDK rejects and drops zeros', () => {
    expect(() => convertWeightsAndUidsForEmit([0], [-1])).toThrow(/negative/)
    expect(() => convertWeightsAndUidsForEmit([0, 1], [1])).toThrow(/length/)
    expect(convertWeightsAndUidsForEmit([0, 1], [0, 0])).toEqual({roundedToZero: [], uids: [], values: []})
    expect(convertWeightsAndUidsForEmit([3, 1, 2], [1, 0.5, 1e-9])).toEqual({roundedToZero: [2], uids: [3, 1], values: [65535, 32768]})
  })
})
