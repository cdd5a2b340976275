/** `stake child revoke`: remove every child of a hotkey on one subnet (`set_children` with no children). */
import type {TaoClient} from '../../../client.js'
import type {WalletTxOptions} from '../../../stake/flows.js'
import type {Ui} from '../../../ui.js'

import {type SetChildrenResult, setChildren} from '../../../stake/children.js'
import {opRun, requireConfirmable} from '../../../stake/common.js'
import {resolveHotkey} from '../../../stake/hotkey.js'
import {actorOf} from '../../../proxy/actor.js'

export interface ChildRevokeOptions extends WalletTxOptions {
  /** the parent hotkey: SS58, or a hotkey name of the wallet [default: the wallet's hotkey] */
  hotkey?: string
  netuid: number
}

export type ChildRevokeResult = SetChildrenResult

export async function revoke(client: TaoClient, o: ChildRevokeOptions, ui: Ui): Promise<ChildRevokeResult> {
  const hotkey = await resolveHotkey(o.hotkey, o.wallet)
  const {coldkey, multisig, proxy} = await actorOf(o.wallet, o)
  await requireConfirmable(ui, o, 'revoke children')
  return setChildren(await client.chain(), {children: [], coldkey, hotkey: hotkey.address, netuid: o.netuid}, opRun(client, o.wallet, ui, o, undefined, proxy, multisig))
}
