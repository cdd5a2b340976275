#!/usr/bin/env node
// Node 22.1+ keeps the compiled code of the modules a command loads (oclif, tao) in a cache on disk between runs
// (in the OS temp folder; NODE_COMPILE_CACHE picks another, NODE_DISABLE_COMPILE_CACHE=1 turns it off).
import module from 'node:module'
module.enableCompileCache?.()
// Fast path: `tao --version` answers without loading oclif (start-up budget: < 3x `node -e 0`).
const argv = process.argv.slice(2)
if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-v' || argv[0] === 'version')) {
  const {readFileSync} = await import('node:fs')
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'))
  process.stdout.write(`tao/${pkg.version} ${process.platform}-${process.arch} node-${process.version}\n`)
} else {
  // Fast path: the commands listed in FAST_COMMANDS (dist/cli/fast.js: the offline ones and the most frequent
  // reads) run without loading oclif, with the same parsing and output (it exits when it ran the command).
  // Whatever it does not fully understand (--help, a bad flag, …) comes back here to oclif. TAO_FAST=0: off.
  if (process.env.TAO_FAST !== '0' && argv.length >= 2 && argv.at(-1) !== '--help') {
    let fast
    try {
      fast = await import('../dist/cli/fast.js')
    } catch {
      // not built: oclif says so
    }
    if (fast) await fast.runFast(argv, (await import('node:url')).fileURLToPath(new URL('..', import.meta.url)))
  }
  const [{existsSync, readFileSync}, {createRequire}, {fileURLToPath}, path] = await Promise.all([
    import('node:fs'),
    import('node:module'),
    import('node:url'),
    import('node:path'),
  ])
  const root = fileURLToPath(new URL('..', import.meta.url))
  const require = createRequire(path.join(root, 'package.json'))
  /** an installed package's folder, or undefined */
  const packageDir = (name) => {
    try {
      return path.dirname(require.resolve(`${name}/package.json`))
    } catch {
      try {
        // a package whose exports leave out package.json: up from its entry point
        for (let dir = path.dirname(require.resolve(name)); dir !== path.dirname(dir); dir = path.dirname(dir)) {
          if (existsSync(path.join(dir, 'package.json')) && JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')).name === name) return dir
        }
      } catch {
        // not installed
      }
      return undefined
    }
  }
  // Optional plugins (`tao localnet` is tao-localnet, which brings chopsticks): loaded when installed beside tao
  // (npm install -g tao-localnet, or linked in a checkout by `npm ci`), and built. Without one, the
  // command_not_found hook says how to add it.
  const plugins = []
  for (const name of ['tao-localnet']) {
    const dir = packageDir(name)
    if (dir && existsSync(path.join(dir, 'oclif.manifest.json'))) plugins.push({dir, name})
  }
  // `tao … --help`: the text oclif printed last time for the same request in the same setting (bin/help-cache.js)
  let help
  if (argv.length > 0 && argv.at(-1) === '--help') {
    const cache = await import('./help-cache.js')
    if (cache.helpRequest(argv)) {
      const file = cache.helpCacheFile(argv, [root, packageDir('@oclif/core'), packageDir('@oclif/plugin-help'), ...plugins.map((p) => p.dir)])
      const text = cache.readHelp(file)
      if (text) {
        await new Promise((resolve) => process.stdout.write(text, resolve))
        process.exit(0)
      }
      help = cache.recordHelp(file)
    }
  }
  // oclif's parts, not its index: the index loads every part (and semver, for a Node version check of its own)
  const [{execute}, {settings}] = await Promise.all([import('@oclif/core/execute'), import('@oclif/core/settings')])
  const pjson = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'))
  for (const {name} of plugins) {
    pjson.dependencies = {...pjson.dependencies, [name]: '*'}
    pjson.oclif.plugins = [...(pjson.oclif.plugins ?? []), name]
  }
  // always the compiled dist/ (never oclif's ts-node/tsx lookup of src/, which it tries when NODE_ENV is test or
  // development and which warns on stderr where typescript is absent)
  settings.enableAutoTranspile = false
  await execute({loadOptions: {pjson, root}})
  help?.store()
  // The command is done (long-running ones such as `localnet start` return only when stopped). A closed
  // websocket can keep its TCP socket open for seconds waiting for the peer's close frame: don't wait for it.
  await new Promise((resolve) => process.stdout.write('', resolve))
  process.exit(process.exitCode ?? 0)
}
