import {readFileSync} from 'node:fs'
import {describe, expect, inject, it} from 'vitest'

import {ROOT} from '../helpers/paths.js'
import {runTao, runTaoInTerminal, tempHome} from '../helpers/run-tao.js'

const endpoint = inject('endpoint')
const manifest = JSON.parse(readFileSync(`${ROOT}/oclif.manifest.json`, 'utf8')) as {commands: Record<string, {args: Record<string, unknown>; flags: Record<string, unknown>}>}

/** One `error: …` line on stderr, exit 2, nothing on stdout. */
function usageError(r: {code: number; stderr: string; stdout: string}, pattern: RegExp) {
  expect(r.code).toBe(2)
  expect(r.stdout).toBe('')
  expect(r.stderr.trim().split('\n')).toHaveLength(1)
  expect(r.stderr).toMatch(/^error: /)
  expect(r.stderr).toMatch(pattern)
}

describe('one program, one argument style', () => {
  const home = tempHome()

  it('--version and --help name the program tao', async () => {
    const pkg = JSON.parse(readFileSync(`${ROOT}/package.json`, 'utf8'))
    const help = await runTao(['--help'])
    const version = await runTao(['--version'])
    const versionLine = version.stdout.trim().split(' ')[0]
    expect(versionLine).toBe(`tao/${pkg.version}`)
    expect(help.stdout).toContain(`\n  ${versionLine} `)
    expect(help.stdout).not.toContain(`${pkg.name}/`)
  })

  it('every command that takes a netuid takes it as the first argument and as --netuid', () => {
    const withNetuid = Object.entries(manifest.commands).filter(([, c]) => 'netuid' in c.flags || 'netuid' in c.args)
    expect(withNetuid.length).toBeGreaterThan(20)
    for (const [id, c] of withNetuid) {
      expect(Object.keys(c.args)[0], id).toBe('netuid')
      expect(c.flags, id).toHaveProperty('netuid')
    }
  })

  it('miner serve reads the positional netuid too', async () => {
    const r = await runTao(['miner', 'serve', '3', '--netuid', '4', '--handler', 'h.mjs'], {env: home.env})
    usageError(r, /the netuid is given twice, 3 and --netuid 4/)
  })

  it('commands that never connect list no network flags, and accept (ignore) them for scripts that pass them everywhere', async () => {
    for (const cmd of [['localnet', 'start'], ['wallet', 'create'], ['wallet', 'list'], ['config', 'list']]) {
      const help = await runTao([...cmd, '--help'], {env: home.env})
      expect(help.code).toBe(0)
      expect(help.stdout).not.toMatch(/--network|--timeout/)
    }
    for (const cmd of [['wallet', 'list'], ['config', 'list']]) {
      const r = await runTao([...cmd, '--network', 'local', '--timeout', '5', '--json'], {env: home.env})
      expect(r.code, r.stderr).toBe(0)
    }
    // commands that connect keep them
    expect((await runTao(['subnet', 'list', '--help'])).stdout).toMatch(/--network/)
  })

  it('unknown commands, subcommands and extra arguments: one error line, exit 2', async () => {
    usageError(await runTao(['frobnicate'], {env: home.env}), /unknown command `tao frobnicate`/)
    usageError(await runTao(['wallet', 'frobnicate'], {env: home.env}), /unknown command `tao wallet frobnicate`.*tao wallet --help/)
    usageError(await runTao(['wallet', 'lst'], {env: home.env}), /did you mean `tao wallet list`/)
    usageError(await runTao(['subnet', 'list', 'extra'], {env: home.env}), /unexpected argument "extra" for `tao subnet list`/)
    usageError(await runTao(['weights', 'status', '2', '3'], {env: home.env}), /Unexpected argument: 3/)
    const json = await runTao(['frobnicate', '--json'], {env: home.env})
    expect(json.code).toBe(2)
    expect(json.json.error).toMatchObject({code: 'Usage', exitCode: 2})
  })
})

describe.skipIf(!endpoint)('tables: every digit when piped or --wide', () => {
  it('subnet list piped shows full prices and pool sizes, with a note for a pool under 1 α', async () => {
    const [table, json] = await Promise.all([runTao(['subnet', 'list', '-n', endpoint]), runTao(['subnet', 'list', '-n', endpoint, '--json'])])
    expect(table.code).toBe(0)
    expect(table.stdout).not.toContain('…')
    for (const s of json.json.subnets) {
      const row = table.stdout.split('\n').find((l: string) => new RegExp(`^│\\s+${s.netuid} │`).test(l))!
      expect(row, `netuid ${s.netuid}`).toContain(` ${s.priceTao} `)
      expect(row).toContain(` ${s.taoInTao} `)
      expect(row).toContain(s.owner)
      const tiny = s.netuid !== 0 && BigInt(s.alphaInRao) < 1_000_000_000n
      expect(table.stdout.includes(`note: subnet ${s.netuid}: price ${s.priceTao} τ/α = ${s.taoInTao} τ in pool ÷ `), `netuid ${s.netuid}`).toBe(tiny)
    }
  })

  it('on a terminal tables are narrow unless --wide', async () => {
    const owner: string = (await runTao(['subnet', 'list', '-n', endpoint, '--json'])).json.subnets[0].owner
    const narrow = await runTaoInTerminal(['subnet', 'list', '-n', endpoint])
    const wide = await runTaoInTerminal(['subnet', 'list', '-n', endpoint, '--wide'])
    expect(narrow.stdout).toContain(`${owner.slice(0, 6)}…${owner.slice(-4)}`)
    expect(narrow.stdout).not.toContain(owner)
    expect(wide.stdout).toContain(owner)
  })
})
