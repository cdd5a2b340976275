/**
 * `wallet overview` on the light connection: every wallet at once, every read pinned to the best block. Round
 * trips: the identity and the best header; every coldkey's `System.Account`, stakes and `OwnedHotkeys`, with the
 * listing of `NetworksAdded`; then its values, every shown hotkey's `Owner` and `Uids` on every listed subnet, and
 * the prices of the subnets staked on; then, for each registration, its stake-weight storage (as the metagraph
 * reads it: `TotalHotkeyAlpha`, `ChildKeys`, `ParentKeys` on the subnet and root) and `TaoWeight`; then, only where
 * a registered hotkey has parents, their alpha. Runtimes with a typed `get_metagraph` (whose stake vectors the full
 * client reads) are left to the full client.
 */
import type {HotkeyRegistrations, WalletOverviewReads} from '../reads.js'
import type {LightChain} from './client.js'

import {balanceFrom, overviewHotkeys, registrationRow, stakeWeightTotal, stakeWeightsFromStorage, walletBalanceRow, walletStakesFrom} from '../reads.js'
import {big, num} from '../runtime-api.js'
import {ss58Encode} from './hash.js'
import {lightAlphaPrices, lightPin, lightQuery, lightStakeReader, lightStakeSource} from './stakes.js'
import {lightKeys, lightValues} from './storage.js'

type Read = [string, ...unknown[]]
const SM = (name: string) => `SubtensorModule.${name}`

export async function lightWalletOverviews(
  chain: LightChain,
  wallets: {wallet: string; coldkey: string; diskHotkeys: {address: string | null}[]}[],
): Promise<{specVersion: number; stakeSource: string; wallets: WalletOverviewReads[]} | undefined> {
  const p = await lightPin(chain)
  if (!p) return undefined
  const {md} = p
  const stakesOf = lightStakeReader(p)
  const metagraph = md.runtimeApi('SubnetInfoRuntimeApi', 'get_metagraph')
  if (!stakesOf || (metagraph && !md.returnsRawBytes(metagraph))) return undefined
  const networks = md.storageEntry(SM('NetworksAdded'))
  if (!networks || !md.storageEntry(SM('Owner')) || !md.storageEntry(SM('Uids')) || !md.storageEntry(SM('TotalHotkeyAlpha'))) return undefined
  const hasOwned = md.storageEntry(SM('OwnedHotkeys')) !== undefined

  const [accounts, stakeLists, ownedLists, networkKeys] = await Promise.all([
    lightQuery(p, wallets.map((w) => ['System.Account', w.coldkey] as Read)),
    Promise.all(wallets.map((w) => stakesOf(w.coldkey))),
    hasOwned ? lightQuery(p, wallets.map((w) => [SM('OwnedHotkeys'), w.coldkey] as Read)) : wallets.map(() => []),
    lightKeys(chain, md, p.hash, networks),
  ])
  const owned = ownedLists.map((v) => ((v as unknown[] | null) ?? []).map(String))
  const shown = wallets.map((w, i) => overviewHotkeys(w.diskHotkeys, owned[i]!, stakeLists[i]!))
  const hotkeys = [...new Set(shown.flat())]
  // every listed subnet is asked about (the values say which are added), so the uids go with the listing's values
  const listed = networkKeys.map((k) => num(md.storageArgs(networks, k)[0]))
  const [added, ownerAndUids, prices] = await Promise.all([
    lightValues(chain, md, p.hash, networks, networkKeys),
    lightQuery(p, hotkeys.flatMap((hk) => [[SM('Owner'), hk] as Read, ...listed.map((n) => [SM('Uids'), n, hk] as Read)])),
    lightAlphaPrices(p, stakeLists.flat().map((s) => s.netuid)),
  ])
  const isAdded = new Set(added.filter(({value}) => value === true).map(({args}) => num(args[0])))
  const netuids = listed.map((n, i) => [n, i] as const).filter(([n]) => isAdded.has(n)).sort((a, b) => a[0] - b[0])
  const zero = ss58Encode(new Uint8Array(32), md.ss58Format)
  const per = listed.length + 1
  const regs = hotkeys.map((hotkey, h) => {
    const owner = String(ownerAndUids[h * per])
    const uids = netuids.flatMap(([netuid, i]) => {
      const uid = ownerAndUids[h * per + 1 + i]
      return uid === null || uid === undefined ? [] : [{netuid, uid: num(uid)}]
    })
    return {hotkey, owner: owner === zero ? null : owner, uids}
  })

  // the metagraph's stake columns of each registration (readStakeWeights' formula, for that uid), its TotalHotkeyAlpha and TaoWeight
  const taoWeight = md.storageEntry(SM('TaoWeight'))
  const relations = md.storageEntry(SM('ChildKeys')) && md.storageEntry(SM('ParentKeys')) ? {childKeys: SM('ChildKeys'), parentKeys: SM('ParentKeys')} : undefined
  const all = regs.flatMap((r) => r.uids.map((u) => ({...u, hotkey: r.hotkey})))
  const [extra, weights] = await Promise.all([
    lightQuery(p, all.flatMap((r) => [[SM('TotalHotkeyAlpha'), r.hotkey, r.netuid] as Read, ...(taoWeight ? [(taoWeight.keys.length === 0 ? [SM('TaoWeight')] : [SM('TaoWeight'), r.netuid]) as Read] : [])])),
    Promise.all(all.map((r) => stakeWeightsFromStorage([[r.uid, r.hotkey]], r.netuid, 0n, {relations, totalHotkeyAlpha: SM('TotalHotkeyAlpha')}, (reads) => lightQuery(p, reads)))),
  ])
  const stride = taoWeight ? 2 : 1
  const rows = all.map((r, i) => {
    const [w] = weights[i]!
    const tw = taoWeight ? big(extra[i * stride + 1]) : 0n
    return registrationRow({netuid: r.netuid, uid: r.uid}, {...w!, totalRao: stakeWeightTotal(w!.alphaRao, w!.taoRao, tw)}, big(extra[i * stride]))
  })
  const registrations = new Map<string, HotkeyRegistrations>()
  let k = 0
  for (const r of regs) registrations.set(r.hotkey, {owner: r.owner, registrations: r.uids.map(() => rows[k++]!)})

  return {
    specVersion: p.specVersion,
    stakeSource: lightStakeSource(md)!,
    wallets: wallets.map((w, i) => {
      const stakes = walletStakesFrom(stakeLists[i]!, prices)
      const balance = walletBalanceRow({address: w.coldkey, wallet: w.wallet}, balanceFrom(accounts[i]), stakes.reduce((s, x) => s + x.valueRao, 0n))
      return {balance, hotkeys: shown[i]!, registrations, stakes}
    }),
  }
}
