/**
 * How subnet results and plans look on a terminal: tables, key/value blocks and the lines under them. Exact
 * values are in --json; tables shorten addresses and amounts.
 */
import type {CreatePlanShown, SubnetCreateResult} from '../../services/subnet/create.js'
import type {HyperparametersResult} from '../../services/subnet/hyperparameters.js'
import type {ListResult} from '../../services/subnet/list.js'
import type {LockCostResult} from '../../services/subnet/lock-cost.js'
import type {BurnCostResult} from '../../services/subnet/burn-cost.js'
import type {MetagraphResult} from '../../services/subnet/metagraph.js'
import type {RegisterPlanShown, SubnetRegisterResult} from '../../services/subnet/register.js'
import type {ShowResult} from '../../services/subnet/show.js'
import type {AxonInfo, Hyperparameter, Neuron, SubnetSummary} from '../../subnet/types.js'

import {isWide, shorten} from '../../output/style.js'
import {renderKeyValues, renderTable} from '../../output/table.js'
import {formatTao} from '../../util/amount.js'
import {actingRows} from './acting.js'

type Row = (string | number)[]
type Pairs = [string, string | number][]
/** `5Grwva…utQY`: enough to recognise an address in a table on a terminal; whole when wide (piped, --wide). */
export function short(address: string | null | undefined): string {
  if (!address) return ''
  return shorten(address)
}

/** TAO with at most `decimals` decimals on a terminal; every digit when wide (piped, --wide) and in --json. */
export function tao(rao: bigint | null | undefined, decimals = 4): string {
  if (rao === null || rao === undefined) return '-'
  const exact = formatTao(rao)
  if (isWide()) return exact
  const [whole, frac = ''] = exact.split('.')
  if (frac.length <= decimals) return exact
  const cut = frac.slice(0, decimals).replace(/0+$/, '')
  return cut ? `${whole}.${cut}…` : `${whole}…`
}

const frac = (x: number | null) => (x === null ? '-' : isWide() ? String(x) : x.toFixed(4))

function axonText(a: AxonInfo | null): string {
  if (!a) return ''
  return a.ipType === 6 ? `[${a.ip}]:${a.port}` : `${a.ip}:${a.port}`
}

const SUBNET_HEAD = ['netuid', 'name', 'symbol', 'owner', 'tempo', 'neurons', 'burn τ', 'price τ/α', 'pool τ', 'emission τ/block']

function subnetRow(s: SubnetSummary): Row {
  return [
    s.netuid,
    s.name ?? '',
    s.symbol ?? '',
    short(s.owner),
    s.tempo,
    `${s.neurons}/${s.maxNeurons}`,
    tao(s.burnRao),
    tao(s.priceRao),
    tao(s.taoInRao, 2),
    tao(s.emissionRao),
  ]
}

const NEURON_HEAD = ['uid', 'hotkey', 'coldkey', 'alpha stake', 'tao stake', 'stake weight', 'trust', 'consensus', 'incentive', 'dividends', 'emission α/epoch', 'vpermit', 'last update', 'axon']

function neuronRow(n: Neuron): Row {
  return [
    n.uid,
    short(n.hotkey),
    short(n.coldkey),
    tao(n.alphaStakeRao),
    tao(n.taoStakeRao),
    tao(n.stakeRao),
    frac(n.trust),
    frac(n.consensus),
    frac(n.incentive),
    frac(n.dividends),
    tao(n.emissionRao),
    n.validatorPermit ? 'yes' : '',
    n.lastUpdate,
    axonText(n.axon),
  ]
}

const HYPER_HEAD = ['hyperparameter', 'value', 'in units', 'meaning']

function hyperRow(h: Hyperparameter): Row {
  return [h.name, String(h.value), h.human, h.description]
}

/** Key/value lines of one subnet. */
function subnetPairs(s: SubnetSummary, block: number): [string, string | number][] {
  return [
    ['netuid', s.netuid],
    ['name', s.name ?? ''],
    ['symbol', s.symbol ?? ''],
    ['owner (coldkey)', s.owner],
    ...(s.ownerHotkey ? ([['owner hotkey', s.ownerHotkey]] as [string, string][]) : []),
    ['tempo', `${s.tempo} blocks`],
    ['neurons', `${s.neurons} of ${s.maxNeurons}`],
    ['registration burn', `${formatTao(s.burnRao)} τ`],
    ['price', s.priceRao === null ? '-' : `${formatTao(s.priceRao)} τ/α${priceNote(s) ? ' (see note)' : ''}`],
    ['τ in pool', s.taoInRao === null ? '-' : `${formatTao(s.taoInRao)} τ`],
    ['α in pool', s.alphaInRao === null ? '-' : `${formatTao(s.alphaInRao)} α`],
    ['emission', s.emissionRao === null ? '-' : `${formatTao(s.emissionRao)} τ/block`],
    ['at block', block],
  ]
}

/**
 * A note for a price that needs one: a dynamic pool holding less than one α (e.g. a genesis subnet with 1 rao of
 * α in its pool) has price = τ in pool ÷ α in pool, the chain's own formula, correct in τ per α but astronomically
 * high, and staking there buys almost nothing.
 */
export function priceNote(s: SubnetSummary): string | undefined {
  if (s.netuid === 0 || s.priceRao === null || s.alphaInRao === null || s.taoInRao === null) return undefined
  if (s.alphaInRao >= 1_000_000_000n) return undefined
  return `subnet ${s.netuid}: price ${formatTao(s.priceRao)} τ/α = ${formatTao(s.taoInRao)} τ in pool ÷ ${formatTao(s.alphaInRao)} α in pool; with under 1 α in its pool this is not a market price, and staking there buys almost no α`
}

const notes = (subnets: SubnetSummary[]) =>
  subnets
    .map(priceNote)
    .filter(Boolean)
    .map((n) => `\nnote: ${n}`)
    .join('')

const NEURON_RIGHT = [0, 3, 4, 5, 6, 7, 8, 10]

export function renderSubnetList(l: ListResult): string {
  return `${renderTable(SUBNET_HEAD, l.subnets.map(subnetRow), {right: [0, 4, 6, 7, 8, 9]})}\n${l.subnets.length} subnets at block ${l.block}${notes(l.subnets)}`
}

export function renderSubnetShow(r: ShowResult): string {
  return `${renderKeyValues(subnetPairs(r.subnet, r.block))}\n${renderTable(NEURON_HEAD, r.neurons.map(neuronRow), {right: NEURON_RIGHT})}${notes([r.subnet])}`
}

export function renderMetagraph(m: MetagraphResult): string {
  return `${renderTable(NEURON_HEAD, m.neurons.map(neuronRow), {right: NEURON_RIGHT})}\n${m.neurons.length} neurons on subnet ${m.netuid} at block ${m.block}`
}

export function renderHyperparameters(h: HyperparametersResult): string {
  return `${renderTable(HYPER_HEAD, h.hyperparameters.map(hyperRow))}\nsubnet ${h.netuid} at block ${h.block} (${h.source})`
}

export function renderBurnCost(b: BurnCostResult): string {
  const capped: Pairs =
    b.registrationsThisInterval === null
      ? []
      : [
          ['registrations this interval', `${b.registrationsThisInterval} of ${b.maxRegistrationsThisInterval}`],
          ['next adjustment', `block ${b.nextAdjustmentBlock}`],
        ]
  return renderKeyValues([
    ['netuid', b.netuid],
    ['burn', `${formatTao(b.burnRao)} TAO`],
    ['min / max burn', `${formatTao(b.minBurnRao)} / ${formatTao(b.maxBurnRao)} TAO`],
    ['registration', b.registrationAllowed ? 'open' : 'disabled'],
    ...capped,
    ['at block', b.block],
  ])
}

export function renderLockCost(l: LockCostResult): string {
  return renderKeyValues([
    ['lock cost', `${formatTao(l.lockCostRao)} TAO`],
    ['can register', l.nextRegistrationBlock === null ? 'now' : `from block ${l.nextRegistrationBlock}`],
    ['at block', l.block],
  ])
}

/** The wallet's name goes with its own coldkey only: acting for another account, the address alone. */
const acting = (p: {walletName: string; coldkey: string; onBehalfOf?: string; multisig?: string}) => (p.onBehalfOf || p.multisig ? p.coldkey : `${p.walletName} ${p.coldkey}`)

const dryRunLine = (r: {call: string; feeRao: bigint}) => `dry run: the node accepts ${r.call}; fee ${formatTao(r.feeRao)} TAO; nothing was submitted`

export function renderRegisterPlan(plan: RegisterPlanShown): string {
  if (plan.root) {
    const r = plan.root
    return renderKeyValues([
      ['network', `root (netuid 0, ${plan.neurons} of ${plan.maxNeurons} validators)`],
      ['call', `${plan.call} (no burn)`],
      ['hotkey', `${plan.hotkeyName} ${plan.hotkey}`],
      ['coldkey', acting(plan)],
      ...actingRows(plan),
      ['hotkey root stake', `${r.stake} TAO`],
      ['replaces', r.replaces ? `uid ${r.replaces.uid} ${r.replaces.hotkey} (root stake ${r.replaces.stake} TAO, the lowest)` : 'nobody (root has room)'],
      ['fee (estimate)', `${formatTao(plan.feeEstimateRao)} TAO`],
      ['coldkey balance', `${formatTao(plan.balanceRao)} TAO`],
      ['at block', plan.block],
    ])
  }
  return renderKeyValues([
    ['subnet', `${plan.netuid} (${plan.neurons} of ${plan.maxNeurons} neurons)`],
    ['hotkey', `${plan.hotkeyName} ${plan.hotkey}`],
    ['coldkey', acting(plan)],
    ...actingRows(plan),
    ['burn now', `${formatTao(plan.burnRao)} TAO`],
    ['fee (estimate)', `${formatTao(plan.feeEstimateRao)} TAO`],
    ['coldkey balance', `${formatTao(plan.balanceRao)} TAO`],
    ['at block', plan.block],
  ])
}

export function renderRegisterResult(r: SubnetRegisterResult, hotkeyName: string): string {
  if (r.dryRun) return dryRunLine(r)
  return renderKeyValues([
    ['registered', `hotkey "${hotkeyName}" on subnet ${r.netuid} as uid ${r.uid ?? '?'}`],
    ...actingRows(r),
    ['burned', `${formatTao(r.burnRao)} TAO`],
    ['fee', `${formatTao(r.feeRao)} TAO`],
    ['spent', `${formatTao(r.spentRao)} TAO`],
    ['balance now', `${formatTao(r.balanceAfterRao)} TAO`],
    ['block', `${r.blockNumber} (${r.blockHash})`],
  ])
}

export function renderCreatePlan(plan: CreatePlanShown): string {
  return renderKeyValues([
    ['owner coldkey', acting(plan)],
    ...actingRows(plan),
    ['owner hotkey', `${plan.hotkeyName} ${plan.hotkey}`],
    ['lock cost now', `${formatTao(plan.lockCostRao)} TAO`],
    ['fee (estimate)', `${formatTao(plan.feeEstimateRao)} TAO`],
    ['coldkey balance', `${formatTao(plan.balanceRao)} TAO`],
    ['call', plan.call + (plan.mechid === null ? '' : ` (mechid ${plan.mechid})`)],
    ['at block', plan.block],
  ])
}

export function renderCreateResult(r: SubnetCreateResult, hotkeyName: string): string {
  if (r.dryRun) return dryRunLine(r)
  return renderKeyValues([
    ['created', `subnet ${r.netuid ?? '?'} (owner hotkey "${hotkeyName}" is uid 0)`],
    ...actingRows(r),
    ['lock cost', `${formatTao(r.lockCostRao)} TAO`],
    ['fee', `${formatTao(r.feeRao)} TAO`],
    ['spent', `${formatTao(r.spentRao)} TAO`],
    ['balance now', `${formatTao(r.balanceAfterRao)} TAO`],
    ['block', `${r.blockNumber} (${r.blockHash})`],
  ])
}
