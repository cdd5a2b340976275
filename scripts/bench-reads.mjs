#!/usr/bin/env node
// Side-by-side read benchmark: each read command run as the real `tao` binary against the raw floor client
// (scripts/floor-client.mjs: plain JSON-RPC over `ws`) making the same RPC calls, in one run, with medians,
// ratios, the machine's load beside them, and the dependent request waves each side needs.
//
//   npm run build && node scripts/bench-reads.mjs [--network ws://…] [--runs 9] [--uids 256] [--only a,b] [--json]
//
// Without --network (or TAO_BENCH_ENDPOINT) it starts a localnet from ../shared/chain/subtensor-spec218.raw.json
// with the real `tao localnet start --port 0` and stops it afterwards. --uids N (or BENCH_READ_UIDS; default 256 on
// a chain it started, off on a given one; `npm run bench` asks for 256 on the chain it started) first fills subnet 1 with N neurons through `dev_setStorage` (SubnetworkN, Keys, Uids and a
// TotalHotkeyAlpha per hotkey), so the metagraph is measured at that size; then a wallet `bench` whose hotkey is uid 3
// there, with weights, a pending commit and two announced axons, for `weights show|status` and `miner query`.
// After those rows, on a chain it started (or
// with --stake-state on a given chopsticks chain), it sets up stake (a subnet, a validator hotkey with a take,
// nominators on two subnets; see stakeState) and measures `wallet overview`, `stake list` and `delegate list`.
//
// Each command is timed three ways: `tao` as it is (the light read path where the command has one), `tao` with
// TAO_LIGHT=0 (every read through @polkadot/api, as before the light path), and the floor client.
//
// How: a recording websocket proxy (loopback) sits in front of the node for one warm-cache run of each command.
// It counts the command's dependent request waves (a wave starts with the first request sent after an answer
// arrived) and keeps every request with its answer. The floor plan is built from that recording: the same calls
// with the same parameters (exact duplicates, subscriptions and `rpc_methods` dropped), each placed in the
// earliest wave its parameters allow (a call depends on the first answer that held a 32-byte value — a block hash,
// an account, a storage key — appearing in its parameters). Then tao (directly on the node, no
// proxy) and the floor client run alternately; medians over --runs.
import {spawn, spawnSync} from 'node:child_process'
import {mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {loadavg, tmpdir} from 'node:os'
import path from 'node:path'
import {fileURLToPath} from 'node:url'
import WebSocket, {WebSocketServer} from 'ws'

import {SPEC, benchChain} from './localnet.mjs'

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const BIN = path.join(ROOT, 'bin', 'run.js')
const FLOOR = path.join(ROOT, 'scripts', 'floor-client.mjs')
const argv = process.argv.slice(2)
const opt = (name, dflt) => {
  const i = argv.indexOf(name)
  return i === -1 ? dflt : argv[i + 1]
}
const RUNS = Number(opt('--runs', process.env.BENCH_READ_RUNS ?? '9'))
const asJson = argv.includes('--json')
const log = (m) => asJson || process.stderr.write(m + '\n')
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b)
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2
}
const ALICE = '5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY'

/** A recording proxy: every request with its wave number and its answer, per client connection. */
async function recordingProxy(target) {
  const calls = []
  let connections = 0
  const server = new WebSocketServer({host: '127.0.0.1', port: 0})
  await new Promise((r) => server.once('listening', r))
  server.on('connection', (client) => {
    const conn = connections++
    const upstream = new WebSocket(target)
    const queue = []
    const byId = new Map()
    const bySub = new Map()
    let wave = 0
    let answered = true
    upstream.on('open', () => queue.splice(0).forEach((m) => upstream.send(m)))
    upstream.on('message', (m) => {
      const text = m.toString()
      try {
        const msg = JSON.parse(text)
        for (const one of Array.isArray(msg) ? msg : [msg]) {
          const c = byId.get(one.id)
          if (c) {
            c.result = one.result ?? null
            c.error = one.error
            if (/subscribe/i.test(c.method) && typeof one.result === 'string') bySub.set(one.result, c)
          }
          // a subscription's first notification is the answer a later call may depend on
          const s = one.params?.subscription === undefined ? undefined : bySub.get(one.params.subscription)
          if (s && s.notification === undefined) s.notification = one.params.result ?? null
        }
      } catch {}
      answered = true
      if (client.readyState === WebSocket.OPEN) client.send(text)
    })
    upstream.on('close', () => client.close())
    upstream.on('error', () => client.close())
    client.on('message', (m) => {
      const text = m.toString()
      try {
        const msg = JSON.parse(text)
        if (answered) {
          wave++
          answered = false
        }
        for (const one of Array.isArray(msg) ? msg : [msg]) {
          const c = {conn, id: one.id, method: one.method, params: one.params ?? [], wave}
          byId.set(one.id, c)
          calls.push(c)
        }
      } catch {}
      if (upstream.readyState === WebSocket.OPEN) upstream.send(text)
      else queue.push(text)
    })
    client.on('close', () => upstream.close())
  })
  return {
    calls,
    async close() {
      for (const c of server.clients) c.terminate()
      await new Promise((r) => server.close(() => r()))
    },
    url: `ws://127.0.0.1:${server.address().port}`,
  }
}

/** 32-byte windows (64 hex chars, byte-aligned) of every 0x-hex string in a JSON value. */
function windows(value) {
  const out = new Set()
  const text = JSON.stringify(value ?? null).toLowerCase()
  for (const m of text.matchAll(/0x([0-9a-f]{64,})/g)) {
    const h = m[1]
    for (let i = 0; i + 64 <= h.length; i += 2) out.add(h.slice(i, i + 64))
  }
  return out
}

/**
 * The floor plan from a recording: the same calls, each in the earliest wave its parameters allow (a 32-byte value
 * in its parameters is available one wave after the first answer that held it; values no answer held were known
 * from the start).
 */
function floorPlan(calls) {
  const seen = new Set()
  const firstWave = new Map() // 32-byte window → the earliest wave whose answer held it
  const waves = []
  for (const c of calls) {
    if (!c.method || c.method === 'rpc_methods') continue
    let {method, params} = c
    // a storage subscription is a read of those keys: the floor reads them once
    if (method === 'state_subscribeStorage') method = 'state_queryStorageAt'
    else if (/subscribe/i.test(method)) continue
    const key = JSON.stringify([method, params])
    if (seen.has(key)) continue
    seen.add(key)
    let wave = 0
    for (const w of windows(c.params)) {
      const f = firstWave.get(w)
      if (f !== undefined) wave = Math.max(wave, f + 1)
    }
    // never later than tao sent it (a value tao knew from the start, e.g. an address on the command line, can show
    // up in an earlier answer of the same wave: that is no dependency)
    wave = Math.min(wave, c.wave - 1)
    for (const w of windows(c.result ?? c.notification)) if (!(firstWave.get(w) <= wave)) firstWave.set(w, wave)
    ;(waves[wave] ??= []).push([method, params])
  }
  return {waves: waves.filter(Boolean)}
}

function timeRun(args, env, okCodes = [0]) {
  const t0 = process.hrtime.bigint()
  const r = spawnSync(process.execPath, args, {encoding: 'utf8', env: {...process.env, NO_COLOR: '1', ...env}})
  const ms = Number(process.hrtime.bigint() - t0) / 1e6
  if (!okCodes.includes(r.status)) throw new Error(`${args.join(' ')} exited ${r.status}: ${r.stderr}`)
  return {ms, stdout: r.stdout}
}

/** One run with the event loop free (the proxy lives in this process). */
function runAsync(args, env, okCodes = [0]) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, {env: {...process.env, NO_COLOR: '1', ...env}, stdio: ['ignore', 'pipe', 'pipe']})
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d) => (stdout += d))
    child.stderr.on('data', (d) => (stderr += d))
    child.on('exit', (code) => (okCodes.includes(code) ? resolve({stdout}) : reject(new Error(`${args.join(' ')} exited ${code}: ${stderr}`))))
  })
}

/** One JSON-RPC batch on a fresh connection; the results in order (an error answer throws). */
async function rpc(endpoint, calls) {
  const ws = new WebSocket(endpoint)
  await new Promise((resolve, reject) => {
    ws.once('open', resolve)
    ws.once('error', reject)
  })
  ws.send(JSON.stringify(calls.map(([method, params], id) => ({id, jsonrpc: '2.0', method, params}))))
  const replies = JSON.parse((await new Promise((resolve) => ws.once('message', resolve))).toString())
  ws.close()
  return [...replies]
    .sort((a, b) => a.id - b.id)
    .map((r) => {
      if (r.error) throw new Error(`${calls[r.id][0]}: ${r.error.message}`)
      return r.result
    })
}

/** One dev_setStorage call on a chopsticks chain. */
async function setStorage(endpoint, storage) {
  await rpc(endpoint, [['dev_setStorage', [storage]]])
}

/**
 * What the fill and the bench wallet put on subnet 1, read back at the head: `SubnetworkN(1)` and `Keys(1, 3)`
 * (both maps hash their keys with Identity at spec 218: the SCALE u16s follow the prefix as they are).
 */
async function fillAtHead(endpoint) {
  const {twox, concat, toHex, fromHex, ss58Encode} = await import(path.join(ROOT, 'dist/chain/light/hash.js'))
  const item = (name) => concat(twox(Buffer.from('SubtensorModule'), 128), twox(Buffer.from(name), 128))
  const u16 = (n) => Uint8Array.of(n & 0xff, n >> 8)
  const [head, n, key3] = await rpc(endpoint, [
    ['chain_getHeader', []],
    ['state_getStorage', [toHex(concat(item('SubnetworkN'), u16(1)))]],
    ['state_getStorage', [toHex(concat(item('Keys'), u16(1), u16(3)))]],
  ])
  const nb = n ? fromHex(n) : undefined
  return {block: Number(head.number), n: nb ? nb[0] | (nb[1] << 8) : 0, uid3: key3 ? ss58Encode(fromHex(key3), 42) : null}
}

/**
 * A wallet `bench` whose hotkey (a fresh key, plaintext file) signs `miner query` and is read by `weights show` and
 * `weights status`: it has an account, uid 3 of subnet 1, weights on two uids, a pending commit, and uids 1 and 2
 * announce axons on refused loopback ports (so the query measures the lookup, not the miners). `write()` puts its
 * storage on the chain again.
 */
async function benchWallet(endpoint, walletPath) {
  const {Keyring} = await import('@polkadot/keyring')
  const {cryptoWaitReady, mnemonicGenerate} = await import('@polkadot/util-crypto')
  await cryptoWaitReady()
  const phrase = mnemonicGenerate(12)
  const pair = new Keyring({ss58Format: 42, type: 'sr25519'}).addFromMnemonic(phrase)
  const pub = '0x' + Buffer.from(pair.publicKey).toString('hex')
  const dir = path.join(walletPath, 'bench', 'hotkeys')
  mkdirSync(dir, {recursive: true})
  writeFileSync(path.join(dir, 'default'), JSON.stringify({accountId: pub, publicKey: pub, secretPhrase: phrase, ss58Address: pair.address}), {mode: 0o600})
  writeFileSync(path.join(dir, 'defaultpub.txt'), JSON.stringify({accountId: pub, publicKey: pub, ss58Address: pair.address}))
  const axon = (port) => ({block: 1, ip: String(0x7f000001), ipType: 4, placeholder1: 0, placeholder2: 0, port, protocol: 4, version: 1})
  const [key1, key2] = [await ss58Of(1), await ss58Of(2)]
  const write = () => setStorage(endpoint, {
    System: {Account: [[[pair.address], {data: {free: '1000000000'}, providers: 1}]]},
    SubtensorModule: {
      Axons: [[[1, key1], axon(1)], [[1, key2], axon(2)]],
      // uid 3, not 0: dev_setStorage takes a value of 0 for "remove"
      Keys: [[[1, 3], pair.address]],
      Uids: [[[1, pair.address], 3]],
      WeightCommits: [[[1, pair.address], [['0x' + 'ab'.repeat(32), 7, 9, 11]]]],
      Weights: [[[1, 3], [[1, 65_535], [2, 12_345]]]],
    },
  })
  await write()
  return {address: pair.address, write}
}

/** The hotkey `populate` gives uid `u`. */
async function ss58Of(u) {
  const {ss58Encode} = await import(path.join(ROOT, 'dist/chain/light/hash.js'))
  return ss58Encode(Uint8Array.from({length: 32}, (_, i) => (i === 0 ? 7 : i === 1 ? u & 0xff : i === 2 ? u >> 8 : 9)), 42)
}

/** Fill subnet 1 with `n` neurons (distinct hotkeys, some alpha each) on a chopsticks chain. */
async function populate(endpoint, n) {
  const keys = []
  const uids = []
  const alpha = []
  for (let u = 0; u < n; u++) {
    const a = await ss58Of(u)
    keys.push([[1, u], a])
    uids.push([[1, a], u])
    alpha.push([[a, 1], String(1_000_000_000n * BigInt(u + 1))])
  }
  await setStorage(endpoint, {SubtensorModule: {Keys: keys, SubnetworkN: [[[1], n]], TotalHotkeyAlpha: alpha, Uids: uids}})
}

/**
 * Wallet, stake and delegate state for `wallet overview`, `stake list` and `delegate list` (on a chopsticks chain,
 * after the other commands were measured): a subnet of Alice's with a seeded pool, her hotkey `val` registered there
 * with a 10% take, Bob staking to it on that subnet and on subnet 1 (its pool seeded too), Charlie on the new one.
 * Signed with @polkadot/api (a dev dependency); the wallets' public files are written with the real binary.
 */
async function stakeState(endpoint, env) {
  const {ApiPromise, Keyring, WsProvider} = await import('@polkadot/api')
  const {cryptoWaitReady} = await import('@polkadot/util-crypto')
  await cryptoWaitReady()
  const api = await ApiPromise.create({noInitWarn: true, provider: new WsProvider(endpoint)})
  const keyring = new Keyring({ss58Format: 42, type: 'sr25519'})
  const [alice, bob, charlie] = ['//Alice', '//Bob', '//Charlie'].map((u) => keyring.addFromUri(u))
  const val = keyring.addFromUri('//Alice//bench-val').address
  const send = (tx, signer) =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${tx.method.section}.${tx.method.method}: not in a block within 60 s`)), 60_000)
      tx.signAndSend(signer, {nonce: -1}, (r) => {
        if (r.status.isInvalid || r.status.isDropped || r.status.isUsurped) {
          clearTimeout(timer)
          reject(new Error(`${tx.method.section}.${tx.method.method}: ${r.status.type}`))
        }
        if (!r.status.isInBlock) return
        clearTimeout(timer)
        if (r.dispatchError) reject(new Error(`${tx.method.section}.${tx.method.method}: ${r.dispatchError.toString()}`))
        else resolve(r.events)
      }).catch((e) => {
        clearTimeout(timer)
        reject(e)
      })
    })
  const TAO = 1_000_000_000n
  if ((await api.query.subtensorModule.networkRateLimit()).toBigInt() !== 0n) await send(api.tx.sudo.sudo(api.tx.adminUtils.sudoSetNetworkRateLimit(0)), alice)
  const reg = api.tx.subtensorModule.registerNetwork.meta.args.length === 2 ? [keyring.addFromUri('//Alice//bench-owner-hot').address, 1] : [keyring.addFromUri('//Alice//bench-owner-hot').address]
  const events = await send(api.tx.subtensorModule.registerNetwork(...reg), alice)
  const netuid = Number(events.find(({event}) => event.method === 'NetworkAdded').event.data[0].toString())
  const pool = (n, tao) => [[[n], (tao * TAO).toString()]]
  await setStorage(endpoint, {SubtensorModule: {SubnetAlphaIn: [...pool(1, 5000n), ...pool(netuid, 3000n)], SubnetTAO: [...pool(1, 5000n), ...pool(netuid, 3000n)]}})
  await send(api.tx.subtensorModule.burnedRegister(netuid, val), alice)
  await send(api.tx.subtensorModule.decreaseTake(val, 6554), alice)
  await send(api.tx.subtensorModule.addStake(val, netuid, 50n * TAO), bob)
  await send(api.tx.subtensorModule.addStake(val, 1, 20n * TAO), bob)
  await send(api.tx.subtensorModule.addStake(val, netuid, 30n * TAO), charlie)
  await send(api.tx.subtensorModule.addStake(val, netuid, 5n * TAO), alice)
  await api.disconnect()
  const walletEnv = {...env, TAO_WALLET_PATH: path.join(env.HOME, 'wallets')}
  timeRun([BIN, 'wallet', 'regen-coldkeypub', '-w', 'alice', '--ss58', alice.address, '--json'], walletEnv)
  timeRun([BIN, 'wallet', 'regen-hotkeypub', '-w', 'alice', '--hotkey', 'val', '--ss58', val, '--json'], walletEnv)
  return {bob: bob.address, netuid, walletEnv}
}

const given = opt('--network', process.env.TAO_BENCH_ENDPOINT || undefined)
const net = await benchChain(given, log)
if (!net) {
  log(`skipped: no --network and no chain spec at ${SPEC}`)
  process.exit(0)
}
const home = mkdtempSync(path.join(tmpdir(), 'tao-bench-reads-'))
const baseEnv = {HOME: home, TAO_CACHE_DIR: path.join(home, 'cache'), TAO_CONFIG_DIR: path.join(home, 'config'), TAO_DATA_DIR: path.join(home, 'data'), TAO_WALLET_PATH: path.join(home, 'wallets')}
// --only a,b: just the commands whose name contains one of these (e.g. --only weights,burn)
const only = opt('--only', undefined)?.split(',')
const wanted = (cmd) => !only || only.some((o) => cmd.name.includes(o))
const rows = []
try {
  const {endpoint} = net
  const uidsWanted = Number(opt('--uids', process.env.BENCH_READ_UIDS ?? (given ? '0' : '256')))
  let wallet
  const refills = []
  if (uidsWanted > 0) {
    log(`filling subnet 1 with ${uidsWanted} neurons (dev_setStorage)`)
    await populate(endpoint, uidsWanted)
  }
  // The fill lives in dev_setStorage layers on the head block. Once (in a full `npm run bench`, not reproduced
  // since) it was gone a few minutes later and `weights show --uid 3` failed: so it is read back before every
  // command, written again if it is not there (each time logged, and kept in the JSON as `refills`), and a fill
  // that does not hold even then stops the benchmark rather than measure an empty subnet.
  let filledAt
  const intact = (at) => at.n === uidsWanted && (!wallet || at.uid3 === wallet.address)
  const ensureFill = async (before) => {
    if (!(uidsWanted > 0)) return
    const at = await fillAtHead(endpoint)
    if (intact(at)) {
      filledAt ??= at.block
      return
    }
    if (filledAt === undefined) throw new Error(`dev_setStorage did not fill subnet 1: SubnetworkN ${at.n} at head #${at.block}`)
    log(`the fill of subnet 1 is gone before «${before}» (head #${at.block}: SubnetworkN ${at.n}, uid 3 ${at.uid3 ?? 'none'}; it was there at #${filledAt}); writing it again`)
    refills.push({before, block: at.block, filledAt, n: at.n, uid3: at.uid3})
    await populate(endpoint, uidsWanted)
    await wallet?.write()
    const again = await fillAtHead(endpoint)
    if (!intact(again)) throw new Error(`the fill of subnet 1 did not hold when written again (SubnetworkN ${again.n} at head #${again.block})`)
    filledAt = again.block
  }
  await ensureFill('the first command')
  const tao = (args, ep = endpoint) => [BIN, ...args, '--network', ep, '--json']
  // warm the metadata cache (and the node)
  const listed = JSON.parse(timeRun(tao(['subnet', 'list']), baseEnv).stdout)
  const commands = [
    {args: ['chain', 'info'], name: 'chain info'},
    {args: ['subnet', 'list'], name: 'subnet list'},
    {args: ['wallet', 'balance', '--ss58', ALICE], name: 'wallet balance'},
  ]
  for (const s of listed.subnets) {
    if (s.netuid === 0) continue
    commands.push({args: ['subnet', 'metagraph', String(s.netuid)], name: `subnet metagraph ${s.netuid}`})
  }
  // subnet 1 (filled above), with a hotkey that has weights, a commit and axons around it on a chain this script started
  if (uidsWanted > 0) wallet = await benchWallet(endpoint, baseEnv.TAO_WALLET_PATH)
  const hotkey = wallet?.address
  commands.push(
    {args: ['subnet', 'show', '1'], name: 'subnet show 1'},
    {args: ['subnet', 'hyperparameters', '1'], name: 'subnet hyperparameters 1'},
    {args: ['subnet', 'burn-cost', '1'], name: 'subnet burn-cost 1'},
    {args: ['subnet', 'lock-cost'], name: 'subnet lock-cost'},
  )
  if (hotkey) {
    commands.push(
      {args: ['weights', 'show', '1', '--uid', '3'], name: 'weights show 1 --uid 3'},
      {args: ['weights', 'status', '1', '--wallet', 'bench', '--hotkey', 'default'], name: 'weights status 1'},
      // exit 6: the two announced axons refuse the connection; the rest of the subnet announces none
      {args: ['miner', 'query', '--netuid', '1', '--synapse', 'Dummy', '--body', '{}', '-w', 'bench', '--timeout', '2'], name: 'miner query --netuid 1 (axon lookup)', okCodes: [6]},
    )
  }
  log(`endpoint ${endpoint}, ${RUNS} runs each, warm metadata cache`)
  const measure = async (cmd) => {
    await ensureFill(cmd.name)
    const env = cmd.env ?? baseEnv
    // the waves without a read plan (the first run of a command, or TAO_READ_PLAN=0) …
    const noPlan = await recordingProxy(endpoint)
    await runAsync(tao(cmd.args, noPlan.url), {...env, TAO_READ_PLAN: '0'}, cmd.okCodes)
    await noPlan.close()
    const taoWavesNoPlan = Math.max(0, ...noPlan.calls.map((c) => c.wave))
    // … then one run that learns the plan, and the recorded run uses it, as every later run does
    await runAsync(tao(cmd.args), env, cmd.okCodes)
    const proxy = await recordingProxy(endpoint)
    const recorded = await runAsync(tao(cmd.args, proxy.url), env, cmd.okCodes)
    await proxy.close()
    const taoWaves = Math.max(0, ...proxy.calls.map((c) => c.wave))
    const plan = floorPlan(proxy.calls)
    const planFile = path.join(home, `plan-${rows.length}.json`)
    writeFileSync(planFile, JSON.stringify(plan))
    let extra = ''
    if (cmd.args[1] === 'metagraph' || cmd.args[1] === 'show') extra = ` (${JSON.parse(recorded.stdout).neurons?.length ?? JSON.parse(recorded.stdout).weights.length} ${cmd.args[0] === 'weights' ? 'weights' : 'uids'})`
    const loadBefore = loadavg()[0]
    const taoMs = []
    const fullMs = []
    const floorMs = []
    for (let i = 0; i < RUNS; i++) {
      taoMs.push(timeRun(tao(cmd.args), env, cmd.okCodes).ms)
      fullMs.push(timeRun(tao(cmd.args), {...env, TAO_LIGHT: '0'}, cmd.okCodes).ms)
      floorMs.push(timeRun([FLOOR, endpoint, planFile], env).ms)
    }
    const loadAfter = loadavg()[0]
    const row = {
      command: `tao ${cmd.name}${extra}`,
      floorMs: Math.round(median(floorMs)),
      floorWaves: plan.waves.length,
      fullMs: Math.round(median(fullMs)),
      fullRatio: Math.round((median(fullMs) / median(floorMs)) * 100) / 100,
      load1: `${loadBefore.toFixed(2)}→${loadAfter.toFixed(2)}`,
      ratio: Math.round((median(taoMs) / median(floorMs)) * 100) / 100,
      requests: proxy.calls.length,
      taoMs: Math.round(median(taoMs)),
      taoWaves,
      taoWavesNoPlan,
    }
    rows.push(row)
    log(`${row.command}: tao ${row.taoMs} ms (${row.ratio}x), full client ${row.fullMs} ms (${row.fullRatio}x), floor ${row.floorMs} ms, waves ${taoWaves} (without a read plan ${taoWavesNoPlan}) vs ${row.floorWaves}`)
  }
  for (const cmd of commands.filter(wanted)) await measure(cmd)
  // wallet overview, stake list and delegate list need stake on the chain: set up after the rows above were measured
  if ((!given || argv.includes('--stake-state')) && ['wallet overview', 'stake list', 'delegate list'].some((name) => wanted({name}))) {
    log('setting up stake and delegate state (a subnet, a validator with a take, nominators)')
    const st = await stakeState(endpoint, baseEnv)
    for (const cmd of [
      {args: ['wallet', 'overview', '-w', 'alice'], env: st.walletEnv, name: 'wallet overview'},
      {args: ['stake', 'list', '--ss58', st.bob], name: 'stake list --ss58 …'},
      {args: ['delegate', 'list'], name: 'delegate list'},
      {args: ['delegate', 'list', String(st.netuid)], name: `delegate list ${st.netuid}`},
    ].filter(wanted)) {
      await measure(cmd)
    }
  }
  if (asJson) process.stdout.write(JSON.stringify({cores: (await import('node:os')).cpus().length, endpoint, node: process.version, refills, rows, runs: RUNS}, null, 2) + '\n')
  else {
    const cols = ['command', 'taoMs', 'floorMs', 'ratio', 'fullMs', 'fullRatio', 'taoWaves', 'taoWavesNoPlan', 'floorWaves', 'requests', 'load1']
    const head = ['command', 'tao ms', 'floor ms', 'ratio', 'TAO_LIGHT=0 ms', 'ratio', 'tao waves', 'without plan', 'floor waves', 'requests', 'load (1 min) before→after']
    const widths = cols.map((c, i) => Math.max(head[i].length, ...rows.map((r) => String(r[c]).length)))
    const line = (vals) => vals.map((v, i) => (i === 0 ? String(v).padEnd(widths[i]) : String(v).padStart(widths[i]))).join('  ')
    console.log(`\nreads: tao vs the raw floor client (same RPC calls), median of ${RUNS} alternating runs, warm metadata cache, ${process.version}`)
    console.log(line(head))
    for (const r of rows) console.log(line(cols.map((c) => (c === 'ratio' || c === 'fullRatio' ? `${r[c]}x` : r[c]))))
    if (refills.length) console.log(`the fill of subnet 1 was lost and written again ${refills.length} time(s): ${refills.map((r) => `before «${r.before}» at #${r.block}`).join(', ')}`)
  }
} finally {
  await net.stop()
  rmSync(home, {force: true, recursive: true})
}
