#!/usr/bin/env node
// The codec comparison behind the light read path (docs/performance.md): import time and decode speed of the
// SCALE codec candidates, measured in one run on this machine.
//
//   npm run build && node scripts/bench-codecs.mjs [--network ws://…] [--runs 9] [--json]
//
// Import time: a fresh `node` process importing the package, median of --runs, beside `node -e 0`.
// Decode speed, in this process, median of --runs after a warm-up:
//   metadata    the connected runtime's metadata v15 (fetched once with `Metadata_metadata_at_version`), decoded
//               by each library the way a client uses it (@polkadot/types: Metadata + registry.setMetadata, as
//               ApiPromise does; substrate-bindings: its `metadata` codec; tao's light path: scale-ts + only the
//               parts it reads, decoders built on demand)
//   neurons     a spec-218 `get_neurons_lite` reply of 256 neurons (encoded here by @polkadot/types) decoded to
//               plain data (@polkadot/types createType + toPlain vs the light path's scale-ts decoders)
// Without --network (or TAO_BENCH_ENDPOINT) it starts a localnet like the other benchmarks (scripts/localnet.mjs);
// with neither a network nor the chain spec it measures all but the metadata rows.
import {spawnSync} from 'node:child_process'
import {loadavg} from 'node:os'
import path from 'node:path'
import {fileURLToPath} from 'node:url'
import WebSocket from 'ws'

import {SPEC, benchChain} from './localnet.mjs'

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const argv = process.argv.slice(2)
const opt = (name, dflt) => {
  const i = argv.indexOf(name)
  return i === -1 ? dflt : argv[i + 1]
}
const RUNS = Number(opt('--runs', '9'))
const asJson = argv.includes('--json')
const log = (m) => asJson || process.stderr.write(m + '\n')
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b)
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2
}
const r1 = (x) => Math.round(x * 10) / 10

function importMs(code) {
  const ms = []
  for (let i = 0; i < RUNS; i++) {
    const t0 = process.hrtime.bigint()
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', code], {cwd: ROOT, encoding: 'utf8'})
    ms.push(Number(process.hrtime.bigint() - t0) / 1e6)
    if (r.status !== 0) return undefined
  }
  return median(ms)
}

function timeIt(fn) {
  fn()
  const ms = []
  for (let i = 0; i < RUNS; i++) {
    const t0 = process.hrtime.bigint()
    fn()
    ms.push(Number(process.hrtime.bigint() - t0) / 1e6)
  }
  return median(ms)
}

async function fetchMetadata(endpoint) {
  const ws = new WebSocket(endpoint)
  await new Promise((res, rej) => {
    ws.once('open', res)
    ws.once('error', rej)
  })
  ws.send(JSON.stringify({id: 1, jsonrpc: '2.0', method: 'state_call', params: ['Metadata_metadata_at_version', '0x0f000000']}))
  const reply = await new Promise((res) => ws.once('message', (m) => res(JSON.parse(m.toString()))))
  ws.close()
  // Option<OpaqueMetadata>: 0x01, compact length, then the metadata (magic + version + body)
  const {Bytes} = await import('scale-ts')
  return new Uint8Array(Bytes.dec()(new Uint8Array(Buffer.from(reply.result.slice(4), 'hex'))))
}

const given = opt('--network', process.env.TAO_BENCH_ENDPOINT || undefined)
const net = await benchChain(given, log)
try {
  const load = [loadavg()[0]]
  log(`import time, fresh process, median of ${RUNS}`)
  const imports = {}
  for (const [name, code] of [
    ['node -e 0', '0'],
    ['scale-ts', "await import('scale-ts')"],
    ['@polkadot-api/substrate-bindings', "await import('@polkadot-api/substrate-bindings')"],
    ["tao's light codec (scale-ts + @noble/hashes blake2)", "await import('./dist/chain/light/metadata.js')"],
    ['@polkadot/types', "await import('@polkadot/types')"],
    ['@polkadot/api', "await import('@polkadot/api')"],
  ]) {
    const ms = importMs(code)
    imports[name] = ms === undefined ? null : r1(ms)
    log(`  ${name}: ${ms === undefined ? 'not installed' : `${r1(ms)} ms`}`)
  }

  // the metadata rows need a chain; the neuron rows do not
  const md = net ? await fetchMetadata(net.endpoint) : undefined
  if (!md) log(`metadata decode skipped: no --network and no chain spec at ${SPEC}`)
  const [{TypeRegistry, Metadata}, {LightMetadata}, {typeDecoder}, {toPlain}, {RUNTIME_TYPES}, {SIGNED_EXTENSIONS}] = await Promise.all([
    import('@polkadot/types'),
    import(path.join(ROOT, 'dist/chain/light/metadata.js')),
    import(path.join(ROOT, 'dist/chain/light/typedefs.js')),
    import(path.join(ROOT, 'dist/chain/runtime-api.js')),
    import(path.join(ROOT, 'dist/chain/types.js')),
    import(path.join(ROOT, 'dist/chain/extensions.js')),
  ])
  let bindings
  try {
    bindings = await import('@polkadot-api/substrate-bindings')
  } catch {}
  log(`decode, in process, median of ${RUNS}${md ? ` (metadata ${Math.round(md.length / 1024)} KiB)` : ''}`)
  const decode = {}
  if (md) {
    const hex = '0x' + Buffer.from(md).toString('hex')
    decode['metadata: @polkadot/types (Metadata + setMetadata)'] = timeIt(() => {
      const registry = new TypeRegistry()
      registry.setMetadata(new Metadata(registry, md), undefined, SIGNED_EXTENSIONS)
    })
    if (bindings) decode['metadata: substrate-bindings metadata codec'] = timeIt(() => bindings.metadata.dec(md))
    decode['metadata: tao light (scale-ts, the parts it reads)'] = timeIt(() => LightMetadata.fromHex(hex, 42))
  }

  // 256 neurons as a spec-218 get_neurons_lite reply
  const registry = new TypeRegistry()
  registry.register(RUNTIME_TYPES)
  const neuron = (uid) => ({
    active: true, axon_info: {block: 7, ip: 2130706433, ip_type: 4, placeholder1: 0, placeholder2: 0, port: 8091, protocol: 4, version: 1},
    coldkey: new Uint8Array(32).fill(uid % 251), consensus: 100, dividends: 200, emission: 123_456_789, hotkey: new Uint8Array(32).fill((uid + 1) % 251),
    incentive: 300, last_update: 1000 + uid, netuid: 1, pruning_score: 65_535, prometheus_info: {block: 0, ip: 0, ip_type: 0, port: 0, version: 0},
    rank: 400, stake: [[new Uint8Array(32).fill(3), 1_000_000_000]], trust: 500, uid, validator_permit: uid % 2 === 0, validator_trust: 600,
  })
  const bytes = registry.createType('Vec<NeuronInfoLite218>', Array.from({length: 256}, (_, i) => neuron(i))).toU8a()
  decode['256 neurons: @polkadot/types createType + toPlain'] = timeIt(() => toPlain(registry.createType('Vec<NeuronInfoLite218>', bytes)))
  const dec = typeDecoder('Vec<NeuronInfoLite218>', 42)
  decode['256 neurons: tao light (scale-ts decoders)'] = timeIt(() => dec(new Uint8Array(bytes)))
  const same = JSON.stringify(toPlain(registry.createType('Vec<NeuronInfoLite218>', bytes)), (_, v) => (typeof v === 'bigint' ? v.toString() : v)) === JSON.stringify(dec(new Uint8Array(bytes)), (_, v) => (typeof v === 'bigint' ? v.toString() : v))
  for (const [k, v] of Object.entries(decode)) log(`  ${k}: ${r1(v)} ms`)
  log(`  (the two neuron decodings give the same plain data: ${same})`)
  load.push(loadavg()[0])
  const result = {decodeMs: Object.fromEntries(Object.entries(decode).map(([k, v]) => [k, r1(v)])), importMs: imports, load1: load.map((l) => l.toFixed(2)), metadataBytes: md?.length ?? null, neuronsSame: same, node: process.version, runs: RUNS}
  if (asJson) process.stdout.write(JSON.stringify(result, null, 2) + '\n')
  else console.log(`load (1 min) ${result.load1.join(' → ')}`)
} finally {
  await net?.stop()
}
