/**
 * Start-up shortcuts keep what the user sees: the help text cache (bin/help-cache.js) prints exactly what oclif
 * printed, and only where oclif would print it; the config file written without `conf` reads back through the CLI.
 * Also the hint for an amount given where `utils convert` takes a netuid. No chain needed.
 */
import {existsSync, readdirSync, readFileSync} from 'node:fs'
import path from 'node:path'
import {describe, expect, it} from 'vitest'

import {runTao, tempHome} from '../helpers/run-tao.js'

describe('start-up', () => {
  it('help from the cache is what oclif printed, for the root, a topic and a command', async () => {
    const home = tempHome()
    const helpDir = path.join(home.env.TAO_CACHE_DIR, 'help')
    for (const args of [['--help'], ['wallet', '--help'], ['wallet', 'list', '--help'], ['stake', 'child', '--help']]) {
      const oclif = await runTao(args, {env: {...home.env, TAO_HELP_CACHE: '0'}})
      expect(oclif.code).toBe(0)
      expect(oclif.stdout).toContain('USAGE')
      const filled = await runTao(args, {env: home.env})
      const cached = await runTao(args, {env: home.env})
      for (const r of [filled, cached]) expect({code: r.code, stderr: r.stderr, stdout: r.stdout}).toEqual({code: 0, stderr: '', stdout: oclif.stdout})
    }
    // one entry per request; a different width is a different entry (and the same text, not a terminal)
    expect(readdirSync(helpDir)).toHaveLength(4)
    const wide = await runTao(['wallet', '--help'], {env: {...home.env, COLUMNS: '200'}})
    expect(wide.code).toBe(0)
    expect(readdirSync(helpDir)).toHaveLength(5)
  })

  it('what oclif refuses is never cached: an unknown command still fails each time', async () => {
    const home = tempHome()
    for (let i = 0; i < 2; i++) {
      const r = await runTao(['nosuch', '--help'], {env: home.env})
      expect(r.code).toBe(2)
      expect(r.stdout).toBe('')
    }
    expect(existsSync(path.join(home.env.TAO_CACHE_DIR, 'help')) ? readdirSync(path.join(home.env.TAO_CACHE_DIR, 'help')) : []).toEqual([])
  })

  it('config set writes the file conf wrote; config get/list read it back', async () => {
    const home = tempHome()
    expect((await runTao(['config', 'set', 'network', 'local'], {env: home.env})).code).toBe(0)
    expect((await runTao(['config', 'set', 'timeout', '12'], {env: home.env})).code).toBe(0)
    expect(readFileSync(path.join(home.env.TAO_CONFIG_DIR, 'config.json'), 'utf8')).toBe('{\n\t"network": "local",\n\t"timeout": 12\n}')
    expect((await runTao(['config', 'get', 'network', '--json'], {env: home.env})).json).toEqual({key: 'network', value: 'local'})
    expect((await runTao(['config', 'list', '--json'], {env: home.env})).json.settings).toEqual({network: 'local', timeout: 12})
  })

  it('utils convert 1.5 (an amount where the netuid goes): exit 2, one line that says to use --tao', async () => {
    const home = tempHome()
    const r = await runTao(['utils', 'convert', '1.5'], {env: home.env})
    expect(r.code).toBe(2)
    expect(r.stdout).toBe('')
    expect(r.stderr.trim().split('\n')).toEqual(['error: netuid must be a whole number 0-65535: "1.5" (the argument is a netuid; give an amount with --tao, --rao or --alpha; run `tao utils convert --tao 1.5`)'])
    // a netuid that is not a decimal number gets no such hint
    const word = await runTao(['utils', 'convert', 'abc', '--tao', '1'], {env: home.env})
    expect(word.code).toBe(2)
    expect(word.stderr.trim()).toBe('error: netuid must be a whole number 0-65535: "abc"')
  })
})
