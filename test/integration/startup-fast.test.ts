/**
 * The start-up fast path of the offline commands (src/cli/fast.ts: `wallet list`, `config get|list`, `utils
 * convert` without a netuid, run without loading oclif) prints what oclif's path prints: the real binary, each
 * command line run both ways (`TAO_FAST=0` is oclif's path), stdout, stderr and exit code compared byte for byte.
 * Each case also says whether the fast path takes it, checked by the CommonJS modules the run loaded (oclif is
 * CommonJS): none of @oclif/core when it does. No chain needed.
 */
import {mkdirSync, readFileSync, writeFileSync} from 'node:fs'
import path from 'node:path'
import {beforeAll, describe, expect, it} from 'vitest'

import {MODULE_LOG, REQUIRE_LOG, logged, same} from '../helpers/fast.js'
import {runTao, runTaoInTerminal, tempHome} from '../helpers/run-tao.js'

describe('start-up fast path: the same output as oclif', () => {
  // a config folder with settings and a wallets folder with two wallets; an empty home beside it
  const home = tempHome('tao-fast-')
  const empty = tempHome('tao-fast-empty-')
  const env = home.env

  beforeAll(async () => {
    for (const w of ['alpha', 'beta']) {
      const r = await runTao(['wallet', 'create', '--wallet', w, '--hotkey', 'default', '--uri', `//Fast${w}`, '--no-password', '--yes', '--json'], {env})
      expect(r.code).toBe(0)
    }
    for (const [k, v] of [['wallet', 'alpha'], ['network', 'local'], ['timeout', '12']]) expect((await runTao(['config', 'set', k!, v!], {env})).code).toBe(0)
    mkdirSync(path.join(empty.dir, 'no-wallets'))
  }, 180_000)

  it('wallet list: a populated and an empty wallets folder, --json, one wallet, global flags; bad flags go to oclif', async () => {
    const list = await same(['wallet', 'list'], true, {env})
    expect(list.code).toBe(0)
    expect(list.stdout).toContain('alpha')
    expect((await same(['wallet', 'list', '--json'], true, {env})).json.wallets.map((w: {name: string}) => w.name)).toEqual(['alpha', 'beta'])
    await same(['wallet', 'list', '-w', 'alpha'], true, {env})
    await same(['wallet', 'list', '--wallet=beta', '--json'], true, {env})
    await same(['wallet', 'list', '--wallet.name', 'nosuch'], true, {env})
    await same(['wallet', 'list', '--wallet-path', path.join(empty.dir, 'no-wallets')], true, {env})
    await same(['wallet', 'list', '-p', path.join(empty.dir, 'nothing-here'), '--json'], true, {env})
    await same(['wallet', 'list', '--no-color', '--wide', '-q', '-y', '-n', 'local'], true, {env})
    await same(['wallet', 'list'], true, {env: {...env, TAO_WALLET: 'beta'}})
    await same(['wallet', 'list'], true, {env: {...env, NO_COLOR: undefined}})
    await same(['wallet', 'list', '--json'], true, {env: empty.env})
    // bad input the runtime refuses (exit 2), on the fast path too
    const timeout = await same(['wallet', 'list', '--timeout', 'abc'], true, {env})
    expect(timeout.code).toBe(2)
    // unknown flag, missing value, extra argument, repeated flag, --verbose (stack frames), --help: oclif's path
    for (const args of [['--bogus'], ['--wallet'], ['-p'], ['extra'], ['-w', 'a', '-w', 'b'], ['--verbose', '-w', 'nosuch'], ['--json=true'], ['--', 'x']]) {
      const r = await same(['wallet', 'list', ...args], false, {env})
      expect(r.code).not.toBe(0)
    }
  }, 300_000)

  it('config get/list: keys set and unset, --json, unknown key; a missing key or extra argument goes to oclif', async () => {
    expect((await same(['config', 'get', 'wallet'], true, {env})).stdout).toContain('alpha')
    expect((await same(['config', 'get', 'network', '--json'], true, {env})).json).toEqual({key: 'network', value: 'local'})
    expect((await same(['config', 'get', 'hotkey', '--json'], true, {env})).json).toEqual({key: 'hotkey', value: null})
    await same(['config', 'get', 'hotkey'], true, {env})
    await same(['config', 'get', 'walletPath'], true, {env})
    expect((await same(['config', 'get', 'nosuch'], true, {env})).code).toBe(2)
    expect((await same(['config', 'get', 'nosuch', '--json'], true, {env})).json.error.exitCode).toBe(2)
    await same(['config', 'get', 'wallet'], true, {env: empty.env})
    expect((await same(['config', 'list', '--json'], true, {env})).json.settings).toEqual({network: 'local', timeout: 12, wallet: 'alpha'})
    await same(['config', 'list'], true, {env})
    await same(['config', 'list'], true, {env: empty.env})
    await same(['config', 'list', '--json'], true, {env: {...empty.env, TAO_QUIET: '1'}})
    for (const args of [['config', 'get'], ['config', 'get', '--json'], ['config', 'get', 'a', 'b'], ['config', 'get', 'wallet', '--wallet', 'x'], ['config', 'list', 'x'], ['config', 'list', '--network']]) {
      expect((await same(args, false, {env})).code).toBe(2)
    }
  }, 300_000)

  it('folders from XDG variables; user plugins (a package.json in the data folder) go to oclif', async () => {
    const xdg = tempHome('tao-fast-xdg-')
    const xenv = {HOME: xdg.dir, TAO_CACHE_DIR: undefined, TAO_CONFIG_DIR: undefined, TAO_DATA_DIR: undefined, TAO_WALLET_PATH: undefined, XDG_CONFIG_HOME: path.join(xdg.dir, 'xc'), XDG_DATA_HOME: path.join(xdg.dir, 'xd')}
    expect((await runTao(['config', 'set', 'hotkey', 'hk'], {env: xenv})).code).toBe(0)
    const list = await same(['config', 'list', '--json'], true, {env: xenv})
    expect(list.json).toEqual({path: path.join(xdg.dir, 'xc', 'tao', 'config.json'), settings: {hotkey: 'hk'}})
    await same(['wallet', 'list', '--json'], true, {env: xenv})
    mkdirSync(path.join(xdg.dir, 'xd', 'tao'), {recursive: true})
    writeFileSync(path.join(xdg.dir, 'xd', 'tao', 'package.json'), JSON.stringify({oclif: {plugins: []}}))
    await same(['config', 'list', '--json'], false, {env: xenv})
  }, 120_000)

  it('a config file that is not JSON: the same one-line error both ways', async () => {
    const broken = tempHome('tao-fast-broken-')
    mkdirSync(broken.env.TAO_CONFIG_DIR, {recursive: true})
    writeFileSync(path.join(broken.env.TAO_CONFIG_DIR, 'config.json'), '{not json')
    for (const args of [['config', 'get', 'wallet'], ['config', 'list', '--json'], ['wallet', 'list']]) {
      const r = await same(args, true, {env: broken.env})
      expect(r.code).not.toBe(0)
      expect(r.stderr.trim().split('\n')).toHaveLength(1)
    }
  }, 120_000)

  it('utils convert: both directions, bad amounts; exclusive amounts, the netuid (flag, argument, env) go to oclif', async () => {
    expect((await same(['utils', 'convert', '--tao', '1.5'], true, {env})).stdout).toContain('1500000000')
    expect((await same(['utils', 'convert', '--rao', '1500000000', '--json'], true, {env})).json).toMatchObject({from: 'rao', rao: '1500000000', tao: '1.5'})
    await same(['utils', 'convert', '--tao=0.000000001', '--json'], true, {env})
    for (const args of [['--tao', 'abc'], ['--tao', 'abc', '--json'], ['--rao', '1.5'], ['--tao', '0.0000000001'], [], ['--json'], ['--alpha', '1'], ['--tao', '1', '--timeout', 'x']]) {
      const r = await same(['utils', 'convert', ...args], true, {env})
      expect(r.code).toBe(2)
    }
    for (const args of [['--tao'], ['--tao', '1', '--rao', '2'], ['1.5'], ['abc', '--tao', '1'], ['--tao', '1', '--netuid', 'x'], ['--tao', '1', '-u', '70000']]) {
      expect((await same(['utils', 'convert', ...args], false, {env})).code).toBe(2)
    }
    expect((await same(['utils', 'convert', '--tao', '1'], false, {env: {...env, TAO_NETUID: 'abc'}})).code).toBe(2)
    // (oclif also reads a missing argument from stdin, giving up after 10 ms: which one wins is timing, on
    // oclif's path as on the fast path, which reads it the same way and leaves a netuid found there to oclif)
  }, 300_000)

  it('on a terminal (colour, narrow tables): the same screen both ways', async () => {
    const tty = {...env, NO_COLOR: undefined, FORCE_COLOR: undefined}
    for (const args of [['wallet', 'list'], ['config', 'list'], ['utils', 'convert', '--tao', 'abc'], ['utils', 'convert', '--rao', '7']]) {
      const quick = await runTaoInTerminal(args, {env: tty})
      const oclif = await runTaoInTerminal(args, {env: {...tty, TAO_FAST: '0'}})
      expect({args, code: quick.code, screen: quick.stdout}).toEqual({args, code: oclif.code, screen: oclif.stdout})
    }
    // the error line is red on a terminal (the comparison covers colour)
    expect((await runTaoInTerminal(['utils', 'convert', '--tao', 'abc'], {env: tty})).stdout).toContain('\u001B[31m')
  }, 120_000)
})

describe('start-up fast path: what it loads', () => {
  it('wallet list loads none of oclif (no config, plugins or manifest scan) and not the command class', async () => {
    const home = tempHome('tao-fast-mod-')
    const log = path.join(home.dir, 'esm.log')
    const fast = await runTao(['wallet', 'list'], {env: {...home.env, NODE_OPTIONS: `--import ${REQUIRE_LOG} --import ${MODULE_LOG}`, TAO_MODULE_LOG: log, TAO_REQUIRE_LOG: `${log}.cjs`}})
    expect(fast.code).toBe(0)
    const esm = readFileSync(log, 'utf8').split('\n').filter(Boolean)
    const cjs = readFileSync(`${log}.cjs`, 'utf8').split('\n').filter(Boolean)
    expect(esm.some((m) => m.endsWith('/dist/cli/fast.js'))).toBe(true)
    expect(esm.filter((m) => m.includes('/@oclif/') || m.includes('/dist/commands/'))).toEqual([])
    expect(cjs.filter((f) => f.includes(`${path.sep}@oclif${path.sep}`))).toEqual([])
    // oclif's path loads its config module: the check can fail
    const oclif = await logged(['wallet', 'list'], {env: {...home.env, TAO_FAST: '0'}})
    expect(oclif.required.some((f) => f.endsWith(path.join('@oclif', 'core', 'lib', 'config', 'config.js')))).toBe(true)
  }, 120_000)
})
