/**
 * Faults on files, with the real binary: stale, empty and garbled run locks (taken over with one warning) and
 * fresh ones (exit 8) around `tao weights set` on the spec-218 chain; a full disk (a 64 KiB tmpfs) and a
 * read-only wallet folder (a read-only bind mount) under `wallet create` / `new-hotkey` / `config set` (exit 3,
 * one line, nothing half written); a truncated `$NACL` coldkey (corrupt, no key derivation); amounts above u64
 * (exit 2, nothing sent); an `ema.json` of the wrong shape (exit 3).
 */
import type {ApiPromise} from '@polkadot/api'
import type {KeyringPair} from '@polkadot/keyring/types'

import {Keyring} from '@polkadot/keyring'
import {mnemonicGenerate} from '@polkadot/util-crypto'
import {execFileSync, spawn, spawnSync} from 'node:child_process'
import {existsSync, mkdirSync, readdirSync, readFileSync, statSync, truncateSync, writeFileSync} from 'node:fs'
import {hostname} from 'node:os'
import path from 'node:path'
import {afterAll, beforeAll, describe, expect, inject, it} from 'vitest'

import {TAO, bestBlock, createSubnet, devApi, devKey, freeBalance, fund, newBlocks, send, sudo} from '../helpers/dev-chain.js'
import {type TaoResult, runTao, tempHome} from '../helpers/run-tao.js'

const endpoint = inject('endpoint')

function oneErrorLine(r: TaoResult, code: number, re: RegExp): void {
  expect(r.code, r.stderr + r.stdout).toBe(code)
  const lines = r.stderr.split('\n').filter((l) => l.trim())
  expect(lines, r.stderr).toHaveLength(1)
  expect(lines[0]).toMatch(re)
}

/** every file under a folder with its bytes (hex), so "nothing changed" is checked byte for byte */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {}
  const walk = (d: string) => {
    for (const e of readdirSync(d, {withFileTypes: true})) {
      const p = path.join(d, e.name)
      if (e.isDirectory()) {
        out[path.relative(dir, p) + '/'] = ''
        walk(p)
      } else out[path.relative(dir, p)] = readFileSync(p).toString('hex')
    }
  }
  if (existsSync(dir)) walk(dir)
  return out
}

const canMount = process.getuid?.() === 0 && spawnSync('mount', ['--version']).status === 0

function mountTmpfs(dir: string, size = '64k'): () => void {
  mkdirSync(dir, {recursive: true})
  execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size},mode=0700`, 'tmpfs', dir])
  return () => execFileSync('umount', [dir])
}

/** fill a tmpfs until the next write fails, leaving `pagesLeft` free 4 KiB pages */
function fill(dir: string, pagesLeft = 0): void {
  const free = () => {
    const out = execFileSync('df', ['-B1', '--output=avail', dir]).toString().trim().split('\n').pop()!
    return Number(out)
  }
  const want = free() - pagesLeft * 4096
  if (want > 0) writeFileSync(path.join(dir, 'filler'), Buffer.alloc(want))
  // top up byte-exact fullness (when asked for none left)
  if (pagesLeft === 0) {
    try {
      writeFileSync(path.join(dir, 'filler2'), Buffer.alloc(4096))
    } catch {}
  }
  expect(free()).toBeLessThanOrEqual(pagesLeft * 4096)
}

function bindReadOnly(dir: string): () => void {
  execFileSync('mount', ['--bind', dir, dir])
  execFileSync('mount', ['-o', 'remount,bind,ro', dir])
  return () => execFileSync('umount', [dir])
}

describe.skipIf(!canMount)('a full disk and a read-only folder (tmpfs and bind mounts, as root)', () => {
  const home = tempHome('tao-faults-files-')
  const env = home.env
  const wallets = env.TAO_WALLET_PATH!
  const undo: (() => void)[] = []
  afterAll(() => {
    for (const u of undo.reverse()) {
      try {
        u()
      } catch {}
    }
  })

  it('wallet create on a full disk: exit 3, one line "disk full", no wallet folder and nothing left behind', async () => {
    undo.push(mountTmpfs(wallets))
    fill(wallets, 0)
    const before = snapshot(wallets)
    const r = await runTao(['wallet', 'create', '-w', 'full', '--no-password', '--json', '--show-mnemonic'], {env})
    oneErrorLine(r, 3, /cannot write .*full.*: disk full; nothing was written/)
    expect(r.json.error.exitCode).toBe(3)
    expect(snapshot(wallets)).toEqual(before)
  })

  it('wallet create with room for one key file only: the wallet is not half made (no coldkey without coldkeypub.txt)', async () => {
    const root = path.join(home.dir, 'almost')
    undo.push(mountTmpfs(root))
    fill(root, 1)
    const before = snapshot(root)
    const r = await runTao(['wallet', 'create', '-w', 'half', '--no-password', '--json', '--show-mnemonic'], {env: {...env, TAO_WALLET_PATH: root}})
    oneErrorLine(r, 3, /cannot write wallet "half" in .*: disk full; nothing was written/)
    expect(snapshot(root)).toEqual(before)
    expect(existsSync(path.join(root, 'half'))).toBe(false)
  })

  it('a hotkey added to an existing wallet on a full disk: exit 3, the wallet byte for byte as it was', async () => {
    const root = path.join(home.dir, 'existing')
    undo.push(mountTmpfs(root))
    const made = await runTao(['wallet', 'create', '-w', 'w', '--no-password', '--json', '--show-mnemonic'], {env: {...env, TAO_WALLET_PATH: root}})
    expect(made.code, made.stderr).toBe(0)
    fill(root, 1) // room for the hotkey but not its pub file: the hotkey written must be taken back
    const before = snapshot(root)
    const r = await runTao(['wallet', 'new-hotkey', '-w', 'w', '-H', 'second', '--json', '--show-mnemonic'], {env: {...env, TAO_WALLET_PATH: root}})
    oneErrorLine(r, 3, /cannot write .*second.*: disk full; nothing was changed/)
    expect(snapshot(root)).toEqual(before)
  })

  it('a read-only wallet folder: new-hotkey and create are exit 3 "read-only file system", nothing written', async () => {
    const root = path.join(home.dir, 'ro')
    const made = await runTao(['wallet', 'create', '-w', 'w', '--no-password', '--json', '--show-mnemonic'], {env: {...env, TAO_WALLET_PATH: root}})
    expect(made.code, made.stderr).toBe(0)
    undo.push(bindReadOnly(root))
    const before = snapshot(root)
    oneErrorLine(await runTao(['wallet', 'new-hotkey', '-w', 'w', '-H', 'second', '--json', '--show-mnemonic'], {env: {...env, TAO_WALLET_PATH: root}}), 3, /cannot write .*: read-only file system/)
    oneErrorLine(await runTao(['wallet', 'create', '-w', 'other', '--no-password', '--json', '--show-mnemonic'], {env: {...env, TAO_WALLET_PATH: root}}), 3, /cannot write wallet "other" .*: read-only file system/)
    expect(snapshot(root)).toEqual(before)
  })

  it('config set on a read-only config folder: exit 3, one line', async () => {
    const cfg = path.join(home.dir, 'rocfg')
    mkdirSync(cfg, {recursive: true})
    undo.push(bindReadOnly(cfg))
    oneErrorLine(await runTao(['config', 'set', 'wallet', 'x'], {env: {...env, TAO_CONFIG_DIR: cfg}}), 3, /cannot write .*: read-only file system/)
  })
})

describe('a truncated $NACL coldkey', () => {
  const home = tempHome('tao-faults-nacl-')
  const env = {...home.env, TAO_PASSWORD: 'faults-files-pw'}

  it('is "corrupt key file" (exit 2) at once, before any key derivation; the intact file needs the KDF', async () => {
    const made = await runTao(['wallet', 'create', '-w', 'enc', '--password', '--yes', '--json', '--show-mnemonic'], {env})
    expect(made.code, made.stderr).toBe(0)
    const file = path.join(env.TAO_WALLET_PATH!, 'enc', 'coldkey')
    const t0 = Date.now()
    const ok = await runTao(['wallet', 'sign', '-w', 'enc', '--message', 'hi', '--quiet'], {env})
    const intact = Date.now() - t0
    expect(ok.code, ok.stderr).toBe(0)
    const size = statSync(file).size
    expect(size).toBeGreaterThan(200)
    for (const len of [100, 44, 5]) {
      truncateSync(file, len)
      const t1 = Date.now()
      const r = await runTao(['wallet', 'sign', '-w', 'enc', '--message', 'hi', '--quiet'], {env})
      const took = Date.now() - t1
      oneErrorLine(r, 2, /corrupt key file .*coldkey: \d+ bytes, shorter than any encrypted key .*truncated/)
      expect(r.stderr).not.toMatch(/wrong password/)
      // no argon2i (512 MiB, seconds): the whole run is faster than the intact run by more than a second
      expect(took, `intact ${intact} ms, truncated ${took} ms`).toBeLessThan(intact - 1000)
      expect(statSync(file).size).toBe(len)
    }
  })
})

const TOO_MUCH = '99999999999999999999'

interface Wallet {
  pair: KeyringPair
  env: Record<string, string>
  args: string[]
}

describe.skipIf(!endpoint)('on the spec-218 chain: run locks, amounts above u64, a corrupt ema.json', () => {
  let api: ApiPromise
  const home = tempHome('tao-faults-lock-')
  let vali: Wallet
  let netuid: number
  let dir: string
  const lockFile = () => path.join(dir, 'run.lock')

  function makeWallet(name: string): Wallet {
    const mnemonic = mnemonicGenerate(12)
    const pair = new Keyring({ss58Format: 42, type: 'sr25519'}).addFromMnemonic(mnemonic)
    const hot = path.join(home.env.TAO_WALLET_PATH!, name, 'hotkeys')
    mkdirSync(hot, {recursive: true})
    const pub = '0x' + Buffer.from(pair.publicKey).toString('hex')
    writeFileSync(path.join(hot, 'default'), JSON.stringify({accountId: pub, publicKey: pub, secretPhrase: mnemonic, ss58Address: pair.address}), {mode: 0o600})
    writeFileSync(path.join(hot, 'defaultpub.txt'), JSON.stringify({accountId: pub, publicKey: pub, ss58Address: pair.address}))
    return {args: ['--network', endpoint, '--wallet', name, '--hotkey', 'default'], env: home.env, pair}
  }

  async function weightsOf(uid: number): Promise<[number, number][]> {
    return ((await api.query.subtensorModule.weights(netuid, uid)) as any).map((p: any) => [p[0].toNumber(), p[1].toNumber()])
  }
  const uidOf = async (address: string) => ((await api.query.subtensorModule.uids(netuid, address)) as any).unwrap().toNumber()

  beforeAll(async () => {
    api = await devApi(endpoint)
    vali = makeWallet('vali')
    const cold = devKey('//Alice//faults-files-cold')
    if (Number((await api.query.subtensorModule.networkRateLimit()).toString()) > 0) await sudo(api, api.tx.adminUtils.sudoSetNetworkRateLimit(0))
    await fund(api, cold.address, 1000n * TAO)
    netuid = await createSubnet(api, '//Alice//faults-files-cold', '//Alice//faults-files-owner')
    await fund(api, vali.pair.address, 1n * TAO)
    for (const hot of [vali.pair.address, devKey('//Alice//faults-files-miner').address]) {
      const r = await send(api, api.tx.subtensorModule.burnedRegister(netuid, hot), cold)
      if (r.error) throw new Error(`burned_register: ${r.error}`)
    }
    await sudo(api, api.tx.adminUtils.sudoSetTempo(netuid, 10))
    await sudo(api, api.tx.adminUtils.sudoSetWeightsSetRateLimit(netuid, 0))
    const uid = await uidOf(vali.pair.address)
    for (let i = 0; i < 30; i++) {
      const permits: any = await api.query.subtensorModule.validatorPermit(netuid)
      if (permits[uid]?.isTrue) break
      await newBlocks(api, 1)
    }
    dir = path.join(home.env.TAO_DATA_DIR!, 'weights', 'vali', 'default', String(netuid))
    mkdirSync(dir, {recursive: true})
  }, 240_000)
  afterAll(async () => api?.disconnect())

  const old = (s: number) => new Date(Date.now() - s * 1000).toISOString()
  const set = (w: string) => runTao(['weights', 'set', '--netuid', String(netuid), '--weights', w, ...vali.args], {env: vali.env})

  it.each([
    ['an empty lock file (a disk-full run)', () => '', /took over a stale lock \(empty\)/],
    ['a garbled lock file', () => '{"pid": 4, "host', /took over a stale lock \(garbled/],
    ['a lock from another hostname with a stale heartbeat', () => JSON.stringify({heartbeatAt: old(600), host: 'container-3f9a', pid: 7, startedAt: old(900), token: 'a'}), /left by pid 7 on container-3f9a \(last heartbeat \d+ s ago\)/],
    ['a lock naming a live unrelated pid (1) with a stale heartbeat', () => JSON.stringify({heartbeatAt: old(120), host: hostname(), pid: 1, startedAt: old(120), token: 'b'}), /left by pid 1 on .*last heartbeat \d+ s ago/],
  ])('%s is taken over with one warning line; the weights land', async (_, content, warning) => {
    writeFileSync(lockFile(), content())
    const uid = await uidOf(vali.pair.address)
    const w = `0=${1 + Math.floor(Math.random() * 50)},1=1`
    const r = await set(w)
    expect(r.code, r.stderr + r.stdout).toBe(0)
    const lines = r.stderr.split('\n').filter((l) => /lock/.test(l))
    expect(lines, r.stderr).toHaveLength(1)
    expect(lines[0]).toMatch(warning)
    expect(r.stderr).not.toMatch(/error/)
    expect(existsSync(lockFile())).toBe(false)
    const [a, b] = w.split(',').map((p) => Number(p.split('=')[1]))
    const onChain = await weightsOf(uid)
    // uid 0 got the larger share (or they are equal): what tao set is what the chain holds
    expect(onChain.length).toBeGreaterThan(0)
    const v0 = onChain.find(([u]) => u === 0)?.[1] ?? 0
    const v1 = onChain.find(([u]) => u === 1)?.[1] ?? 0
    expect(Math.round((v1 / v0) * a!)).toBe(b)
  })

  it('a fresh lock from another live run (this host) and from another host: exit 8, nothing sent, the lock left alone', async () => {
    const holder = spawn('sleep', ['60'], {stdio: 'ignore'})
    try {
      const uid = await uidOf(vali.pair.address)
      for (const body of [
        {heartbeatAt: old(2), host: hostname(), pid: holder.pid!, startedAt: old(30), token: 'c'},
        {heartbeatAt: old(2), host: 'container-other', pid: 12, startedAt: old(30), token: 'd'},
      ]) {
        const content = JSON.stringify(body)
        writeFileSync(lockFile(), content)
        const before = await weightsOf(uid)
        const head = await bestBlock(api)
        const r = await set('0=1,1=9')
        oneErrorLine(r, 8, new RegExp(`another run holds the lock .*pid ${body.pid} on ${body.host}.*nothing was submitted`))
        expect(readFileSync(lockFile(), 'utf8')).toBe(content)
        expect(await bestBlock(api)).toBe(head)
        expect(await weightsOf(uid)).toEqual(before)
      }
    } finally {
      holder.kill()
      writeFileSync(lockFile(), '')
    }
  })

  it('a live run holds the lock and renews its heartbeat; a second run is exit 8', async () => {
    // a lock written by tao itself: the real format, the real heartbeat
    const {acquireLock} = await import('../../src/weights/lock.js')
    writeFileSync(lockFile(), '')
    const {rmSync} = await import('node:fs')
    rmSync(lockFile())
    const lock = await acquireLock(lockFile(), {heartbeatMs: 200})
    try {
      const first = JSON.parse(readFileSync(lockFile(), 'utf8'))
      const r = await set('0=1,1=2')
      oneErrorLine(r, 8, /another run holds the lock/)
      const later = JSON.parse(readFileSync(lockFile(), 'utf8'))
      expect(Date.parse(later.heartbeatAt)).toBeGreaterThan(Date.parse(first.heartbeatAt))
    } finally {
      await lock.release()
    }
  })

  it('amounts above u64 are exit 2 with one line, nothing sent', async () => {
    const payer = devKey('//Alice//faults-files-payer')
    const {writePlainWallet} = await import('../helpers/dev-chain.js')
    const w = await writePlainWallet(home.env.TAO_WALLET_PATH!, 'payer')
    await fund(api, w.coldkey.address, 5n * TAO)
    const before = await freeBalance(api, w.coldkey.address)
    const head = await bestBlock(api)
    for (const args of [
      ['wallet', 'transfer', '-w', 'payer', '--dest', payer.address, '--amount', TOO_MUCH, '--yes'],
      ['wallet', 'transfer', '-w', 'payer', '--dest', payer.address, '--amount', '18446744073.709551616', '--yes'],
      ['stake', 'add', String(netuid), '-w', 'payer', '--hotkey', vali.pair.address, '--amount', TOO_MUCH, '--yes'],
      ['stake', 'remove', String(netuid), '-w', 'payer', '--hotkey', vali.pair.address, '--amount', TOO_MUCH, '--yes'],
    ]) {
      const r = await runTao([...args, '--network', endpoint], {env: home.env})
      oneErrorLine(r, 2, /amount.* is too large/)
    }
    expect(await freeBalance(api, w.coldkey.address)).toBe(before)
    expect(await bestBlock(api)).toBe(head)
  })

  it.skipIf(!canMount)('a full data folder (journal, run lock, weights state): exit 3 with one line, nothing submitted, nothing half written', async () => {
    const data = path.join(home.dir, 'full-data')
    const unmount = mountTmpfs(data)
    try {
      fill(data, 0)
      const before = snapshot(data)
      const env = {...home.env, TAO_DATA_DIR: data}
      const {writePlainWallet} = await import('../helpers/dev-chain.js')
      const w = await writePlainWallet(home.env.TAO_WALLET_PATH!, 'fullpayer')
      await fund(api, w.coldkey.address, 5n * TAO)
      const nonceOf = async (a: string) => (await api.rpc.system.accountNextIndex(a)).toNumber()
      const [nonce, vnonce, head] = [await nonceOf(w.coldkey.address), await nonceOf(vali.pair.address), await bestBlock(api)]
      const uid = await uidOf(vali.pair.address)
      const weightsBefore = await weightsOf(uid)
      // the journal is written before anything is sent: a transfer that cannot be recorded is not sent
      const t = await runTao(['wallet', 'transfer', '-w', 'fullpayer', '--dest', vali.pair.address, '--amount', '1', '--yes', '--json', '--network', endpoint], {env})
      oneErrorLine(t, 3, /disk full.*nothing was submitted/)
      expect(t.json.error.exitCode).toBe(3)
      // the run lock (and the state beside it) cannot be written: no weights are sent
      const s = await runTao(['weights', 'set', '--netuid', String(netuid), '--weights', '0=1,1=7', ...vali.args], {env: {...vali.env, TAO_DATA_DIR: data}})
      oneErrorLine(s, 3, /disk full/)
      expect(s.stderr).not.toMatch(/unexpected/)
      expect(await nonceOf(w.coldkey.address)).toBe(nonce)
      expect(await nonceOf(vali.pair.address)).toBe(vnonce)
      expect(await weightsOf(uid)).toEqual(weightsBefore)
      expect(await bestBlock(api)).toBe(head)
      // no 0-byte lock or journal left behind to trip the next run (only empty folders may be new)
      const files = (snap: Record<string, string>) => Object.fromEntries(Object.entries(snap).filter(([k]) => !k.endsWith('/')))
      expect(files(snapshot(data))).toEqual(files(before))
    } finally {
      unmount()
    }
  })

  it('an ema.json of the wrong shape is exit 3 "corrupt EMA state …; move it aside", the file kept, nothing sent', async () => {
    writeFileSync(lockFile(), '')
    const {rmSync} = await import('node:fs')
    rmSync(lockFile())
    const scores = path.join(home.dir, 'scores.json')
    writeFileSync(scores, JSON.stringify({0: 0.5, 1: 0.5}))
    const head = await bestBlock(api)
    for (const bad of ['[1, 2, 3]', '{"version": 1, "alpha": 0.1, "entries": [5]}', '{"version": 1, "entries": {"0": {"score": "high"}}}']) {
      writeFileSync(path.join(dir, 'ema.json'), bad)
      const r = await runTao(['weights', 'run', '--netuid', String(netuid), '--scores', scores, '--ema', '--alpha', '0.1', ...vali.args], {env: vali.env})
      oneErrorLine(r, 3, /corrupt EMA state .*ema\.json: .*; move it aside/)
      expect(readFileSync(path.join(dir, 'ema.json'), 'utf8')).toBe(bad)
    }
    expect(await bestBlock(api)).toBe(head)
  })
})
