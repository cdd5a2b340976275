/**
 * `delegate list` on the light connection, every read pinned to the best block. Round trips: the identity and the
 * best header; `get_delegates` (and, with a netuid, the listing of that subnet's `Keys` and its
 * `ValidatorPermit`); with a netuid, the `Keys` values; then for every hotkey at once its `Delegates` entry, the
 * listing of its `TotalHotkeyAlpha` (and at spec 218 its `Alpha`, for the nominators), and the owner of each
 * registered hotkey that is not a delegate; then those values and the prices of every subnet seen, together.
 */
import type {DelegateListResult} from '../../stake/delegates.js'
import type {DelegateBase, DelegatePlain} from '../../stake/delegate-list.js'
import type {LightChain} from './client.js'

import {delegateBase, delegateListFrom, registeredBase, registeredNonDelegates} from '../../stake/delegate-list.js'
import {big, num} from '../runtime-api.js'
import {lightPin, lightPrices, lightQuery} from './stakes.js'
import {lightEntriesUnder, lightKeys, lightRawAt, lightValues} from './storage.js'
import {lightRuntimeCall} from './subnets.js'

export async function lightListDelegates(chain: LightChain, o: {netuid?: number} = {}): Promise<DelegateListResult | undefined> {
  const p = await lightPin(chain)
  if (!p) return undefined
  const {hash, md} = p
  const api = md.runtimeApi('DelegateInfoRuntimeApi', 'get_delegates')
  const entry = (name: string) => md.storageEntry(`SubtensorModule.${name}`)
  const [delegates, tha, alphaMap, keysMap, permitMap, ownerMap] = ['Delegates', 'TotalHotkeyAlpha', 'Alpha', 'Keys', 'ValidatorPermit', 'Owner'].map(entry)
  // a runtime without the API is the full client's to report; one without this storage is not the light path's
  if (!api || !delegates || !tha) return undefined
  const raw = md.returnsRawBytes(api)
  if ((raw && !alphaMap) || (o.netuid !== undefined && (!keysMap || !permitMap || !ownerMap))) return undefined

  const [res, keys, permits] = await Promise.all([
    lightRuntimeCall<DelegatePlain[]>(chain, md, hash, 'DelegateInfoRuntimeApi', 'get_delegates', 'Vec<StakeDelegateInfo218>'),
    o.netuid === undefined ? [] : lightEntriesUnder(chain, md, hash, keysMap!, o.netuid),
    o.netuid === undefined ? [] : lightQuery(p, [['SubtensorModule.ValidatorPermit', o.netuid]]).then(([v]) => ((v as unknown[] | null) ?? []).map((x) => x === true)),
  ])
  const base: DelegateBase[] = (res ?? []).map(delegateBase)
  const extra = o.netuid === undefined ? [] : registeredNonDelegates(base, keys.map(({args, value}) => [num(args[1]), String(value)] as [number, string]))
  const hotkeys = [...base.map((d) => d.hotkey), ...extra.map((x) => x.hotkey)]

  // per hotkey: its Delegates entry (take, and whether it set one), the netuids it holds alpha on, its nominators' keys
  const [taken, owners, alphaKeys, nominatorKeys] = await Promise.all([
    lightRawAt(chain, hash, hotkeys.map((hk) => md.storageKey(delegates, hk))),
    lightQuery(p, extra.map((x) => ['SubtensorModule.Owner', x.hotkey] as [string, ...unknown[]])),
    Promise.all(hotkeys.map((hk) => lightKeys(chain, md, hash, tha, hk))),
    raw ? Promise.all(hotkeys.map((hk) => lightKeys(chain, md, hash, alphaMap!, hk))) : undefined,
  ])
  const listedFirst = base.length
  extra.forEach((x, i) => base.push(registeredBase(o.netuid!, x.hotkey, String(owners[i]), num(md.storageValue(delegates, taken[listedFirst + i]!)), permits[x.uid] === true)))
  // the prices of every netuid any hotkey holds alpha on (the key names it), read with the values
  const seen = new Set(alphaKeys.flat().map((k) => num(md.storageArgs(tha, k)[1])))
  const [alphas, nominated, prices] = await Promise.all([
    Promise.all(alphaKeys.map((ks) => lightValues(chain, md, hash, tha, ks))),
    nominatorKeys ? Promise.all(nominatorKeys.map((ks) => lightValues(chain, md, hash, alphaMap!, ks))) : undefined,
    lightPrices(p, seen),
  ])
  const stakes = alphas.map((rows) => new Map(rows.filter(({value}) => big(value) > 0n).map(({args, value}) => [num(args[1]), big(value)])))
  const nominators = nominated ? nominated.map((rows) => new Set(rows.filter(({value}) => !isZeroShare(value)).map(({args}) => String(args[1]))).size) : base.map((d) => d.apiNominators)
  return delegateListFrom(o, {block: p.number, blockHash: hash, delegates: base.map((d, i) => ({...d, listed: taken[i] !== null, nominators: nominators[i]!, stakes: stakes[i]!})), prices, raw})
}

/** An `Alpha` share count of zero (a u64 at spec 218, fixed-point `{bits}` later). */
function isZeroShare(v: unknown): boolean {
  const bits = v !== null && typeof v === 'object' && 'bits' in v ? (v as {bits: unknown}).bits : v
  return big(bits) === 0n
}
