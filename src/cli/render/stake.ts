/**
 * The stake and delegate commands' output: a plan before the confirmation, the result of an operation (what
 * happened, then before | after), stake and delegate lists, and a validator's take.
 */
import type {DelegateListResult, SetTakeResult, TakeInfo} from '../../stake/delegates.js'
import type {StakeListResult} from '../../stake/list.js'
import type {Snapshot, StakePlan, StakeResult} from '../../stake/types.js'

import {shorten} from '../../output/style.js'
import {renderKeyValues, renderTable} from '../../output/table.js'
import {actingRows} from './acting.js'
import {multisigPairs} from './multisig.js'
import {formatTao} from '../../util/amount.js'

type Pairs = [string, string][]
interface TableData {
  head: string[]
  rows: string[][]
  right?: number[]
}

const table = (t: TableData) => renderTable(t.head, t.rows, {right: t.right})

const short = (a: string) => shorten(a, 6, 6)
const label = (address: string, name?: string) => (name ? `${name} (${short(address)})` : short(address))

const OP_TITLE: Record<StakePlan['operation'], string> = {
  add: 'add stake',
  move: 'move stake',
  remove: 'remove stake',
  swap: 'swap stake between subnets',
  transfer: 'transfer stake to another coldkey',
}

/** "on behalf of REAL" lines of a proxied plan or result. */
export function proxyPairs(real: string | undefined, proxy: string | undefined, announceOnly: boolean): Pairs {
  if (!real) return []
  return [['on behalf of', `${real} (${announceOnly ? 'announced by' : 'signed by'} proxy ${proxy ?? '?'})`]]
}

/** The spending policy's verdict line (when a policy is in force). */
export function policyPairs(v: {allowed: boolean; file: string | null; spendRao: bigint; spentTodayRao?: bigint} | undefined): Pairs {
  if (!v?.file) return []
  return [['policy', `${v.allowed ? 'allowed' : 'refused'}: spends ${formatTao(v.spendRao)} TAO with the fee${v.spentTodayRao === undefined ? '' : `, ${formatTao(v.spentTodayRao)} TAO spent today`} (${v.file})`]]
}

/** Key facts of a plan or result. */
function describeOperation(r: StakePlan | StakeResult, opts: {delegate?: boolean} = {}): Pairs {
  const pairs: Pairs = [
    ['operation', `${opts.delegate ? (r.operation === 'add' ? 'delegate' : 'undelegate') : OP_TITLE[r.operation]} (${r.call})`],
    ['coldkey', r.coldkey],
    ...policyPairs(r.policy ?? (r as StakeResult).tx?.policy),
    ...(typeof (r as {multisig?: unknown}).multisig === 'string' && !(r as StakeResult).tx?.multisig
      ? ([['multisig', `as multisig ${(r as {multisigName?: string}).multisigName ?? ''} ${(r as {multisig?: string}).multisig}`]] as Pairs)
      : multisigPairs((r as StakeResult).tx?.multisig)),
    ...proxyPairs(r.onBehalfOf ?? (r as StakeResult).tx?.proxied?.onBehalfOf, r.proxy ?? (r as StakeResult).tx?.proxied?.proxy, r.announceOnly ?? Boolean((r as StakeResult).tx?.proxied?.announced)),
    [r.operation === 'add' || r.operation === 'remove' ? 'hotkey' : 'from', `${r.hotkey} on subnet ${r.netuid}`],
  ]
  if (r.destination) {
    const to = r.operation === 'transfer' ? `coldkey ${r.destination.coldkey}, subnet ${r.destination.netuid}` : `${r.destination.hotkey} on subnet ${r.destination.netuid}`
    pairs.push(['to', to])
  }
  if (r.validator) {
    pairs.push(['validator', `owner ${r.validator.owner}, take ${r.validator.takePercent}${r.validator.listed ? '' : ' (chain default)'}${r.validator.registeredOnSubnet ? '' : `, no uid on subnet ${r.netuid}`}`])
  }
  if (r.amountTao !== undefined) pairs.push(['amount', `${r.amountTao} TAO`])
  if (r.amountAlpha !== undefined) pairs.push(['amount', `${r.amountAlpha} ALPHA (subnet token units, not TAO)`])
  const e = r.expected
  if (r.operation === 'add' && e.alpha !== undefined) pairs.push(['expected', `${e.alpha} alpha at ${formatTao(e.effectivePriceRao ?? 0n)} TAO/alpha (price impact ${e.impact})`])
  if (r.operation === 'remove' && e.tao !== undefined) pairs.push(['expected', `${e.tao} TAO at ${formatTao(e.effectivePriceRao ?? 0n)} TAO/alpha (price impact ${e.impact})`])
  if ((r.operation === 'move' || r.operation === 'swap' || r.operation === 'transfer') && e.alpha !== undefined) pairs.push(['expected', `${e.alpha} alpha at the destination`])
  pairs.push(['slippage guard', r.guard.note])
  if (r.mevShield) pairs.push(['MEV shield', r.mevShield.note])
  if ('actual' in r && r.actual) pairs.push(['chain reported', `${r.actual.taoTao} TAO ↔ ${r.actual.alpha} alpha`])
  if ('tx' in r && r.tx) {
    pairs.push(['fee', `${r.tx.feeTao} TAO`])
    if (r.tx.dryRun) pairs.push(['dry run', `valid (priority ${r.tx.validity?.priority ?? '?'}); nothing was submitted`])
    else pairs.push(['extrinsic', `${r.tx.txHash} in block ${r.tx.blockNumber}`])
    if (r.tx.shield) pairs.push(['shield wrapper', `${r.tx.shield.wrapperTxHash}${r.tx.shield.wrapperBlockNumber === undefined ? '' : ` in block ${r.tx.shield.wrapperBlockNumber}`} (MevShield.submit_encrypted, ${r.tx.shield.ciphertextBytes} bytes encrypted)`])
  } else {
    pairs.push(['fee (estimate)', `${r.feeEstimateTao} TAO`])
  }
  return pairs
}

function snapshotRows(s: Snapshot): string[][] {
  const rows: string[][] = [['free balance', `${s.freeTao} TAO`]]
  for (const p of s.positions) {
    const where = `${label(p.hotkey, p.hotkeyName)} / sn${p.netuid}${p.coldkey === s.positions[0]?.coldkey ? '' : ` (coldkey ${short(p.coldkey)})`}`
    rows.push([`stake ${where}`, `${p.stakeAlpha} α`], [`  price sn${p.netuid}`, `${p.priceTao} TAO/α`], ['  value', `${p.valueTao} TAO`])
  }
  return rows
}

/** What the plan expects afterwards (add/remove only; other operations leave the column empty). */
function expectedSnapshot(r: StakePlan): Snapshot | undefined {
  const p0 = r.before.positions[0]
  if (!p0) return undefined
  let free = r.before.freeRao - r.feeEstimateRao
  let stake = p0.stakeAlphaRao
  if (r.operation === 'add' && r.amountRao !== undefined && r.expected.alphaRao !== undefined) {
    free -= r.amountRao
    stake += r.expected.alphaRao
  } else if (r.operation === 'remove' && r.amountAlphaRao !== undefined && r.expected.taoRao !== undefined) {
    free += r.expected.taoRao
    stake -= r.amountAlphaRao
  } else {
    return undefined
  }
  return {...r.before, freeRao: free, freeTao: formatTao(free), positions: [{...p0, stakeAlpha: formatTao(stake), stakeAlphaRao: stake, priceTao: '?', valueTao: '?'}]}
}

/** before | after side by side (after = the chain's state at the inclusion block, or the plan's estimate). */
function beforeAfter(r: StakePlan | StakeResult): TableData {
  const before = snapshotRows(r.before)
  const actual = 'after' in r && r.after ? r.after : undefined
  const estimate = actual ? undefined : expectedSnapshot(r)
  const after = actual ? snapshotRows(actual) : estimate ? snapshotRows(estimate) : undefined
  return {
    head: ['', `before (block ${r.before.block})`, actual ? `after (block ${actual.block})` : 'after (estimate)'],
    right: [1, 2],
    rows: before.map((row, i) => [row[0]!, row[1]!, after?.[i]?.[1]?.replace(/^\? .*/, '') ?? '']),
  }
}

function stakeListTable(r: StakeListResult): TableData {
  return {
    head: ['netuid', 'hotkey', 'stake (α)', 'price (TAO/α)', 'value (TAO)', 'unstake now (TAO)', 'registered'],
    right: [0, 2, 3, 4, 5],
    rows: r.stakes.map((s) => [String(s.netuid), s.hotkeyName ? `${s.hotkeyName} (${s.hotkey})` : s.hotkey, s.stakeAlpha, s.priceTao, s.valueTao, s.sellValueTao, s.registered ? 'yes' : 'no']),
  }
}

function stakeListTotals(r: StakeListResult): Pairs {
  return [
    ['coldkey', r.coldkey],
    ['block', String(r.block)],
    ['free balance', `${r.freeTao} TAO`],
    ['staked value', `${r.totals.stakeValueTao} TAO in ${r.totals.positions} position${r.totals.positions === 1 ? '' : 's'}`],
    ['unstake-all proceeds', `${r.totals.sellValueTao} TAO (pool estimate, before fees)`],
    ['total', `${r.totals.totalTao} TAO`],
  ]
}

function delegateTable(r: DelegateListResult): TableData {
  return {
    head: ['hotkey', 'owner', 'take', 'total stake (TAO)', 'nominators', 'subnets (stake α)'],
    right: [2, 3, 4],
    rows: r.delegates.map((d) => [
      d.hotkey,
      short(d.owner),
      d.takeSet ? d.takePercent : `${d.takePercent} (default)`,
      d.totalStakeTao,
      String(d.nominators),
      d.stakes.map((s) => `${s.netuid}: ${s.alpha}`).join(', ') || (d.registrations.length ? `registered on ${d.registrations.join(', ')}` : ''),
    ]),
  }
}

function takePairs(t: TakeInfo): Pairs {
  const pairs: Pairs = [
    ['hotkey', t.hotkey],
    ['owner', t.owner],
    ['take', `${t.takePercent} (${t.take}/65535)${t.listed ? '' : ' — chain default, not yet a delegate entry'}`],
    ['allowed range', `${t.minTakePercent} – ${t.maxTakePercent}`],
  ]
  if (t.increaseRateLimitBlocks !== undefined) pairs.push(['increase rate limit', `${t.increaseRateLimitBlocks} blocks after a change`])
  if (t.increaseAllowedFromBlock !== undefined) pairs.push(['next increase allowed', t.increaseAllowedFromBlock <= t.block + 1 ? 'now' : `from block ${t.increaseAllowedFromBlock} (now ${t.block})`])
  return pairs
}

function setTakePairs(r: SetTakeResult): Pairs {
  const pairs: Pairs = [
    ['hotkey', r.hotkey],
    ['take before', r.before.takePercent],
    ['take requested', r.requestedTakePercent],
    ...actingRows(r),
  ]
  if (!r.changed && !r.tx) pairs.push(['result', 'already set; nothing submitted'])
  if (r.call) pairs.push(['call', r.call])
  if (r.tx?.dryRun) pairs.push(['dry run', 'valid; nothing was submitted'])
  else if (r.tx) pairs.push(['extrinsic', `${r.tx.txHash} in block ${r.tx.blockNumber}`])
  if (r.after) pairs.push(['take now', r.after.takePercent])
  return pairs
}

export interface StakeRenderOptions {
  /** delegate/undelegate wording */
  delegate?: boolean
}

/** The plan shown before the confirmation (the same facts as the result, with the estimated after). */
export function renderStakePlan(plan: StakePlan, opts: StakeRenderOptions = {}): string {
  return `${renderKeyValues(describeOperation(plan, opts))}\n${table(beforeAfter(plan))}\n`
}

/** What happened, then before | after. */
export function renderStakeResult(r: StakeResult, opts: StakeRenderOptions = {}): string {
  return `${renderKeyValues(describeOperation(r, opts))}\n${table(beforeAfter(r))}`
}

export function renderStakeList(r: StakeListResult): string {
  return `${r.stakes.length ? table(stakeListTable(r)) : 'no stake'}\n${renderKeyValues(stakeListTotals(r))}`
}

export function renderDelegateList(r: DelegateListResult): string {
  return `${r.delegates.length ? table(delegateTable(r)) : 'no delegates'}\nshown: ${r.filter}`
}

export function renderTakeInfo(t: TakeInfo): string {
  return renderKeyValues(takePairs(t))
}

export function renderSetTake(r: SetTakeResult): string {
  return renderKeyValues(setTakePairs(r))
}
