#!/usr/bin/env node
// Fast path: `tao --version` answers without loading oclif (start-up budget: < 3x `node -e 0`).
const argv = process.argv.slice(2)
if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-v' || argv[0] === 'version')) {
  const {readFileSync} = await import('node:fs')
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'))
  process.stdout.write(`tao/${pkg.version} ${process.platform}-${process.arch} node-${process.version}\n`)
} else {
  const {execute} = await import('@oclif/core')
  await execute({dir: import.meta.url})
  // The command is done (long-running ones such as `localnet start` return only when stopped). A closed
  // websocket can keep its TCP socket open for seconds waiting for the peer's close frame: don't wait for it.
  await new Promise((resolve) => process.stdout.write('', resolve))
  process.exit(process.exitCode ?? 0)
}
