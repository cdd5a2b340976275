/** Shared by the light read path's integration tests: run tao with the module-log hook, and count request waves. */
import {readFileSync} from 'node:fs'
import path from 'node:path'

import {ROOT} from './paths.js'
import {runTao, type TaoResult} from './run-tao.js'

const HOOK = path.join(ROOT, 'test', 'helpers', 'module-log.mjs')

/** Run tao with the module-log loader hook: the result and the loaded module URLs. */
export async function runLogged(args: string[], env: Record<string, string>): Promise<TaoResult & {modules: string[]}> {
  const log = path.join(env.HOME!, `modules-${Date.now()}-${Math.random().toString(36).slice(2)}.log`)
  const r = await runTao(args, {env: {...env, NODE_OPTIONS: `--import ${HOOK}`, TAO_LIGHT_DEBUG: '1', TAO_MODULE_LOG: log}})
  let modules: string[] = []
  try {
    modules = readFileSync(log, 'utf8').split('\n').filter(Boolean)
  } catch {}
  return {...r, modules}
}

/** The modules of @polkadot/api, @polkadot/types and @polkadot/rpc-provider among those loaded. */
export const polkadotApi = (modules: string[]): string[] => modules.filter((m) => /node_modules\/@polkadot\/(api|types|rpc-provider)\//.test(m))

/** Dependent request waves of the first client connection: a wave starts with the first request after an answer. */
export function waves(log: {dir: 'in' | 'out'; conn: number}[]): number {
  let n = 0
  let answered = true
  for (const e of log.filter((x) => x.conn === 0)) {
    if (e.dir === 'out') {
      if (answered) n++
      answered = false
    } else answered = true
  }
  return n
}
