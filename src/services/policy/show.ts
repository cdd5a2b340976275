/** `policy show`: the spending policy in force (tao's config policy.json) and what was spent today. */
import type {TaoClient} from '../../client.js'
import type {Ui} from '../../ui.js'

import {formatTao} from '../../util/amount.js'

export interface PolicyShowResult {
  file: string
  inForce: boolean
  maxSpendPerCommand?: string
  maxSpendPerDay?: string
  allowedNetuids?: number[]
  allowedDestinations?: string[]
  ledger: string
  spentTodayRao: bigint
  spentToday: string
  /** UTC day the ledger sums */
  day: string
}

export async function show(_client: TaoClient, _options: Record<string, never>, _ui: Ui): Promise<PolicyShowResult> {
  const {ledgerFile, loadPolicy, policyFile, spentToday} = await import('../../config/policy.js')
  const p = await loadPolicy()
  const spent = await spentToday()
  return {
    allowedDestinations: p?.allowedDestinations,
    allowedNetuids: p?.allowedNetuids,
    day: new Date().toISOString().slice(0, 10),
    file: policyFile(),
    inForce: Boolean(p),
    ledger: ledgerFile(),
    maxSpendPerCommand: p?.maxSpendPerCommandRao === undefined ? undefined : formatTao(p.maxSpendPerCommandRao),
    maxSpendPerDay: p?.maxSpendPerDayRao === undefined ? undefined : formatTao(p.maxSpendPerDayRao),
    spentToday: formatTao(spent),
    spentTodayRao: spent,
  }
}
