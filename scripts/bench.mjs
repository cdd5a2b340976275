#!/usr/bin/env node
// npm run bench: start-up and chain-info timings, each as a median and a ratio, in one run.
// Also runs every scripts/bench-*.mjs (wallet unlock, miner fan-out, subnet list, reads vs the raw floor client),
// passing them a local chain.
import {spawnSync} from 'node:child_process'
import {mkdtempSync, readFileSync, readdirSync, rmSync} from 'node:fs'
import {cpus, loadavg, tmpdir} from 'node:os'
import path from 'node:path'
import {fileURLToPath} from 'node:url'

import {SPEC, benchChain} from './localnet.mjs'

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const BIN = path.join(ROOT, 'bin', 'run.js')
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

/** CPU time (user + system, ms) of this process's finished children so far; undefined off Linux (10 ms steps) */
function childCpuMs() {
  try {
    const f = readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' ')
    return (Number(f[13]) + Number(f[14])) * 10 // cutime, cstime in clock ticks (100 Hz)
  } catch {
    return undefined
  }
}

/** One run: wall ms and the child's CPU ms (less moved by other work on the machine than wall time). */
function timeWithCpu(args, env) {
  const c0 = childCpuMs()
  const ms = time(args, env, 1)
  const c1 = childCpuMs()
  return {cpu: c0 === undefined || c1 === undefined ? undefined : c1 - c0, ms}
}

const rows = []
const row = (name, ms, base, baseName, note = '') => rows.push({name, medianMs: Math.round(ms), ratio: base ? `${(ms / base).toFixed(2)}x ${baseName}${note ? `  (${note})` : ''}` : ''})
function printRows(note) {
  console.log('\n' + 'benchmark'.padEnd(46) + 'median ms'.padStart(10) + '   ratio')
  for (const r of rows) console.log(r.name.padEnd(46) + String(r.medianMs).padStart(10) + '   ' + r.ratio)
  if (note) console.log(note)
}

// Start-up and offline commands, each against `node -e 0` in the same run (targets: --version <= 1.5x, --help <= 2x,
// the offline commands <= 2.5x). The commands run on a throwaway config folder (one setting stored) and a wallets
// folder with three wallets; the runs of all commands are interleaved, so a change in the machine's load falls on
// every command alike. `node scripts/bench.mjs --startup` runs this section only.
// `tao --help` answers from the help text cache after its first run; the `TAO_HELP_CACHE=0` row is oclif's own
// help. BENCH_BASE=<another built checkout> adds the same commands run from there, interleaved (before/after).
const STARTUP = [
  {name: 'tao --version', args: ['--version'], goal: 1.5},
  {name: 'tao --help', args: ['--help'], goal: 2},
  {name: 'tao --help (TAO_HELP_CACHE=0)', args: ['--help'], env: {TAO_HELP_CACHE: '0'}},
  {name: 'tao wallet list (3 wallets)', args: ['wallet', 'list'], goal: 2.5},
  {name: 'tao config get wallet', args: ['config', 'get', 'wallet'], goal: 2.5},
  {name: 'tao utils convert --tao 1.5', args: ['utils', 'convert', '--tao', '1.5'], goal: 2.5},
].map((c) => ({...c, bin: BIN}))
if (process.env.BENCH_BASE) {
  const base = path.join(path.resolve(process.env.BENCH_BASE), 'bin', 'run.js')
  STARTUP.push(...STARTUP.filter((c) => !c.env).map((c) => ({...c, bin: base, goal: undefined, name: `${c.name} [BENCH_BASE]`})))
}
const home = mkdtempSync(path.join(tmpdir(), 'tao-bench-home-'))
const homeEnv = {
  TAO_CACHE_DIR: path.join(home, 'cache'),
  TAO_CONFIG_DIR: path.join(home, 'config'),
  TAO_DATA_DIR: path.join(home, 'data'),
  TAO_WALLET_PATH: path.join(home, 'wallets'),
}
for (const [args, what] of [
  [['config', 'set', 'wallet', 'bench'], 'config set'],
  ...['alpha', 'beta', 'gamma'].map((w) => [['wallet', 'create', '--wallet', w, '--hotkey', 'default', '--uri', `//Bench${w}`, '--no-password', '--yes', '--json'], `wallet create ${w}`]),
]) {
  const r = spawnSync(process.execPath, [BIN, ...args], {env: {...process.env, ...homeEnv}, stdio: ['ignore', 'pipe', 'pipe']})
  if (r.status !== 0) throw new Error(`start-up fixture: ${what} failed (${r.status}): ${r.stderr}`)
}
const load0 = loadavg()[0]
console.error(`start-up (${RUNS} runs each, interleaved, median; load average ${load0.toFixed(2)})`)
const samples = {node: []}
for (const c of STARTUP) samples[c.name] = []
for (let i = 0; i < RUNS; i++) {
  samples.node.push(timeWithCpu(['-e', '0'], homeEnv))
  for (const c of STARTUP) samples[c.name].push(timeWithCpu([c.bin, ...c.args], {...homeEnv, ...c.env}))
}
rmSync(home, {force: true, recursive: true})
const load1 = loadavg()[0]
const cpuOf = (xs) => (xs.some((x) => x.cpu === undefined) ? undefined : median(xs.map((x) => x.cpu)))
const nodeMs = median(samples.node.map((x) => x.ms))
const nodeCpu = cpuOf(samples.node)
const cpuNote = (cpu) => (cpu === undefined || !nodeCpu ? '' : `; CPU ${Math.round(cpu)} ms = ${(cpu / nodeCpu).toFixed(2)}x`)
row('node -e 0', nodeMs, undefined, undefined)
rows.at(-1).ratio = nodeCpu === undefined ? '' : `(CPU ${Math.round(nodeCpu)} ms)`
const startup = {bench: 'startup', cpus: cpus().length, loadAvg1m: [load0, load1].map((x) => Math.round(x * 100) / 100), node: process.version, nodeCpuMs: nodeCpu, nodeMs: Math.round(nodeMs), runs: RUNS, commands: []}
for (const c of STARTUP) {
  const ms = median(samples[c.name].map((x) => x.ms))
  const cpu = cpuOf(samples[c.name])
  row(c.name, ms, nodeMs, 'node -e 0', `${c.goal ? `goal <= ${c.goal}x` : ''}${cpuNote(cpu)}`.replace(/^; /, ''))
  startup.commands.push({cpuMs: cpu, cpuRatio: cpu === undefined || !nodeCpu ? undefined : Math.round((cpu / nodeCpu) * 100) / 100, goal: c.goal, medianMs: Math.round(ms), name: c.name, ratio: Math.round((ms / nodeMs) * 100) / 100})
}
if (process.argv.includes('--startup')) {
  printRows(`load average ${load0.toFixed(2)} -> ${load1.toFixed(2)}, ${cpus().length} cpus, node ${process.version}`)
  console.log(JSON.stringify(startup))
  process.exit(0)
}

/** the chain given (TAO_BENCH_ENDPOINT) or one this script started from the spec; undefined without either */
const net = await benchChain(process.env.TAO_BENCH_ENDPOINT)
const endpoint = net?.endpoint
const started = net !== undefined && !process.env.TAO_BENCH_ENDPOINT
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

printRows(`start-up load average ${startup.loadAvg1m.join(' -> ')}, ${cpus().length} cpus, node ${process.version}`)
console.log(JSON.stringify(startup))

// the topic benchmarks
const failed = []
for (const f of readdirSync(path.join(ROOT, 'scripts')).filter((f) => /^bench-.*\.mjs$/.test(f)).sort()) {
  console.log(`\n== ${f}`)
  // on a chain this script started, the read benchmark fills subnet 1 with 256 neurons (the metagraph target's size)
  const uids = started && !process.env.BENCH_READ_UIDS ? {BENCH_READ_UIDS: '256'} : {}
  const r = spawnSync(process.execPath, [path.join(ROOT, 'scripts', f)], {env: {...process.env, ...uids, TAO_BENCH_ENDPOINT: endpoint ?? ''}, stdio: 'inherit'})
  if (r.status !== 0) {
    console.log(`${f} failed with exit ${r.status ?? r.signal}`)
    failed.push(f)
  }
}

await net?.stop()
// a benchmark that failed fails the run (its output above says why), after the others have run
if (failed.length) {
  console.error(`${failed.length} benchmark(s) failed: ${failed.join(', ')}`)
  process.exitCode = 1
}
