import {spawnSync} from 'node:child_process'
import {existsSync, mkdtempSync, readFileSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import path from 'node:path'
import {describe, expect, it} from 'vitest'

import {LockedError} from '../../../src/errors.js'
import {precheck, rateLimit} from '../../../src/weights/checks.js'
import {parseScoresJson, parseWeightsFlag, resolveEntries} from '../../../src/weights/input.js'
import {acquireLock} from '../../../src/weights/lock.js'
import type {PendingCommit} from '../../../src/weights/pending.js'
import {loadPending, savePending} from '../../../src/weights/pending.js'
import {epochOf, reconcile} from '../../../src/weights/reveal.js'
import type {WeightsState} from '../../../src/weights/state.js'
import type {Chain} from '../../../src/chain/client.js'

import {backoffMs} from '../../../src/chain/reconnect.js'
import {settleCommits} from '../../../src/weights/settle.js'

function state(over: Partial<WeightsState> = {}): WeightsState {
  return {
    block: 100,
    blockHash: '0x00',
    blockTimeMs: 12000,
    commitReveal: false,
    commits: [],
    features: {batchReveal: true, epochTuples: false, timelocked: false},
    genesisHash: '0xg',
    hotkey: '5Hot',
    hotkeyAccountExists: true,
    hotkeys: ['a', '5Hot', 'c'],
    lastUpdate: 50,
    maxWeightsLimit: 65535,
    minAllowedWeights: 1,
    minStake: 0n,
    n: 3,
    netuid: 2,
    revealPeriodEpochs: 1,
    specVersion: 218,
    stake: 0n,
    stakeSource: 'TotalHotkeyAlpha',
    tempo: 10,
    uid: 1,
    validatorPermit: true,
    weights: [],
    weightsSetRateLimit: 10,
    weightsVersionKey: 0n,
    ...over,
  }
}

describe('rate limit: the chain rule now − LastUpdate ≥ limit, for the block the tx lands in', () => {
  it('uses >= (not the SDK’s >) and head + 1', () => {
    // lands in 101: 101 − 91 = 10 ≥ 10 → allowed (the SDK would wait one more block)
    expect(rateLimit({block: 100, lastUpdate: 91, weightsSetRateLimit: 10}).allowed).toBe(true)
    const r = rateLimit({block: 100, lastUpdate: 92, weightsSetRateLimit: 10})
    expect(r).toMatchObject({allowed: false, inBlocks: 2, nextAllowedBlock: 102})
    expect(rateLimit({block: 5, lastUpdate: 0, weightsSetRateLimit: 100}).allowed).toBe(true)
    expect(rateLimit({block: 5, lastUpdate: 3, weightsSetRateLimit: 0}).allowed).toBe(true)
  })
})

describe('pre-checks follow do_set_weights', () => {
  const ok = {mode: 'set' as const, uids: [0, 1, 2], values: [65535, 10, 10], versionKey: 0n}
  it('passes a good vector', () => expect(precheck(state(), ok).failure).toBeUndefined())
  it('a hotkey without an account passes when the call pays no fee (Pays::No), and when the fee is unknown', () => {
    expect(precheck(state({callFees: {commit: 0n, set: 0n}, hotkeyAccountExists: false}), ok).failure).toBeUndefined()
    expect(precheck(state({callFees: {}, hotkeyAccountExists: false}), ok).failure).toBeUndefined()
    expect(precheck(state({callFees: {commit: 7n, set: 0n}, commitReveal: true, hotkeyAccountExists: false}), {...ok, mode: 'commit'}).failure?.error).toBe('Payment')
  })
  it('the subnet owner is exempt from the stake minimum where the runtime exempts it', () => {
    expect(precheck(state({minStake: 10n, stake: 0n, stakeExempt: true}), ok).failure).toBeUndefined()
  })
  it.each([
    [{uid: undefined}, 'HotKeyNotRegisteredInSubNet'],
    [{callFees: {set: 125_000n}, hotkeyAccountExists: false}, 'Payment'],
    [{minStake: 10n, stake: 9n}, 'NotEnoughStakeToSetWeights'],
    [{weightsVersionKey: 5n}, 'IncorrectWeightVersionKey'],
    [{validatorPermit: false}, 'NeuronNoValidatorPermit'],
    [{minAllowedWeights: 4, n: 5, hotkeys: ['a', '5Hot', 'c', 'd', 'e']}, 'WeightVecLengthIsLow'],
    [{maxWeightsLimit: 30000}, 'MaxWeightExceeded'],
    [{n: 2, hotkeys: ['a', '5Hot']}, 'UidsLengthExceedUidsInSubNet'],
  ] as [Partial<WeightsState>, string][])('%o → %s', (over, error) => {
    expect(precheck(state(over), ok).failure?.error).toBe(error)
  })
  it('a single self-weight needs no permit and is exempt from the count', () => {
    expect(precheck(state({minAllowedWeights: 3, validatorPermit: false}), {...ok, uids: [1], values: [65535]}).failure).toBeUndefined()
  })
  it('duplicates and unknown uids', () => {
    expect(precheck(state(), {...ok, uids: [0, 0, 1]}).failure?.error).toBe('DuplicateUids')
    expect(precheck(state(), {...ok, uids: [0, 1, 3]}).failure?.error).toBe('UidVecContainInvalidOne')
  })
  it('commit mode needs commit-reveal on', () => {
    expect(precheck(state(), {...ok, mode: 'commit'}).failure?.error).toBe('CommitRevealDisabled')
    expect(precheck(state({commitReveal: true}), {...ok, mode: 'commit'}).failure).toBeUndefined()
  })
})

describe('operator input is strict', () => {
  it('parses uid=weight pairs and rejects what the library would silently drop', () => {
    expect(parseWeightsFlag('0=0.5, 2=1e-3,1=0')).toEqual([
      {from: '«weights» 0=0.5', key: '0', score: 0.5},
      {from: '«weights» 2=1e-3', key: '2', score: 0.001},
      {from: '«weights» 1=0', key: '1', score: 0},
    ])
    for (const bad of ['0=NaN', '0=-1', '0=inf', '0=abc', '0=', 'x=1', '0=1,0=2', '70000=1', '']) expect(() => parseWeightsFlag(bad), bad).toThrow()
  })
  it('scores files: flat object, numbers, no duplicate keys', () => {
    expect(parseScoresJson('{"0": 1, "2": 0.5}', 'f')).toHaveLength(2)
    expect(() => parseScoresJson('{"0": 1, "0": 2}', 'f')).toThrow(/twice/)
    expect(() => parseScoresJson('[1,2]', 'f')).toThrow(/object/)
    expect(() => parseScoresJson('{"0": "NaN"}', 'f')).toThrow(/NaN/)
    expect(() => parseScoresJson('{"0": {"a": 1}}', 'f')).toThrow(/number/)
    expect(() => parseScoresJson('{}', 'f')).toThrow(/no scores/)
    expect(() => parseScoresJson('{"0": 1', 'f')).toThrow(/not valid JSON/)
  })
  it('resolves hotkeys to uids; unknown or doubly named uids are errors', () => {
    const hk = ['5Aaaa', '5Bbbb']
    expect(resolveEntries([{from: 'x', key: '1', score: 2}], hk, 3)).toEqual([{score: 2, uid: 1}])
    expect(() => resolveEntries([{from: 'x', key: '2', score: 2}], hk, 3)).toThrow(/uid 2 does not exist/)
  })
})

describe('pending commits and their reveal windows', () => {
  const commit = (over: Partial<PendingCommit> = {}): PendingCommit => ({
    expectedWeights: [[0, 65535], [2, 100]],
    genesisHash: '0xg',
    hotkey: '5Hot',
    id: '0xaa',
    kind: 'hash',
    netuid: 2,
    preparedAt: 90,
    preparedTime: '',
    salt: [1],
    status: 'committed',
    uids: [0, 2],
    updated: '',
    values: [65535, 100],
    versionKey: '0',
    ...over,
  })
  const onChain = [{a: 91, b: 107, c: 117, hash: '0xaa'}]

  it('epoch index and the window the chain computes', () => {
    // demo: netuid 2, tempo 10, commit at block 30 → window 41–51
    expect(epochOf(30, 2, 10)).toBe(3)
    expect((epochOf(30, 2, 10) + 1) * 11 - 3).toBe(41)
  })
  it('waiting before the window, due inside it, missed after it', () => {
    expect(reconcile(state({block: 100, commits: onChain}), [commit()]).views[0]).toMatchObject({opensIn: 7, phase: 'waiting'})
    expect(reconcile(state({block: 106, commits: onChain}), [commit()]).due).toHaveLength(1)
    expect(reconcile(state({block: 116, commits: onChain}), [commit()]).due).toHaveLength(1)
    const late = reconcile(state({block: 117, commits: onChain}), [commit()])
    expect(late.newlyMissed).toHaveLength(1)
  })
  it('a prepared commit found on chain becomes committed; one that never landed is abandoned later', () => {
    const c = commit({status: 'prepared'})
    expect(reconcile(state({block: 100, commits: onChain}), [c]).views[0]!.phase).toBe('waiting')
    expect(c.status).toBe('committed')
    const lost = commit({id: '0xbb', status: 'prepared'})
    expect(reconcile(state({block: 100}), [lost]).views[0]!.phase).toBe('in-flight')
    expect(reconcile(state({block: 200}), [lost]).views[0]!.phase).toBe('abandoned')
  })
  it('a commit sent with an unknown outcome stays unknown however old (never abandoned by the clock); on chain it is committed', () => {
    const u = commit({commitLastValid: 160, commitTx: '0xtx', id: '0xbb', status: 'unknown'})
    for (const block of [100, 200, 10_000]) {
      const v = reconcile(state({block}), [u]).views[0]!
      expect(v.phase).toBe('in-flight')
      expect(u.status).toBe('unknown')
    }
    const landed = commit({commitTx: '0xtx', status: 'unknown'})
    expect(reconcile(state({block: 100, commits: onChain}), [landed]).views[0]!.phase).toBe('waiting')
    expect(landed.status).toBe('committed')
  })
  it('settle: a prepared commit with no line in the journal was never sent (abandoned); an unknown one without any record is left unknown', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'tao-settle-'))
    const chain = {endpoint: 'ws://x', journalFile: path.join(dir, 'journal.jsonl')} as unknown as Chain
    const never = commit({id: '0xcc', status: 'prepared'})
    const unknown = commit({id: '0xdd', status: 'unknown'})
    expect(await settleCommits(chain, state(), [never, unknown])).toBe(true)
    expect(never.status).toBe('abandoned')
    expect(never.note).toMatch(/never sent/)
    expect(unknown.status).toBe('unknown')
  })
  it('gone from WeightCommits: landed when Weights hold the values, missed otherwise', () => {
    expect(reconcile(state({weights: [[0, 65535], [2, 100]]}), [commit()]).views[0]!.phase).toBe('landed')
    const r = reconcile(state({weights: [[0, 1]]}), [commit()])
    expect(r.views[0]!.phase).toBe('missed')
    expect(r.newlyMissed).toHaveLength(1)
  })
  it('the pending file round-trips and keeps open entries', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'tao-pending-'))
    await savePending(dir, {commits: [commit(), commit({id: '0x01', status: 'landed'})], version: 1})
    const back = await loadPending(dir)
    expect(back.commits.map((c) => c.id).sort()).toEqual(['0x01', '0xaa'])
    expect(readFileSync(path.join(dir, 'pending.json'), 'utf8')).toMatch(/"salt"/)
  })
})

describe('run lock', () => {
  it('is exclusive, released by its owner, and taken over when its process is gone', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'tao-lock-'))
    const file = path.join(dir, 'run.lock')
    const a = await acquireLock(file)
    await expect(acquireLock(file)).rejects.toBeInstanceOf(LockedError)
    await a.release()
    expect(existsSync(file)).toBe(false)
    // a lock left by a dead process
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']).stdout.toString()
    writeFileSync(file, JSON.stringify({host: (await import('node:os')).hostname(), pid: Number(dead), startedAt: 'then', token: 'x'}))
    const b = await acquireLock(file)
    expect(b.tookOverStale?.pid).toBe(Number(dead))
    await b.release()
    // a live holder (this process) is respected
    writeFileSync(file, JSON.stringify({host: (await import('node:os')).hostname(), pid: process.pid, startedAt: 'now', token: 'y'}))
    await expect(acquireLock(file)).rejects.toThrow(/another run holds the lock/)
  })
})

describe('timelocked commits: drand round for the reveal', () => {
  it('names the quicknet round of (now + blocks until reveal + 3) × block time', async () => {
    const {revealRoundFor} = await import('../../../src/weights/submit-weights.js')
    const {QUICKNET} = await import('../../../src/scoring/timelock.js')
    const now = (QUICKNET.genesisTime + 3000) * 1000
    // 27 blocks of 12 s → +360 s = 120 rounds later
    expect(revealRoundFor(now, 27, 12_000)).toBe(1000 + 120)
    expect(revealRoundFor(now, 0, 250)).toBe(1000)
  })
})

describe('reconnect backoff', () => {
  it('tries at once, then doubles from 1 s, capped at 30 s', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8, 20].map((n) => backoffMs(n))).toEqual([0, 1000, 2000, 4000, 8000, 16_000, 30_000, 30_000, 30_000])
  })
})
