/**
 * The read plan (src/chain/light/plan.ts) on a LightRpc against a small JSON-RPC server on loopback that answers
 * from a per-block state: last run's reads leave with the first pinned reads, answers are always the new block's,
 * a key the plan did not foresee is asked for, and the plan file follows what was read.
 */
import {existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import path from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {WebSocketServer} from 'ws'

import {planFile} from '../../src/chain/light/plan.js'
import {LightRpc} from '../../src/chain/light/rpc.js'

type Req = {id: number; method: string; params: unknown[]}

describe('read plans', () => {
  let server: WebSocketServer
  let url: string
  /** every batch the server received, in order */
  const batches: Req[][] = []
  /** storage per block hash */
  const state: Record<string, Record<string, string>> = {}
  const dir = mkdtempSync(path.join(tmpdir(), 'tao-plan-'))

  beforeAll(async () => {
    server = new WebSocketServer({host: '127.0.0.1', port: 0})
    await new Promise((r) => server.once('listening', r))
    url = `ws://127.0.0.1:${(server.address() as {port: number}).port}`
    server.on('connection', (ws) =>
      ws.on('message', (m) => {
        const msg = JSON.parse(m.toString())
        const list: Req[] = Array.isArray(msg) ? msg : [msg]
        batches.push(list)
        const answer = list.map((r) => {
          const hash = r.params.at(-1) as string
          const at = state[hash] ?? {}
          if (r.method === 'state_queryStorageAt') return {id: r.id, jsonrpc: '2.0', result: [{block: hash, changes: (r.params[0] as string[]).map((k) => [k, at[k] ?? null])}]}
          if (r.method === 'state_getKeysPaged') return {id: r.id, jsonrpc: '2.0', result: Object.keys(at).filter((k) => k.startsWith(r.params[0] as string)).sort()}
          if (r.method === 'state_call') return {id: r.id, jsonrpc: '2.0', result: `${r.params[0]}@${hash}`}
          return {id: r.id, error: {code: -32601, message: 'no such method'}, jsonrpc: '2.0'}
        })
        ws.send(JSON.stringify(Array.isArray(msg) ? answer : answer[0]))
      }),
    )
  })
  afterAll(async () => {
    await new Promise((r) => server.close(r))
    rmSync(dir, {force: true, recursive: true})
  })

  /** A command's reads: a listing and a runtime call first, then the listed keys' values (a dependent step). */
  async function command(rpc: LightRpc, hash: string): Promise<{call: string; values: [string, string | null][]}> {
    rpc.pin(hash, '0xgenesis')
    const [keys, call] = await Promise.all([
      rpc.call<string[]>('state_getKeysPaged', ['0xaa', 1000, null, hash]),
      rpc.call<string>('state_call', ['Api_method', '0x', hash]),
    ])
    const sets = await rpc.call<{changes: [string, string | null][]}[]>('state_queryStorageAt', [keys, hash])
    return {call, values: sets.flatMap((s) => s.changes)}
  }

  async function run(name: string, hash: string) {
    const rpc = await LightRpc.open(url, 5000)
    rpc.usePlan(planFile(dir, name))
    const from = batches.length
    const out = await command(rpc, hash)
    await rpc.close()
    return {batches: batches.slice(from), out}
  }

  it('without a plan the reads take two dependent batches; with one, one batch answered at the new block', async () => {
    state['0x01'] = {'0xaa01': '0x11', '0xaa02': '0x12', '0xbb': '0x99'}
    const first = await run('metagraph 1', '0x01')
    expect(first.batches).toHaveLength(2)
    expect(first.out.values).toEqual([['0xaa01', '0x11'], ['0xaa02', '0x12']])
    expect(first.out.call).toBe('Api_method@0x01')
    const file = planFile(dir, 'metagraph 1')
    expect(JSON.parse(readFileSync(file, 'utf8')).keys).toEqual(['0xaa01', '0xaa02'])

    // the next block: same keys, new values — answered in one batch, with the new block's values
    state['0x02'] = {'0xaa01': '0x21', '0xaa02': '0x22'}
    const mtime = readFileSync(file, 'utf8')
    const second = await run('metagraph 1', '0x02')
    expect(second.batches).toHaveLength(1)
    expect(second.batches[0]!.every((r) => r.params.at(-1) === '0x02')).toBe(true)
    expect(second.out).toEqual({call: 'Api_method@0x02', values: [['0xaa01', '0x21'], ['0xaa02', '0x22']]})
    expect(readFileSync(file, 'utf8')).toBe(mtime) // nothing changed: not rewritten
  })

  it('a key the plan did not foresee is read in one more batch (only that key), and the plan learns it', async () => {
    state['0x03'] = {'0xaa01': '0x31', '0xaa03': '0x33'}
    const r = await run('metagraph 1', '0x03')
    expect(r.batches).toHaveLength(2)
    expect(r.batches[1]!.map((q) => q.params[0])).toEqual([['0xaa03']])
    expect(r.out.values).toEqual([['0xaa01', '0x31'], ['0xaa03', '0x33']])
    expect(JSON.parse(readFileSync(planFile(dir, 'metagraph 1'), 'utf8')).keys).toEqual(['0xaa01', '0xaa03'])
    state['0x04'] = {'0xaa01': '0x41', '0xaa03': '0x43'}
    expect((await run('metagraph 1', '0x04')).batches).toHaveLength(1)
  })

  it('a plan from another chain is not used', async () => {
    const file = planFile(dir, 'metagraph 1')
    const plan = JSON.parse(readFileSync(file, 'utf8'))
    writeFileSync(file, JSON.stringify({...plan, genesis: '0xother'}))
    state['0x05'] = {'0xaa01': '0x51'}
    const r = await run('metagraph 1', '0x05')
    expect(r.batches).toHaveLength(2)
    expect(r.batches.flat().every((q) => q.params.at(-1) === '0x05')).toBe(true)
    expect(JSON.parse(readFileSync(file, 'utf8')).genesis).toBe('0xgenesis')
  })

  it('a run that stepped aside keeps no plan; an unreadable plan or a folder that cannot be written is no plan, not an error', async () => {
    const rpc = await LightRpc.open(url, 5000)
    rpc.usePlan(planFile(dir, 'aside'))
    await command(rpc, '0x05')
    rpc.discardPlan()
    await rpc.close()
    expect(existsSync(planFile(dir, 'aside'))).toBe(false)

    writeFileSync(planFile(dir, 'garbled'), '{not json')
    expect((await run('garbled', '0x05')).out.values).toEqual([['0xaa01', '0x51']])
    expect(JSON.parse(readFileSync(planFile(dir, 'garbled'), 'utf8')).keys).toEqual(['0xaa01'])

    // `plans` is a file here, so the folder cannot be made (as on a full disk or a read-only cache folder)
    const blocked = mkdtempSync(path.join(tmpdir(), 'tao-plan-blocked-'))
    writeFileSync(path.join(blocked, 'plans'), '')
    const rpc2 = await LightRpc.open(url, 5000)
    rpc2.usePlan(planFile(blocked, 'x'))
    expect((await command(rpc2, '0x05')).values).toEqual([['0xaa01', '0x51']])
    await rpc2.close()
    expect(readFileSync(path.join(blocked, 'plans'), 'utf8')).toBe('')
    rmSync(blocked, {force: true, recursive: true})
  })

  it('an error answer to a planned call reaches the command as it would have without a plan', async () => {
    const name = 'errors'
    writeFileSync(planFile(dir, name), JSON.stringify({calls: [['nosuch_method', [], 'asking']], genesis: '0xgenesis', keys: [], v: 1}))
    const rpc = await LightRpc.open(url, 5000)
    rpc.usePlan(planFile(dir, name))
    rpc.pin('0x05', '0xgenesis')
    await expect(rpc.call('nosuch_method', ['0x05'], 'asking')).rejects.toThrow(/nosuch_method: -32601: no such method/)
    await rpc.close()
  })
})
