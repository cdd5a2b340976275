/**
 * `stake child get`: a hotkey's children and their proportions per subnet (current, and queued where the runtime
 * queues them), each child's stake weight, the hotkey's parents and its childkey take.
 */
import type {TaoClient} from '../../../client.js'
import type {Ui} from '../../../ui.js'
import type {WalletRef} from '../../../wallet/wallet.js'

import {type ChildrenInfo, readChildren} from '../../../stake/children.js'
import {resolveHotkey} from '../../../stake/hotkey.js'

export interface ChildGetOptions {
  /** the wallet whose hotkey names resolve «hotkey» */
  wallet: WalletRef
  /** the parent hotkey: SS58, or a hotkey name of the wallet [default: the wallet's hotkey] */
  hotkey?: string
  /** one subnet [default: every subnet where the hotkey has children, parents or a take] */
  netuid?: number
}

export type ChildGetResult = ChildrenInfo

export async function get(client: TaoClient, o: ChildGetOptions, _ui?: Ui): Promise<ChildGetResult> {
  const hotkey = await resolveHotkey(o.hotkey, o.wallet)
  return readChildren(await client.chain(), hotkey.address, {netuid: o.netuid})
}
