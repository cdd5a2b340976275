/**
 * Human rendering of subnet results as table rows (strings only; src/output draws the tables).
 * Pure and free of heavy imports so command files may import it statically.
 */
import type {AxonInfo, Hyperparameter, Neuron, SubnetSummary} from './types.js'

import {formatTao} from '../util/amount.js'

type Row = (string | number)[]

/** `5Grwva…utQY`: enough to recognise an address in a table (JSON carries it whole). */
export function short(address: string | null | undefined): string {
  if (!address) return ''
  return address.length > 14 ? `${address.slice(0, 6)}…${address.slice(-4)}` : address
}

/** TAO with at most `decimals` decimals for tables (exact values are in --json). */
export function tao(rao: bigint | null | undefined, decimals = 4): string {
  if (rao === null || rao === undefined) return '-'
  const exact = formatTao(rao)
  const [whole, frac = ''] = exact.split('.')
  if (frac.length <= decimals) return exact
  const cut = frac.slice(0, decimals).replace(/0+$/, '')
  return cut ? `${whole}.${cut}…` : `${whole}…`
}

const frac = (x: number | null) => (x === null ? '-' : x.toFixed(4))

export function axonText(a: AxonInfo | null): string {
  if (!a) return ''
  return a.ipType === 6 ? `[${a.ip}]:${a.port}` : `${a.ip}:${a.port}`
}

export const SUBNET_HEAD = ['netuid', 'name', 'symbol', 'owner', 'tempo', 'neurons', 'burn τ', 'price τ/α', 'pool τ', 'emission τ/block']

export function subnetRow(s: SubnetSummary): Row {
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

export const NEURON_HEAD = ['uid', 'hotkey', 'coldkey', 'stake', 'trust', 'consensus', 'incentive', 'dividends', 'emission', 'vpermit', 'last update', 'axon']

export function neuronRow(n: Neuron): Row {
  return [
    n.uid,
    short(n.hotkey),
    short(n.coldkey),
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

export const HYPER_HEAD = ['hyperparameter', 'value', 'in units', 'meaning']

export function hyperRow(h: Hyperparameter): Row {
  return [h.name, String(h.value), h.human, h.description]
}

/** Key/value lines of one subnet. */
export function subnetPairs(s: SubnetSummary, block: number): [string, string | number][] {
  return [
    ['netuid', s.netuid],
    ['name', s.name ?? ''],
    ['symbol', s.symbol ?? ''],
    ['owner (coldkey)', s.owner],
    ...(s.ownerHotkey ? ([['owner hotkey', s.ownerHotkey]] as [string, string][]) : []),
    ['tempo', `${s.tempo} blocks`],
    ['neurons', `${s.neurons} of ${s.maxNeurons}`],
    ['registration burn', `${formatTao(s.burnRao)} TAO`],
    ['price', s.priceRao === null ? '-' : `${formatTao(s.priceRao)} TAO per alpha`],
    ['TAO in pool', s.taoInRao === null ? '-' : `${formatTao(s.taoInRao)} TAO`],
    ['alpha in pool', s.alphaInRao === null ? '-' : `${formatTao(s.alphaInRao)} α`],
    ['emission', s.emissionRao === null ? '-' : `${formatTao(s.emissionRao)} TAO per block`],
    ['at block', block],
  ]
}
