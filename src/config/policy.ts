/**
 * The spending policy: limits an operator sets for what tao may spend on this machine, in tao's config folder
 * (policy.json, edited by the operator; no flag or option widens it). Every submission is checked before it is
 * signed; a refusal names the rule and exits 5 with nothing submitted. Per-day spending is summed from a ledger
 * of succeeded submissions made while a policy is in force (tao's data folder, spend-ledger.json, 0600,
 * rewritten atomically; UTC days). Without a policy file nothing is read, judged or recorded.
 *
 *   {"maxSpendPerCommand": "5", "maxSpendPerDay": "20", "allowedNetuids": [1, 3], "allowedDestinations": ["5F…"]}
 *
 * Spending counts transfers, stake bought, registration burns, subnet locks and the fee.
 */
import {readFile} from 'node:fs/promises'
import path from 'node:path'

import type {CallSpend} from '../chain/spend.js'

import {PolicyError, WalletError} from '../errors.js'
import {formatTao, parseTao} from '../util/amount.js'
import {fileWriteError, writeFileAtomic} from '../util/fs.js'
import {configDir, dataDir} from './settings.js'

export interface Policy {
  maxSpendPerCommandRao?: bigint
  maxSpendPerDayRao?: bigint
  allowedNetuids?: number[]
  allowedDestinations?: string[]
  file: string
}

export const policyFile = () => path.join(configDir(), 'policy.json')
export const ledgerFile = () => path.join(dataDir(), 'spend-ledger.json')

/** The policy in force, or undefined when there is none. A policy file that cannot be read refuses everything. */
export async function loadPolicy(): Promise<Policy | undefined> {
  const file = policyFile()
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw new PolicyError(`the spending policy ${file} cannot be read (${(error as NodeJS.ErrnoException).code}); nothing was submitted`, {code: 'Policy.Unreadable'})
  }
  let j: Record<string, unknown>
  try {
    j = JSON.parse(text) as Record<string, unknown>
  } catch {
    throw new PolicyError(`the spending policy ${file} is not valid JSON; nothing was submitted`, {code: 'Policy.Invalid'})
  }
  const tao = (k: string) => {
    const v = j[k]
    if (v === undefined || v === null) return undefined
    try {
      return parseTao(String(v), k)
    } catch {
      throw new PolicyError(`the spending policy ${file}: ${k} must be a TAO amount ("5", "0.25"): ${JSON.stringify(v)}; nothing was submitted`, {code: 'Policy.Invalid'})
    }
  }
  const list = <T>(k: string, ok: (x: unknown) => boolean): T[] | undefined => {
    const v = j[k]
    if (v === undefined || v === null) return undefined
    if (!Array.isArray(v) || !v.every(ok)) throw new PolicyError(`the spending policy ${file}: ${k} must be a list; nothing was submitted`, {code: 'Policy.Invalid'})
    return v as T[]
  }
  return {
    allowedDestinations: list<string>('allowedDestinations', (x) => typeof x === 'string'),
    allowedNetuids: list<number>('allowedNetuids', (x) => Number.isInteger(x)),
    file,
    maxSpendPerCommandRao: tao('maxSpendPerCommand'),
    maxSpendPerDayRao: tao('maxSpendPerDay'),
  }
}

interface LedgerEntry {
  at: string
  rao: string
  call: string
  txHash: string
  signer: string
}

const today = (d = new Date()) => d.toISOString().slice(0, 10)

async function readLedger(): Promise<LedgerEntry[]> {
  try {
    const j = JSON.parse(await readFile(ledgerFile(), 'utf8')) as {entries?: LedgerEntry[]}
    return Array.isArray(j.entries) ? j.entries : []
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return []
    throw new WalletError(`the spending ledger ${ledgerFile()} cannot be read: ${(error as Error).message}`, {code: 'BadLedger'})
  }
}

/** TAO spent today (UTC) by succeeded submissions. */
export async function spentToday(): Promise<bigint> {
  const d = today()
  return (await readLedger()).filter((e) => e.at.slice(0, 10) === d).reduce((a, e) => a + BigInt(e.rao), 0n)
}

/** Record a succeeded submission's spending (kept 8 days). */
export async function recordSpend(e: Omit<LedgerEntry, 'at'>): Promise<void> {
  const cutoff = new Date(Date.now() - 8 * 86_400_000).toISOString()
  const entries = (await readLedger()).filter((x) => x.at >= cutoff)
  entries.push({at: new Date().toISOString(), ...e})
  try {
    await writeFileAtomic(ledgerFile(), `${JSON.stringify({entries}, null, 1)}\n`, {dirMode: 0o700, mode: 0o600})
  } catch (error) {
    throw fileWriteError(error, `the spending ledger ${ledgerFile()}`, 'the submission landed but is not counted')
  }
}

export interface PolicyVerdict {
  allowed: boolean
  /** the policy file, or null when none is in force */
  file: string | null
  /** spending of this command: the call's TAO + the fee */
  spendRao: bigint
  spentTodayRao?: bigint
  /** the rule that refused it */
  rule?: string
  reason?: string
}

/** Judge a call's spending against the policy. */
export async function judge(spend: CallSpend, feeRao: bigint, policy?: Policy): Promise<PolicyVerdict> {
  const total = spend.rao + feeRao
  if (!policy) return {allowed: true, file: null, spendRao: total}
  const base = {file: policy.file, spendRao: total}
  const no = (rule: string, reason: string): PolicyVerdict => ({...base, allowed: false, reason, rule})
  const capped = policy.maxSpendPerCommandRao !== undefined || policy.maxSpendPerDayRao !== undefined
  if (!spend.bounded && capped) return no('maxSpendPerCommand', `${spend.call} spends an amount tao cannot bound`)
  for (const n of spend.netuids) {
    if (policy.allowedNetuids && !policy.allowedNetuids.includes(n)) return no('allowedNetuids', `subnet ${n} is not in allowedNetuids [${policy.allowedNetuids.join(', ')}]`)
  }
  for (const d of spend.destinations) {
    if (policy.allowedDestinations && !policy.allowedDestinations.includes(d)) return no('allowedDestinations', `destination ${d} is not in allowedDestinations`)
  }
  if (policy.maxSpendPerCommandRao !== undefined && total > policy.maxSpendPerCommandRao) {
    return no('maxSpendPerCommand', `${formatTao(total)} TAO (${formatTao(spend.rao)} + fee ${formatTao(feeRao)}) is above maxSpendPerCommand ${formatTao(policy.maxSpendPerCommandRao)} TAO`)
  }
  let spentTodayRao: bigint | undefined
  if (policy.maxSpendPerDayRao !== undefined) {
    spentTodayRao = await spentToday()
    if (spentTodayRao + total > policy.maxSpendPerDayRao) {
      return {
        ...no('maxSpendPerDay', `${formatTao(total)} TAO more would bring today's spending to ${formatTao(spentTodayRao + total)} TAO, above maxSpendPerDay ${formatTao(policy.maxSpendPerDayRao)} TAO`),
        spentTodayRao,
      }
    }
  }
  return {...base, allowed: true, spentTodayRao}
}

/** Throw the refusal of a verdict (exit 5, the rule named, nothing submitted). */
export function enforce(v: PolicyVerdict): void {
  if (v.allowed) return
  throw new PolicyError(`refused by the spending policy (${v.rule}): ${v.reason}; nothing was submitted`, {code: `Policy.${v.rule}`, data: {file: v.file, rule: v.rule}})
}
