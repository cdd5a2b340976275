/**
 * `explain ERROR`: what a chain error means and what to do, from the table tao uses when it reports refusals
 * (src/chain/error-meanings.ts). Offline by default. With `chain`, the connected runtime's metadata is consulted
 * too, as the CLI does when it decodes a refusal: a name the table lacks is explained by the runtime's own error
 * docs, and each match says which pallet of that runtime has it.
 */
import type {TaoClient} from '../../client.js'
import type {Ui} from '../../ui.js'

import {closestErrorNames, type ErrorExplanation, explainError} from '../../chain/error-meanings.js'
import {InputError} from '../../errors.js'

export interface ExplainOptions {
  /** a pallet error name, `Module.Error`, or a pool code (`Custom error: 5`) */
  error: string
  /** also look the name up in the connected runtime's metadata */
  chain?: boolean
}

export interface ExplainResult {
  query: string
  matches: ErrorExplanation[]
  /** with `chain`: the endpoint whose runtime was consulted */
  runtime?: string
}

export async function explain(client: TaoClient | undefined, o: ExplainOptions, _ui?: Ui): Promise<ExplainResult> {
  const query = (o.error ?? '').trim()
  if (!query) throw new InputError('give an error name (e.g. StakeTooLowForRoot), Module.Error, or "Custom error: N"', {code: 'BadError', field: 'error'})
  let matches: ErrorExplanation[] = explainError(query).map((m) => ({...m, source: 'table' as const}))
  let runtimeNames: string[] = []
  let runtime: string | undefined
  const custom = /custom\D*(\d+)/i.exec(query)
  if (o.chain && client && !custom) {
    const {runtimeErrors} = await import('../../chain/keys-reads.js')
    const chain = await client.chain()
    runtime = chain.endpoint
    const all = runtimeErrors(chain)
    runtimeNames = all.map((e) => e.name)
    const dot = query.lastIndexOf('.')
    const [pallet, name] = dot < 0 ? [undefined, query] : [query.slice(0, dot), query.slice(dot + 1)]
    const found = all.filter((e) => e.name.toLowerCase() === name.toLowerCase() && (!pallet || /^pool$/i.test(pallet) || e.pallet.toLowerCase() === pallet.toLowerCase()))
    matches = matches.map((m) => (m.kind === 'dispatch' ? {...m, pallet: found[0]?.pallet} : m))
    if (!matches.some((m) => m.kind === 'dispatch')) {
      for (const e of found) {
        const [meaning, ...rest] = (e.docs || 'the runtime documents no meaning for this error').replace(/\.$/, '').split(/(?<=\.)\s+/)
        matches.push({action: rest.join(' '), kind: 'dispatch', meaning: meaning!.replace(/\.$/, ''), name: e.name, pallet: e.pallet, source: 'runtime'})
      }
    }
  }
  if (matches.length === 0) {
    if (custom) throw new InputError(`no pool error is known with custom code ${custom[1]}`, {code: 'UnknownError', field: 'error'})
    const near = closestErrorNames(query, 3, runtimeNames)
    throw new InputError(`unknown chain error ${JSON.stringify(query)}${near.length ? `; did you mean ${near.join(', ')}?` : ''}`, {code: 'UnknownError', data: {suggestions: near}, field: 'error'})
  }
  return {matches, query, runtime}
}
