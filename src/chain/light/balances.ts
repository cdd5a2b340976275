/**
 * `wallet balance` on the light connection, every read pinned to the best block: the identity and the best
 * header together; then every account's `System.Account` (one `state_queryStorageAt`) and stake
 * (`StakeInfoRuntimeApi.get_stake_info_for_coldkey`) together; then, only for coldkeys staked on subnets other
 * than root, those subnets' pools (and the runtime's price where it has `SwapRuntimeApi`).
 */
import type {StakeInfoPlain, WalletBalance} from '../reads.js'
import type {LightChain} from './client.js'
import type {LightMetadata} from './metadata.js'

import {spotPriceRao} from '../../stake/math.js'
import {RAO_PER_TAO} from '../../util/amount.js'
import {balanceFrom, stakeEntryFrom, walletBalanceRow} from '../reads.js'
import {big, num} from '../runtime-api.js'
import {lightBestHead, lightMetadata} from './client.js'
import {compactBytes, concat, ss58Decode, toHex} from './hash.js'
import {lightRuntimeCall} from './subnets.js'

/** Read several storage values at `hash` in one request; plain data in the order asked (as `queryAt`). */
export async function lightQueryAt(chain: LightChain, md: LightMetadata, hash: string, reads: [string, ...unknown[]][]): Promise<unknown[]> {
  if (reads.length === 0) return []
  const entries = reads.map(([name]) => {
    const e = md.storageEntry(name)
    if (!e) throw new Error(`this runtime has no storage ${name}`)
    return e
  })
  const keys = reads.map(([, ...args], i) => md.storageKey(entries[i]!, ...args))
  const sets = await chain.rpc.call<{changes: [string, string | null][]}[]>('state_queryStorageAt', [[...new Set(keys)], hash], 'reading chain state')
  const found = new Map<string, string | null>()
  for (const set of sets) for (const [k, v] of set.changes) found.set(k.toLowerCase(), v)
  return reads.map((_, i) => md.storageValue(entries[i]!, found.get(keys[i]!.toLowerCase()) ?? null))
}

export async function lightWalletBalances(chain: LightChain, accounts: {wallet: string | null; address: string}[]): Promise<{balances: WalletBalance[]; specVersion: number} | undefined> {
  const [id, head] = await Promise.all([chain.identity, lightBestHead(chain)])
  const md = lightMetadata(id)
  if (!md) return undefined
  const stakeApi = md.runtimeApi('StakeInfoRuntimeApi', 'get_stake_info_for_coldkey')
  // without the runtime API the full client reads stake from storage: not the light path's
  if (!stakeApi || stakeApi.inputs.length !== 1) return undefined
  const arg = (address: string) => {
    const account = ss58Decode(address)
    return toHex(md.isBytes(stakeApi.inputs[0]!.type) ? concat(compactBytes(account.length), account) : account)
  }
  const [accountValues, stakeLists] = await Promise.all([
    lightQueryAt(chain, md, head.hash, accounts.map((a) => ['System.Account', a.address] as [string, ...unknown[]])),
    Promise.all(
      accounts.map((a) =>
        lightRuntimeCall<StakeInfoPlain[]>(chain, md, head.hash, 'StakeInfoRuntimeApi', 'get_stake_info_for_coldkey', 'Vec<StakeInfo218>', arg(a.address)).then((r) =>
          (r ?? []).map(stakeEntryFrom).filter((e) => e.alphaRao > 0n),
        ),
      ),
    ),
  ])
  const netuids = [...new Set(stakeLists.flat().map((s) => s.netuid))].filter((n) => n !== 0)
  const prices = await lightPrices(chain, md, head.hash, netuids)
  const balances = accounts.map((a, i) =>
    walletBalanceRow(a, balanceFrom(accountValues[i]), stakeLists[i]!.reduce((s, x) => s + (x.netuid === 0 ? x.alphaRao : (x.alphaRao * (prices.get(x.netuid) ?? 0n)) / RAO_PER_TAO), 0n)),
  )
  return {balances, specVersion: id.specVersion}
}

/** Price of one alpha in rao of TAO per netuid (as `readPrice`: stable pools 1:1, the runtime's price where it has one, else the pool ratio). */
async function lightPrices(chain: LightChain, md: LightMetadata, hash: string, netuids: number[]): Promise<Map<number, bigint>> {
  const out = new Map<number, bigint>()
  if (netuids.length === 0) return out
  const hasMech = md.storageEntry('SubtensorModule.SubnetMechanism') !== undefined
  const reads: [string, ...unknown[]][] = []
  for (const n of netuids) {
    reads.push(['SubtensorModule.SubnetTAO', n], ['SubtensorModule.SubnetAlphaIn', n])
    if (hasMech) reads.push(['SubtensorModule.SubnetMechanism', n])
  }
  const per = hasMech ? 3 : 2
  const swap = md.runtimeApi('SwapRuntimeApi', 'current_alpha_price')
  const [values, swapPrices] = await Promise.all([
    lightQueryAt(chain, md, hash, reads),
    swap
      ? Promise.all(netuids.map((n) => lightRuntimeCall<bigint>(chain, md, hash, 'SwapRuntimeApi', 'current_alpha_price', '', toHex(Uint8Array.of(n & 0xff, n >> 8)))))
      : undefined,
  ])
  netuids.forEach((n, i) => {
    const tao = big(values[i * per])
    const alpha = big(values[i * per + 1])
    const stable = hasMech && num(values[i * per + 2]) === 0
    const pool = {alphaInRao: alpha, stable, taoInRao: tao}
    out.set(n, stable ? RAO_PER_TAO : swapPrices ? big(swapPrices[i]) : spotPriceRao(pool))
  })
  return out
}
