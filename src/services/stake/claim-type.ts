/** `stake claim-type`: how root dividends are claimed (set_root_claim_type; runtimes that have it). */
import type {TaoClient} from '../../client.js'
import type {WalletTxOptions} from '../../stake/flows.js'
import type {RootTxResult} from '../../stake/root-claims.js'
import type {Ui} from '../../ui.js'

import {opRun, requireConfirmable} from '../../stake/common.js'
import {parseClaimType, setClaimType} from '../../stake/root-claims.js'
import {actorOf} from '../../proxy/actor.js'

export interface ClaimTypeOptions extends WalletTxOptions {
  /** swap, keep, or keep-subnets */
  type: string
  /** with keep-subnets: the subnets whose root dividends stay alpha */
  subnets?: number[]
}

export async function claimType(client: TaoClient, o: ClaimTypeOptions, ui: Ui): Promise<RootTxResult> {
  const type = parseClaimType(o.type, o.subnets)
  const {coldkey, multisig, proxy} = await actorOf(o.wallet, o)
  await requireConfirmable(ui, o, 'set the root claim type')
  return setClaimType(await client.chain(), {coldkey, type}, opRun(client, o.wallet, ui, o, undefined, proxy, multisig))
}
