import type {ChildProcess} from 'node:child_process'
import {existsSync} from 'node:fs'
import path from 'node:path'
import {fileURLToPath} from 'node:url'
import {afterAll, beforeAll, describe, expect, inject, it} from 'vitest'
import type {ApiPromise} from '@polkadot/api'

import {TAO, allowSubnetRegistration, burnedRegister, createSubnet, devApi, devKey, fund} from '../helpers/dev-chain.js'
import {runTao, startTao, tempHome} from '../helpers/run-tao.js'
import {writeHotkey} from '../unit/miner/fixtures/wallets.js'

const specPath = inject('specPath')
const endpoint = inject('endpoint')
const HANDLER = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'unit', 'miner', 'fixtures', 'handler.mjs')
const COLD = '//Alice//localnet-loop-cold'

// The validator loop end to end on a localnet this test starts itself (`--port 0`): `-n local` finds it, a real
// `tao miner serve` axon on 127.0.0.1 is announced with the local-only path, and `miner query --netuid` reaches it.
describe.skipIf(!specPath)('tao localnet: -n local and a loopback axon, end to end', () => {
  const home = tempHome('tao-localnet-loop-')
  const env = home.env
  const procs: ChildProcess[] = []
  let localnet: ChildProcess
  let ours: string
  let api: ApiPromise
  let netuid: number

  beforeAll(async () => {
    const started = await startTao(['localnet', 'start', '--spec', specPath, '--port', '0', '--json'], {env, timeoutMs: 240_000})
    localnet = started.proc
    procs.push(localnet)
    ours = started.json.endpoint
    api = await devApi(ours)
  })

  afterAll(async () => {
    await api?.disconnect()
    for (const p of procs) p.kill('SIGINT')
  })

  it('-n local reaches the port the running localnet chose', async () => {
    expect(ours).not.toBe('ws://127.0.0.1:9944')
    expect(existsSync(path.join(env.TAO_DATA_DIR!, 'localnet.json'))).toBe(true)
    const r = await runTao(['chain', 'info', '-n', 'local', '--json'], {env})
    expect(r.code).toBe(0)
    expect(r.json.endpoint).toBe(ours)
    expect(r.json.bestBlock).toBe((await api.rpc.chain.getHeader()).number.toNumber())
  })

  it('miner announce --local-dev writes a loopback axon that miner query --netuid answers from', async () => {
    const cost = ((await (api.call as any).subnetRegistrationRuntimeApi.getNetworkRegistrationCost()) as any).toBigInt() as bigint
    await fund(api, devKey(COLD).address, cost + 1000n * TAO)
    await allowSubnetRegistration(api)
    netuid = await createSubnet(api, COLD, '//Alice//localnet-loop-owner')
    const miner = await writeHotkey(env.TAO_WALLET_PATH!, 'miner', 'default', 'localnet-loop-miner')
    await writeHotkey(env.TAO_WALLET_PATH!, 'validator', 'default', 'localnet-loop-validator')
    for (let i = 0; i < 40 && ((await api.query.subtensorModule.maxRegistrationsPerBlock(netuid)) as any).toNumber() < 64; i++) await new Promise((r) => setTimeout(r, 250))
    const uid = await burnedRegister(api, netuid, miner.address, COLD)

    const served = await startTao(['miner', 'serve', '--handler', HANDLER, '--port', '0', '-w', 'miner', '--json'], {env: {...env, MINER_OFFSET: '1000'}})
    procs.push(served.proc)
    const port: number = served.json.port

    // the chain itself refuses loopback: without --local-dev tao refuses first
    const plain = await runTao(['miner', 'announce', String(netuid), '--ip', '127.0.0.1', '--port', String(port), '-w', 'miner', '-n', 'local'], {env})
    expect(plain.code).toBe(2)
    expect(plain.stderr).toMatch(/loopback/)

    const ann = await runTao(['miner', 'announce', String(netuid), '--ip', '127.0.0.1', '--port', String(port), '-w', 'miner', '-n', 'local', '--local-dev', '--json'], {env})
    expect(ann.stderr).toBe('')
    expect(ann.code).toBe(0)
    expect(ann.json).toMatchObject({hotkey: miner.address, ip: '127.0.0.1', localDev: true, netuid, port})
    // read back independently
    const axon = (await api.query.subtensorModule.axons(netuid, miner.address)).toJSON() as any
    expect(BigInt(axon.ip)).toBe(2130706433n)
    expect(axon.port).toBe(port)

    const q = await runTao(['miner', 'query', '--netuid', String(netuid), '-n', 'local', '-w', 'validator', '--synapse', 'Dummy', '--body', '{"dummy_input": 21}', '--hash-fields', 'dummy_input', '--json'], {env})
    const answered = q.json.results.filter((r: any) => r.status === 200)
    expect(answered).toHaveLength(1)
    expect(answered[0]).toMatchObject({hotkey: miner.address, port, uid})
    expect(answered[0].response.dummy_output).toBe(21 * 2 + 1000)
    expect(q.json.succeeded).toBe(1)

    // and cleared again: spec 218's serve_axon refuses ip 0, so on a localnet --reset --local-dev deletes the entry
    const reset = await runTao(['miner', 'announce', String(netuid), '--reset', '--local-dev', '-w', 'miner', '-n', 'local', '--json'], {env})
    expect(reset.code, reset.stderr).toBe(0)
    expect(reset.json).toMatchObject({alreadyClear: false, before: {port}, hotkey: miner.address, localDev: true, reset: true})
    expect((await api.query.subtensorModule.axons(netuid, miner.address)).toJSON()).toBeNull()
    const after = await runTao(['miner', 'query', '--netuid', String(netuid), '-n', 'local', '-w', 'validator', '--synapse', 'Dummy', '--body', '{"dummy_input": 21}', '--hash-fields', 'dummy_input', '--json'], {env})
    expect(after.json.results.filter((r: any) => r.status === 200)).toHaveLength(0)
    expect(after.json.notServing).toContain(uid)
    const again = await runTao(['miner', 'announce', String(netuid), '--reset', '--local-dev', '-w', 'miner', '-n', 'local', '--json'], {env})
    expect(again.json).toMatchObject({alreadyClear: true})
  })

  it('-n local falls back to 9944 once the localnet stops', async () => {
    localnet.kill('SIGINT')
    await new Promise<void>((r) => localnet.once('exit', () => r()))
    expect(existsSync(path.join(env.TAO_DATA_DIR!, 'localnet.json'))).toBe(false)
    const r = await runTao(['chain', 'info', '-n', 'local', '--json', '--timeout', '3'], {env})
    if (r.code === 0) expect(r.json.endpoint).toBe('ws://127.0.0.1:9944')
    else expect(r.stderr).toMatch(/ws:\/\/127\.0\.0\.1:9944/)
  })
})

// the shared chain is a localnet too; --local-dev is checked against the chain, not the name
describe.skipIf(!endpoint)('miner announce --local-dev input checks', () => {
  it('refuses --dry-run with --local-dev before connecting', async () => {
    const home = tempHome()
    await writeHotkey(home.env.TAO_WALLET_PATH!, 'miner', 'default', 'localnet-loop-miner')
    const r = await runTao(['miner', 'announce', '1', '--ip', '127.0.0.1', '--port', '8091', '-w', 'miner', '-n', endpoint, '--local-dev', '--dry-run'], {env: home.env})
    expect(r.code).toBe(2)
    expect(r.stderr.trim().split('\n')).toHaveLength(1)
    expect(r.stderr).toMatch(/^error: --local-dev writes storage directly/)
  })
})
