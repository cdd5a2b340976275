/**
 * `delegate list` from what was read at one block, shared by the full client (./delegates.ts) and the light read
 * path (src/chain/light/delegates.ts): no chain access here.
 */
import type {SubnetPrice} from '../chain/reads.js'
import type {DelegateListResult, DelegateRow} from './delegates.js'

import {num} from '../chain/runtime-api.js'
import {formatTao} from '../util/amount.js'
import {alphaToTao, formatTake} from './math.js'

/** A DelegateInfo as `callRuntimeApi` returns it (plain data; the 218 struct and the typed one alike). */
export interface DelegatePlain {
  delegateSs58: string
  ownerSs58: string
  take: bigint
  nominators: unknown[]
  registrations: bigint[]
  validatorPermits: bigint[]
}

/** A delegate as the list starts from it: get_delegates' entry, or a hotkey registered on the chosen subnet. */
export interface DelegateBase {
  apiNominators: number
  hotkey: string
  owner: string
  registrations: number[]
  take: number
  validatorPermits: number[]
}

export function delegateBase(d: DelegatePlain): DelegateBase {
  return {
    apiNominators: d.nominators.length,
    hotkey: d.delegateSs58,
    owner: d.ownerSs58,
    registrations: d.registrations.map(num),
    take: num(d.take),
    validatorPermits: d.validatorPermits.map(num),
  }
}

/** The hotkeys of `keys` (a subnet's `Keys`: uid, hotkey) not listed in `base`, in uid order, each once. */
export function registeredNonDelegates(base: DelegateBase[], keys: [number, string][]): {uid: number; hotkey: string}[] {
  const known = new Set(base.map((d) => d.hotkey))
  const out: {uid: number; hotkey: string}[] = []
  for (const [uid, hotkey] of [...keys].sort((a, b) => a[0] - b[0])) {
    if (known.has(hotkey)) continue
    known.add(hotkey)
    out.push({hotkey, uid})
  }
  return out
}

export function registeredBase(netuid: number, hotkey: string, owner: string, take: number, permit: boolean): DelegateBase {
  return {apiNominators: 0, hotkey, owner, registrations: [netuid], take, validatorPermits: permit ? [netuid] : []}
}

/**
 * The list from what was read at one block (the full and the light read path alike): per delegate whether it has
 * a `Delegates` entry, its alpha per netuid (non-zero `TotalHotkeyAlpha`) and its nominators; prices per netuid.
 */
export function delegateListFrom(
  o: {netuid?: number},
  r: {block: number; blockHash: string; raw: boolean; delegates: (DelegateBase & {listed: boolean; nominators: number; stakes: Map<number, bigint>})[]; prices: Map<number, SubnetPrice>},
): DelegateListResult {
  let rows: DelegateRow[] = r.delegates.map((d) => {
    const per = [...d.stakes].sort((a, b) => a[0] - b[0]).map(([netuid, alphaRao]) => {
      const valueRao = alphaToTao(alphaRao, r.prices.get(netuid)!.priceRao)
      return {alpha: formatTao(alphaRao), alphaRao, netuid, valueRao, valueTao: formatTao(valueRao)}
    })
    const total = per.reduce((s, x) => s + x.valueRao, 0n)
    return {
      hotkey: d.hotkey,
      nominators: d.nominators,
      owner: d.owner,
      registrations: d.registrations,
      stakes: per,
      take: d.take,
      takePercent: formatTake(d.take),
      takeSet: d.listed,
      totalStakeRao: total,
      totalStakeTao: formatTao(total),
      validatorPermits: d.validatorPermits,
    }
  })
  if (o.netuid !== undefined) rows = rows.filter((x) => x.registrations.includes(o.netuid!) || x.stakes.some((s) => s.netuid === o.netuid))
  rows.sort((a, b) => (a.totalStakeRao < b.totalStakeRao ? 1 : a.totalStakeRao > b.totalStakeRao ? -1 : a.hotkey.localeCompare(b.hotkey)))
  const filter =
    o.netuid === undefined
      ? 'hotkeys that set a take (get_delegates); give a netuid to list every hotkey registered there'
      : `every hotkey registered on subnet ${o.netuid} and every delegate holding stake there; a take marked default is the one the chain applies to a hotkey that never set one`
  return {block: r.block, blockHash: r.blockHash, delegates: rows, filter, source: r.raw ? 'runtime-api+storage' : 'runtime-api'}
}

