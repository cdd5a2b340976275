import fc from 'fast-check'
import {describe, expect, it} from 'vitest'

import {chainRefusal, checkVecMaxLimited, maxUpscaleU16} from '../../../src/scoring/chain-math.js'
import {emaScores, emptyEma, updateEma} from '../../../src/scoring/ema.js'
import {type ScoreEntry, scoresToWeights} from '../../../src/scoring/vectors.js'
import {InputError} from '../../../src/errors.js'

const anyScore = fc.oneof(
  {weight: 6, arbitrary: fc.double({min: 0, max: 1e6, noNaN: true})},
  {weight: 2, arbitrary: fc.constantFrom(0, Number.NaN, Infinity, -Infinity, -1, 1e-30, 5e-324)},
  {weight: 1, arbitrary: fc.double({noNaN: false})},
)

const subnet = fc
  .record({
    n: fc.integer({min: 1, max: 300}),
    minAllowedWeights: fc.integer({min: 0, max: 64}),
    maxWeightsLimit: fc.oneof(fc.constant(65535), fc.integer({min: 1, max: 65535})),
  })
  .chain((rules) =>
    fc.record({
      rules: fc.constant(rules),
      scores: fc.array(fc.record({uid: fc.integer({min: -2, max: rules.n + 2}), score: anyScore}), {maxLength: 320}),
    }),
  )

function run(scores: ScoreEntry[], rules: {n: number; minAllowedWeights: number; maxWeightsLimit: number}) {
  try {
    return {plan: scoresToWeights(scores, rules)}
  } catch (error) {
    if (error instanceof InputError && error.code === 'WeightsInfeasible') return {infeasible: error}
    throw error
  }
}

describe('scores → chain vectors (properties)', () => {
  it('any input yields a vector the chain accepts, or a clear "infeasible" error only when none exists', () => {
    fc.assert(
      fc.property(subnet, ({rules, scores}) => {
        const r = run(scores, rules)
        if (r.plan) {
          const {uids, values} = r.plan
          expect(chainRefusal(uids, values, rules)).toBeUndefined()
          for (const v of values) expect(Number.isInteger(v) && v >= 1 && v <= 65535).toBe(true)
          for (let i = 1; i < uids.length; i++) expect(uids[i]!).toBeGreaterThan(uids[i - 1]!)
          if (values.length) expect(Math.max(...values)).toBe(65535)
          expect(r.plan.stored).toEqual(maxUpscaleU16(values))
        } else {
          const finite = scores.filter((s) => Number.isFinite(s.score) && s.score > 0).reduce((a, s) => a + s.score, 0)
          fc.pre(finite <= 1e38) // beyond float32 range the scores are rescaled first
          // infeasible only when the limit cannot be met by the uids the SDK rules give weight to
          const limit = rules.maxWeightsLimit / 65535
          expect(rules.maxWeightsLimit).toBeLessThan(65535)
          // per uid the first finite, non-negative entry counts (sanitizeScores: "first of duplicates")
          const firstValid = new Map<number, number>()
          for (const s of scores) {
            if (Number.isInteger(s.uid) && s.uid >= 0 && s.uid < rules.n && Number.isFinite(s.score) && s.score >= 0 && !firstValid.has(s.uid)) firstValid.set(s.uid, s.score)
          }
          const positives = [...firstValid.values()].filter((v) => Math.fround(v) > 0).length
          const spread = positives === 0 || rules.n < rules.minAllowedWeights || positives < rules.minAllowedWeights ? rules.n : positives
          expect(spread * limit).toBeLessThanOrEqual(1 + 1e-6)
        }
      }),
      {
        // found by a CI run: a duplicate uid whose first entry is 0 and a float32-subnormal score
        examples: [[{rules: {maxWeightsLimit: 56199, minAllowedWeights: 1, n: 8}, scores: [{score: 7.006492321624087e-46, uid: 0}, {score: 0, uid: 5}, {score: 7.006492321624087e-46, uid: 5}]}]],
        numRuns: 400,
      },
    )
  })

  it('the order of uids never changes the result', () => {
    fc.assert(
      fc.property(subnet, fc.integer(), ({rules, scores}, seed) => {
        const shuffled = scores
          .map((s, i) => ({k: Math.sin(seed + i * 7919), s}))
          .sort((a, b) => a.k - b.k)
          .map((x) => x.s)
        // duplicates keep their first occurrence, so only shuffle inputs without duplicate uids
        const uniq = new Set(scores.map((s) => s.uid)).size === scores.length
        fc.pre(uniq)
        const a = run(scores, rules)
        const b = run(shuffled, rules)
        expect(b.plan?.uids).toEqual(a.plan?.uids)
        expect(b.plan?.values).toEqual(a.plan?.values)
        expect(Boolean(b.infeasible)).toBe(Boolean(a.infeasible))
      }),
      {numRuns: 300},
    )
  })

  it('explains dropped scores', () => {
    const plan = scoresToWeights(
      [
        {score: Number.NaN, uid: 0},
        {score: -1, uid: 1},
        {score: Infinity, uid: 2},
        {score: 1, uid: 3},
        {score: 2, uid: 9},
        {score: 0.5, uid: 4},
      ],
      {maxWeightsLimit: 65535, minAllowedWeights: 1, n: 5},
    )
    expect(plan.uids).toEqual([3, 4])
    expect(plan.values).toEqual([65535, 32768])
    expect(plan.notes.join('\n')).toMatch(/nan.*uid 0/)
    expect(plan.notes.join('\n')).toMatch(/negative.*uid 1/)
    expect(plan.notes.join('\n')).toMatch(/infinite.*uid 2/)
    expect(plan.notes.join('\n')).toMatch(/unknown-uid.*uid 9/)
  })

  it('clips to MaxWeightsLimit and the chain check passes', () => {
    const plan = scoresToWeights(
      [0.9, 0.05, 0.03, 0.02].map((score, uid) => ({score, uid})),
      {maxWeightsLimit: Math.round(0.4 * 65535), minAllowedWeights: 1, n: 4},
    )
    expect(plan.notes.join(' ')).toMatch(/clipped uid 0/)
    expect(checkVecMaxLimited(plan.values, Math.round(0.4 * 65535))).toBe(true)
    expect(Math.max(...plan.rows.map((r) => r.share))).toBeLessThanOrEqual(0.4)
  })
})

describe('EMA of scores', () => {
  const hk = (p: string, n: number) => Array.from({length: n}, (_, i) => `${p}${i}`)

  it('alpha 1 keeps the latest observation; values stay within the observed range', () => {
    fc.assert(
      fc.property(
        fc.double({max: 1, min: 0.01, noNaN: true}),
        fc.array(fc.array(fc.double({max: 100, min: 0, noNaN: true}), {maxLength: 5, minLength: 5}), {maxLength: 6, minLength: 1}),
        (alpha, rounds) => {
          let s = emptyEma(alpha)
          for (const [b, r] of rounds.entries()) s = updateEma(s, r.map((score, uid) => ({score, uid})), hk('h', 5), b).state
          for (let uid = 0; uid < 5; uid++) {
            const obs = rounds.map((r) => r[uid]!)
            const v = s.entries[String(uid)]!.score
            expect(v).toBeGreaterThanOrEqual(0)
            expect(v).toBeLessThanOrEqual(Math.max(...obs) + 1e-9)
          }
          const last = updateEma(s, [{score: 7, uid: 0}], hk('h', 5), 99, 1).state
          expect(last.entries['0']!.score).toBe(7)
        },
      ),
    )
  })

  it('forgets a uid whose hotkey changed and drops NaN/negative/infinite observations', () => {
    let s = emptyEma(0.5)
    s = updateEma(s, [{score: 10, uid: 0}, {score: 4, uid: 1}], ['a', 'b'], 1).state
    const u = updateEma(s, [{score: 2, uid: 1}, {score: Number.NaN, uid: 0}, {score: -3, uid: 0}, {score: Infinity, uid: 0}], ['a', 'B'], 2)
    expect(u.forgotten).toEqual([{now: 'B', uid: 1, was: 'b'}])
    // the new hotkey starts from zero: 0.5·2 + 0.5·0
    expect(u.state.entries['1']).toEqual({block: 2, count: 1, hotkey: 'B', score: 1})
    expect(u.state.entries['0']!.score).toBe(10 * 0.5)
    expect(u.dropped.map((d) => d.reason)).toEqual(['nan', 'negative', 'infinite'])
    expect(emaScores(u.state, ['a', 'B'])).toEqual([{score: 5, uid: 0}, {score: 1, uid: 1}])
    expect(emaScores(u.state, ['x', 'B'])).toEqual([{score: 1, uid: 1}])
  })
})
