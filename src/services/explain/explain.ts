/**
 * `explain ERROR`: what a chain error means and what to do, from the table tao uses when it reports refusals
 * (src/chain/error-meanings.ts). Offline: nothing is read from a chain.
 */
import type {TaoClient} from '../../client.js'
import type {Ui} from '../../ui.js'

import {closestErrorNames, type ErrorExplanation, explainError} from '../../chain/error-meanings.js'
import {InputError} from '../../errors.js'

export interface ExplainOptions {
  /** a pallet error name, `Module.Error`, or a pool code (`Custom error: 5`) */
  error: string
}

export interface ExplainResult {
  query: string
  matches: ErrorExplanation[]
}

export async function explain(_client: TaoClient | undefined, o: ExplainOptions, _ui?: Ui): Promise<ExplainResult> {
  const query = (o.error ?? '').trim()
  if (!query) throw new InputError('give an error name (e.g. StakeTooLowForRoot), Module.Error, or "Custom error: N"', {code: 'BadError', field: 'error'})
  const matches = explainError(query)
  if (matches.length === 0) {
    const custom = /custom\D*(\d+)/i.exec(query)
    if (custom) throw new InputError(`no pool error is known with custom code ${custom[1]}`, {code: 'UnknownError', field: 'error'})
    const near = closestErrorNames(query)
    throw new InputError(`unknown chain error ${JSON.stringify(query)}${near.length ? `; did you mean ${near.join(', ')}?` : ''}`, {code: 'UnknownError', data: {suggestions: near}, field: 'error'})
  }
  return {matches, query}
}
