/**
 * `stake child take`: a hotkey's childkey take on a subnet (what it keeps of what it earns as a child), or set
 * it with `take` (`set_childkey_take`, within MinChildkeyTake…MaxChildkeyTake and the chain's rate limit).
 */
import type {TaoClient} from '../../../client.js'
import type {WalletTxOptions} from '../../../stake/flows.js'
import type {Ui} from '../../../ui.js'

import {type ChildkeyTakeInfo, readChildkeyTake, type SetChildkeyTakeResult, setChildkeyTake} from '../../../stake/children.js'
import {opRun, requireConfirmable} from '../../../stake/common.js'
import {resolveHotkey} from '../../../stake/hotkey.js'
import {formatTake, parseTakePercent} from '../../../stake/math.js'
import {actorOf} from '../../../proxy/actor.js'

export interface ChildTakeOptions extends WalletTxOptions {
  /** the hotkey: SS58, or a hotkey name of the wallet [default: the wallet's hotkey] */
  hotkey?: string
  netuid: number
  /** the new take as a percentage ("9", "9%"); without it the take is shown */
  take?: string
}

export type ChildTakeResult = ChildkeyTakeInfo | SetChildkeyTakeResult

export async function take(client: TaoClient, o: ChildTakeOptions, ui: Ui): Promise<ChildTakeResult> {
  const value = o.take === undefined ? undefined : parseTakePercent(o.take)
  const hotkey = await resolveHotkey(o.hotkey, o.wallet)
  if (value === undefined) return readChildkeyTake(await client.chain(), hotkey.address, o.netuid)
  const {coldkey, multisig, proxy} = await actorOf(o.wallet, o)
  await requireConfirmable(ui, o, `set the childkey take to ${formatTake(value)}`)
  return setChildkeyTake(await client.chain(), {coldkey, hotkey: hotkey.address, netuid: o.netuid, take: value}, opRun(client, o.wallet, ui, o, undefined, proxy, multisig))
}
