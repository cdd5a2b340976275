/**
 * SIGTERM (what systemd sends to stop a unit) stops a long-running command cleanly, exit 0, at any point after the
 * command started: while its service is still being set up (here: `miner serve --registered-only` connecting to the
 * chain), and once it runs. (The validator loop's case, after a round, is in metrics.test.ts.)
 */
import {spawn} from 'node:child_process'
import path from 'node:path'
import {fileURLToPath} from 'node:url'
import {describe, expect, inject, it} from 'vitest'

import {BIN} from '../helpers/paths.js'
import {tempHome} from '../helpers/run-tao.js'
import {writeHotkey} from '../unit/miner/fixtures/wallets.js'

const endpoint = inject('endpoint')
const HANDLER = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'stream-handler.mjs')

/** Start tao; send SIGTERM once `trigger` matches its stderr (or stdout); resolve with the exit code and output. */
function termWhen(args: string[], env: Record<string, string>, trigger: RegExp): Promise<{code: number | null; signal: string | null; stdout: string; stderr: string; sent: boolean}> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, [BIN, ...args], {env: {...process.env, NO_COLOR: '1', ...env}, stdio: ['ignore', 'pipe', 'pipe']})
    let stdout = ''
    let stderr = ''
    let sent = false
    const check = () => {
      if (!sent && (trigger.test(stderr) || trigger.test(stdout))) {
        sent = true
        proc.kill('SIGTERM')
      }
    }
    proc.stdout.on('data', (d: Buffer) => {
      stdout += d.toString()
      check()
    })
    proc.stderr.on('data', (d: Buffer) => {
      stderr += d.toString()
      check()
    })
    const timer = setTimeout(() => {
      proc.kill('SIGKILL')
      reject(new Error(`tao ${args.join(' ')} did not end\n${stderr}`))
    }, 120_000)
    proc.on('exit', (code, signal) => {
      clearTimeout(timer)
      resolve({code, sent, signal, stderr, stdout})
    })
  })
}

describe.skipIf(!endpoint)('SIGTERM stops a long-running command cleanly', () => {
  const home = tempHome('tao-signals-')

  it('while the service is being set up (connecting to the chain): exit 0, not "interrupted"', async () => {
    await writeHotkey(home.env.TAO_WALLET_PATH!, 'miner', 'default', 'signals-int-miner')
    const r = await termWhen(['miner', 'serve', '--handler', HANDLER, '--port', '0', '--registered-only', '--netuid', '0', '--network', endpoint, '--verbose', '-w', 'miner'], home.env, /connecting to/)
    expect(r.sent).toBe(true)
    expect([r.code, r.signal], r.stderr).toEqual([0, null])
    expect(r.stderr).not.toMatch(/interrupted/)
  })

  it('once it runs (after its ready line), also after the settings store was loaded: exit 0', async () => {
    // no --network: the network comes from the settings store (conf), whose loading used to hook the signals
    const r = await termWhen(['miner', 'serve', '--handler', HANDLER, '--port', '0', '--json', '-w', 'miner'], home.env, /"port":/)
    expect(r.sent).toBe(true)
    expect([r.code, r.signal], r.stderr).toEqual([0, null])
    expect(r.stderr).not.toMatch(/interrupted/)
  })
})
