/** The start-up fast path's tests (src/cli/fast.ts): run a command line both ways and compare. */
import {readFileSync} from 'node:fs'
import path from 'node:path'
import {expect} from 'vitest'

import {ROOT} from './paths.js'
import {runTao, type RunOptions, type TaoResult} from './run-tao.js'

export const REQUIRE_LOG = path.join(ROOT, 'test', 'helpers', 'require-log.mjs')
export const MODULE_LOG = path.join(ROOT, 'test', 'helpers', 'module-log.mjs')

let seq = 0
/** run tao with the require log: the result and the CommonJS modules it loaded */
export async function logged(args: string[], opts: RunOptions & {env: Record<string, string | undefined>}): Promise<TaoResult & {required: string[]}> {
  const log = path.join(opts.env.HOME!, `required-${process.pid}-${seq++}.log`)
  const r = await runTao(args, {...opts, env: {...opts.env, NODE_OPTIONS: `--import ${REQUIRE_LOG}`, TAO_REQUIRE_LOG: log}})
  let required: string[] = []
  try {
    required = readFileSync(log, 'utf8').split('\n').filter(Boolean)
  } catch {}
  return {...r, required}
}

export const oclifLoaded = (files: string[]) => files.some((f) => f.includes(`${path.sep}@oclif${path.sep}core${path.sep}`))

/**
 * `args` both ways: the same stdout, stderr and exit code; and whether the fast path took it (`fast`).
 * Returns the fast path's result.
 */
export async function same(args: string[], fast: boolean, opts: RunOptions & {env: Record<string, string | undefined>}): Promise<TaoResult> {
  const quick = await logged(args, opts)
  const oclif = await logged(args, {...opts, env: {...opts.env, TAO_FAST: '0'}})
  const shown = (r: TaoResult) => ({code: r.code, stderr: r.stderr, stdout: r.stdout})
  expect({args, env: opts.env, result: shown(quick)}).toEqual({args, env: opts.env, result: shown(oclif)})
  expect({args, fastPath: !oclifLoaded(quick.required)}).toEqual({args, fastPath: fast})
  // the oclif path loads oclif (the check above can tell)
  expect(oclifLoaded(oclif.required)).toBe(true)
  return quick
}
