/** `stake claim`: claim root dividends on some subnets now (claim_root; runtimes that have it). */
import type {TaoClient} from '../../client.js'
import type {WalletTxOptions} from '../../stake/flows.js'
import type {RootTxResult} from '../../stake/root-claims.js'
import type {Ui} from '../../ui.js'

import {opRun, requireConfirmable} from '../../stake/common.js'
import {claimRoot} from '../../stake/root-claims.js'
import {actorOf} from '../../proxy/actor.js'

export interface ClaimOptions extends WalletTxOptions {
  netuids: number[]
}

export async function claim(client: TaoClient, o: ClaimOptions, ui: Ui): Promise<RootTxResult> {
  const {coldkey, multisig, proxy} = await actorOf(o.wallet, o)
  await requireConfirmable(ui, o, 'claim root dividends')
  return claimRoot(await client.chain(), {coldkey, netuids: o.netuids}, opRun(client, o.wallet, ui, o, undefined, proxy, multisig))
}
