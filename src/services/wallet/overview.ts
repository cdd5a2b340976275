/**
 * `wallet overview`: for each hotkey of a wallet (files on disk, hotkeys the coldkey owns on chain, and hotkeys
 * it stakes to): registrations (netuid, uid, the hotkey's total alpha) and this coldkey's stake with its
 * indicative TAO value. Needs only public files: no password. Stake comes from StakeInfoRuntimeApi (raw bytes
 * at spec 218, typed on newer runtimes) or Alpha storage, as the runtime's metadata allows.
 */
import type {Chain} from '../../chain/client.js'
import type {HotkeyRegistrations, WalletBalance, WalletOverviewReads} from '../../chain/reads.js'
import type {TaoClient} from '../../client.js'
import type {Ui} from '../../ui.js'
import type {WalletRef} from '../../wallet/wallet.js'

import {deadline} from '../../chain/client.js'
import {overviewHotkeys, readHotkeyRegistrations, readNetuids, readOwnedHotkeys, stakeSource, stakesOf, walletBalances} from '../../chain/reads.js'
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
  const asked = usable.map((w) => ({coldkey: w.coldkeyAddress!, diskHotkeys: w.hotkeys.map((h) => ({address: h.address, name: h.name})), wallet: w.name}))
  // the light connection when it can serve (cached metadata): every wallet at once, at one block; else the full client
  // (the reader is loaded first, so its requests leave with the connection's own)
  const [{viaLight}, {lightWalletOverviews}] = await Promise.all([import('../../chain/light/client.js'), import('../../chain/light/overview.js')])
  const light = client.light ? await client.light() : undefined
  const fromLight = await viaLight(light, (c) => lightWalletOverviews(c, asked))
  if (fromLight) {
    const out = asked.map((w, i) => overviewFrom(w, fromLight.wallets[i]!, fromLight.specVersion, fromLight.stakeSource))
    return {network: light!.endpoint, specVersion: fromLight.specVersion, wallets: out}
  }
  const chain = await client.chain()
  const out: WalletOverview[] = []
  for (const w of asked) out.push(await walletOverview(chain, w))
  return {network: chain.endpoint, specVersion: chain.specVersion, wallets: out}
}

/** One wallet as asked: its coldkey and the hotkeys on disk. */
interface AskedWallet {
  wallet: string
  coldkey: string
  diskHotkeys: {name: string; address: string | null}[]
}

async function walletOverview(chain: Chain, w: AskedWallet): Promise<WalletOverview> {
  const [balance] = await walletBalances(chain, [{address: w.coldkey, wallet: w.wallet}])
  const stakes = await stakesOf(chain, w.coldkey)
  const owned = await deadline(chain, readOwnedHotkeys(chain, w.coldkey), 'reading owned hotkeys')
  const hotkeys = overviewHotkeys(w.diskHotkeys, owned, stakes)
  const netuids = await deadline(chain, readNetuids(chain), 'reading subnets')
  const registrations = new Map<string, HotkeyRegistrations>()
  for (const hk of hotkeys) registrations.set(hk, await deadline(chain, readHotkeyRegistrations(chain, hk, netuids), 'reading registrations'))
  return overviewFrom(w, {balance: balance!, hotkeys, registrations, stakes}, chain.specVersion, stakeSource(chain))
}

/** A wallet's overview from what was read (the full and the light read path alike). */
function overviewFrom(w: AskedWallet, r: WalletOverviewReads, specVersion: number, source: string): WalletOverview {
  const names = new Map<string, string>()
  for (const h of w.diskHotkeys) if (h.address) names.set(h.address, h.name)
  const hotkeys: HotkeyOverview[] = r.hotkeys.map((hk) => {
    const reg = r.registrations.get(hk)!
    const mine = r.stakes.filter((s) => s.hotkey === hk)
    return {
      address: hk,
      name: names.get(hk) ?? null,
      owner: reg.owner,
      registrations: reg.registrations,
      stakeValueRao: mine.reduce((s, x) => s + x.valueRao, 0n),
      stakes: mine.map((s) => ({netuid: s.netuid, stakeRao: s.stakeRao, valueRao: s.valueRao})),
    }
  })
  return {balance: r.balance, coldkey: w.coldkey, hotkeys, specVersion, stakeSource: source, wallet: w.wallet}
}
