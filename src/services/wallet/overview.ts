/**
 * `wallet overview`: for each hotkey of a wallet (files on disk, hotkeys the coldkey owns on chain, and hotkeys
 * it stakes to): registrations (netuid, uid, the hotkey's total alpha) and this coldkey's stake with its
 * indicative TAO value. Needs only public files: no password. Stake comes from StakeInfoRuntimeApi (raw bytes
 * at spec 218, typed on newer runtimes) or Alpha storage, as the runtime's metadata allows.
 */
import type {Chain} from '../../chain/client.js'
import type {WalletBalance} from '../../chain/reads.js'
import type {TaoClient} from '../../client.js'
import type {Ui} from '../../ui.js'
import type {WalletRef} from '../../wallet/wallet.js'

import {deadline} from '../../chain/client.js'
import {readHotkeyRegistrations, readNetuids, readOwnedHotkeys, stakeSource} from '../../chain/reads.js'
import {stakesOf, walletBalances} from '../../chain/reads.js'
import {WalletError} from '../../errors.js'
import {listWallets} from '../../wallet/manage.js'

export interface OverviewOptions {
  /** the wallet, or the wallets folder with `all` */
  wallet: WalletRef
  /** every wallet in the wallets folder */
  all?: boolean
}

export interface HotkeyOverview {
  name: string | null
  address: string
  /** Owner(hotkey) on chain, null when the hotkey was never registered */
  owner: string | null
  /** the hotkey's stake columns as the metagraph shows them (src/chain/reads.ts readStakeWeights) */
  registrations: {netuid: number; uid: number; totalAlphaRao: bigint | null; alphaStakeRao: bigint; taoStakeRao: bigint; stakeWeightRao: bigint}[]
  stakes: {netuid: number; stakeRao: bigint; valueRao: bigint}[]
  stakeValueRao: bigint
}

export interface WalletOverview {
  wallet: string
  coldkey: string
  balance: WalletBalance
  hotkeys: HotkeyOverview[]
  specVersion: number
  stakeSource: string
}

export interface OverviewResult {
  network: string
  specVersion: number
  wallets: WalletOverview[]
}

export async function overview(client: TaoClient, options: OverviewOptions, ui: Ui): Promise<OverviewResult> {
  const ref = options.wallet
  const wallets = await listWallets(ref.path, options.all ? undefined : ref.name)
  const usable = wallets.filter((w) => {
    if (!w.coldkeyAddress) ui.warn(`no coldkeypub found for wallet "${w.name}"; skipped`)
    return Boolean(w.coldkeyAddress)
  })
  if (usable.length === 0) throw new WalletError(`no wallet with a coldkeypub.txt in ${ref.path}`, {code: 'NoColdkeypub'})
  const chain = await client.chain()
  const out: WalletOverview[] = []
  for (const w of usable) out.push(await walletOverview(chain, w.name, w.coldkeyAddress!, w.hotkeys.map((h) => ({address: h.address, name: h.name}))))
  return {network: chain.endpoint, specVersion: chain.specVersion, wallets: out}
}

async function walletOverview(chain: Chain, wallet: string, coldkey: string, diskHotkeys: {name: string; address: string | null}[]): Promise<WalletOverview> {
  const [balance] = await walletBalances(chain, [{address: coldkey, wallet}])
  const stakes = await stakesOf(chain, coldkey)
  const owned = await deadline(chain, readOwnedHotkeys(chain, coldkey), 'reading owned hotkeys')
  const names = new Map<string, string>()
  for (const h of diskHotkeys) if (h.address) names.set(h.address, h.name)
  const all = [...new Set([...diskHotkeys.flatMap((h) => (h.address ? [h.address] : [])), ...owned, ...stakes.map((s) => s.hotkey)])]
  const netuids = await deadline(chain, readNetuids(chain), 'reading subnets')
  const hotkeys: HotkeyOverview[] = []
  for (const hk of all) {
    const reg = await deadline(chain, readHotkeyRegistrations(chain, hk, netuids), 'reading registrations')
    const mine = stakes.filter((s) => s.hotkey === hk)
    hotkeys.push({
      address: hk,
      name: names.get(hk) ?? null,
      owner: reg.owner,
      registrations: reg.registrations,
      stakeValueRao: mine.reduce((s, x) => s + x.valueRao, 0n),
      stakes: mine.map((s) => ({netuid: s.netuid, stakeRao: s.stakeRao, valueRao: s.valueRao})),
    })
  }
  return {balance: balance!, coldkey, hotkeys, specVersion: chain.specVersion, stakeSource: stakeSource(chain), wallet}
}
