/**
 * Honest outcomes under faults (issue 11): a real `tao` process against the spec-218 chain through a fault
 * proxy. Whatever tao says (exit code, --json status, `tao tx status`) must equal what the chain shows, read
 * independently, and nothing is ever submitted twice.
 */
import {spawn} from 'node:child_process'
import net from 'node:net'
import path from 'node:path'

import type {ApiPromise} from '@polkadot/api'
import {afterAll, beforeAll, describe, expect, inject, it} from 'vitest'

import {devApi, freeBalance, fund, newBlocks, TAO, writePlainWallet} from '../helpers/dev-chain.js'
import {type FaultProxy, faultProxy} from '../helpers/fault-proxy.js'
import {BIN} from '../helpers/paths.js'
import {runTao, tempHome} from '../helpers/run-tao.js'

const endpoint = inject('endpoint')

describe.skipIf(!endpoint)('submissions under faults: tao says what the chain shows', () => {
  let api: ApiPromise
  let proxy: FaultProxy
  const home = tempHome('tao-outcomes-')
  const env = {...home.env, TAO_TIMEOUT: '5'}
  let sender: string
  let dest: string

  const nonceOf = async (a: string) => (await api.rpc.system.accountNextIndex(a)).toNumber()

  beforeAll(async () => {
    api = await devApi(endpoint)
    await newBlocks(api, 2)
    const w = await writePlainWallet(env.TAO_WALLET_PATH, 'payer')
    sender = w.coldkey.address
    dest = (await writePlainWallet(env.TAO_WALLET_PATH, 'payee')).coldkey.address
    await fund(api, sender, 100n * TAO)
  })
  beforeAll(async () => {
    proxy = await faultProxy(endpoint)
  })
  afterAll(async () => {
    await proxy?.close()
    await api?.disconnect()
  })

  it('the connection drops after the node accepted the transfer: tao reconnects to the next endpoint, finds it in a block, exit 0, moved once', async () => {
    const [bal, nonce] = [await freeBalance(api, dest), await nonceOf(sender)]
    proxy.arm({kind: 'drop-after-reply'})
    const r = await runTao(['wallet', 'transfer', '-w', 'payer', '--dest', dest, '--amount', '1', '--yes', '--json', '-n', `${proxy.url},${endpoint}`], {env})
    expect(proxy.cuts).toBe(1)
    expect(r.code, r.stderr).toBe(0)
    expect(r.json.blockNumber).toBeGreaterThan(0)
    expect(r.stderr).toMatch(/reconnected to ws:\/\/127\.0\.0\.1/)
    expect(await freeBalance(api, dest)).toBe(bal + TAO)
    expect(await nonceOf(sender)).toBe(nonce + 1)
  })

  it('dropped before the node answered and no endpoint comes back: exit 4 "outcome unknown" with the hash; `tx status` then finds it landed', async () => {
    const [bal, nonce] = [await freeBalance(api, dest), await nonceOf(sender)]
    proxy.arm({kind: 'drop-before-reply', thenRefuse: true})
    const r = await runTao(['wallet', 'transfer', '-w', 'payer', '--dest', dest, '--amount', '2', '--yes', '--json', '-n', proxy.url], {env})
    proxy.refuse(false)
    expect(r.code, r.stderr).toBe(4)
    expect(r.json.error.code).toBe('OutcomeUnknown')
    const hash = r.json.error.data.txHash
    expect(hash).toMatch(/^0x[0-9a-f]{64}$/)
    expect(r.json.error.data).toMatchObject({nonce, signer: sender, status: 'unknown'})
    expect(r.json.error.hint).toContain(`tx status ${hash}`)
    expect(r.stderr.trim().split('\n'), r.stderr).toHaveLength(1)
    // the chain: it landed, exactly once
    expect(await freeBalance(api, dest)).toBe(bal + 2n * TAO)
    expect(await nonceOf(sender)).toBe(nonce + 1)
    const s = await runTao(['tx', 'status', hash, '--json', '-n', endpoint], {env})
    expect(s.code, s.stderr).toBe(0)
    expect(s.json.reports[0]).toMatchObject({hash, journaled: true, nonce, signer: sender, status: 'succeeded'})
    const l = await runTao(['tx', 'list', '--json'], {env})
    expect(l.json.entries.find((e: {hash: string}) => e.hash === hash)?.status).toBe('succeeded')
  })

  it('SIGTERM after the submission: the hash and "may still land" on stderr, one JSON document with status unknown, exit 143; `tx status` resolves it', async () => {
    const [bal, nonce] = [await freeBalance(api, dest), await nonceOf(sender)]
    const submits = () => proxy.methods.filter((m) => m === 'author_submitAndWatchExtrinsic').length
    const seen = submits()
    proxy.arm({kind: 'hold-after'})
    const child = spawn(process.execPath, [BIN, 'wallet', 'transfer', '-w', 'payer', '--dest', dest, '--amount', '3', '--yes', '--json', '-n', proxy.url], {
      env: {...process.env, ...env, NO_COLOR: '1'},
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d) => (stdout += d))
    child.stderr.on('data', (d) => (stderr += d))
    const exited = new Promise<number | null>((r) => child.on('close', (c) => r(c)))
    const t0 = Date.now()
    while (submits() === seen && Date.now() - t0 < 60_000) await new Promise((r) => setTimeout(r, 50))
    await new Promise((r) => setTimeout(r, 300))
    child.kill('SIGTERM')
    const code = await exited
    expect(code, stderr).toBe(143)
    const doc = JSON.parse(stdout)
    expect(doc).toMatchObject({nonce, signer: sender, status: 'unknown'})
    expect(stderr).toContain(doc.txHash)
    expect(stderr).toMatch(/may still land until block \d+/)
    // it may or may not have landed: build a block so the pool is drained, then tao's answer must equal the chain
    await newBlocks(api, 1)
    const moved = (await freeBalance(api, dest)) - bal
    const s = await runTao(['tx', 'status', doc.txHash, '--json', '-n', endpoint], {env})
    const report = s.json.reports[0]
    expect(report.hash).toBe(doc.txHash)
    if (moved === 3n * TAO) {
      expect(report.status).toBe('succeeded')
      expect(s.code).toBe(0)
      expect(await nonceOf(sender)).toBe(nonce + 1)
    } else {
      expect(moved).toBe(0n)
      expect(await nonceOf(sender)).toBe(nonce)
      expect(['pending', 'expired']).toContain(report.status)
      expect(s.code).not.toBe(0)
    }
  })

  it('a signal before anything was sent (still connecting): "nothing was submitted", exit 130, no journal entry', async () => {
    // an endpoint that accepts TCP and never answers: tao is stuck connecting when the signal comes
    const silent = net.createServer(() => {})
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', () => r()))
    const port = (silent.address() as net.AddressInfo).port
    const child = spawn(process.execPath, [BIN, 'wallet', 'transfer', '-w', 'payer', '--dest', dest, '--amount', '1', '--yes', '--verbose', '-n', `ws://127.0.0.1:${port}`], {
      env: {...process.env, ...env, NO_COLOR: '1', TAO_TIMEOUT: '60'},
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let stderr = ''
    child.stderr.on('data', (d) => (stderr += d))
    const exited = new Promise<number | null>((r) => child.on('close', (c) => r(c)))
    const t0 = Date.now()
    while (!/connecting to/.test(stderr) && Date.now() - t0 < 60_000) await new Promise((r) => setTimeout(r, 50))
    child.kill('SIGINT')
    const code = await exited
    silent.close()
    expect(code, stderr).toBe(130)
    expect(stderr).toMatch(/interrupted \(SIGINT\); nothing was submitted/)
    expect(stderr).not.toMatch(/tx 0x/)
  })

  it('the node refuses it (cannot pay): exit 5, "nothing was submitted", nonce and balance unchanged', async () => {
    const broke = await writePlainWallet(env.TAO_WALLET_PATH, 'broke')
    const before = await freeBalance(api, dest)
    const r = await runTao(['wallet', 'transfer', '-w', 'broke', '--dest', dest, '--amount', '1', '--yes', '--json', '-n', endpoint], {env})
    expect([2, 5]).toContain(r.code)
    expect(r.stderr).toMatch(/nothing was submitted|balance/)
    expect(await nonceOf(broke.coldkey.address)).toBe(0)
    expect(await freeBalance(api, dest)).toBe(before)
    void path
  })
})
