#!/usr/bin/env node
// Fan-out benchmark: one dendrite queries 256 local axons (tao's own AxonServer, full signature/nonce/body-hash
// checks) whose handlers sleep staggered delays 0…MAX ms. The overhead is the fan-out's wall time minus the slowest
// axon's delay; issue 16's targets are ≤ 100 ms on the first round and ≤ 50 ms warm, each as the median of 5.
// Axons live in a few child processes (BENCH_HOSTS) so their verification does not run on the dendrite's event loop;
// everything is on 127.0.0.1, so on a 2-CPU machine the axons' verification competes with the dendrite for the CPUs.
//
// FIRST round: a fresh dendrite in a fresh process (cold code, no connections), BENCH_ROUNDS processes, one round
// each. WARM rounds: BENCH_ROUNDS more rounds in the last of those processes, on its keep-alive connections.
// Each round prints the machine's 1-minute load average (os.loadavg) beside it: the machine is shared.
// Two orders by default: `shuffled` (delays unrelated to the order requests go out, as on a real subnet) and
// `ascending` (worst case: the slowest axon is the last one queried, so its request waits for every other request
// to be signed, and on this machine for every other axon's verification too).
//   BENCH_AXONS=256 BENCH_MAX_DELAY_MS=1000 BENCH_ROUNDS=5 BENCH_HOSTS=2 BENCH_CONCURRENCY=256
//   BENCH_ORDERS=shuffled,ascending BENCH_WARMUP=1 (0: no connection warm-up, for comparison)
//   BENCH_SLOWEST_FIRST=1 (0: warm rounds keep the given order instead of asking last round's slowest axons first)
//   BENCH_LATENCY_FILE=0 (1: the first-round processes keep the axons' latencies in a file between them, as
//   `tao miner query` does in its cache folder: the first process knows nothing, each later one what the last saw)
//   BENCH_DIST=<dir> (another build's dist/, e.g. an older commit's, to compare)
//   BENCH_FLOOR=1 (0: no floor rounds). FLOOR rounds, one before each first round: the same axons, asked in the same
//   order by a client that does nothing a dendrite must (the requests built and signed before the clock, each written
//   on a new connection at once, replies read whole). Its overhead over the slowest axon is what the axons themselves
//   cost on this machine (accepting, verifying and answering on the CPUs the dendrite uses); the summary gives the
//   dendrite's first round beside it and the difference.
//   BENCH_HOST_NODE_ARGS / BENCH_DENDRITE_NODE_ARGS: node flags for the axon / dendrite processes (e.g. --cpu-prof)
// Needs a build (npm run build). Prints a table per order and one JSON line ({"bench":"miner-fanout",…}). Columns:
// wall time of the fan-out, its overhead over the slowest handler's delay, when the last request went out (signing
// and sending all of them), each axon's latency beyond its own delay (p50/p99), the dendrite process's own CPU time
// during the round (its work, which the machine's load does not inflate much), the axon processes' CPU time during
// it (summed; for warm rounds an average, marked ~), and the 1-minute load average.
import {spawn} from 'node:child_process'
import {existsSync} from 'node:fs'
import net from 'node:net'
import {cpus, loadavg} from 'node:os'
import path from 'node:path'
import {fileURLToPath, pathToFileURL} from 'node:url'

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const DIST = path.join(process.env.BENCH_DIST ? path.resolve(process.env.BENCH_DIST) : path.join(ROOT, 'dist'), 'protocol')
const lib = (f) => import(pathToFileURL(path.join(DIST, f)).href)
const SELF = fileURLToPath(import.meta.url)

const DEF = {
  fields: {delay_ms: 'int = 0', dummy_input: 'int', dummy_output: 'Optional[int] = None'},
  name: 'Dummy',
  required_hash_fields: ['dummy_input'],
}
const TARGET_FIRST_MS = 100
const TARGET_WARM_MS = 50
const load1 = () => Math.round(loadavg()[0] * 100) / 100

async function host() {
  // child: node bench-fanout.mjs --host <json list of delays>
  const delays = JSON.parse(process.argv[3])
  const [{AxonServer}, {synapseFromDefinition}, {fromPlain}, {encodeAddress, cryptoWaitReady}, {randomBytes}] = await Promise.all([
    lib('axon.js'),
    lib('synapse.js'),
    lib('pyvalue.js'),
    import('@polkadot/util-crypto'),
    import('node:crypto'),
  ])
  await cryptoWaitReady()
  const def = synapseFromDefinition(fromPlain(DEF))
  const out = []
  for (const delay of delays) {
    const hotkey = encodeAddress(randomBytes(32), 42)
    const axon = new AxonServer({
      handler: async (syn) => {
        await new Promise((r) => setTimeout(r, delay))
        return {dummy_output: syn.dummy_input + 1}
      },
      hotkey,
      host: '127.0.0.1',
      port: 0,
      synapses: [def],
    })
    const {port} = await axon.start()
    out.push({delay, hotkey, port})
  }
  process.stdout.write(JSON.stringify(out) + '\n')
  // each `cpu` line on stdin is answered with this process's CPU time so far (user + system, ms)
  process.stdin.setEncoding('utf8')
  process.stdin.on('data', (d) => {
    for (const line of d.split('\n')) {
      if (line.trim() !== 'cpu') continue
      const u = process.cpuUsage()
      process.stdout.write(JSON.stringify({cpuMs: (u.user + u.system) / 1000}) + '\n')
    }
  })
  process.stdin.on('end', () => process.exit(0))
}

const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]
}
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b)
  const m = Math.floor(s.length / 2)
  return s.length % 2 ? s[m] : Math.round((s[m - 1] + s[m]) / 2)
}

/** The validator's side of every request: its hotkey's fast signer and the prepared synapse (dendrite and floor alike). */
async function validatorSide() {
  const [{prepareSynapse}, {synapseFromDefinition, prepareFields}, {fromPlain}, {messageSigner}, {Keyring}, {cryptoWaitReady}] = await Promise.all([
    lib('protocol.js'),
    lib('synapse.js'),
    lib('pyvalue.js'),
    lib('sr25519.js'),
    import('@polkadot/keyring'),
    import('@polkadot/util-crypto'),
  ])
  await cryptoWaitReady()
  const pair = new Keyring({ss58Format: 42, type: 'sr25519'}).addFromUri('//Alice//bench-fanout-validator')
  const def = synapseFromDefinition(fromPlain(DEF))
  return {signer: await messageSigner(pair), synapse: prepareSynapse(def, prepareFields(def, fromPlain({dummy_input: 7})))}
}

async function dendriteProcess() {
  // child: node bench-fanout.mjs --dendrite <json {targets, delays, warm, timeoutS, concurrency, maxDelayMs, warmUp}>
  // Everything a real `tao miner query` loads before its fan-out is loaded first; the round itself starts cold.
  const cfg = JSON.parse(process.argv[3])
  const [{Dendrite}, {signer, synapse}] = await Promise.all([lib('dendrite.js'), validatorSide()])
  const delayOf = new Map(cfg.targets.map((t, i) => [t.port, cfg.delays[i]]))
  const dendrite = new Dendrite({signer, ...(cfg.latencyFile ? {latencyFile: cfg.latencyFile} : {})})
  const forwardOpts = {concurrency: cfg.concurrency, timeoutS: cfg.timeoutS, ...(cfg.warmUp ? {} : {warmUp: false}), ...(cfg.slowestFirst ? {} : {slowestFirst: false})}
  const rounds = []
  for (let r = 0; r <= cfg.warm; r++) {
    const load = load1()
    const cpu0 = process.cpuUsage()
    const start = performance.now()
    const results = await dendrite.forward(cfg.targets, synapse, forwardOpts)
    const wall = performance.now() - start
    const cpu = process.cpuUsage(cpu0)
    const ok = results.filter((x) => x.status === 200 && x.response?.dummy_output === 8).length
    const over = results.map((x) => x.latencyMs - delayOf.get(x.port))
    const bad = results.find((x) => x.status !== 200)
    rounds.push({
      bad: bad ? `${bad.status} ${bad.message}` : undefined,
      // the dendrite process's own CPU time during the round (user + system): its work, whatever the machine's load
      cpuMs: Math.round((cpu.user + cpu.system) / 1000),
      extraP50Ms: Math.round(pct(over, 50) * 10) / 10,
      extraP99Ms: Math.round(pct(over, 99) * 10) / 10,
      lastSentMs: Math.round(Math.max(...results.map((x) => x.queueMs))),
      load1m: load,
      ok,
      overheadMs: Math.round(wall - cfg.maxDelayMs),
      wallMs: Math.round(wall),
    })
  }
  dendrite.close()
  process.stdout.write(JSON.stringify(rounds) + '\n')
}

async function floorProcess() {
  // child: node bench-fanout.mjs --floor <json cfg>: the harness's floor for a first round. The same 256 requests a
  // dendrite sends (tao's own request template, so the axons run every check on them), built and signed BEFORE the
  // clock starts; then, on the clock, a new connection to each axon in the given order with its request written at
  // once, and each reply read whole. No client can do less for an order-blind first round, so what this overhead
  // shows is what the axons (accepting, verifying, answering, all on this machine's CPUs) cost the slowest one.
  const cfg = JSON.parse(process.argv[3])
  const [{RequestTemplate, NonceClock, newUuid}, {serializeRequest}, {signer, synapse}] = await Promise.all([lib('protocol.js'), lib('http1.js'), validatorSide()])
  const tpl = new RequestTemplate({signer, synapse, timeoutS: cfg.timeoutS, uuid: newUuid()})
  const clock = new NonceClock()
  const wire = cfg.targets.map((t) => {
    const r = tpl.build(t, clock.next())
    // as the dendrite writes it (src/protocol/dendrite.ts, exchange)
    return Buffer.from(serializeRequest(t.ip, t.port, r.path, {...r.headers, 'content-length': String(Buffer.byteLength(r.body, 'utf8'))}, r.body), 'utf8')
  })
  const load = load1()
  const cpu0 = process.cpuUsage()
  const start = performance.now()
  const exchange = (t, bytes) =>
    new Promise((resolve) => {
      const chunks = []
      let got = 0
      let need = -1
      const s = net.connect({host: t.ip, port: t.port, noDelay: true})
      const done = (ok) => {
        s.destroy()
        resolve({doneMs: performance.now() - start, ok})
      }
      s.on('error', () => done(false))
      s.on('data', (d) => {
        chunks.push(d)
        got += d.length
        const all = chunks.length === 1 ? chunks[0] : Buffer.concat(chunks)
        if (need < 0) {
          const end = all.indexOf('\r\n\r\n')
          if (end < 0) return
          const m = /\r\ncontent-length: *(\d+)/i.exec(all.subarray(0, end).toString('latin1'))
          need = end + 4 + (m ? Number(m[1]) : 0)
        }
        if (got >= need) done(all.subarray(0, 12).toString('latin1') === 'HTTP/1.1 200' && all.includes('"dummy_output":8'))
      })
      s.write(bytes)
    })
  const pending = cfg.targets.map((t, i) => exchange(t, wire[i]))
  const lastSent = performance.now() - start
  const results = await Promise.all(pending)
  const cpu = process.cpuUsage(cpu0)
  const wall = Math.max(...results.map((r) => r.doneMs))
  process.stdout.write(
    JSON.stringify({
      cpuMs: Math.round((cpu.user + cpu.system) / 1000),
      lastSentMs: Math.round(lastSent),
      load1m: load,
      ok: results.filter((r) => r.ok).length,
      overheadMs: Math.round(wall - cfg.maxDelayMs),
      wallMs: Math.round(wall),
    }) + '\n',
  )
}

function child(args, onLine) {
  const nodeArgs = (args[0] === '--dendrite' ? process.env.BENCH_DENDRITE_NODE_ARGS : args[0] === '--host' ? process.env.BENCH_HOST_NODE_ARGS : '') ?? ''
  const c = spawn(process.execPath, [...nodeArgs.split(' ').filter(Boolean), SELF, ...args], {stdio: ['pipe', 'pipe', 'inherit']})
  // later lines go to `next()` callers, in order
  const waiting = []
  const next = () => new Promise((resolve) => waiting.push(resolve))
  return new Promise((resolve, reject) => {
    let buf = ''
    let done = false
    c.stdout.on('data', (d) => {
      buf += d
      for (let nl = buf.indexOf('\n'); nl >= 0; nl = buf.indexOf('\n')) {
        const line = buf.slice(0, nl)
        buf = buf.slice(nl + 1)
        if (!done) {
          done = true
          resolve({child: c, next, value: JSON.parse(line)})
        } else waiting.shift()?.(JSON.parse(line))
      }
    })
    c.on('exit', (code) => {
      if (!done) reject(new Error(`${args[0]} child exited ${code}`))
      onLine?.()
    })
  })
}

function ordered(axons, order) {
  const byDelay = [...axons].sort((a, b) => a.delay - b.delay)
  if (order === 'ascending') return byDelay
  if (order === 'descending') return byDelay.reverse()
  if (order === 'shuffled') {
    let seed = 42
    const rnd = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31
    return byDelay.map((a) => [rnd(), a]).sort((x, y) => x[0] - y[0]).map(([, a]) => a)
  }
  throw new Error(`BENCH_ORDERS: unknown order ${order} (shuffled, ascending, descending)`)
}

async function main() {
  if (!existsSync(path.join(DIST, 'dendrite.js'))) {
    console.error(`bench-fanout: no ${path.join(DIST, 'dendrite.js')}: run \`npm run build\` first`)
    process.exit(2)
  }
  const N = Number(process.env.BENCH_AXONS ?? 256)
  const MAX = Number(process.env.BENCH_MAX_DELAY_MS ?? 1000)
  const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5)
  const HOSTS = Number(process.env.BENCH_HOSTS ?? 2)
  const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 256)
  const ORDERS = (process.env.BENCH_ORDERS ?? 'shuffled,ascending').split(',').map((o) => o.trim())
  const WARMUP = process.env.BENCH_WARMUP !== '0'
  const SLOWEST_FIRST = process.env.BENCH_SLOWEST_FIRST !== '0'
  const LATENCY_FILE = process.env.BENCH_LATENCY_FILE === '1'
  const FLOOR = process.env.BENCH_FLOOR !== '0'
  const latencyDir = LATENCY_FILE ? (await import('node:fs')).mkdtempSync(path.join((await import('node:os')).tmpdir(), 'tao-bench-latency-')) : undefined

  const delays = Array.from({length: N}, (_, i) => (N === 1 ? MAX : Math.round((i * MAX) / (N - 1))))
  // spread delays over the hosts round-robin, so every host has short and long ones
  const groups = Array.from({length: HOSTS}, (_, h) => delays.filter((_, i) => i % HOSTS === h))
  const t0 = performance.now()
  const hosts = await Promise.all(groups.filter((g) => g.length).map((g) => child(['--host', JSON.stringify(g)])))
  const all = hosts.flatMap((h) => h.value)
  const setupMs = performance.now() - t0
  /** the axon processes' CPU time so far, summed (ms) */
  const axonCpu = async () => {
    const got = await Promise.all(hosts.map((h) => {
      const reply = h.next()
      h.child.stdin.write('cpu\n')
      return reply
    }))
    return got.reduce((sum, r) => sum + r.cpuMs, 0)
  }
  const timeoutS = MAX / 1000 + 5
  const loadStart = loadavg().map((x) => Math.round(x * 100) / 100)

  console.log(
    `miner fan-out: ${N} local axons in ${hosts.length} processes, handler delays 0…${MAX} ms staggered, concurrency ${CONCURRENCY}, connection warm-up ${WARMUP ? (process.env.BENCH_DIST ? 'on (if that build has it)' : 'on') : 'off'}, slowest first ${SLOWEST_FIRST ? 'on' : 'off'}, latencies kept between processes ${LATENCY_FILE ? 'yes' : 'no'}, ` +
      `${cpus().length} CPUs, load average ${loadStart.join(' / ')} (1/5/15 min), node ${process.version}, ${process.env.BENCH_DIST ? `dist ${process.env.BENCH_DIST}` : 'this build'} (axons up in ${Math.round(setupMs)} ms)`,
  )
  const summaries = []
  let allOk = true
  for (const order of ORDERS) {
    const axons = ordered(all, order)
    const cfg = {concurrency: CONCURRENCY, delays: axons.map((a) => a.delay), maxDelayMs: MAX, targets: axons.map((a, uid) => ({hotkey: a.hotkey, ip: '127.0.0.1', port: a.port, uid})), timeoutS, warmUp: WARMUP, slowestFirst: SLOWEST_FIRST, ...(latencyDir ? {latencyFile: path.join(latencyDir, `${order}.json`)} : {})}
    const first = []
    const floor = []
    let warm = []
    let warmAxonCpu = null
    for (let p = 0; p < ROUNDS; p++) {
      const last = p === ROUNDS - 1
      // the floor's round just before each first round, so both see the same load
      if (FLOOR) floor.push((await child(['--floor', JSON.stringify(cfg)])).value)
      const before = await axonCpu()
      const {value} = await child(['--dendrite', JSON.stringify({...cfg, warm: last ? ROUNDS : 0})])
      const spent = Math.round((await axonCpu()) - before)
      // a first-round process runs one round: the axons' CPU while it ran is that round's; the last process also
      // runs the warm rounds, whose share is estimated by taking off the median of the other first rounds
      if (!last) first.push({...value[0], axonCpuMs: spent})
      else {
        const firstShare = first.length ? median(first.map((r) => r.axonCpuMs)) : spent / (ROUNDS + 1)
        first.push({...value[0], axonCpuMs: Math.round(firstShare)})
        warmAxonCpu = Math.round(Math.max(0, spent - firstShare) / ROUNDS)
        warm = value.slice(1).map((r) => ({...r, axonCpuMs: warmAxonCpu}))
      }
    }
    const rows = [...floor.map((r, i) => ({...r, kind: 'floor', n: i + 1})), ...first.map((r, i) => ({...r, kind: 'first', n: i + 1})), ...warm.map((r, i) => ({...r, kind: 'warm', n: i + 1}))]
    console.log(`\norder ${order}${order === 'ascending' ? ' (worst case: slowest axon queried last)' : ''}`)
    console.log('round'.padEnd(9) + 'conn'.padEnd(12) + 'ok'.padStart(5) + 'wall ms'.padStart(10) + 'overhead ms'.padStart(13) + 'last sent ms'.padStart(14) + '  extra p50/p99 ms'.padEnd(22) + 'cpu ms'.padStart(7) + 'axons cpu'.padStart(10) + 'load 1m'.padStart(8))
    for (const r of rows) {
      console.log(
        `${r.kind} ${r.n}`.padEnd(9) +
          (r.kind === 'first' ? 'new process' : r.kind === 'floor' ? 'raw, signed' : 'keep-alive').padEnd(12) +
          String(r.ok).padStart(5) +
          String(r.wallMs).padStart(10) +
          String(r.overheadMs).padStart(13) +
          String(r.lastSentMs).padStart(14) +
          (r.kind === 'floor' ? '  -' : `  ${r.extraP50Ms} / ${r.extraP99Ms}`).padEnd(22) +
          String(r.cpuMs).padStart(7) +
          (r.kind === 'floor' ? '-' : `${r.kind === 'warm' ? '~' : ''}${r.axonCpuMs}`).padStart(10) +
          r.load1m.toFixed(2).padStart(8),
      )
      if (r.ok !== N) {
        allOk = false
        console.error(`${order} ${r.kind} ${r.n}: ${N - r.ok} axons did not answer correctly, e.g. ${r.bad}`)
      }
    }
    const firstMedian = median(first.map((r) => r.overheadMs))
    const floorMedian = floor.length ? median(floor.map((r) => r.overheadMs)) : null
    const firstCpu = median(first.map((r) => r.cpuMs))
    const warmCpu = warm.length ? median(warm.map((r) => r.cpuMs)) : null
    const warmMedian = warm.length ? median(warm.map((r) => r.overheadMs)) : null
    const firstAxonCpu = median(first.map((r) => r.axonCpuMs))
    const loads = rows.map((r) => r.load1m)
    const loadRange = [Math.min(...loads), Math.max(...loads)]
    const verdict = (v, target) => (v === null ? 'n/a' : v <= target ? 'met' : 'NOT met')
    console.log(
      `overhead over the slowest axon, median of ${ROUNDS}: first round ${firstMedian} ms (target ≤ ${TARGET_FIRST_MS}: ${verdict(firstMedian, TARGET_FIRST_MS)}), ` +
        `warm ${warmMedian ?? '-'} ms (target ≤ ${TARGET_WARM_MS}: ${verdict(warmMedian, TARGET_WARM_MS)}), load average ${loadRange[0].toFixed(2)}–${loadRange[1].toFixed(2)}; dendrite CPU per round ${firstCpu} ms first, ${warmCpu ?? '-'} ms warm; ` +
        `the axon processes' CPU per round (verifying and answering, on the same ${cpus().length} CPUs) ${firstAxonCpu} ms first, ~${warmAxonCpu ?? '-'} ms warm`,
    )
    if (floorMedian !== null) {
      console.log(
        `the harness's floor for a first round (floor rows: the same requests signed before the clock, written on new connections at once, in the same order), median of ${floor.length}: ${floorMedian} ms over the slowest axon; ` +
          `the dendrite's first round takes ${firstMedian - floorMedian} ms beyond it`,
      )
    }
    summaries.push({
      first: {medianAxonCpuMs: firstAxonCpu, medianCpuMs: firstCpu, medianOverheadMs: firstMedian, rounds: first},
      ...(floorMedian !== null ? {floor: {beyondFloorMs: firstMedian - floorMedian, medianOverheadMs: floorMedian, rounds: floor}} : {}),
      loadAvg1m: loadRange,
      order,
      warm: {axonCpuMs: warmAxonCpu, medianCpuMs: warmCpu, medianOverheadMs: warmMedian, rounds: warm},
    })
  }
  for (const h of hosts) h.child.stdin.end()
  console.log(
    JSON.stringify({
      axons: N,
      bench: 'miner-fanout',
      concurrency: CONCURRENCY,
      cpus: cpus().length,
      hosts: hosts.length,
      loadAvgEnd: loadavg().map((x) => Math.round(x * 100) / 100),
      loadAvgStart: loadStart,
      maxDelayMs: MAX,
      node: process.version,
      orders: summaries,
      rounds: ROUNDS,
      targets: {firstMs: TARGET_FIRST_MS, warmMs: TARGET_WARM_MS},
      warmUp: WARMUP,
      slowestFirst: SLOWEST_FIRST,
      latencyFile: LATENCY_FILE,
      floor: FLOOR,
      ...(process.env.BENCH_DIST ? {dist: process.env.BENCH_DIST} : {}),
    }),
  )
  process.exit(allOk ? 0 : 1)
}

if (process.argv[2] === '--host') await host()
else if (process.argv[2] === '--floor') await floorProcess()
else if (process.argv[2] === '--dendrite') await dendriteProcess()
else await main()
