#!/usr/bin/env node
// Benchmark: how long `tao subnet list` takes compared with one raw RPC round trip (`system_chain`) on the same
// endpoint. Needs a build (`npm run build`).
//
//   node scripts/bench-subnet-list.mjs [--network ws://…] [--runs 7] [--json]
//
// Without --network (or TAO_BENCH_ENDPOINT) it starts a localnet from ../shared/chain/subtensor-spec218.raw.json
// (genesis: 2 subnets) with the real `tao localnet start --port 0` and stops it afterwards.
// Measured, medians over --runs:
//   rpc.rttMs            one `system_chain` round trip on an open WebSocket
//   rpc.processMs        a fresh node process: connect, one `system_chain`, exit (the CLI-level "one round trip")
//   cli.subnetListMs     `tao subnet list --json` as a user runs it (metadata cached by the first, untimed, run)
//   cli.chainInfoMs      `tao chain info --json` (connect + a few reads) for reference
//   lib.listSubnetsMs    listSubnets() on an open connection (the command's chain work alone)
//   rpc.runtimeCallMs    one runtime-API call (`state_call`) on an open WebSocket: the node runs runtime code
//   lib.listOverOneRuntimeCall  listSubnets() time in units of one runtime-API call
import {spawnSync} from 'node:child_process'
import {mkdtempSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import path from 'node:path'
import {fileURLToPath} from 'node:url'

import {SPEC, benchChain} from './localnet.mjs'

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const BIN = path.join(ROOT, 'bin', 'run.js')
const argv = process.argv.slice(2)
const opt = (name, dflt) => {
  const i = argv.indexOf(name)
  return i === -1 ? dflt : argv[i + 1]
}
const RUNS = Number(opt('--runs', '7'))
const asJson = argv.includes('--json')
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b)
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2
}
const round = (x) => Math.round(x * 10) / 10
const log = (m) => asJson || process.stderr.write(m + '\n')

/** Wall time of one subprocess run, ms. */
function timeRun(args, env) {
  const t0 = process.hrtime.bigint()
  const r = spawnSync(process.execPath, args, {encoding: 'utf8', env: {...process.env, NO_COLOR: '1', ...env}})
  const ms = Number(process.hrtime.bigint() - t0) / 1e6
  if (r.status !== 0) throw new Error(`${args.join(' ')} exited ${r.status}: ${r.stderr}`)
  return {ms, stdout: r.stdout}
}

const ONE_RPC = `
const {default: WebSocket} = await import('ws')
const ws = new WebSocket(process.argv[1])
await new Promise((res, rej) => { ws.once('open', res); ws.once('error', rej) })
ws.send(JSON.stringify({id: 1, jsonrpc: '2.0', method: 'system_chain', params: []}))
await new Promise((res) => ws.once('message', res))
ws.close()
`

async function rttOnOpenSocket(endpoint, n, method = 'system_chain', params = []) {
  const {default: WebSocket} = await import('ws')
  const ws = new WebSocket(endpoint)
  await new Promise((res, rej) => {
    ws.once('open', res)
    ws.once('error', rej)
  })
  const times = []
  for (let i = 0; i < n; i++) {
    const t0 = process.hrtime.bigint()
    ws.send(JSON.stringify({id: i, jsonrpc: '2.0', method, params}))
    await new Promise((res) => ws.once('message', res))
    times.push(Number(process.hrtime.bigint() - t0) / 1e6)
  }
  ws.close()
  return median(times)
}

async function libTimes(endpoint, cacheDir, n) {
  const [{connect}, {listSubnets}] = await Promise.all([import(path.join(ROOT, 'dist/chain/client.js')), import(path.join(ROOT, 'dist/subnet/read.js'))])
  const chain = await connect({cacheDir, endpoint})
  try {
    await listSubnets(chain) // warm: registers the decoding types once
    const list = []
    const rtt = []
    let count = 0
    for (let i = 0; i < n; i++) {
      let t0 = process.hrtime.bigint()
      const r = await listSubnets(chain)
      list.push(Number(process.hrtime.bigint() - t0) / 1e6)
      count = r.subnets.length
      t0 = process.hrtime.bigint()
      await chain.api.rpc.system.chain()
      rtt.push(Number(process.hrtime.bigint() - t0) / 1e6)
    }
    return {listMs: median(list), rttMs: median(rtt), subnets: count}
  } finally {
    await chain.disconnect()
  }
}

const given = opt('--network', process.env.TAO_BENCH_ENDPOINT)
const net = await benchChain(given, log)
if (!net) {
  log(`skipped: no --network and no chain spec at ${SPEC}`)
  process.exit(0)
}
const home = mkdtempSync(path.join(tmpdir(), 'tao-bench-'))
const env = {HOME: home, TAO_CACHE_DIR: path.join(home, 'cache'), TAO_CONFIG_DIR: path.join(home, 'config'), TAO_DATA_DIR: path.join(home, 'data')}
try {
  const {endpoint} = net
  log(`endpoint ${endpoint}, ${RUNS} runs each`)
  const first = timeRun([BIN, 'subnet', 'list', '--json', '--network', endpoint], env) // fills the metadata cache
  const subnets = JSON.parse(first.stdout).subnets.length
  const listRuns = []
  const infoRuns = []
  const rpcRuns = []
  for (let i = 0; i < RUNS; i++) {
    listRuns.push(timeRun([BIN, 'subnet', 'list', '--json', '--network', endpoint], env).ms)
    infoRuns.push(timeRun([BIN, 'chain', 'info', '--json', '--network', endpoint], env).ms)
    rpcRuns.push(timeRun(['--input-type=module', '-e', ONE_RPC, endpoint], env).ms)
  }
  const rtt = await rttOnOpenSocket(endpoint, 21)
  // one runtime-API call (the node executes runtime code; on chopsticks that is its wasm interpreter)
  const rttRuntime = await rttOnOpenSocket(endpoint, 7, 'state_call', ['SubnetRegistrationRuntimeApi_get_network_registration_cost', '0x'])
  const lib = await libTimes(endpoint, env.TAO_CACHE_DIR, RUNS)
  const result = {
    cli: {chainInfoMs: round(median(infoRuns)), subnetListFirstRunMs: round(first.ms), subnetListMs: round(median(listRuns)), subnetListRunsMs: listRuns.map(round)},
    endpoint,
    lib: {listOverOneRuntimeCall: round(lib.listMs / rttRuntime), listSubnetsMs: round(lib.listMs), rttMsSameConnection: round(lib.rttMs)},
    node: process.version,
    rpc: {processMs: round(median(rpcRuns)), rttMs: round(rtt), runtimeCallMs: round(rttRuntime)},
    runs: RUNS,
    subnets,
  }
  result.cli.subnetListOverOneRpcProcess = round(result.cli.subnetListMs / result.rpc.processMs)
  if (asJson) process.stdout.write(JSON.stringify(result, null, 2) + '\n')
  else {
    console.log(`tao subnet list (${subnets} subnets): ${result.cli.subnetListMs} ms median (first run, filling the metadata cache: ${result.cli.subnetListFirstRunMs} ms)`)
    console.log(`one raw RPC (system_chain) from a fresh node process: ${result.rpc.processMs} ms; ratio ${result.cli.subnetListOverOneRpcProcess}x`)
    console.log(`one raw RPC round trip on an open socket: ${result.rpc.rttMs} ms`)
    console.log(`tao chain info: ${result.cli.chainInfoMs} ms (CLI + connect baseline)`)
    console.log(`one runtime-API call (state_call get_network_registration_cost): ${result.rpc.runtimeCallMs} ms`)
    console.log(`listSubnets() on an open connection: ${result.lib.listSubnetsMs} ms = ${result.lib.listOverOneRuntimeCall}x one runtime-API call`)
  }
} finally {
  await net.stop()
  rmSync(home, {force: true, recursive: true})
}
