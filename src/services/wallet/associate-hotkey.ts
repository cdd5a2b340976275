/**
 * `wallet associate-hotkey`: make a hotkey the wallet coldkey's own without registering it (try_associate_hotkey,
 * newer runtimes; a runtime without it says so in one line). Already associated: nothing is sent.
 */
import type {TaoClient} from '../../client.js'
import type {WalletTxOptions} from '../../stake/flows.js'
import type {Ui} from '../../ui.js'

import {opRun, requireConfirmable} from '../../stake/common.js'
import {resolveHotkey} from '../../stake/hotkey.js'
import {type AssociateResult, associateHotkey as associate} from '../../wallet/chain-keys.js'
import {actorOf} from '../../proxy/actor.js'

export interface AssociateHotkeyOptions extends WalletTxOptions {
  /** SS58 or a hotkey name of the wallet [default: the wallet's hotkey] */
  hotkey?: string
}

export async function associateHotkey(client: TaoClient, o: AssociateHotkeyOptions, ui: Ui): Promise<AssociateResult> {
  const [hotkey, {coldkey, multisig, proxy}] = await Promise.all([resolveHotkey(o.hotkey, o.wallet), actorOf(o.wallet, o)])
  await requireConfirmable(ui, o, 'associate the hotkey')
  return associate(await client.chain(), {coldkey, hotkey: hotkey.address, hotkeyName: hotkey.name}, opRun(client, o.wallet, ui, o, undefined, proxy, multisig))
}
