/** Lines of `validator run`: one per iteration on stdout (a JSON object under --json). */
import type {IterationResult} from '../../weights/validator.js'

import {stringifyJson} from '../../output/json.js'

export function renderIteration(r: IterationResult, json: boolean): string {
  if (json) return stringifyJson(r, false)
  const acts = r.run?.actions.map((a) => (a.txHash ? `${a.action} (block ${a.block})` : `${a.action}: ${a.detail}`)).join('; ')
  const queried = r.query ? `${r.query.succeeded}/${r.query.queried} miners answered 200 in ${r.query.wallMs} ms; ` : ''
  const dropped = r.dropped.length ? `; dropped ${r.dropped.length} unusable score(s)` : ''
  return `#${r.iteration} block ${r.block}: ${queried}scored ${r.scored}${dropped}; ${r.error ? `error (${r.error.code}): ${r.error.message}` : acts}`
}
