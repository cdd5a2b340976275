/**
 * Loading an operator's handler module for `tao miner serve` (the contract is in docs/miner.md):
 *
 *   export const synapses = [{name: 'Dummy', fields: {dummy_input: 'int', dummy_output: 'Optional[int] = None'},
 *                             required_hash_fields: ['dummy_input']}]      // or `export const synapse = {...}`
 *   export default async function (synapse, ctx) { return {dummy_output: synapse.dummy_input * 2} }
 *   // or: export const handlers = {Dummy: async (synapse, ctx) => …}
 *   export async function blacklist({name, hotkey, ip}) { return hotkey === BANNED ? 'banned' : false }  // optional
 *
 * Streaming (a Python StreamingSynapse): a handler that is an async generator (or returns any async iterable)
 * streams what it yields, strings as UTF-8 or bytes as they are:
 *   export const handlers = {StreamText: async function* (synapse, ctx) { for (const w of words) yield w + '\n' }}
 */
import {readFile} from 'node:fs/promises'
import path from 'node:path'
import {pathToFileURL} from 'node:url'

import type {AxonHandler, BlacklistFn} from './axon.js'

import {InputError} from '../errors.js'
import {fromPlain, parsePyJson} from './pyvalue.js'
import {type SynapseDef, SynapseError, synapseFromDefinition} from './synapse.js'

export interface LoadedHandler {
  file: string
  synapses: SynapseDef[]
  handler: AxonHandler | Record<string, AxonHandler>
  blacklist?: BlacklistFn
  /** synapses whose handler is an async generator function (they stream; any handler returning an async iterable does) */
  streaming: string[]
}

const isAsyncGeneratorFunction = (f: unknown) => typeof f === 'function' && Object.prototype.toString.call(f) === '[object AsyncGeneratorFunction]'

/** Read synapse definition files (JSON); each holds one definition or a list of them. */
export async function readSynapseFiles(files: string[]): Promise<SynapseDef[]> {
  const defs: SynapseDef[] = []
  for (const f of files) {
    let text: string
    try {
      text = await readFile(f, 'utf8')
    } catch (error) {
      throw new InputError(`cannot read synapse file ${f}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, {code: 'BadFile'})
    }
    defs.push(...parseSynapseText(text, f))
  }
  return defs
}

export function parseSynapseText(text: string, source: string): SynapseDef[] {
  try {
    const trimmed = text.trimStart()
    if (trimmed.startsWith('[')) {
      const list = parsePyJson(text)
      if (!Array.isArray(list)) throw new SynapseError('expected a list')
      return list.map((d, i) => synapseFromDefinition(d, `${source} [${i}]`))
    }
    return [synapseFromDefinition(text, source)]
  } catch (error) {
    if (error instanceof SynapseError) throw new InputError(error.message, {code: 'BadSynapse'})
    throw new InputError(`${source}: ${(error as Error).message}`, {code: 'BadSynapse'})
  }
}

/** Import the handler module and check its exports. Every problem is one InputError naming the file. */
export async function loadHandlerModule(file: string, extra: SynapseDef[] = []): Promise<LoadedHandler> {
  const abs = path.resolve(file)
  let mod: Record<string, unknown>
  try {
    mod = (await import(pathToFileURL(abs).href)) as Record<string, unknown>
  } catch (error) {
    const e = error as NodeJS.ErrnoException
    if (e.code === 'ERR_MODULE_NOT_FOUND' && String(e.message).includes(abs)) throw new InputError(`handler module not found: ${abs}`, {code: 'BadFile'})
    throw new InputError(`handler module ${file} failed to load: ${String(e.message ?? e).split('\n')[0]}`, {code: 'BadHandler'})
  }
  const where = `handler module ${file}`
  const defs: SynapseDef[] = [...extra]
  const declared = mod.synapses ?? (mod.synapse === undefined ? undefined : [mod.synapse])
  if (declared !== undefined) {
    if (!Array.isArray(declared)) throw new InputError(`${where}: "synapses" must be a list of synapse definitions`, {code: 'BadHandler'})
    for (const [i, d] of declared.entries()) {
      try {
        defs.push(synapseFromDefinition(fromPlain(d), `${where}: synapses[${i}]`))
      } catch (error) {
        throw new InputError((error as Error).message, {code: 'BadHandler'})
      }
    }
  }
  const names = new Set<string>()
  for (const d of defs) {
    if (names.has(d.name)) throw new InputError(`${where}: synapse ${d.name} is defined twice`, {code: 'BadHandler'})
    names.add(d.name)
  }
  let handler: AxonHandler | Record<string, AxonHandler>
  const fn = mod.default ?? mod.handlers ?? mod.handler
  if (typeof fn === 'function') handler = fn as AxonHandler
  else if (fn && typeof fn === 'object') {
    const map = fn as Record<string, unknown>
    for (const [k, v] of Object.entries(map)) {
      if (typeof v !== 'function') throw new InputError(`${where}: handler for ${k} is not a function`, {code: 'BadHandler'})
      if (!names.has(k)) throw new InputError(`${where}: handler for "${k}" but no synapse definition with that name (defined: ${[...names].join(', ') || 'none'})`, {code: 'BadHandler'})
    }
    handler = map as Record<string, AxonHandler>
  } else {
    throw new InputError(`${where}: export a default async function (synapse, ctx) => fields, or \`handlers\` {Name: fn}`, {code: 'BadHandler'})
  }
  if (defs.length === 0) {
    throw new InputError(`${where}: no synapse definitions; export \`synapses\` from the module or pass «synapseFiles»`, {code: 'BadHandler'})
  }
  const blacklist = mod.blacklist
  if (blacklist !== undefined && typeof blacklist !== 'function') throw new InputError(`${where}: "blacklist" must be a function`, {code: 'BadHandler'})
  const streaming = typeof handler === 'function' ? (isAsyncGeneratorFunction(handler) ? defs.map((d) => d.name) : []) : Object.keys(handler).filter((k) => isAsyncGeneratorFunction(handler[k]))
  return {blacklist: blacklist as BlacklistFn | undefined, file: abs, handler, streaming, synapses: defs}
}
