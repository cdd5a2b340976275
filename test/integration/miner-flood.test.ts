/**
 * The real `tao miner serve` under a flood, loopback only and bounded (240 connections, well under a minute):
 * unsigned slow uploads, unsigned 4 MiB uploads and oversized bodies. The child's resident memory (VmRSS) must
 * come back near where it was, a signed request must still answer 200 during and after the flood, and a
 * handler that throws must leave a log line with the request's uuid on stderr (--log-format json), while the
 * caller sees only an error id. No chain is needed (no --registered-only).
 */
import type {ChildProcess} from 'node:child_process'
import {readFileSync} from 'node:fs'
import http from 'node:http'
import net from 'node:net'
import path from 'node:path'
import {fileURLToPath} from 'node:url'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {NonceClock, buildRequest, prepareSynapse} from '../../src/protocol/protocol.js'
import {PyDict, parsePyJson} from '../../src/protocol/pyvalue.js'
import {type MessageSigner, messageSigner} from '../../src/protocol/sr25519.js'
import {prepareFields, synapseFromDefinition} from '../../src/protocol/synapse.js'
import {startTao, tempHome} from '../helpers/run-tao.js'
import {keyFor, writeHotkey} from '../unit/miner/fixtures/wallets.js'

const HANDLER = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'flood-handler.mjs')
const DUMMY = synapseFromDefinition('{"name":"Dummy","fields":{"dummy_input":"int","dummy_output":"Optional[int] = None"},"required_hash_fields":["dummy_input"]}')
const MiB = 1024 * 1024
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/** Resident memory of a process, MiB, from /proc. */
function rssMiB(pid: number): number {
  const m = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))
  if (!m) throw new Error(`no VmRSS for ${pid}`)
  return Number(m[1]) / 1024
}

function post(port: number, req: {path: string; headers: Record<string, string>; body: string}): Promise<{status: number; json: any}> {
  return new Promise((resolve, reject) => {
    const r = http.request({agent: false, headers: {...req.headers, 'content-length': String(Buffer.byteLength(req.body))}, host: '127.0.0.1', method: 'POST', path: req.path, port, timeout: 15_000}, (res) => {
      let b = ''
      res.on('data', (c) => (b += c))
      res.on('end', () => resolve({json: JSON.parse(b), status: res.statusCode!}))
    })
    r.on('timeout', () => r.destroy(new Error('no answer within 15 s')))
    r.on('error', reject)
    r.end(req.body)
  })
}

/** One flood connection: the head (declaring `declared` bytes), then the body fast or slowly; resolves with the reply status. */
function floodOne(port: number, head: Record<string, string>, declared: number, mode: 'fast' | 'slow'): Promise<number | string> {
  const chunk = Buffer.alloc(64 * 1024, 0x61)
  return new Promise((resolve) => {
    let status: number | string = 'no reply'
    let buf = ''
    const s = net.connect(port, '127.0.0.1')
    let timer: NodeJS.Timeout | undefined
    const give = setTimeout(() => s.destroy(), 20_000)
    s.on('error', () => {})
    s.on('data', (d) => {
      buf += d.toString('latin1')
      const m = /^HTTP\/1\.1 (\d{3})/.exec(buf)
      if (m) status = Number(m[1])
    })
    s.on('close', () => {
      clearTimeout(give)
      clearInterval(timer)
      resolve(status)
    })
    s.on('connect', async () => {
      const lines = Object.entries({...head, 'content-length': String(declared), 'content-type': 'application/json', host: '127.0.0.1'}).map(([k, v]) => `${k}: ${v}`)
      s.write(`POST /Dummy HTTP/1.1\r\n${lines.join('\r\n')}\r\n\r\n`)
      if (mode === 'slow') {
        timer = setInterval(() => s.writable && s.write(chunk.subarray(0, 256)), 100)
        return
      }
      for (let sent = 0; sent < declared && s.writable; sent += chunk.length) {
        if (!s.write(chunk.subarray(0, Math.min(chunk.length, declared - sent)))) await new Promise((r) => s.once('drain', r).once('close', r))
      }
    })
  })
}

describe('tao miner serve under a flood', () => {
  const home = tempHome('tao-flood-')
  let proc: ChildProcess
  let port: number
  let hotkey: string
  let stderr: () => string
  let validator: MessageSigner
  const clock = new NonceClock()
  const signed = (n: number, uuid = 'flood-validator') =>
    buildRequest({nonce: clock.next(), signer: validator, synapse: prepareSynapse(DUMMY, prepareFields(DUMMY, parsePyJson(`{"dummy_input": ${n}}`) as PyDict)), target: {hotkey, ip: '127.0.0.1', port}, timeoutS: 12, uuid})

  beforeAll(async () => {
    await writeHotkey(home.env.TAO_WALLET_PATH!, 'flood', 'default', 'axon-flood-miner')
    validator = await messageSigner(await keyFor('axon-flood-validator'))
    const started = await startTao(['miner', 'serve', '--handler', HANDLER, '--port', '0', '--host', '127.0.0.1', '--json', '--log-format', 'json', '-w', 'flood'], {env: home.env})
    proc = started.proc
    port = started.json.port
    hotkey = started.json.hotkey
    stderr = started.stderr
  })

  afterAll(() => {
    proc?.kill('SIGTERM')
  })

  it('240 unsigned slow, huge and oversized uploads: refused from the head, RSS back near its baseline, signed requests still served', async () => {
    // warm up, then the baseline
    for (let i = 0; i < 5; i++) expect((await post(port, signed(i))).status).toBe(200)
    await sleep(1000)
    const before = rssMiB(proc.pid!)
    let peak = before
    const sampler = setInterval(() => (peak = Math.max(peak, rssMiB(proc.pid!))), 25)

    const unsigned = {...signed(1).headers}
    delete unsigned.bt_header_dendrite_signature
    const t0 = Date.now()
    const flood = [
      ...Array.from({length: 100}, () => floodOne(port, unsigned, 4 * MiB - 1, 'slow')),
      ...Array.from({length: 100}, () => floodOne(port, unsigned, 4 * MiB - 1, 'fast')),
      ...Array.from({length: 40}, () => floodOne(port, signed(2).headers, 16 * MiB, 'fast')),
    ]
    // during the flood, a signed request is answered
    await sleep(300)
    const during = await post(port, signed(21))
    const statuses = await Promise.all(flood)
    const floodMs = Date.now() - t0
    const after1 = await post(port, signed(22))
    // let the process settle (no GC can be forced in the child): the lowest reading over up to 20 s, early out
    // once it is near the baseline; a loaded host settles later
    clearInterval(sampler)
    let after = rssMiB(proc.pid!)
    for (let i = 0; i < 40 && after - before >= 40; i++) {
      await sleep(500)
      after = Math.min(after, rssMiB(proc.pid!))
    }
    console.log(`miner serve flood: VmRSS before ${before.toFixed(1)} MiB, peak ${peak.toFixed(1)} MiB, after ${after.toFixed(1)} MiB; flood took ${floodMs} ms`)

    expect(during.status).toBe(200)
    expect(during.json.dummy_output).toBe(42)
    expect(after1.status).toBe(200)
    expect(after1.json.dummy_output).toBe(44)
    const count = (s: number | string) => statuses.filter((x) => x === s).length
    expect({401: count(401), 413: count(413)}).toEqual({401: 200, 413: 40})
    // 100 × 4 MiB offered: nothing of it kept (the old axon went from 77 to 480 MiB and stayed there). What is
    // left is allocator memory Node does not hand back (about 25 MiB quiet, more on a loaded host)
    expect(after - before).toBeLessThan(80)
    expect(peak - before).toBeLessThan(250)
  })

  it('a throwing handler: the caller gets 500 with an error id only; stderr has a JSON line with the uuid, nonce, hotkey and cause', async () => {
    const req = signed(13, 'flood-uuid-throw')
    const r = await post(port, req)
    expect(r.status).toBe(500)
    expect(r.json.message).toMatch(/^Internal Server Error #[0-9a-f-]{36}$/)
    const id = r.json.message.slice('Internal Server Error #'.length)
    await sleep(200)
    const lines = stderr()
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l))
    const line = lines.find((l) => l.uuid === 'flood-uuid-throw')
    expect(line).toMatchObject({
      error: 'miner db at /srv/secret/db.sqlite is locked',
      errorId: id,
      event: 'axon.request',
      hotkey: validator.address,
      level: 'error',
      nonce: req.nonce.toString(),
      status: 500,
      synapse: 'Dummy',
    })
  })
})
