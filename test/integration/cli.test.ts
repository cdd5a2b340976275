import {readFileSync} from 'node:fs'
import {describe, expect, it} from 'vitest'

import {ROOT} from '../helpers/paths.js'
import {runTao, tempHome} from '../helpers/run-tao.js'

// The packaged binary, no chain needed.
describe('the tao binary', () => {
  const home = tempHome()

  it('--version prints the package version', async () => {
    const pkg = JSON.parse(readFileSync(`${ROOT}/package.json`, 'utf8'))
    const r = await runTao(['--version'])
    expect(r.code).toBe(0)
    expect(r.stdout).toMatch(new RegExp(`^tao/${pkg.version.replaceAll('.', '\\.')} `))
  })

  it('--help lists the topics', async () => {
    const r = await runTao(['--help'])
    expect(r.code).toBe(0)
    for (const topic of ['chain', 'config', 'delegate', 'localnet', 'miner', 'stake', 'subnet', 'validator', 'wallet', 'weights']) expect(r.stdout).toMatch(new RegExp(`^\\s+${topic}\\s`, 'm'))
  })

  it('an unknown flag is a usage error: exit 2, one line, nothing on stdout', async () => {
    const r = await runTao(['chain', 'info', '--frobnicate'], {env: home.env})
    expect(r.code).toBe(2)
    expect(r.stdout).toBe('')
    expect(r.stderr.trim().split('\n')).toHaveLength(1)
    expect(r.stderr).toMatch(/^error: Nonexistent flag: --frobnicate/)
  })

  it('config set/get/list/unset round-trips and rejects unknown keys', async () => {
    expect((await runTao(['config', 'set', 'wallet', 'validator'], {env: home.env})).code).toBe(0)
    const get = await runTao(['config', 'get', 'wallet', '--json'], {env: home.env})
    expect(get.json).toEqual({key: 'wallet', value: 'validator'})
    const list = await runTao(['config', 'list', '--json'], {env: home.env})
    expect(list.json.settings).toEqual({wallet: 'validator'})
    const bad = await runTao(['config', 'set', 'colour', 'red'], {env: home.env})
    expect(bad.code).toBe(2)
    expect(bad.stderr).toMatch(/unknown setting "colour"/)
    const badNet = await runTao(['config', 'set', 'network', 'nowhere'], {env: home.env})
    expect(badNet.code).toBe(2)
    const unset = await runTao(['config', 'unset', 'wallet', '--json'], {env: home.env})
    expect(unset.json).toEqual({key: 'wallet', removed: true})
    expect((await runTao(['config', 'get', 'wallet', '--json'], {env: home.env})).json.value).toBeNull()
  })

  it('localnet start refuses a missing spec with exit 2', async () => {
    const r = await runTao(['localnet', 'start', '--spec', '/nonexistent/spec.json', '--port', '0'], {env: home.env})
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/chain spec not found/)
  })
})
