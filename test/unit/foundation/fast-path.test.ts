/**
 * The start-up fast path (src/cli/fast.ts) parses the offline commands' flags itself, from what `oclif manifest`
 * keeps of the command classes. Here: what it takes is what oclif would parse to the same values (its own parser
 * on the same command class, many command lines), and the flags and arguments it takes are ones whose value is
 * the text itself. The real binary, both paths, byte for byte: test/integration/startup-fast.test.ts.
 */
import * as Args from '@oclif/core/args'
import * as Flags from '@oclif/core/flags'
import {parse} from '@oclif/core/parser'
import {createRequire} from 'node:module'
import path from 'node:path'
import {describe, expect, it} from 'vitest'

import {FAST_COMMANDS, manifestEntry, parseFast} from '../../../src/cli/fast.js'
import ChainInfo from '../../../src/commands/chain/info.js'
import ConfigGet from '../../../src/commands/config/get.js'
import ConfigList from '../../../src/commands/config/list.js'
import SubnetList from '../../../src/commands/subnet/list.js'
import SubnetMetagraph from '../../../src/commands/subnet/metagraph.js'
import SubnetShow from '../../../src/commands/subnet/show.js'
import UtilsConvert from '../../../src/commands/utils/convert.js'
import WalletBalance from '../../../src/commands/wallet/balance.js'
import WalletList from '../../../src/commands/wallet/list.js'
import {ROOT} from '../../helpers/paths.js'

// oclif's own command → manifest entry (what `oclif manifest` writes); not among @oclif/core's exports
const {cacheCommand} = createRequire(import.meta.url)(path.join(ROOT, 'node_modules/@oclif/core/lib/util/cache-command.js')) as {cacheCommand: (c: unknown, plugin?: unknown) => Promise<any>}

/** the command's manifest entry as oclif.manifest.json holds it (JSON: no undefined fields) */
const manifestOf = async (C: unknown) => JSON.parse(JSON.stringify(await cacheCommand(C, {name: 'tao-cli', type: 'core'})))

const classes = {
  'chain:info': ChainInfo,
  'config:get': ConfigGet,
  'config:list': ConfigList,
  'subnet:list': SubnetList,
  'subnet:metagraph': SubnetMetagraph,
  'subnet:show': SubnetShow,
  'utils:convert': UtilsConvert,
  'wallet:balance': WalletBalance,
  'wallet:list': WalletList,
} as const

/** all flags of a command class as oclif aggregates them (its flags, the base flags, --json) */
function allFlags(C: any): Record<string, any> {
  return {...C.baseFlags, ...C.flags, ...(C.enableJsonFlag ? {json: Flags.boolean({description: 'Format output as json.', helpGroup: 'GLOBAL'})} : {})}
}

/** oclif's parse of `argv` for the command class: flags and args with a value, or the error message */
async function oclifParse(C: any, argv: string[], env: Record<string, string>): Promise<{args: Record<string, unknown>; flags: Record<string, unknown>} | {error: string}> {
  const saved = {...process.env}
  Object.assign(process.env, env)
  try {
    // a fresh copy: oclif's parser writes names into the definitions
    const out = await parse(argv, {args: {...C.args}, flags: allFlags(C), strict: C.strict, context: {} as never})
    const defined = (o: Record<string, unknown>) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined))
    return {args: defined(out.args), flags: defined(out.flags)}
  } catch (error) {
    return {error: (error as Error).message}
  } finally {
    for (const k of Object.keys(env)) delete process.env[k]
    Object.assign(process.env, saved)
  }
}

const lines: Record<keyof typeof classes, string[][]> = {
  'chain:info': [[], ['--json'], ['-n', 'local'], ['--network=ws://127.0.0.1:9944', '--timeout', '5'], ['--chain', 'test', '-q'], ['x'], ['--network'], ['--bogus'], ['--json', '--wide', '--no-color']],
  'subnet:metagraph': [
    ['1'], ['1', '--json'], ['--netuid', '2'], ['-u', '3', '--sort', 'stake'], ['--netuids=4', '--reverse', '--validators'], ['1', '--netuid', '1'], ['1', '--netuid', '2'],
    ['007'], ['65535'], ['65536'], ['-1'], ['1.5'], ['x'], ['+3'], [' 3'], ['3', '4'], [], ['--sort', 'nosuch', '1'], ['--sort=hotkey', '1'], ['--sort'], ['1', '--sort', 'uid', '--sort', 'stake'],
    ['--netuid', 'abc'], ['--netuid', '99999'], ['--netuid', '0', '--wide'], ['1', '--bogus'], ['1', '-n', 'local', '--timeout', '9'],
  ],
  'subnet:show': [
    ['1'], ['1', '--json'], ['--netuid', '2'], ['-u', '3', '--sort', 'stake'], ['--netuids=4', '--reverse', '--validators'], ['1', '--netuid', '1'], ['1', '--netuid', '2'],
    ['007'], ['65535'], ['65536'], ['-1'], ['1.5'], ['x'], ['+3'], [' 3'], ['3', '4'], [], ['--sort', 'nosuch', '1'], ['--sort=hotkey', '1'], ['--sort'], ['1', '--sort', 'uid', '--sort', 'stake'],
    ['--netuid', 'abc'], ['--netuid', '99999'], ['--netuid', '0', '--wide'], ['1', '--bogus'], ['1', '-n', 'local', '--timeout', '9'],
  ],
  'subnet:list': [[], ['--json'], ['--subtensor.network', 'local'], ['-n'], ['1'], ['--timeout=', '--json'], ['-qy', '--verbose']],
  'wallet:balance': [
    [], ['--all'], ['-a', '--json'], ['-w', 'alpha'], ['--wallet.name=alpha', '-p', '/w'], ['--ss58', '5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY'], ['--ss58', 'a', 'b'],
    ['--all', '--all'], ['--hotkey', 'x'], ['-w'], ['--no-all'], ['extra'], ['-n', 'local', '--timeout', 'abc'],
    ['--ss58', 'a', '--ss58', 'b'], ['--ss58=a', 'b', '--json'], ['--ss58', 'a', '--json', 'b'], ['--ss58', 'a', '-n', 'local', 'b'], ['--ss58', 'a', '-w', 'x', 'y'],
    ['x', '--ss58', 'a'], ['--ss58'], ['--ss58', '--json'], ['--ss58', 'a', '--all', '-q', 'c', 'd'], ['-w', 'x', '--ss58', 'a'],
  ],
  'config:get': [['wallet'], ['wallet', '--json'], ['--json', 'network'], ['nosuch', '-q', '-y'], [], ['a', 'b'], ['wallet', '--bogus'], ['wallet', '-n', 'local'], ['wallet', '--timeout=5'], ['wallet', '--network'], ['wallet', '--wallet', 'x'], ['-', 'x'], ['wallet', '--', '--json'], ['wallet', '--help']],
  'config:list': [[], ['--json'], ['x'], ['--no-color', '--wide'], ['--network', '--json'], ['--chain', 'test'], ['--subtensor.network=local'], ['-qy'], ['--json=true']],
  'utils:convert': [
    ['--tao', '1.5'], ['--rao', '12', '--json'], ['--tao=abc'], ['--tao'], ['--tao', '-1'], ['--tao', '1', '--rao', '2'], ['--alpha', '3'], ['3', '--tao', '1'],
    ['--tao', '1', '--netuid', '3'], ['--tao', '1', '-u', '3'], ['--tao', '1', '--netuids', '3'], ['--tao', '1', '--tao', '2'], ['--tao', ''], ['--tao', '1', '-n', 'ws://x'], ['-t', '1'],
  ],
  'wallet:list': [
    [], ['--json'], ['-w', 'alpha'], ['--wallet=alpha'], ['--wallet.name', 'alpha'], ['--name', 'a', '-p', '/w'], ['--wallet_path', '/w', '--wide'], ['-p'], ['--wallet'], ['--wallet='],
    ['--bogus'], ['extra'], ['-walpha'], ['-w', '--json'], ['--no-prompt', '--no_prompt'], ['--yes', '-q', '--no-color', '--verbose'], ['--hotkey', 'x'], ['--timeout', 'abc', '-n', 'local'],
  ],
}
const envs: Record<string, string>[] = [{}, {TAO_WALLET: 'envw', TAO_QUIET: 'yes', TAO_WIDE: '0'}, {TAO_NETWORK: 'local', TAO_VERBOSE: 'TRUE'}, {TAO_NETUID: '3'}, {TAO_NETUID: 'abc'}, {TAO_NETUID: '070000'}, {TAO_WALLET_PATH: '/e', TAO_YES: ''}]

describe('start-up fast path: parsing', () => {
  for (const [id, C] of Object.entries(classes)) {
    it(`${id}: where it takes a command line, oclif's parser gives the same flags and arguments`, async () => {
      const manifest = await manifestOf(C)
      const allowed = FAST_COMMANDS[id as keyof typeof FAST_COMMANDS]
      let taken = 0
      for (const env of envs) {
        for (const argv of lines[id as keyof typeof classes]) {
          const fast = parseFast(manifest, allowed, argv, env)
          if (!fast) continue
          taken++
          const oclif = await oclifParse(C, argv, env)
          expect({argv, env, parsed: oclif}).toEqual({argv, env, parsed: {args: fast.args, flags: fast.flags}})
        }
      }
      // the plain command lines are taken
      expect(taken).toBeGreaterThan(3)
    })
  }

  it('takes the everyday command lines, and leaves anything unusual to oclif', async () => {
    const wl = await manifestOf(WalletList)
    const uc = await manifestOf(UtilsConvert)
    const cg = await manifestOf(ConfigGet)
    expect(parseFast(wl, FAST_COMMANDS['wallet:list'], ['-w', 'alpha', '--json'], {})).toEqual({args: {}, flags: {json: true, wallet: 'alpha'}, stdinArg: false})
    expect(parseFast(uc, FAST_COMMANDS['utils:convert'], ['--tao', '1.5'], {})).toEqual({args: {}, flags: {tao: '1.5'}, stdinArg: true})
    expect(parseFast(cg, FAST_COMMANDS['config:get'], ['network'], {})).toEqual({args: {key: 'network'}, flags: {}, stdinArg: false})
    for (const argv of [['--help'], ['-h'], ['--bogus'], ['extra'], ['-w'], ['-w', 'a', '-w', 'b'], ['--', 'x'], ['--json=1'], ['-wa']]) {
      expect(parseFast(wl, FAST_COMMANDS['wallet:list'], argv, {})).toBeUndefined()
    }
    // the netuid (flag, argument, environment) needs the chain; exclusive amounts are oclif's error
    for (const [argv, env] of [[['--tao', '1', '--netuid', '2'], {}], [['2', '--tao', '1'], {}], [['--tao', '1'], {TAO_NETUID: '2'}], [['--tao', '1', '--rao', '1'], {}]] as const) {
      expect(parseFast(uc, FAST_COMMANDS['utils:convert'], [...argv], env)).toBeUndefined()
    }
    // a missing required argument: oclif reads it from stdin or says it is missing
    expect(parseFast(cg, FAST_COMMANDS['config:get'], [], {})).toBeUndefined()
  })

  it('takes only flags and arguments whose value is the text given (oclif\'s default parse)', () => {
    const stringParse = Flags.string().parse.toString()
    const booleanParse = Flags.boolean().parse.toString()
    const argParse = Args.string().parse.toString()
    for (const [id, C] of Object.entries(classes) as [keyof typeof classes, any][]) {
      const flags = allFlags(C)
      const fast: {flags: readonly string[]; args: readonly string[]; integers?: readonly string[]} = FAST_COMMANDS[id]
      for (const name of fast.flags) {
        const def = flags[name]
        expect(def, `${id} --${name}`).toBeDefined()
        // integers (the netuid): taken only as plain digits, checked against oclif's parse by the test above
        if (fast.integers?.includes(name)) continue
        // a flag with options and a default among them: taken only as one of them, the default applied when absent
        if (def.options) {
          expect(def.options, `${id} --${name}`).toContain(def.default)
          expect(def.parse.toString(), `${id} --${name}`).toBe(stringParse)
          continue
        }
        expect(def.parse.toString(), `${id} --${name}`).toBe(def.type === 'boolean' ? booleanParse : stringParse)
        // repeatable only as a string flag with no environment variable and no delimiter (read greedily, as oclif does)
        const multipleOk = Boolean(def.multiple) && def.type === 'option' && !def.env && !def.delimiter
        expect({default: def.default, multiple: Boolean(def.multiple) && !multipleOk, options: def.options}, `${id} --${name}`).toEqual({default: undefined, multiple: false, options: undefined})
      }
      for (const name of fast.args) if (!fast.integers?.includes(name)) expect(C.args[name].parse.toString(), `${id} ${name}`).toBe(argParse)
    }
  })

  it('reads one command\'s entry of the manifest as the whole file parsed would give it', async () => {
    const commands: Record<string, unknown> = {
      'a:b': {description: 'braces } { and "quotes" \\ and a key:\n    "wallet:list": {', flags: {x: {name: 'x', type: 'option'}}},
    }
    for (const [id, C] of Object.entries(classes)) commands[id] = await manifestOf(C)
    commands['z:z'] = {description: '}}}'}
    // as `oclif manifest` writes it (two-space indentation), and in any other layout (the whole file)
    for (const text of [JSON.stringify({commands, version: '0.1.0'}, null, 2), JSON.stringify({commands})]) {
      for (const id of Object.keys(commands)) expect(manifestEntry(text, id)).toEqual(JSON.parse(text).commands[id])
      expect(manifestEntry(text, 'no:such')).toBeUndefined()
    }
  })
})
