#!/usr/bin/env node
// The default install, measured: `npm pack` tao-cli (and the tao-localnet plugin), then install the tarball into an
// empty folder without and with the plugin, as an operator would (`npm install tao-cli` / `… tao-localnet`), and with
// the plugin but `--ignore-scripts` (the tree's one install script is sqlite3's native build, which tao localnet never
// loads). Reports packages installed, node_modules size, wall time (median of BENCH_INSTALL_RUNS, default 1), and
// whether chopsticks / sqlite3 came along (and sqlite3 built or not); then checks each install works (`tao localnet`
// says how to add the plugin without it, `tao localnet start --help` answers with it, and from the --ignore-scripts
// install `tao localnet start` runs the test chain and `tao chain info` reads it).
//   BENCH_INSTALL_CACHE=cold  a fresh npm cache per install (everything from the registry); default: the user's
//                             cache (--prefer-offline), so the time is the install itself (unpacking, native builds)
// Needs `npm run build` first (npm run bench does it).
import {execFileSync, spawnSync} from 'node:child_process'
import {existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync} from 'node:fs'
import {loadavg, tmpdir} from 'node:os'
import path from 'node:path'
import {fileURLToPath} from 'node:url'

import {SPEC, startLocalnet} from './localnet.mjs'

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const PLUGIN = path.join(ROOT, 'packages', 'localnet')
const RUNS = Number(process.env.BENCH_INSTALL_RUNS ?? 1)
const COLD = process.env.BENCH_INSTALL_CACHE === 'cold'

if (!existsSync(path.join(ROOT, 'dist', 'index.js')) || !existsSync(path.join(PLUGIN, 'oclif.manifest.json'))) {
  console.error('bench-install: run `npm run build` first')
  process.exit(2)
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b)
  const m = Math.floor(s.length / 2)
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2
}

function duBytes(dir) {
  let total = 0
  const walk = (d) => {
    for (const e of readdirSync(d, {withFileTypes: true})) {
      const p = path.join(d, e.name)
      if (e.isDirectory()) walk(p)
      else if (e.isFile()) total += statSync(p).size
    }
  }
  walk(dir)
  return total
}

const work = mkdtempSync(path.join(tmpdir(), 'tao-bench-install-'))
const pack = (dir) => JSON.parse(execFileSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', work], {cwd: dir, encoding: 'utf8', maxBuffer: 64 << 20}))[0]
const taoPack = pack(ROOT)
const pluginPack = pack(PLUGIN)
const taoTgz = path.join(work, taoPack.filename)
const pluginTgz = path.join(work, pluginPack.filename)

function install(name, tarballs, flags = []) {
  const times = []
  let dir
  for (let i = 0; i < RUNS; i++) {
    if (dir) rmSync(dir, {force: true, recursive: true})
    dir = path.join(work, `${name}-${i}`)
    mkdirSync(dir)
    writeFileSync(path.join(dir, 'package.json'), JSON.stringify({name: `bench-${name}`, private: true}))
    const cache = COLD ? ['--cache', path.join(work, `cache-${name}-${i}`)] : ['--prefer-offline']
    const t0 = process.hrtime.bigint()
    const r = spawnSync('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', ...flags, ...cache, ...tarballs], {cwd: dir, encoding: 'utf8', maxBuffer: 64 << 20})
    times.push(Number(process.hrtime.bigint() - t0) / 1e9)
    if (r.status !== 0) throw new Error(`npm install (${name}) failed:\n${r.stderr}`)
  }
  const lock = JSON.parse(readFileSync(path.join(dir, 'node_modules', '.package-lock.json'), 'utf8'))
  const packages = Object.keys(lock.packages).filter((k) => k.startsWith('node_modules/'))
  const has = (pkg) => packages.some((k) => k.endsWith(`node_modules/${pkg}`))
  return {
    chopsticks: has('@acala-network/chopsticks'),
    dir,
    packages: packages.length,
    seconds: median(times),
    sizeMB: duBytes(path.join(dir, 'node_modules')) / 1e6,
    sqlite3: has('sqlite3') ? (existsSync(path.join(dir, 'node_modules', 'sqlite3', 'build', 'Release', 'node_sqlite3.node')) ? 'built' : 'not built') : 'no',
  }
}

const tao = (dir, args) => spawnSync(process.execPath, [path.join(dir, 'node_modules', 'tao-cli', 'bin', 'run.js'), ...args], {cwd: dir, encoding: 'utf8', env: {...process.env, NO_COLOR: '1'}})

console.error(`bench-install: tao-cli ${(taoPack.size / 1e3).toFixed(0)} kB packed, tao-localnet ${(pluginPack.size / 1e3).toFixed(0)} kB; ${RUNS} run(s) each, ${COLD ? 'cold (empty) npm cache' : 'warm npm cache (--prefer-offline)'}`)
const load0 = loadavg()[0]
const without = install('default', [taoTgz])
const withPlugin = install('with-plugin', [taoTgz, pluginTgz])
// the plugin's tree has one install script, sqlite3's native build, and tao localnet never opens a database
// (chopsticks loads sqlite3 only for its `db` option): skipping scripts spares the compile and the C toolchain
const noScripts = install('with-plugin-no-scripts', [taoTgz, pluginTgz], ['--ignore-scripts'])
const load1 = loadavg()[0]

// each install works: the default one names the plugin in one line, the other has the command
const missing = tao(without.dir, ['localnet', 'start'])
const help = tao(withPlugin.dir, ['localnet', 'start', '--help'])
const checks = [
  ['default install: `tao localnet start` says how to add the plugin (exit 2, one line)', missing.status === 2 && missing.stderr.trim().split('\n').length === 1 && missing.stderr.includes('tao-localnet')],
  ['with the plugin: `tao localnet start --help` answers', help.status === 0 && help.stdout.includes('--spec')],
]

/** `tao localnet start` from an install, then `tao chain info` against it: the chain runs there, or why not */
async function localnetRuns(dir) {
  if (!existsSync(SPEC)) return `skipped: no chain spec at ${SPEC}`
  const bin = path.join(dir, 'node_modules', 'tao-cli', 'bin', 'run.js')
  const home = mkdtempSync(path.join(work, 'home-'))
  const env = {...process.env, HOME: home, NO_COLOR: '1', XDG_CONFIG_HOME: path.join(home, '.config')}
  let net
  try {
    net = await startLocalnet({bin, cwd: dir, env})
    const info = spawnSync(process.execPath, [bin, 'chain', 'info', '--json', '--network', net.endpoint], {cwd: dir, encoding: 'utf8', env})
    if (info.status !== 0) return `tao chain info exited ${info.status}: ${info.stderr.trim()}`
    const got = JSON.parse(info.stdout)
    return got.specVersion > 0 && Number.isInteger(got.bestBlock) ? true : `tao chain info answered without a runtime or head: ${info.stdout.slice(0, 200)}`
  } catch (error) {
    return error.message
  } finally {
    await net?.stop()
  }
}
const runs = await localnetRuns(noScripts.dir)
checks.push([`with the plugin, installed --ignore-scripts (sqlite3 ${noScripts.sqlite3}): \`tao localnet start\` runs a chain and \`tao chain info\` reads it${typeof runs === 'string' ? ` (${runs})` : ''}`, runs === true || runs.startsWith('skipped')])

const fmt = (r) => `${String(r.packages).padStart(9)}${r.sizeMB.toFixed(1).padStart(10)}${r.seconds.toFixed(1).padStart(9)}   ${r.chopsticks ? 'yes' : 'no '}          ${r.sqlite3}`
console.log('\n' + 'install'.padEnd(52) + 'packages'.padStart(9) + 'size MB'.padStart(10) + 'time s'.padStart(9) + '   chopsticks   sqlite3')
console.log('npm install tao-cli'.padEnd(52) + fmt(without))
console.log('npm install tao-cli tao-localnet'.padEnd(52) + fmt(withPlugin))
console.log('npm install --ignore-scripts tao-cli tao-localnet'.padEnd(52) + fmt(noScripts))
console.log(`ratio (default / with plugin): packages ${(without.packages / withPlugin.packages).toFixed(2)}x, size ${(without.sizeMB / withPlugin.sizeMB).toFixed(2)}x, time ${(without.seconds / withPlugin.seconds).toFixed(2)}x`)
console.log(`machine load (1-min average) before/after: ${load0.toFixed(2)} / ${load1.toFixed(2)}`)
for (const [name, ok] of checks) console.log(`${ok ? 'ok  ' : 'FAIL'} ${name}`)
if (!checks.every(([, ok]) => ok)) {
  console.log(`default: exit ${missing.status}\n${missing.stderr}\nwith plugin: exit ${help.status}\n${help.stderr}`)
  process.exitCode = 1
}
rmSync(work, {force: true, recursive: true})
