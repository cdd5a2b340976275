// The benchmarks' local chain: the real `tao localnet start --port 0 --json`, started from the shared spec-218
// chain (or TAO_TEST_SPEC), by whichever tao binary the caller names (this checkout's, or an installed one).
import {spawn} from 'node:child_process'
import {existsSync} from 'node:fs'
import path from 'node:path'
import {fileURLToPath} from 'node:url'

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
export const SPEC = path.resolve(ROOT, process.env.TAO_TEST_SPEC ?? '../shared/chain/subtensor-spec218.raw.json')

/**
 * Start it and resolve once its JSON ready line names the endpoint (rejects if it exits first or is not ready in
 * 180 s, with the end of its stderr). `stop()` sends SIGINT, SIGKILL a second later if it is still there, and
 * resolves when it has exited.
 */
export async function startLocalnet({bin = path.join(ROOT, 'bin', 'run.js'), cwd, env = {...process.env, NO_COLOR: '1'}} = {}) {
  const child = spawn(process.execPath, [bin, 'localnet', 'start', '--spec', SPEC, '--port', '0', '--json'], {cwd, env, stdio: ['ignore', 'pipe', 'pipe']})
  const exited = new Promise((resolve) => child.once('exit', resolve))
  const stop = () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGINT')
      setTimeout(() => child.kill('SIGKILL'), 1000).unref()
    }
    return exited
  }
  let out = ''
  let err = ''
  // the end of its stderr, for the error if it fails (it runs for as long as the caller needs it)
  child.stderr.on('data', (d) => (err = (err + d).slice(-4096)))
  try {
    const endpoint = await new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`localnet did not start in 180 s: ${err.trim().split('\n').pop() ?? ''}`)), 180_000)
      const onOut = (d) => {
        out += d
        const line = out.split('\n').find((l) => l.startsWith('{'))
        if (line) {
          clearTimeout(timer)
          child.stdout.off('data', onOut)
          child.stdout.resume()
          // `--json` prints its failure as a JSON document too: one without an endpoint is that
          const doc = JSON.parse(line)
          if (typeof doc.endpoint === 'string') resolve(doc.endpoint)
          else reject(new Error(`localnet did not start: ${doc.error?.message ?? line}`))
        }
      }
      child.stdout.on('data', onOut)
      child.once('exit', (code) => {
        clearTimeout(timer)
        reject(new Error(`localnet exited with ${code}: ${err.trim().split('\n').pop() ?? ''}`))
      })
    })
    return {endpoint, stop}
  } catch (error) {
    await stop()
    throw error
  }
}

/**
 * The chain a benchmark reads: the endpoint it was given (`--network`, TAO_BENCH_ENDPOINT), else a localnet it
 * starts from SPEC, else (no spec on this machine) undefined, and the benchmark says it skipped its chain part.
 */
export async function benchChain(given, log = () => {}) {
  if (given) return {endpoint: given, stop: async () => {}}
  if (!existsSync(SPEC)) return undefined
  log('starting a localnet from the spec-218 chain…')
  return startLocalnet()
}
