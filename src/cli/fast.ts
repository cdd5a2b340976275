/**
 * Start-up fast path for the offline commands (`wallet list`, `config get`, `config list`, `utils convert` without
 * a netuid): bin/run.js calls `runFast` before loading oclif. It parses the command line itself, with the
 * command's own flag and argument definitions as `oclif manifest` wrote them from the command class into
 * oclif.manifest.json (nothing defined twice), and runs the command's body (src/cli/offline.ts) through the same
 * CommandRuntime as the oclif command. oclif is neither loaded nor set up (no config, plugins, manifest scan,
 * theme or hooks).
 *
 * It takes only command lines it fully understands, and whose result under oclif it knows: known flags given once
 * as `--name value`, `--name=value`, `-c value` or a bare boolean; flags from their environment variables; the
 * command's plain arguments. Everything else — --help, an unknown or repeated flag, a missing value, a value that
 * starts with `-`, `--`, a flag or argument whose parsing is more than the text itself (--netuid, the netuid
 * argument), constraints it does not check, DEBUG/oclif settings in the environment, user plugins, a manifest
 * older than the command — returns false before anything is written, and bin/run.js runs oclif as always, which
 * prints its own messages. `TAO_FAST=0` turns the fast path off.
 */
import {existsSync, readFileSync, statSync} from 'node:fs'
import path from 'node:path'

import type {ParsedInput} from './runtime.js'

/** The manifest's description of a flag (what `oclif manifest` keeps of a flag definition). */
interface ManifestFlag {
  aliases?: string[]
  allowNo?: boolean
  char?: string
  env?: string
  exclusive?: string[]
  hasDynamicHelp?: boolean
  multiple?: boolean
  name: string
  type: 'boolean' | 'option'
  [key: string]: unknown
}

interface ManifestCommand {
  args: Record<string, {name: string; required?: boolean; [key: string]: unknown}>
  enableJsonFlag?: boolean
  fieldFlags?: Record<string, string>
  flags: Record<string, ManifestFlag>
  longRunning?: boolean
  relativePath?: string[]
  state?: string
  strict?: boolean
  [key: string]: unknown
}

/** the global booleans every tao command has (BaseCommand.baseFlags, and --json) */
const GLOBAL_BOOLEANS = ['json', 'no-color', 'quiet', 'verbose', 'wide', 'yes']

/**
 * The commands the fast path runs. `flags`/`args`: the ones it may take, each a boolean or a string taken as
 * given (oclif's default parse; test/unit/cli/fast.test.ts checks that against the command classes). A command
 * line with any other flag or argument (from argv or the environment) goes to oclif: `utils convert`'s netuid
 * (flag, argument or stdin) needs the chain.
 */
export const FAST_COMMANDS = {
  // the netuid (argument, --netuid, TAO_NETUID) is taken only as plain digits 0-65535 (what oclif's integer parse
  // and netuidArgs give as that number); --sort only as one of its options, its default applied when absent
  'subnet:metagraph': {args: ['netuid'], body: 'subnetMetagraph', flags: [...GLOBAL_BOOLEANS, 'network', 'timeout', 'netuid', 'reverse', 'sort', 'validators'], integers: ['netuid']},
  'subnet:show': {args: ['netuid'], body: 'subnetShow', flags: [...GLOBAL_BOOLEANS, 'network', 'timeout', 'netuid', 'reverse', 'sort', 'validators'], integers: ['netuid']},
  'chain:info': {args: [], body: 'chainInfo', flags: [...GLOBAL_BOOLEANS, 'network', 'timeout']},
  'subnet:list': {args: [], body: 'subnetList', flags: [...GLOBAL_BOOLEANS, 'network', 'timeout']},
  'wallet:balance': {args: [], body: 'walletBalance', flags: [...GLOBAL_BOOLEANS, 'network', 'timeout', 'all', 'ss58', 'wallet', 'wallet-path']},
  'config:get': {args: ['key'], body: 'configGet', flags: [...GLOBAL_BOOLEANS, 'network', 'timeout']},
  'config:list': {args: [], body: 'configList', flags: [...GLOBAL_BOOLEANS, 'network', 'timeout']},
  'utils:convert': {args: [], body: 'utilsConvert', flags: [...GLOBAL_BOOLEANS, 'network', 'timeout', 'alpha', 'rao', 'tao']},
  'wallet:list': {args: [], body: 'walletList', flags: [...GLOBAL_BOOLEANS, 'network', 'timeout', 'wallet', 'wallet-path']},
} as const satisfies Record<string, {args: readonly string[]; body: keyof typeof import('./offline.js'); flags: readonly string[]; integers?: readonly string[]}>

/** a netuid-like integer as oclif's integer flag (min 0, max 65535) and netuidArgs read it: plain digits only */
const plainInteger = (v: string): number | undefined => (/^\d{1,5}$/.test(v) && Number(v) <= 65_535 ? Number(v) : undefined)

/** what a flag's manifest entry may hold for the fast path to take the flag (anything else: oclif) */
const PLAIN_FLAG_KEYS = new Set(['aliases', 'allowNo', 'char', 'description', 'env', 'exclusive', 'hasDynamicHelp', 'helpGroup', 'hidden', 'multiple', 'name', 'summary', 'type'])
const PLAIN_ARG_KEYS = new Set(['description', 'name', 'required'])

/** oclif's reading of a boolean flag's environment variable */
const isTruthy = (v: string) => ['1', 'true', 'y', 'yes'].includes(v.toLowerCase())

/** The flags and arguments of `rest` as oclif would parse them, or undefined where the fast path leaves it to oclif. */
export function parseFast(
  cmd: ManifestCommand,
  allowed: {args: readonly string[]; flags: readonly string[]; integers?: readonly string[]},
  rest: string[],
  env: NodeJS.ProcessEnv = process.env,
): (ParsedInput & {stdinArg: boolean}) | undefined {
  if (cmd.strict === false || cmd.state === 'deprecated' || cmd.deprecateAliases) return undefined
  const defs = cmd.flags
  const integers = allowed.integers ?? []
  /** a string flag with a list of options and a plain default among them (no environment variable) */
  const choice = (def: ManifestFlag) =>
    def.type === 'option' && Array.isArray(def.options) && typeof def.default === 'string' && (def.options as string[]).includes(def.default) && !def.env && !('defaultHelp' in def) && !def.multiple && allowed.flags.includes(def.name)
  for (const def of Object.values(defs)) {
    if (choice(def)) continue
    // a default applies even when the flag is not given
    if ('default' in def || 'defaultHelp' in def) return undefined
    // a repeatable string flag without an environment variable is taken (read as oclif reads it, below)
    const plainMultiple = def.multiple && def.type === 'option' && !def.env
    if (Object.keys(def).some((k) => !PLAIN_FLAG_KEYS.has(k)) || def.allowNo || (def.multiple && !plainMultiple) || def.hasDynamicHelp) {
      // a default, options, a constraint, required, a delimiter, …: only if the command's fast list leaves it out
      // and it is absent (checked below: it must not be given)
      if (allowed.flags.includes(def.name)) return undefined
    }
  }
  const byAlias = new Map<string, string>()
  const byChar = new Map<string, string>()
  for (const def of Object.values(defs)) {
    for (const a of def.aliases ?? []) byAlias.set(a, def.name)
    if (def.char) byChar.set(def.char, def.name)
  }
  const flags: Record<string, unknown> = {}
  const positional: string[] = []
  // oclif reads a repeatable flag greedily: after its value, every word that is not a flag is one more value, until
  // the next string flag (a boolean flag between them does not end it)
  let greedy: string[] | undefined
  for (let i = 0; i < rest.length; i++) {
    const token = rest[i]!
    if (token === '--') return undefined
    if (!token.startsWith('-') || token === '-') {
      if (token === '-') return undefined
      if (greedy) greedy.push(token)
      else positional.push(token)
      continue
    }
    let name: string | undefined
    let value: string | undefined
    if (token.startsWith('--')) {
      const body = token.slice(2)
      name = defs[body] ? body : byAlias.get(body)
      const eq = body.indexOf('=')
      if (!name && eq > 0) {
        const n = body.slice(0, eq)
        name = defs[n] ? n : byAlias.get(n)
        value = body.slice(eq + 1)
        if (!name || defs[name]!.type !== 'option') return undefined
      }
    } else {
      if (token.length !== 2) return undefined
      name = byAlias.get(token[1]!) ?? byChar.get(token[1]!)
    }
    if (!name || !allowed.flags.includes(name)) return undefined
    const def = defs[name]!
    if (name in flags && !def.multiple) return undefined
    if (def.type === 'boolean') {
      flags[name] = true
      continue
    }
    if (value === undefined) value = rest[++i]
    if (value === undefined || value === '' || value.startsWith('-')) return undefined
    if (def.multiple) {
      greedy = (flags[name] as string[] | undefined) ?? []
      greedy.push(value)
      flags[name] = greedy
    } else {
      greedy = undefined
      if (integers.includes(name)) {
        const n = plainInteger(value)
        if (n === undefined) return undefined
        flags[name] = n
      } else if (choice(def)) {
        if (!(def.options as string[]).includes(value)) return undefined
        flags[name] = value
      } else flags[name] = value
    }
  }
  // flags from their environment variables (oclif: a non-empty value; booleans by its truthy words)
  for (const def of Object.values(defs)) {
    if (def.name in flags || !def.env || !env[def.env]) continue
    if (!allowed.flags.includes(def.name)) return undefined
    if (integers.includes(def.name)) {
      const n = plainInteger(env[def.env]!)
      if (n === undefined) return undefined
      flags[def.name] = n
    } else flags[def.name] = def.type === 'boolean' ? isTruthy(env[def.env]!) : env[def.env]
  }
  // defaults of the option flags taken, where not given
  for (const def of Object.values(defs)) if (choice(def) && !(def.name in flags)) flags[def.name] = def.default
  // a flag the fast path does not take must be absent; exclusive flags given together: oclif's error
  for (const def of Object.values(defs)) {
    if (!allowed.flags.includes(def.name) && (def.required || def.exactlyOne || def.atLeastOne)) return undefined
    if (flags[def.name] !== undefined && def.exclusive?.some((other) => flags[other] !== undefined)) return undefined
  }
  // arguments in order; more than the command takes, a missing required one (oclif reads it from stdin), or one
  // the fast path does not take: oclif
  const argDefs = Object.values(cmd.args)
  if (positional.length > argDefs.length) return undefined
  const args: Record<string, unknown> = {}
  let stdinArg = false
  for (const [i, def] of argDefs.entries()) {
    if (Object.keys(def).some((k) => !PLAIN_ARG_KEYS.has(k))) return undefined
    if (i < positional.length) {
      if (!allowed.args.includes(def.name)) return undefined
      if (integers.includes(def.name)) {
        const n = plainInteger(positional[i]!)
        if (n === undefined) return undefined
        args[def.name] = n
      } else args[def.name] = positional[i]
    } else if (def.required) return undefined
    else stdinArg = true
  }
  return {args, flags, stdinArg}
}

/**
 * oclif's reading of stdin for an argument not given (@oclif/core's parser `readStdin`): nothing on a terminal,
 * else the lines on stdin, given up after 10 ms without an end.
 */
async function readStdin(): Promise<string | null> {
  const {stdin} = process
  if (stdin.isTTY) return null
  const {createInterface} = await import('node:readline')
  const {EOL} = await import('node:os')
  return new Promise((resolve) => {
    const lines: string[] = []
    const ac = new AbortController()
    const timeout = setTimeout(() => ac.abort(), 10)
    const rl = createInterface({input: stdin, output: process.stdout, terminal: false})
    rl.on('line', (line) => lines.push(line))
    rl.once('close', () => {
      clearTimeout(timeout)
      resolve(lines.join(EOL))
    })
    ac.signal.addEventListener(
      'abort',
      () => {
        clearTimeout(timeout)
        rl.close()
        resolve(null)
      },
      {once: true},
    )
  })
}

/**
 * One command's entry of oclif.manifest.json. The whole file (~500 KB) takes longer to parse than the fast path's
 * own work: its entry is found where `oclif manifest` writes it (a key of "commands", two-space indentation) and
 * parsed alone; any other layout, the whole file.
 */
export function manifestEntry(text: string, id: string): ManifestCommand | undefined {
  const key = `\n    ${JSON.stringify(id)}: {`
  const at = text.indexOf(key)
  if (at !== -1 && text.indexOf(key, at + 1) === -1) {
    const start = at + key.length - 1
    let depth = 0
    let inString = false
    for (let i = start; i < text.length; i++) {
      const ch = text[i]
      if (inString) {
        if (ch === '\\') i++
        else if (ch === '"') inString = false
      } else if (ch === '"') inString = true
      else if (ch === '{') depth++
      else if (ch === '}' && --depth === 0) return JSON.parse(text.slice(start, i + 1)) as ManifestCommand
    }
  }
  return (JSON.parse(text) as {commands: Record<string, ManifestCommand>}).commands[id]
}

/** environment that changes what oclif prints or how it reads the command line: oclif's own path */
function oclifEnvironment(env: NodeJS.ProcessEnv): boolean {
  return Object.keys(env).some((k) => k === 'DEBUG' || k === 'CLI_FLAGS_DEBUG' || k === 'TAO_DEBUG' || k === 'TAO_CONTENT_TYPE' || k.startsWith('OCLIF_'))
}

/**
 * Run `argv` (tao's arguments) on the fast path when it can: then the process exits when the command is done.
 * Returns false (having written nothing) where oclif must run it.
 */
export async function runFast(argv: string[], root: string): Promise<boolean> {
  if (process.env.TAO_FAST === '0' || argv.length < 2 || oclifEnvironment(process.env)) return false
  const id = `${argv[0]}:${argv[1]}`
  if (!Object.hasOwn(FAST_COMMANDS, id)) return false
  const fast = FAST_COMMANDS[id as keyof typeof FAST_COMMANDS]
  const manifestFile = path.join(root, 'oclif.manifest.json')
  let cmd: ManifestCommand | undefined
  let bin: string
  try {
    cmd = manifestEntry(readFileSync(manifestFile, 'utf8'), id)
    const pjson = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {name: string; oclif?: {bin?: string; dirname?: string}}
    bin = pjson.oclif?.bin ?? pjson.name
    // a command rebuilt after the manifest (tsc without `oclif manifest`): its flags may have changed
    if (!cmd?.relativePath || statSync(path.join(root, ...cmd.relativePath)).mtimeMs > statSync(manifestFile).mtimeMs) return false
  } catch {
    return false
  }
  // user plugins (oclif's data folder has a package.json): they may hook into any command
  const {dataDir} = await import('../config/dirs.js')
  if (existsSync(path.join(dataDir(), 'package.json'))) return false
  const rest = argv.slice(2)
  const parsed = parseFast(cmd, fast, rest)
  // --verbose prints the stack of an error, whose frames are oclif's on its path
  if (!parsed || parsed.flags.verbose) return false
  if (parsed.stdinArg) {
    // oclif reads an argument not given from stdin (`echo 3 | tao utils convert --tao 1`): something there is
    // the netuid, which oclif parses; it finds the text in its stdin cache
    const stdin = await readStdin()
    if (stdin) {
      const g = globalThis as {oclif?: Record<string, unknown>}
      g.oclif = {...g.oclif, stdinCache: stdin}
      return false
    }
  }
  const [{CommandRuntime}, bodies] = await Promise.all([import('./runtime.js'), import('./offline.js')])
  // as oclif's Command does: a closed pipe on stdout (`tao … | head -1`) is not an error
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err && err.code === 'EPIPE') return
    throw err
  })
  // as oclif's Command does before it runs
  delete process.env[`${bin.replaceAll('@', '').replaceAll(/[/-]/g, '_')}_REDIRECTED`.toUpperCase()]
  const json = Boolean(cmd.enableJsonFlag) && rest.includes('--json')
  const rt = new CommandRuntime({argv: () => rest, bin, id, fieldFlags: cmd.fieldFlags ?? {}, json: () => json, longRunning: Boolean(cmd.longRunning)})
  let result: unknown
  let failed: number | undefined
  try {
    rt.init()
    rt.applyGlobals(parsed.flags)
    result = await bodies[fast.body](rt, parsed)
  } catch (error) {
    failed = rt.reportError(error as Error)
  } finally {
    await rt.closeChain()
  }
  // oclif's error handler exits at once with the command's exit code
  if (failed !== undefined) process.exit(failed)
  if (result && rt.jsonEnabled()) rt.logJson(result)
  await new Promise((resolve) => process.stdout.write('', resolve))
  process.exit(process.exitCode ?? 0)
}
