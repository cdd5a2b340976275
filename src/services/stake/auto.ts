/**
 * `stake auto`: the hotkey a coldkey's emissions on a subnet are staked to (AutoStakeDestination), or set it with
 * `hotkey` (set_coldkey_auto_stake_hotkey). Runtimes without it say so in one line.
 */
import type {TaoClient} from '../../client.js'
import type {WalletTxOptions} from '../../stake/flows.js'
import type {AutoStakeRead, RootTxResult} from '../../stake/root-claims.js'
import type {Ui} from '../../ui.js'

import {opRun, requireConfirmable} from '../../stake/common.js'
import {resolveHotkey} from '../../stake/hotkey.js'
import {readAutoStake, setAutoStake} from '../../stake/root-claims.js'
import {actorOf} from '../../proxy/actor.js'

export interface AutoStakeOptions extends WalletTxOptions {
  netuid: number
  /** set the destination to this hotkey (SS58 or a hotkey name of the wallet); without it the current one is shown */
  hotkey?: string
}

export async function auto(client: TaoClient, o: AutoStakeOptions, ui: Ui): Promise<AutoStakeRead | RootTxResult> {
  const {coldkey, multisig, proxy} = await actorOf(o.wallet, o)
  if (o.hotkey === undefined) return readAutoStake(await client.chain(), coldkey, o.netuid)
  const hotkey = await resolveHotkey(o.hotkey, o.wallet)
  await requireConfirmable(ui, o, 'set the auto-stake destination')
  return setAutoStake(await client.chain(), {coldkey, hotkey: hotkey.address, netuid: o.netuid}, opRun(client, o.wallet, ui, o, undefined, proxy, multisig))
}
