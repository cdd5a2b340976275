#!/usr/bin/env node
// Fan-out benchmark: one dendrite queries 256 local axons (tao's own AxonServer, full signature/nonce/body-hash
// checks) whose handlers sleep staggered delays 0…MAX ms. Reports the fan-out's wall time against the slowest
// axon's delay; the goal is an overhead under 100 ms. Axons live in a few child processes (BENCH_HOSTS) so
// their verification does not run on the dendrite's event loop; everything is on 127.0.0.1.
// Two orders by default: `shuffled` (delays unrelated to the order requests go out, as on a real subnet) and
// `ascending` (worst case: the slowest axon is the last one queried, so its request waits for every other request
// to be signed, and on this machine for every other axon's verification too).
//   BENCH_AXONS=256 BENCH_MAX_DELAY_MS=1000 BENCH_ROUNDS=5 BENCH_HOSTS=2 BENCH_CONCURRENCY=256 BENCH_ORDERS=shuffled,ascending
// Needs a build (npm run build). Prints a table and one JSON line ({"bench":"miner-fanout",…}). Columns: wall time
// of the fan-out, the slowest handler's delay, their difference (the overhead), when the last request went out
// (signing and sending all of them), and each axon's latency beyond its own delay (p50/p99).
import {spawn} from 'node:child_process'
import {existsSync} from 'node:fs'
import path from 'node:path'
import {fileURLToPath, pathToFileURL} from 'node:url'

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const DIST = path.join(ROOT, 'dist', 'protocol')
const lib = (f) => import(pathToFileURL(path.join(DIST, f)).href)

const DEF = {
  fields: {delay_ms: 'int = 0', dummy_input: 'int', dummy_output: 'Optional[int] = None'},
  name: 'Dummy',
  required_hash_fields: ['dummy_input'],
}

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
  process.stdin.on('end', () => process.exit(0))
  process.stdin.resume()
}

function startHost(delays) {
  const child = spawn(process.execPath, [...(process.env.BENCH_HOST_NODE_ARGS ?? '').split(' ').filter(Boolean), fileURLToPath(import.meta.url), '--host', JSON.stringify(delays)], {stdio: ['pipe', 'pipe', 'inherit']})
  return new Promise((resolve, reject) => {
    let buf = ''
    child.stdout.on('data', (d) => {
      buf += d
      const nl = buf.indexOf('\n')
      if (nl >= 0) resolve({axons: JSON.parse(buf.slice(0, nl)), child})
    })
    child.on('exit', (c) => reject(new Error(`axon host exited ${c}`)))
  })
}

const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]
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
    console.error('bench-fanout: run `npm run build` first')
    process.exit(2)
  }
  const N = Number(process.env.BENCH_AXONS ?? 256)
  const MAX = Number(process.env.BENCH_MAX_DELAY_MS ?? 1000)
  const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5)
  const HOSTS = Number(process.env.BENCH_HOSTS ?? 2)
  const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 256)
  const ORDERS = (process.env.BENCH_ORDERS ?? 'shuffled,ascending').split(',').map((o) => o.trim())

  const delays = Array.from({length: N}, (_, i) => (N === 1 ? MAX : Math.round((i * MAX) / (N - 1))))
  // spread delays over the hosts round-robin, so every host has short and long ones
  const groups = Array.from({length: HOSTS}, (_, h) => delays.filter((_, i) => i % HOSTS === h))
  const t0 = performance.now()
  const hosts = await Promise.all(groups.filter((g) => g.length).map((g) => startHost(g)))
  const all = hosts.flatMap((h) => h.axons)
  const setupMs = performance.now() - t0

  const [{Dendrite}, {prepareSynapse}, {synapseFromDefinition, prepareFields}, {fromPlain}, {messageSigner}, {Keyring}, {cryptoWaitReady}] = await Promise.all([
    lib('dendrite.js'),
    lib('protocol.js'),
    lib('synapse.js'),
    lib('pyvalue.js'),
    lib('sr25519.js'),
    import('@polkadot/keyring'),
    import('@polkadot/util-crypto'),
  ])
  await cryptoWaitReady()
  const pair = new Keyring({ss58Format: 42, type: 'sr25519'}).addFromUri('//Alice//bench-fanout-validator')
  const signer = await messageSigner(pair)
  const def = synapseFromDefinition(fromPlain(DEF))
  const synapse = prepareSynapse(def, prepareFields(def, fromPlain({dummy_input: 7})))
  const delayOf = new Map(all.map((a) => [a.port, a.delay]))
  const timeoutS = MAX / 1000 + 5
  const {loadavg, cpus} = await import('node:os')

  console.log(`miner fan-out: ${N} local axons in ${hosts.length} processes, handler delays 0…${MAX} ms staggered, concurrency ${CONCURRENCY}, ${cpus().length} CPUs, load ${loadavg()[0].toFixed(1)} (axons up in ${Math.round(setupMs)} ms)`)
  const summaries = []
  for (const order of ORDERS) {
    const targets = ordered(all, order).map((a, uid) => ({hotkey: a.hotkey, ip: '127.0.0.1', port: a.port, uid}))
    const dendrite = new Dendrite({signer}) // fresh connections for each order: round 1 is always "new"
    const rounds = []
    for (let r = 0; r < ROUNDS; r++) {
      const start = performance.now()
      const results = await dendrite.forward(targets, synapse, {concurrency: CONCURRENCY, timeoutS})
      const wall = performance.now() - start
      const ok = results.filter((x) => x.status === 200 && x.response?.dummy_output === 8).length
      const over = results.map((x) => x.latencyMs - delayOf.get(x.port))
      rounds.push({
        lastSentMs: Math.round(Math.max(...results.map((x) => x.queueMs))),
        extraP50Ms: Math.round(pct(over, 50) * 10) / 10,
        extraP99Ms: Math.round(pct(over, 99) * 10) / 10,
        keepAlive: r > 0,
        ok,
        overheadMs: Math.round(wall - MAX),
        round: r + 1,
        wallMs: Math.round(wall),
      })
      if (ok !== N) {
        const bad = results.find((x) => x.status !== 200)
        console.error(`${order} round ${r + 1}: ${N - ok} axons did not answer correctly, e.g. ${bad?.status} ${bad?.message}`)
      }
    }
    dendrite.close()
    console.log(`\norder ${order}${order === 'ascending' ? ' (worst case: slowest axon queried last)' : ''}`)
    console.log('round'.padEnd(7) + 'conn'.padEnd(12) + 'ok'.padStart(5) + 'wall ms'.padStart(10) + 'slowest ms'.padStart(12) + 'overhead ms'.padStart(13) + 'last sent ms'.padStart(14) + '  per-axon extra p50/p99 ms')
    for (const r of rounds) {
      console.log(
        String(r.round).padEnd(7) +
          (r.keepAlive ? 'keep-alive' : 'new').padEnd(12) +
          String(r.ok).padStart(5) +
          String(r.wallMs).padStart(10) +
          String(MAX).padStart(12) +
          String(r.overheadMs).padStart(13) +
          String(r.lastSentMs).padStart(14) +
          `  ${r.extraP50Ms} / ${r.extraP99Ms}`,
      )
    }
    const warm = rounds.slice(1).map((r) => r.overheadMs)
    const warmMedian = warm.length ? pct(warm, 50) : rounds[0].overheadMs
    const worst = Math.max(...rounds.map((r) => r.overheadMs))
    console.log(`overhead over the slowest axon: new connections ${rounds[0].overheadMs} ms, keep-alive median ${warmMedian} ms, worst ${worst} ms (goal < 100 ms: ${warmMedian < 100 ? 'met' : 'NOT met'} on keep-alive median)`)
    summaries.push({order, rounds, warmMedianOverheadMs: warmMedian, worstOverheadMs: worst})
  }
  for (const h of hosts) h.child.stdin.end()
  console.log(JSON.stringify({axons: N, bench: 'miner-fanout', concurrency: CONCURRENCY, cpus: cpus().length, goalMs: 100, hosts: hosts.length, loadAvg1m: loadavg()[0], maxDelayMs: MAX, orders: summaries}))
  process.exit(summaries.every((s) => s.rounds.every((r) => r.ok === N)) ? 0 : 1)
}

if (process.argv[2] === '--host') await host()
else await main()
