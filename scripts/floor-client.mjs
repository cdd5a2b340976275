#!/usr/bin/env node
// The raw floor client: plain JSON-RPC over `ws`, no API library. It sends a plan of requests in dependent waves
// (every request of one wave goes out at once; the next wave starts when every answer of the previous one is in),
// parses each answer and turns hex results into bytes, and prints a one-line summary (or --json: the answers).
//
//   node scripts/floor-client.mjs ws://127.0.0.1:9944 plan.json
//
// plan.json: {"waves": [[["chain_getBlockHash", [0]], ["state_getRuntimeVersion", []]], [["chain_getHeader", ["0x…"]]]]}
//
// scripts/bench-reads.mjs builds the plan from what the real `tao` command asked the node (recorded by a proxy):
// the same calls with the same parameters, duplicates and subscriptions dropped, each call in the earliest wave
// its parameters allow (see `floorPlan` there). So the floor is "the same RPC calls, nothing else".
import {readFileSync} from 'node:fs'
import WebSocket from 'ws'

const [endpoint, planFile] = process.argv.slice(2)
const asJson = process.argv.includes('--json')
const plan = JSON.parse(readFileSync(planFile, 'utf8'))

const ws = new WebSocket(endpoint)
await new Promise((resolve, reject) => {
  ws.once('open', resolve)
  ws.once('error', reject)
})
const pending = new Map()
ws.on('message', (data) => {
  const msg = JSON.parse(data.toString())
  const p = pending.get(msg.id)
  if (!p) return
  pending.delete(msg.id)
  if (msg.error) p.reject(new Error(`${p.method}: ${msg.error.message}`))
  else p.resolve(msg.result)
})
let nextId = 1
const call = (method, params) =>
  new Promise((resolve, reject) => {
    const id = nextId++
    pending.set(id, {method, reject, resolve})
    ws.send(JSON.stringify({id, jsonrpc: '2.0', method, params}))
  })

// the least decoding a client must do: hex → bytes
const bytes = (v) => {
  if (typeof v === 'string' && v.startsWith('0x')) return Buffer.from(v.slice(2), 'hex')
  if (Array.isArray(v)) return v.map(bytes)
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, bytes(x)]))
  return v
}

const answers = []
let size = 0
for (const wave of plan.waves) {
  const results = await Promise.all(wave.map(([method, params]) => call(method, params)))
  for (const r of results) {
    const b = bytes(r)
    answers.push(r)
    size += JSON.stringify(r ?? null).length
    void b
  }
}
ws.close()
if (asJson) process.stdout.write(JSON.stringify(answers) + '\n')
else process.stdout.write(`${plan.waves.length} waves, ${answers.length} answers, ${size} chars\n`)
