import type {TestProject} from 'vitest/node'

import {spawn, type ChildProcess} from 'node:child_process'
import {existsSync} from 'node:fs'
import path from 'node:path'

import {BIN, ROOT} from './paths.js'

/** The shared test chain: TAO_TEST_SPEC, default ../shared/chain/subtensor-spec218.raw.json. */
export const SPEC = path.resolve(ROOT, process.env.TAO_TEST_SPEC ?? '../shared/chain/subtensor-spec218.raw.json')

declare module 'vitest' {
  export interface ProvidedContext {
    endpoint: string
    specPath: string
  }
}

let child: ChildProcess | undefined

/**
 * Start one local chain for the whole integration run, with the real `tao localnet start` binary.
 * No spec: the suite is skipped with one line, except in CI (CI=true), where it is required.
 */
export default async function setup(project: TestProject) {
  if (!existsSync(path.join(ROOT, 'dist', 'commands'))) throw new Error('run `npm run build` before the integration tests')
  if (!existsSync(SPEC)) {
    if (process.env.CI === 'true') throw new Error(`CI=true but the test chain spec is missing: ${SPEC}`)
    console.warn(`integration tests skipped: no chain spec at ${SPEC} (set TAO_TEST_SPEC)`)
    project.provide('endpoint', '')
    project.provide('specPath', '')
    return
  }
  child = spawn(process.execPath, [BIN, 'localnet', 'start', '--spec', SPEC, '--port', '0', '--json'], {
    env: {...process.env, NO_COLOR: '1'},
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let out = ''
  let err = ''
  const endpoint = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`localnet did not start in 180 s: ${err}`)), 180_000)
    child!.stdout!.on('data', (d: Buffer) => {
      out += d.toString()
      const line = out.split('\n').find((l) => l.startsWith('{'))
      if (line) {
        clearTimeout(timer)
        resolve(JSON.parse(line).endpoint)
      }
    })
    child!.stderr!.on('data', (d: Buffer) => {
      err += d.toString()
    })
    child!.on('exit', (code) => reject(new Error(`localnet exited with ${code}: ${err}`)))
  })
  project.provide('endpoint', endpoint)
  project.provide('specPath', SPEC)
  return async () => {
    child?.kill('SIGINT')
    await new Promise((r) => setTimeout(r, 500))
    child?.kill('SIGKILL')
  }
}
