/**
 * tao as a library, as a validator would use it: `npm pack`, install the tarball into an empty folder, import
 * `tao-cli` by name from plain Node, and run the validator loop of docs/library.md (the code block itself) against
 * the test chain with a real `tao miner serve` axon. The chain's Weights must then hold the loop's scores.
 */
import type {ApiPromise} from '@polkadot/api'

import {type ChildProcess, execFile} from 'node:child_process'
import {mkdirSync, readFileSync, writeFileSync} from 'node:fs'
import path from 'node:path'
import {fileURLToPath} from 'node:url'
import {promisify} from 'node:util'
import {afterAll, beforeAll, describe, expect, inject, it} from 'vitest'

import {TAO, allowSubnetRegistration, burnedRegister, createSubnet, devApi, devKey, fund, newBlocks, setAxon, sudo} from '../helpers/dev-chain.js'
import {ROOT} from '../helpers/paths.js'
import {startTao, tempHome} from '../helpers/run-tao.js'
import {writeHotkey} from '../unit/miner/fixtures/wallets.js'

const run = promisify(execFile)
const endpoint = inject('endpoint')
const HANDLER = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'unit', 'miner', 'fixtures', 'handler.mjs')
const LOOPBACK = 2130706433n // 127.0.0.1
const COLD = '//Alice//library-cold'

/** The documented public API (docs/library.md), as `Object.keys(await import('tao-cli'))` must list it. */
const DOCUMENTED = [
  'createClient', 'callbackUi', 'silentUi', 'resolveWalletRef', 'loadColdkey', 'loadHotkey', 'coldkeyAddress', 'hotkeyAddress',
  'createPasswordSource', 'staticPasswordSource', 'chain', 'wallet', 'subnet', 'stake', 'delegates', 'miner', 'weights', 'validator',
  'localnet', 'config', 'tx', 'processWeights', 'convertWeightsAndUidsForEmit', 'emptyEma', 'updateEma', 'emaScores', 'Dendrite', 'AxonServer',
  'synapseFromDefinition', 'adhocSynapse', 'messageSigner', 'parseTao', 'formatTao', 'parseRao', 'RAO_PER_TAO', 'TaoError', 'InputError',
  'WalletError', 'NetworkError', 'ChainError', 'MissedRevealError', 'LockedError', 'CancelledError', 'ExitCode',
]

describe.skipIf(!endpoint)('the packed package: import by name, run the documented validator loop', () => {
  const home = tempHome('tao-library-')
  const env = home.env
  const scratch = path.join(home.dir, 'scratch')
  let api: ApiPromise
  let netuid: number
  const uid: Record<string, number> = {}
  const procs: ChildProcess[] = []

  beforeAll(async () => {
    // the package, as npm would publish it, installed where nothing else is
    mkdirSync(scratch, {recursive: true})
    writeFileSync(path.join(scratch, 'package.json'), JSON.stringify({name: 'scratch', private: true, type: 'module'}))
    const packed = await run('npm', ['pack', '--json', '--pack-destination', home.dir], {cwd: ROOT, maxBuffer: 64 << 20})
    const tarball = path.join(home.dir, JSON.parse(packed.stdout)[0].filename)
    await run('npm', ['install', '--no-audit', '--no-fund', '--ignore-scripts', '--prefer-offline', tarball], {cwd: scratch, maxBuffer: 64 << 20})

    // a subnet with a validator (hotkey-only wallet "vali") and one miner serving on loopback
    api = await devApi(endpoint)
    const cost = ((await (api.call as any).subnetRegistrationRuntimeApi.getNetworkRegistrationCost()) as any).toBigInt() as bigint
    await fund(api, devKey(COLD).address, cost + 10_000n * TAO)
    await allowSubnetRegistration(api)
    netuid = await createSubnet(api, COLD, '//Alice//library-owner')
    for (let i = 0; i < 120 && ((await api.query.subtensorModule.maxRegistrationsPerBlock(netuid)) as any).toNumber() < 64; i++) await new Promise((r) => setTimeout(r, 250))
    const vali = await writeHotkey(env.TAO_WALLET_PATH, 'vali', 'default', 'library-vali')
    const good = await writeHotkey(env.TAO_WALLET_PATH, 'good', 'default', 'library-good')
    uid.vali = await burnedRegister(api, netuid, vali.address, COLD)
    uid.good = await burnedRegister(api, netuid, good.address, COLD)
    await fund(api, vali.address, 1n * TAO)
    const served = await startTao(['miner', 'serve', '--handler', HANDLER, '--port', '0', '--host', '127.0.0.1', '--json', '-w', 'good'], {env})
    procs.push(served.proc)
    await setAxon(api, netuid, good.address, {ip: LOOPBACK, port: served.json.port})
    await sudo(api, api.tx.adminUtils.sudoSetTempo(netuid, 10))
    await sudo(api, api.tx.adminUtils.sudoSetWeightsSetRateLimit(netuid, 0))
    if (Number((await api.query.subtensorModule.minAllowedWeights(netuid)).toString()) !== 1) await sudo(api, api.tx.adminUtils.sudoSetMinAllowedWeights(netuid, 1))
    for (let i = 0; i < 30; i++) {
      const permits: any = await api.query.subtensorModule.validatorPermit(netuid)
      if (permits[uid.vali]?.isTrue) break
      await newBlocks(api, 1)
    }
  }, 300_000)

  afterAll(async () => {
    for (const p of procs) if (p.exitCode === null) p.kill('SIGTERM')
    await api?.disconnect()
  })

  it('imports by name from plain Node and lists the documented API, with types', async () => {
    const r = await run(process.execPath, ['-e', "import('tao-cli').then(m => console.log(JSON.stringify(Object.keys(m))))"], {cwd: scratch})
    const keys: string[] = JSON.parse(r.stdout)
    for (const name of DOCUMENTED) expect(keys, name).toContain(name)
    const pkg = JSON.parse(readFileSync(path.join(scratch, 'node_modules', 'tao-cli', 'package.json'), 'utf8'))
    const types = readFileSync(path.join(scratch, 'node_modules', 'tao-cli', pkg.types), 'utf8')
    expect(types).toMatch(/export declare const weights/)
    expect(types).toMatch(/createClient/)
    // importing the library (and creating a client) loads no CLI framework, prompt or styling package: a loader
    // hook records every module resolved
    const log = path.join(home.dir, 'resolved.txt')
    writeFileSync(path.join(scratch, 'hooks.mjs'), `import {appendFileSync} from 'node:fs'\nexport async function resolve(s, c, next) { const r = await next(s, c); appendFileSync(${JSON.stringify(log)}, r.url + '\\n'); return r }\n`)
    writeFileSync(path.join(scratch, 'register.mjs'), "import {register} from 'node:module'\nregister('./hooks.mjs', import.meta.url)\n")
    await run(process.execPath, ['--import', './register.mjs', '-e', "import('tao-cli').then((m) => m.createClient({network: 'local'}))"], {cwd: scratch})
    const resolved = readFileSync(log, 'utf8').split('\n')
    expect(resolved.some((u) => u.includes('/node_modules/tao-cli/dist/index.js'))).toBe(true)
    expect(resolved.filter((u) => /node_modules\/(@oclif|@inquirer|chalk|cli-table3)\//.test(u))).toEqual([])
  })

  it('installs without the local-chain simulator; `tao localnet` and localnet.start say how to add the plugin', async () => {
    const lock = JSON.parse(readFileSync(path.join(scratch, 'node_modules', '.package-lock.json'), 'utf8'))
    const installed = Object.keys(lock.packages)
    expect(installed.some((k) => k.endsWith('node_modules/tao-cli'))).toBe(true)
    expect(installed.filter((k) => /node_modules\/(@acala-network\/chopsticks[\w-]*|sqlite3|tao-localnet)$/.test(k))).toEqual([])
    const bin = path.join(scratch, 'node_modules', 'tao-cli', 'bin', 'run.js')
    const cli = await run(process.execPath, [bin, 'localnet', 'start', '--spec', 'chain.json'], {cwd: scratch, env: {...process.env, ...env, NO_COLOR: '1'}}).catch((e) => e)
    expect(cli.code).toBe(2)
    expect(cli.stdout).toBe('')
    expect(cli.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^error: `tao localnet`: .*plugin.*npm install -g tao-localnet/)])
    const lib = await run(process.execPath, ['--input-type=module', '-e', "const m = await import('tao-cli'); await m.localnet.start(undefined, {spec: 'chain.json'}, m.silentUi).then(() => console.log('{}'), (e) => console.log(JSON.stringify({code: e.code, exitCode: e.exitCode, isTaoError: e instanceof m.InputError, message: e.message})))"], {cwd: scratch})
    expect(JSON.parse(lib.stdout)).toMatchObject({code: 'PluginMissing', exitCode: 2, isTaoError: true, message: expect.stringContaining('npm install -g tao-localnet')})
  })

  it('the validator loop of docs/library.md runs against the chain and its weights land', async () => {
    const doc = readFileSync(path.join(ROOT, 'docs', 'library.md'), 'utf8')
    const code = /## A validator loop in 30 lines[\s\S]*?```js\n([\s\S]*?)```/.exec(doc)![1]!
    expect(code.split('\n').filter((l) => l.trim()).length).toBeLessThanOrEqual(30)
    writeFileSync(path.join(scratch, 'validator.mjs'), code)
    const r = await run(process.execPath, ['validator.mjs'], {
      cwd: scratch,
      env: {...process.env, ...env, NETUID: String(netuid), TAO_NETWORK: endpoint, WALLET: 'vali'},
    }).catch((e) => e)
    expect(r.code ?? 0, `${r.stderr}\n${r.stdout}`).toBe(0)
    const out = JSON.parse(r.stdout.trim().split('\n').at(-1))
    expect(out).toMatchObject({action: 'set', answered: 1})
    expect(out.neurons).toBeGreaterThanOrEqual(3)
    // the chain, read independently: only the miner that answered right carries weight
    const stored = ((await api.query.subtensorModule.weights(netuid, uid.vali!)) as any).map((p: any) => [p[0].toNumber(), p[1].toNumber()])
    expect(stored).toEqual([[uid.good!, 65_535]])
  }, 180_000)
})
