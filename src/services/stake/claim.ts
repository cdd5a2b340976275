/** `stake claim`: claim root dividends on some subnets now (claim_root; runtimes that have it). */
import type {TaoClient} from '../../client.js'
import type {WalletTxOptions} from '../../stake/flows.js'
import type {RootTxResult} from '../../stake/root-claims.js'
import type {Ui} from '../../ui.js'

import {opRun, requireConfirmable} from '../../stake/common.js'
import {claimRoot} from '../../stake/root-claims.js'
import {coldkeyAddress} from '../../wallet/wallet.js'

export interface ClaimOptions extends WalletTxOptions {
  netuids: number[]
}

export async function claim(client: TaoClient, o: ClaimOptions, ui: Ui): Promise<RootTxResult> {
  const coldkey = await coldkeyAddress(o.wallet)
  await requireConfirmable(ui, o, 'claim root dividends')
  return claimRoot(await client.chain(), {coldkey, netuids: o.netuids}, opRun(client, o.wallet, ui, o))
}
