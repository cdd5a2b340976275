/**
 * `wallet swap-hotkey`: move a hotkey's registrations, stake and the rest to a new hotkey (the runtime's
 * swap_hotkey; every subnet, or one with «netuid» where the runtime's call takes a netuid), signed by the coldkey
 * that owns it. The plan shows the cost (KeySwapCost, burned) and what moves before anything is signed.
 */
import type {TaoClient} from '../../client.js'
import type {WalletTxOptions} from '../../stake/flows.js'
import type {Ui} from '../../ui.js'

import {opRun, requireConfirmable} from '../../stake/common.js'
import {resolveHotkey} from '../../stake/hotkey.js'
import {type SwapHotkeyResult, planSwapHotkey, swapHotkey as submitSwap} from '../../wallet/chain-keys.js'
import {actorOf} from '../../proxy/actor.js'

export interface SwapHotkeyOptions extends WalletTxOptions {
  /** the hotkey to swap away from: SS58 or a hotkey name of the wallet [default: the wallet's hotkey] */
  hotkey?: string
  /** the new hotkey: a hotkey name of the wallet, or SS58 */
  newHotkey: string
  /** one subnet only (runtimes whose swap_hotkey takes a netuid) */
  netuid?: number
}

export async function swapHotkey(client: TaoClient, o: SwapHotkeyOptions, ui: Ui): Promise<SwapHotkeyResult> {
  const [hotkey, newHotkey, {coldkey, multisig, proxy}] = await Promise.all([resolveHotkey(o.hotkey, o.wallet), resolveHotkey(o.newHotkey, o.wallet, 'newHotkey'), actorOf(o.wallet, o)])
  await requireConfirmable(ui, o, 'swap the hotkey')
  const chain = await client.chain()
  const plan = await planSwapHotkey(chain, {coldkey, hotkey: hotkey.address, hotkeyName: hotkey.name, netuid: o.netuid, newHotkey: newHotkey.address, newHotkeyName: newHotkey.name})
  return submitSwap(chain, plan, opRun(client, o.wallet, ui, o, undefined, proxy, multisig))
}
