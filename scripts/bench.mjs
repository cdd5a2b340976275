#!/usr/bin/env node
// npm run bench: start-up and chain-info timings, each as a median and a ratio, in one run.
// Also runs every scripts/bench-*.mjs (wallet unlock, miner fan-out, subnet list, reads vs the raw floor client),
// passing them a local chain.
import {spawn, spawnSync} from 'node:child_process'
import {existsSync, mkdtempSync, readdirSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import path from 'node:path'
import {fileURLToPath} from 'node:url'

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const BIN = path.join(ROOT, 'bin', 'run.js')
const SPEC = path.resolve(ROOT, process.env.TAO_TEST_SPEC ?? '../shared/chain/subtensor-spec218.raw.json')
const RUNS = Number(process.env.BENCH_RUNS ?? 15)

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b)
  const m = Math.floor(s.length / 2)
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2
}

function time(args, env = {}, runs = RUNS) {
  const ms = []
  for (let i = 0; i < runs; i++) {
    const t0 = process.hrtime.bigint()
    const r = spawnSync(process.execPath, args, {env: {...process.env, NO_COLOR: '1', ...env}, stdio: ['ignore', 'pipe', 'pipe']})
    const dt = Number(process.hrtime.bigint() - t0) / 1e6
    if (r.status !== 0) throw new Error(`${args.join(' ')} failed (${r.status}): ${r.stderr}`)
    ms.push(dt)
  }
  return median(ms)
}

const rows = []
const row = (name, ms, base, baseName) => rows.push({name, medianMs: Math.round(ms), ratio: base ? `${(ms / base).toFixed(2)}x ${baseName}` : ''})

console.error(`start-up (${RUNS} runs each, median)`)
const nodeMs = time(['-e', '0'])
row('node -e 0', nodeMs)
row('tao --version', time([BIN, '--version']), nodeMs, 'node -e 0')
row('tao --help', time([BIN, '--help']), nodeMs, 'node -e 0')

let child
async function startChain() {
  if (process.env.TAO_BENCH_ENDPOINT) return process.env.TAO_BENCH_ENDPOINT
  if (!existsSync(SPEC)) return undefined
  child = spawn(process.execPath, [BIN, 'localnet', 'start', '--spec', SPEC, '--port', '0', '--json'], {stdio: ['ignore', 'pipe', 'pipe']})
  let out = ''
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error('localnet did not start')), 180_000)
    child.stdout.on('data', (d) => {
      out += d
      const line = out.split('\n').find((l) => l.startsWith('{'))
      if (line) {
        clearTimeout(t)
        resolve(JSON.parse(line).endpoint)
      }
    })
    child.on('exit', (c) => reject(new Error(`localnet exited ${c}`)))
  })
}

const endpoint = await startChain()
if (endpoint) {
  console.error(`chain info against ${endpoint}`)
  const chainRuns = Number(process.env.BENCH_CHAIN_RUNS ?? 7)
  // warm the chain itself (runtime compiled, first blocks) so both sides see the same node
  time([BIN, 'chain', 'info', '--network', endpoint, '--json'], {TAO_CACHE_DIR: mkdtempSync(path.join(tmpdir(), 'tao-bench-'))}, 1)
  const cold = []
  for (let i = 0; i < chainRuns; i++) {
    const dir = mkdtempSync(path.join(tmpdir(), 'tao-bench-cold-'))
    cold.push(time([BIN, 'chain', 'info', '--network', endpoint, '--json'], {TAO_CACHE_DIR: dir}, 1))
    rmSync(dir, {force: true, recursive: true})
  }
  const warmDir = mkdtempSync(path.join(tmpdir(), 'tao-bench-warm-'))
  time([BIN, 'chain', 'info', '--network', endpoint, '--json'], {TAO_CACHE_DIR: warmDir}, 1)
  const warm = time([BIN, 'chain', 'info', '--network', endpoint, '--json'], {TAO_CACHE_DIR: warmDir}, chainRuns)
  const coldMs = median(cold)
  row('tao chain info (cold metadata cache)', coldMs)
  row('tao chain info (warm metadata cache)', warm, coldMs, 'cold')
} else {
  console.error(`no chain spec at ${SPEC}: chain benchmarks skipped`)
}

console.log('\n' + 'benchmark'.padEnd(40) + 'median ms'.padStart(10) + '   ratio')
for (const r of rows) console.log(r.name.padEnd(40) + String(r.medianMs).padStart(10) + '   ' + r.ratio)

// the topic benchmarks
for (const f of readdirSync(path.join(ROOT, 'scripts')).filter((f) => /^bench-.*\.mjs$/.test(f)).sort()) {
  console.log(`\n== ${f}`)
  // on a chain this script started, the read benchmark fills subnet 1 with 256 neurons (the metagraph target's size)
  const uids = child && !process.env.BENCH_READ_UIDS ? {BENCH_READ_UIDS: '256'} : {}
  const r = spawnSync(process.execPath, [path.join(ROOT, 'scripts', f)], {env: {...process.env, ...uids, TAO_BENCH_ENDPOINT: endpoint ?? ''}, stdio: 'inherit'})
  if (r.status !== 0) console.log(`${f} failed with exit ${r.status}`)
}

child?.kill('SIGINT')
setTimeout(() => child?.kill('SIGKILL'), 1000).unref()
