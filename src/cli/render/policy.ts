/** `policy show` output. */
import type {PolicyShowResult} from '../../services/policy/show.js'

import {renderKeyValues} from '../../output/table.js'

export function renderPolicy(r: PolicyShowResult): string {
  return renderKeyValues([
    ['policy', r.inForce ? r.file : `none (${r.file} does not exist)`],
    ['max per command', r.maxSpendPerCommand === undefined ? '-' : `${r.maxSpendPerCommand} TAO`],
    ['max per day', r.maxSpendPerDay === undefined ? '-' : `${r.maxSpendPerDay} TAO`],
    ['allowed subnets', r.allowedNetuids ? r.allowedNetuids.join(', ') : 'any'],
    ['allowed destinations', r.allowedDestinations ? r.allowedDestinations.join(', ') : 'any'],
    ['spent today', `${r.spentToday} TAO (${r.day} UTC; ${r.ledger})`],
  ])
}
