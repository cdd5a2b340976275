import {spawn} from 'node:child_process'
import {mkdtempSync} from 'node:fs'
import {tmpdir} from 'node:os'
import path from 'node:path'

import {BIN} from './paths.js'

export interface TaoResult {
  code: number
  stdout: string
  stderr: string
  /** stdout parsed as JSON (when it is JSON) */
  json: any
}

export interface RunOptions {
  env?: Record<string, string | undefined>
  /** text written to stdin (stdin is otherwise closed: no TTY, as under cron) */
  input?: string
  timeoutMs?: number
}

/** A fresh, isolated home for tao's config, cache and data (and wallets when the test wants). */
export function tempHome(prefix = 'tao-test-'): {dir: string; env: Record<string, string>} {
  const dir = mkdtempSync(path.join(tmpdir(), prefix))
  return {
    dir,
    env: {
      HOME: dir,
      TAO_CACHE_DIR: path.join(dir, 'cache'),
      TAO_CONFIG_DIR: path.join(dir, 'config'),
      TAO_DATA_DIR: path.join(dir, 'data'),
      TAO_WALLET_PATH: path.join(dir, 'wallets'),
    },
  }
}

/** Run the built `bin/run.js` as a user does: a subprocess, no TTY, colour off. */
export function runTao(args: string[], opts: RunOptions = {}): Promise<TaoResult> {
  return new Promise((resolve, reject) => {
    const env: Record<string, string> = {}
    for (const [k, v] of Object.entries({...process.env, NO_COLOR: '1', ...opts.env})) if (v !== undefined) env[k] = v
    // detached: a new session without a controlling terminal, as under cron
    const child = spawn(process.execPath, [BIN, ...args], {detached: true, env, stdio: ['pipe', 'pipe', 'pipe']})
    let stdout = ''
    let stderr = ''
    // decoded across chunks: a character split between two reads stays whole
    child.stdout.setEncoding('utf8')
    child.stderr.setEncoding('utf8')
    child.stdout.on('data', (d: string) => (stdout += d))
    child.stderr.on('data', (d: string) => (stderr += d))
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      reject(new Error(`tao ${args.join(' ')} timed out\nstdout: ${stdout}\nstderr: ${stderr}`))
    }, opts.timeoutMs ?? 180_000)
    child.on('error', reject)
    child.on('close', (code) => {
      clearTimeout(timer)
      let json: unknown
      try {
        json = JSON.parse(stdout)
      } catch {
        json = undefined
      }
      resolve({code: code ?? -1, json, stderr, stdout})
    })
    if (opts.input !== undefined) child.stdin.write(opts.input)
    child.stdin.end()
  })
}

/**
 * Run the built binary under a pseudo-terminal (util-linux `script`), as a person at a terminal would.
 * stdout and stderr both arrive in `stdout` (a terminal has one screen).
 */
export function runTaoInTerminal(args: string[], opts: RunOptions = {}): Promise<TaoResult> {
  const quoted = [process.execPath, BIN, ...args].map((a) => `'${a.replaceAll("'", "'\\''")}'`).join(' ')
  return new Promise((resolve, reject) => {
    const env: Record<string, string> = {}
    for (const [k, v] of Object.entries({...process.env, NO_COLOR: '1', ...opts.env})) if (v !== undefined) env[k] = v
    const child = spawn('script', ['-qec', quoted, '/dev/null'], {detached: true, env, stdio: ['pipe', 'pipe', 'pipe']})
    let stdout = ''
    let stderr = ''
    // decoded across chunks: a character split between two reads stays whole
    child.stdout.setEncoding('utf8')
    child.stderr.setEncoding('utf8')
    child.stdout.on('data', (d: string) => (stdout += d))
    child.stderr.on('data', (d: string) => (stderr += d))
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      reject(new Error(`tao ${args.join(' ')} (terminal) timed out\n${stdout}`))
    }, opts.timeoutMs ?? 180_000)
    child.on('close', (code) => {
      clearTimeout(timer)
      resolve({code: code ?? -1, json: undefined, stderr, stdout: stdout.replaceAll('\r\n', '\n')})
    })
    if (opts.input !== undefined) child.stdin.write(opts.input)
    child.stdin.end()
  })
}

export interface StartedTao {
  proc: import('node:child_process').ChildProcess
  /** the first JSON line the command printed (e.g. the endpoint of a localnet, the port of an axon) */
  json: any
  stderr(): string
}

/** Start a long-running tao command (`localnet start`, `miner serve`) and resolve when it prints its JSON line. */
export function startTao(args: string[], opts: {env?: Record<string, string | undefined>; timeoutMs?: number} = {}): Promise<StartedTao> {
  return new Promise((resolve, reject) => {
    const env: Record<string, string> = {}
    for (const [k, v] of Object.entries({...process.env, NO_COLOR: '1', ...opts.env})) if (v !== undefined) env[k] = v
    const proc = spawn(process.execPath, [BIN, ...args], {env, stdio: ['ignore', 'pipe', 'pipe']})
    let out = ''
    let err = ''
    const timer = setTimeout(() => reject(new Error(`tao ${args.join(' ')} did not start: ${err}`)), opts.timeoutMs ?? 60_000)
    proc.stdout!.on('data', (d: Buffer) => {
      out += d.toString()
      const line = out.split('\n').find((l) => l.startsWith('{'))
      if (line) {
        clearTimeout(timer)
        resolve({json: JSON.parse(line), proc, stderr: () => err})
      }
    })
    proc.stderr!.on('data', (d: Buffer) => (err += d.toString()))
    proc.on('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`tao ${args.join(' ')} exited ${code}: ${err}`))
    })
  })
}
