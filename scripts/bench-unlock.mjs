#!/usr/bin/env node
/**
 * Unlock time of a `$NACL` key file: sodium-native (libuv thread pool) vs the libsodium-wrappers-sumo wasm
 * fallback (worker thread), on the SAME file, through tao's own module (dist/wallet/nacl.js).
 *
 *   node scripts/bench-unlock.mjs [--runs 3] [--file coldkey --password-env VAR] [--json]
 *
 * Without --file a coldkey-sized $NACL file is written to a temp dir with a throwaway password. Each unlock is
 * a full argon2i13 (t=8, m=512 MiB) derivation + secretbox open. Also reports how often the event loop ticked
 * during the unlock (a frozen loop would mean a frozen spinner) and the process's peak RSS.
 * Run after `npm run build`.
 */
import {mkdtempSync, readFileSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import path from 'node:path'
import {fileURLToPath} from 'node:url'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const nacl = await import(path.join(root, 'dist', 'wallet', 'nacl.js'))

const args = process.argv.slice(2)
const opt = (name, def) => {
  const i = args.indexOf(name)
  return i === -1 ? def : args[i + 1]
}
const runs = Number(opt('--runs', '3'))
const json = args.includes('--json')

let file
let password
if (opt('--file')) {
  file = readFileSync(opt('--file'))
  password = process.env[opt('--password-env', 'TAO_PASSWORD')] ?? ''
} else {
  password = 'bench-password-1'
  const plaintext = JSON.stringify({
    accountId: '0x' + 'ab'.repeat(32),
    privateKey: '0x' + 'cd'.repeat(64),
    publicKey: '0x' + 'ab'.repeat(32),
    secretPhrase: 'old leopard transfer rib spatial phone calm indicate online fire caution review',
    secretSeed: '0x' + 'ef'.repeat(32),
    ss58Address: '5HDvhV6WDCjCKyrXqGQSDYqQAzkzabNhctmiDYEqgBC66BsX',
  })
  file = await nacl.naclEncrypt(Buffer.from(plaintext), password, {backend: nacl.resolveBackend('auto')})
  const dir = mkdtempSync(path.join(tmpdir(), 'tao-bench-'))
  writeFileSync(path.join(dir, 'coldkey'), file, {mode: 0o600})
}

const results = {}
for (const backend of ['native', 'wasm']) {
  try {
    nacl.resolveBackend(backend)
  } catch (error) {
    results[backend] = {error: String(error.message ?? error)}
    continue
  }
  const times = []
  let ticks = 0
  const timer = setInterval(() => ticks++, 100)
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now()
    const out = await nacl.naclDecrypt(file, password, {backend})
    times.push((performance.now() - t0) / 1000)
    out.fill(0)
  }
  clearInterval(timer)
  const sorted = [...times].sort((a, b) => a - b)
  const total = times.reduce((a, b) => a + b, 0)
  results[backend] = {
    eventLoopTicksPerSecond: Math.round((ticks / total) * 10) / 10,
    maxS: round(sorted.at(-1)),
    medianS: round(sorted[Math.floor(sorted.length / 2)]),
    minS: round(sorted[0]),
    runs,
  }
}
const summary = {
  auto: nacl.resolveBackend('auto'),
  fileBytes: file.length,
  node: process.version,
  peakRssMiB: Math.round(process.resourceUsage().maxRSS / 1024),
  results,
}
if (json) console.log(JSON.stringify(summary, null, 2))
else {
  console.log(`unlock of a ${summary.fileBytes}-byte $NACL file (argon2i13 t=8 m=512MiB), ${runs} run(s) each, node ${process.version}`)
  for (const [b, r] of Object.entries(results)) {
    if (r.error) console.log(`  ${b.padEnd(6)}  unavailable: ${r.error}`)
    else console.log(`  ${b.padEnd(6)}  min ${r.minS} s  median ${r.medianS} s  max ${r.maxS} s  (event loop ${r.eventLoopTicksPerSecond} ticks/s of 10)`)
  }
  console.log(`  default backend here: ${summary.auto}; peak RSS ${summary.peakRssMiB} MiB`)
}

function round(x) {
  return Math.round(x * 100) / 100
}
