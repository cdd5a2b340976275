import type {TestProject} from 'vitest/node'

import type {ChildProcess} from 'node:child_process'
import {existsSync, mkdtempSync} from 'node:fs'
import {tmpdir} from 'node:os'
import path from 'node:path'

import {rawCall} from './chain-reset.js'
import {ROOT} from './paths.js'
import {startTao} from './run-tao.js'

/** The shared test chain: TAO_TEST_SPEC, default ../shared/chain/subtensor-spec218.raw.json. */
export const SPEC = path.resolve(ROOT, process.env.TAO_TEST_SPEC ?? '../shared/chain/subtensor-spec218.raw.json')

declare module 'vitest' {
  export interface ProvidedContext {
    /** the head when the suite's chain started: every file starts from it (test/helpers/file-setup.ts) */
    baseBlock: string
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
    project.provide('baseBlock', '')
    project.provide('endpoint', '')
    project.provide('specPath', '')
    return
  }
  // its own data folder: the suite's localnet record never becomes the user's `-n local`
  const data = mkdtempSync(path.join(tmpdir(), 'tao-suite-localnet-'))
  const started = await startTao(['localnet', 'start', '--spec', SPEC, '--port', '0', '--json'], {env: {TAO_DATA_DIR: data}, timeoutMs: 180_000})
  child = started.proc
  const endpoint: string = started.json.endpoint
  project.provide('baseBlock', await rawCall<string>(endpoint, 'chain_getBlockHash'))
  project.provide('endpoint', endpoint)
  project.provide('specPath', SPEC)
  return async () => {
    child?.kill('SIGINT')
    await new Promise((r) => setTimeout(r, 500))
    child?.kill('SIGKILL')
  }
}
