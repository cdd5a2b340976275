/**
 * `wallet balance`: free, reserved and staked TAO per coldkey (staked is the indicative TAO value of all stake:
 * alpha at the current pool price, root 1:1). Reads only public files: no password.
 */
import type {WalletBalance} from '../../chain/reads.js'
import type {TaoClient} from '../../client.js'
import type {Ui} from '../../ui.js'
import type {WalletRef} from '../../wallet/wallet.js'

import {formatTao} from '../../util/amount.js'
import {checkAddress} from '../../wallet/keys.js'
import {listWallets} from '../../wallet/manage.js'
import {coldkeyAddress} from '../../wallet/wallet.js'

export type {WalletBalance} from '../../chain/reads.js'

export interface BalanceOptions {
  /** the wallet (its coldkeypub.txt), or the wallets folder with `all` */
  wallet: WalletRef
  /** every wallet in the wallets folder */
  all?: boolean
  /** addresses to show instead of a wallet */
  ss58?: string[]
}

export interface BalanceResult {
  network: string
  specVersion: number
  balances: WalletBalance[]
  totalRao: bigint
  totalTao: string
}

export async function balance(client: TaoClient, options: BalanceOptions, ui: Ui): Promise<BalanceResult> {
  const ref = options.wallet
  let accounts: {wallet: string | null; address: string}[]
  if (options.ss58?.length) {
    accounts = await Promise.all(options.ss58.map(async (a) => ({address: await checkAddress(a, '«ss58»', 'ss58'), wallet: null})))
  } else if (options.all) {
    const wallets = await listWallets(ref.path)
    for (const w of wallets) if (!w.coldkeyAddress) ui.warn(`wallet "${w.name}" has no readable coldkeypub.txt; skipped`)
    accounts = wallets.filter((w) => w.coldkeyAddress).map((w) => ({address: w.coldkeyAddress!, wallet: w.name}))
  } else accounts = [{address: await coldkeyAddress(ref), wallet: ref.name}]
  // the light connection when it can serve (cached metadata); else the full client
  // (the reader is loaded first, so its requests leave with the connection's own)
  const [{viaLight}, {lightWalletBalances}] = await Promise.all([import('../../chain/light/client.js'), import('../../chain/light/balances.js')])
  const light = client.light ? await client.light() : undefined
  const fromLight = await viaLight(light, (c) => lightWalletBalances(c, accounts))
  const read = fromLight
    ? {...fromLight, network: light!.endpoint}
    : await (async () => {
        const chain = await client.chain()
        const {walletBalances} = await import('../../chain/reads.js')
        return {balances: await walletBalances(chain, accounts), network: chain.endpoint, specVersion: chain.specVersion}
      })()
  const {balances} = read
  const totalRao = balances.reduce((s, b) => s + b.totalRao, 0n)
  return {balances, network: read.network, specVersion: read.specVersion, totalRao, totalTao: formatTao(totalRao)}
}
