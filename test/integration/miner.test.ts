/**
 * `tao miner query` and `tao miner serve` (the real binary) against neurons registered on the local chain.
 * Loopback axons are written into SubtensorModule.Axons with chopsticks' dev_setStorage (the runtime refuses
 * 127.0.0.1 in serve_axon). No traffic goes anywhere but 127.0.0.1: invalid chain addresses are refused unsent.
 */
import type {ApiPromise} from '@polkadot/api'

import type {ChildProcess} from 'node:child_process'
import http from 'node:http'
import net from 'node:net'
import path from 'node:path'
import {fileURLToPath} from 'node:url'
import {afterAll, beforeAll, describe, expect, inject, it} from 'vitest'

import {connect} from '../../src/chain/client.js'
import {readAxons} from '../../src/miner/chain.js'
import {NonceClock, buildRequest, prepareSynapse} from '../../src/protocol/protocol.js'
import {PyDict, parsePyJson} from '../../src/protocol/pyvalue.js'
import {messageSigner} from '../../src/protocol/sr25519.js'
import {prepareFields, synapseFromDefinition} from '../../src/protocol/synapse.js'
import {TAO, allowSubnetRegistration, burnedRegister, createSubnet, devApi, devKey, fund, setAxon} from '../helpers/dev-chain.js'
import {faultProxy} from '../helpers/fault-proxy.js'
import {runTao, startTao, tempHome} from '../helpers/run-tao.js'
import {keyFor, writeHotkey} from '../unit/miner/fixtures/wallets.js'

const endpoint = inject('endpoint')
const HANDLER = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'unit', 'miner', 'fixtures', 'handler.mjs')
const LOOPBACK = 2130706433n // 127.0.0.1
const COLD = '//Alice//miner-int-cold'

interface Served {
  port: number
  hotkey: string
  proc: ChildProcess
  stderr: () => string
}

const procs: ChildProcess[] = []
const servers: net.Server[] = []

/** Start the real `tao miner serve` on 127.0.0.1, port 0; resolves when it prints its JSON line. */
async function serve(args: string[], env: Record<string, string>): Promise<Served> {
  const started = await startTao(['miner', 'serve', '--handler', HANDLER, '--port', '0', '--host', '127.0.0.1', '--json', ...args], {env})
  procs.push(started.proc)
  return {hotkey: started.json.hotkey, port: started.json.port, proc: started.proc, stderr: started.stderr}
}

/** A loopback TCP server that misbehaves as told once a request head arrived. */
async function evil(reply: (s: net.Socket) => void): Promise<number> {
  const srv = net.createServer((s) => {
    s.on('error', () => {})
    let buf = ''
    s.on('data', (d) => {
      buf += d.toString('latin1')
      if (buf.includes('\r\n\r\n')) {
        buf = ''
        reply(s)
      }
    })
  })
  servers.push(srv)
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r))
  return (srv.address() as net.AddressInfo).port
}

async function waitFor(what: string, check: () => Promise<boolean>, ms = 30_000): Promise<void> {
  const t0 = Date.now()
  while (!(await check())) {
    if (Date.now() - t0 > ms) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 250))
  }
}

function post(port: number, req: {path: string; headers: Record<string, string>; body: string}, body = req.body): Promise<{status: number; json: any}> {
  return new Promise((resolve, reject) => {
    const r = http.request({agent: false, headers: {...req.headers, 'content-length': String(Buffer.byteLength(body))}, host: '127.0.0.1', method: 'POST', path: req.path, port}, (res) => {
      let b = ''
      res.on('data', (c) => (b += c))
      res.on('end', () => resolve({json: JSON.parse(b), status: res.statusCode!}))
    })
    r.on('error', reject)
    r.end(body)
  })
}

describe.skipIf(!endpoint)('tao miner query / serve against axons registered on the local chain', () => {
  const home = tempHome('tao-miner-')
  const env = home.env
  let api: ApiPromise
  let netuid: number
  const uid: Record<string, number> = {}
  const hotkey: Record<string, string> = {}
  const miners: Served[] = []
  let sleeper: Served
  const base = () => ['--network', endpoint, '--netuid', String(netuid), '--synapse', 'Dummy', '--body', '{"dummy_input": 21}', '--hash-fields', 'dummy_input', '-w', 'validator']

  beforeAll(async () => {
    api = await devApi(endpoint)
    // our own subnet, paid by our own coldkey
    const cost = ((await (api.call as any).subnetRegistrationRuntimeApi.getNetworkRegistrationCost()) as any).toBigInt() as bigint
    await fund(api, devKey(COLD).address, cost + 10_000n * TAO)
    await allowSubnetRegistration(api)
    netuid = await createSubnet(api, COLD, '//Alice//miner-int-owner')
    await waitFor('the localnet watcher to open registrations', async () => ((await api.query.subtensorModule.maxRegistrationsPerBlock(netuid)) as any).toNumber() >= 64)

    const labels = ['validator', 'm0', 'm1', 'm2', 'sleepy', 'garbage', 'huge', 'loris', 'refused', 'port0', 'broadcast', 'multicast', 'silent']
    for (const l of labels) {
      const k = await keyFor(`miner-int-${l}`)
      hotkey[l] = k.address
      uid[l] = await burnedRegister(api, netuid, k.address, COLD)
    }
    await writeHotkey(env.TAO_WALLET_PATH!, 'validator', 'default', 'miner-int-validator')
    await writeHotkey(env.TAO_WALLET_PATH!, 'stranger', 'default', 'miner-int-stranger')
    for (const [i, m] of ['m0', 'm1', 'm2'].entries()) {
      await writeHotkey(env.TAO_WALLET_PATH!, m, 'default', `miner-int-${m}`)
      miners.push(await serve(['-w', m], {...env, MINER_OFFSET: String(1000 * (i + 1)), MINER_TAG: m}))
    }
    await writeHotkey(env.TAO_WALLET_PATH!, 'sleepy', 'default', 'miner-int-sleepy')
    sleeper = await serve(['-w', 'sleepy'], {...env, MINER_SLEEP_MS: '8000', MINER_TAG: 'sleepy'})

    const garbage = await evil((s) => s.end('HTTP/1.1 200 OK\r\ncontent-type: text/html\r\ncontent-length: 5\r\n\r\n<html'))
    const huge = await evil((s) => {
      s.write('HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\n')
      const chunk = Buffer.alloc(256 * 1024, 0x20)
      const pump = () => {
        while (!s.destroyed && s.write(`${chunk.length.toString(16)}\r\n`) && s.write(chunk) && s.write('\r\n'));
        if (!s.destroyed) s.once('drain', pump)
      }
      pump()
    })
    const loris = await evil((s) => {
      s.write('HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 100000\r\n\r\n{')
      const t = setInterval(() => (s.destroyed ? clearInterval(t) : s.write(' ')), 200)
      s.on('close', () => clearInterval(t))
    })
    const closed = await evil(() => {})
    const refusedPort = (servers.at(-1)!.address() as net.AddressInfo).port
    await new Promise<void>((r) => servers.pop()!.close(() => r()))
    void closed

    const entries: [string, bigint, number][] = [
      ['m0', LOOPBACK, miners[0]!.port],
      ['m1', LOOPBACK, miners[1]!.port],
      ['m2', LOOPBACK, miners[2]!.port],
      ['sleepy', LOOPBACK, sleeper.port],
      ['garbage', LOOPBACK, garbage],
      ['huge', LOOPBACK, huge],
      ['loris', LOOPBACK, loris],
      ['refused', LOOPBACK, refusedPort],
      ['port0', LOOPBACK, 0],
      ['broadcast', 0xffffffffn, 8091],
      ['multicast', 3758096385n, 8091], // 224.0.0.1
    ]
    for (const [l, ip, port] of entries) await setAxon(api, netuid, hotkey[l]!, {ip, port})
    // 'validator' and 'silent' have no axon: not serving
  })

  afterAll(async () => {
    for (const p of procs) if (p.exitCode === null) p.kill('SIGTERM')
    for (const s of servers) s.close()
    await api?.disconnect()
  })

  it('reads the axons from the chain (storage and the runtime API agree)', async () => {
    const chain = await connect({cacheDir: env.TAO_CACHE_DIR, endpoint})
    try {
      const fromStorage = await readAxons(chain, netuid)
      const fromApi = await readAxons(chain, netuid, {source: 'runtime-api'})
      expect(fromStorage.source).toBe('storage')
      expect(fromApi.source).toBe('runtime-api')
      const view = (r: typeof fromStorage) => r.neurons.map((n) => [n.uid, n.hotkey, n.ip, n.port, Boolean(n.notServing)])
      expect(view(fromApi)).toEqual(view(fromStorage))
      const m0 = fromStorage.neurons.find((n) => n.uid === uid.m0)!
      expect([m0.hotkey, m0.ip, m0.port]).toEqual([hotkey.m0, '127.0.0.1', miners[0]!.port])
    } finally {
      await chain.disconnect()
    }
  })

  it('queries three `tao miner serve` axons by uid and returns the three handler answers', async () => {
    const uids = ['m0', 'm1', 'm2'].map((m) => uid[m]!)
    const r = await runTao(['miner', 'query', ...base(), '--uids', uids.join(','), '--json'], {env})
    expect(r.stderr).not.toMatch(/error/)
    expect(r.code).toBe(0)
    expect(r.json.netuid).toBe(netuid)
    expect(r.json.source).toBe('storage')
    expect(r.json.bodyHash).toBe('92458924edc5f6c19fb90d1d8cec7ec179fd1a4dc293e2d97f8578f6f13ba970')
    expect(r.json.succeeded).toBe(3)
    const rows = r.json.results
    expect(rows.map((x: any) => x.uid)).toEqual(uids)
    expect(rows.map((x: any) => x.hotkey)).toEqual([hotkey.m0, hotkey.m1, hotkey.m2])
    expect(rows.map((x: any) => x.status)).toEqual([200, 200, 200])
    expect(rows.map((x: any) => x.response)).toEqual([
      {dummy_input: 21, dummy_output: 1042, tag: 'm0'},
      {dummy_input: 21, dummy_output: 2042, tag: 'm1'},
      {dummy_input: 21, dummy_output: 3042, tag: 'm2'},
    ])
    // each axon saw the request signed by the validator's hotkey
    for (const m of miners) expect(m.stderr()).toContain(`200 Dummy from ${(await keyFor('miner-int-validator')).address}`)

    const human = await runTao(['miner', 'query', ...base(), '--uids', uids.join(',')], {env})
    expect(human.code).toBe(0)
    expect(human.stdout).toMatch(/\{"dummy_output":2042,"tag":"m1"\}/)
    expect(human.stdout).toMatch(/3\/3 answered 200/)
  })

  it('an axon sleeping past the timeout shows 408 and does not delay the others', async () => {
    const uids = [uid.m0, uid.sleepy, uid.m1, uid.m2]
    const r = await runTao(['miner', 'query', ...base(), '--uids', uids.join(','), '--timeout', '2', '--json'], {env})
    expect(r.code).toBe(6)
    const byUid = new Map(r.json.results.map((x: any) => [x.uid, x]))
    const slow: any = byUid.get(uid.sleepy)
    // the dendrite's own timer and the axon's deadline (the request's timeout) fire together: either 408 may come first
    expect([slow.status, slow.ok]).toEqual([408, false])
    expect(slow.message).toMatch(/^(Request timeout after 2\.0 seconds|Response timeout after: 2\.0s)$/)
    // the others were not held behind the sleeper: each answered before the sleeper's timeout fired (compared
    // with each other, not with a wall-clock bound that a loaded machine can miss)
    for (const m of ['m0', 'm1', 'm2']) {
      const row: any = byUid.get(uid[m])
      expect(row.status).toBe(200)
      expect(row.latencyMs).toBeLessThan(slow.latencyMs)
    }
  })

  it('the whole subnet, with malformed, huge, slow-loris, refused and invalid chain entries: nothing crashes', async () => {
    const r = await runTao(['miner', 'query', ...base(), '--all', '--timeout', '3', '--max-response-bytes', '1048576', '--json'], {env})
    expect(r.code).toBe(6)
    const row = (l: string) => r.json.results.find((x: any) => x.uid === uid[l])
    for (const m of ['m0', 'm1', 'm2']) expect(row(m).status).toBe(200)
    expect(row('sleepy')).toMatchObject({failure: 'Timeout', status: 408})
    expect(row('garbage')).toMatchObject({failure: 'BadResponse', status: 422})
    expect(row('garbage').message).toMatch(/text\/html/)
    expect(row('huge')).toMatchObject({failure: 'TooLarge', status: 422})
    expect(row('loris')).toMatchObject({failure: 'Timeout', status: 408})
    expect(row('refused')).toMatchObject({failure: 'Unreachable', status: 503})
    expect(row('port0')).toMatchObject({failure: 'InvalidAddress', latencyMs: 0, status: null})
    expect(row('broadcast')).toMatchObject({failure: 'InvalidAddress', ip: '255.255.255.255', latencyMs: 0, status: null})
    expect(row('multicast')).toMatchObject({failure: 'InvalidAddress', ip: '224.0.0.1', latencyMs: 0, status: null})
    // neurons without an axon are skipped and listed
    expect(r.json.notServing).toEqual(expect.arrayContaining([uid.validator, uid.silent]))
    expect(r.json.results.some((x: any) => x.uid === uid.silent)).toBe(false)
    expect(r.json.succeeded).toBe(3)
  })

  it('a tampered body and a replayed nonce are refused by the axon with the upstream codes (500, 401)', async () => {
    const def = synapseFromDefinition('{"name":"Dummy","fields":{"dummy_input":"int","dummy_output":"Optional[int] = None","tag":"Optional[str] = None"},"required_hash_fields":["dummy_input"]}')
    const syn = prepareSynapse(def, prepareFields(def, parsePyJson('{"dummy_input": 21}') as PyDict))
    const signer = await messageSigner(await keyFor('miner-int-validator'))
    const clock = new NonceClock()
    const target = {hotkey: hotkey.m0!, ip: '127.0.0.1', port: miners[0]!.port}
    const req = buildRequest({nonce: clock.next(), signer, synapse: syn, target, timeoutS: 12, uuid: 'integration-replay'})
    const first = await post(target.port, req)
    expect(first.status).toBe(200)
    expect(first.json.dummy_output).toBe(1042)
    const replay = await post(target.port, req)
    expect(replay.status).toBe(401)
    expect(replay.json.message).toBe('Not Verified with error: Nonce is too old, a newer one was last processed')
    const req2 = buildRequest({nonce: clock.next(), signer, synapse: syn, target, timeoutS: 12, uuid: 'integration-replay'})
    const tampered = await post(target.port, req2, req2.body.replace('"dummy_input":21', '"dummy_input":20'))
    expect(tampered.status).toBe(500)
    expect(tampered.json.message).toMatch(/Hash mismatch/)
    const unsigned = {...buildRequest({nonce: clock.next(), signer, synapse: syn, target, timeoutS: 12, uuid: 'integration-replay'})}
    delete unsigned.headers.bt_header_dendrite_signature
    const r3 = await post(target.port, unsigned)
    expect([r3.status, r3.json.message]).toEqual([401, 'Not Verified with error: Missing signature'])
    await waitFor('the axon to log the refusal', async () => /401 Dummy .*Missing signature/.test(miners[0]!.stderr()), 5000)
  })

  it('--registered-only refuses hotkeys not registered on the subnet (403), and notices new registrations', async () => {
    await writeHotkey(env.TAO_WALLET_PATH!, 'guard', 'default', 'miner-int-m0')
    const guard = await serve(['-w', 'guard', '--registered-only', '--netuid', String(netuid), '--network', endpoint, '--refresh', '1'], env)
    const direct = (wallet: string) => ['miner', 'query', '--axon', `127.0.0.1:${guard.port}`, '--axon-hotkey', hotkey.m0!, '--synapse', 'Dummy', '--body', '{"dummy_input": 1}', '--hash-fields', 'dummy_input', '-w', wallet, '--json']
    const ok = await runTao(direct('validator'), {env})
    expect(ok.code).toBe(0)
    expect(ok.json.results[0].status).toBe(200)
    const stranger = (await keyFor('miner-int-stranger')).address
    const no = await runTao(direct('stranger'), {env})
    expect(no.code).toBe(6)
    expect(no.json.results[0]).toMatchObject({message: `Forbidden. Key is blacklisted: hotkey ${stranger} is not registered on netuid ${netuid}.`, status: 403})
    await burnedRegister(api, netuid, stranger, COLD)
    await new Promise((r) => setTimeout(r, 2500))
    const later = await runTao(direct('stranger'), {env})
    expect(later.json.results[0].status).toBe(200)
  })

  it('--registered-only when the chain connection is cut: it reconnects (one line), keeps serving, and notices a registration made after the cut', async () => {
    const proxy = await faultProxy(endpoint)
    try {
      await writeHotkey(env.TAO_WALLET_PATH!, 'guard2', 'default', 'miner-int-m1')
      await writeHotkey(env.TAO_WALLET_PATH!, 'latecomer', 'default', 'miner-int-latecomer')
      const guard = await serve(['-w', 'guard2', '--registered-only', '--netuid', String(netuid), '--network', proxy.url, '--refresh', '1'], env)
      const direct = (wallet: string) => ['miner', 'query', '--axon', `127.0.0.1:${guard.port}`, '--axon-hotkey', hotkey.m1!, '--synapse', 'Dummy', '--body', '{"dummy_input": 1}', '--hash-fields', 'dummy_input', '-w', wallet, '--json']
      expect((await runTao(direct('latecomer'), {env})).json.results[0].status).toBe(403)
      // the re-read's own request: cut the connection after the chain got it, before its answer comes back
      await waitFor('a re-read of the registered hotkeys', async () => proxy.methods.length > 0)
      const method = proxy.methods.at(-1)!.split(':')[0]!
      proxy.arm({kind: 'drop-before-reply', method})
      await waitFor('the cut', async () => proxy.cuts === 1)
      // still serving while it reconnects
      expect((await runTao(direct('validator'), {env})).json.results[0].status).toBe(200)
      await burnedRegister(api, netuid, (await keyFor('miner-int-latecomer')).address, COLD)
      await waitFor('the registration to be noticed', async () => (await runTao(direct('latecomer'), {env})).json.results[0].status === 200, 60_000)
      await waitFor('the reconnect line', async () => /reconnected to ws:\/\/127\.0\.0\.1:\d+/.test(guard.stderr()))
      expect(guard.stderr().split('\n').filter((l) => /reconnected to/.test(l))).toHaveLength(1)
      expect(guard.stderr()).not.toMatch(/WebSocket is not connected|unexpected/)
      expect(guard.proc.exitCode).toBeNull()
    } finally {
      await proxy.close()
    }
  })

  it('bad input: one line on stderr, exit 2, nothing sent', async () => {
    const bad = await runTao(['miner', 'query', ...base(), '--uids', '500'], {env})
    expect(bad.code).toBe(2)
    expect(bad.stderr).toMatch(new RegExp(`^error: uid 500 is not on subnet ${netuid} \\(it has uids 0…\\d+\\)`, 'm'))
    const noSubnet = await runTao(['miner', 'query', '--network', endpoint, '--netuid', '4000', '--synapse', 'Dummy', '-w', 'validator'], {env})
    expect(noSubnet.code).toBe(2)
    expect(noSubnet.stderr).toMatch(/subnet 4000 does not exist/)
    const badBody = await runTao(['miner', 'query', ...base().slice(0, 4), '--synapse', 'Dummy', '--body', '{"dummy_input": }', '-w', 'validator'], {env})
    expect(badBody.code).toBe(2)
    expect(badBody.stderr.trim().split('\n').filter((l) => l.startsWith('error'))).toEqual([expect.stringMatching(/^error: --body is not valid JSON/)])
    const badHash = await runTao(['miner', 'query', ...base().slice(0, 4), '--synapse', 'Dummy', '--body', '{"a": 1}', '--hash-fields', 'b', '-w', 'validator'], {env})
    expect(badHash.code).toBe(2)
    expect(badHash.stderr).toMatch(/hash field "b" is not a field of Dummy/)
  })
})
