#!/usr/bin/env node
// Fast path: `tao --version` answers without loading oclif (start-up budget: < 3x `node -e 0`).
const argv = process.argv.slice(2)
if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-v' || argv[0] === 'version')) {
  const {readFileSync} = await import('node:fs')
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'))
  process.stdout.write(`tao/${pkg.version} ${process.platform}-${process.arch} node-${process.version}\n`)
} else {
  const [{execute, settings}, {existsSync, readFileSync}, {createRequire}, {fileURLToPath}, path] = await Promise.all([
    import('@oclif/core'),
    import('node:fs'),
    import('node:module'),
    import('node:url'),
    import('node:path'),
  ])
  const root = fileURLToPath(new URL('..', import.meta.url))
  const pjson = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'))
  // Optional plugins (`tao localnet` is tao-localnet, which brings chopsticks): loaded when installed beside tao
  // (npm install -g tao-localnet, or linked in a checkout by `npm ci`), and built. Without one, the
  // command_not_found hook says how to add it.
  const require = createRequire(path.join(root, 'package.json'))
  for (const name of ['tao-localnet']) {
    let dir
    try {
      dir = path.dirname(require.resolve(`${name}/package.json`))
    } catch {
      continue
    }
    if (!existsSync(path.join(dir, 'oclif.manifest.json'))) continue
    pjson.dependencies = {...pjson.dependencies, [name]: '*'}
    pjson.oclif.plugins = [...(pjson.oclif.plugins ?? []), name]
  }
  // always the compiled dist/ (never oclif's ts-node/tsx lookup of src/, which it tries when NODE_ENV is test or
  // development and which warns on stderr where typescript is absent)
  settings.enableAutoTranspile = false
  await execute({loadOptions: {pjson, root}})
  // The command is done (long-running ones such as `localnet start` return only when stopped). A closed
  // websocket can keep its TCP socket open for seconds waiting for the peer's close frame: don't wait for it.
  await new Promise((resolve) => process.stdout.write('', resolve))
  process.exit(process.exitCode ?? 0)
}
