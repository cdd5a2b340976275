/** `stake move`: move a wallet's stake to another hotkey, on the same subnet or into another one. */
import type {TaoClient} from '../../client.js'
import type {WalletTxOptions} from '../../stake/flows.js'
import type {AlphaAmount} from '../../stake/input.js'
import type {StakeResult} from '../../stake/types.js'
import type {Ui} from '../../ui.js'

import {opRun, requireConfirmable} from '../../stake/common.js'
import {resolveHotkey} from '../../stake/hotkey.js'
import {parseAlphaOrAll} from '../../stake/input.js'
import {moveStake} from '../../stake/transfers.js'
import {actorOf} from '../../proxy/actor.js'

export interface StakeMoveOptions extends WalletTxOptions {
  /** origin hotkey: SS58, or a hotkey name of the wallet [default: the wallet's hotkey] */
  hotkey?: string
  /** destination hotkey: SS58, or a hotkey name of the wallet */
  toHotkey: string
  /** origin subnet */
  netuid: number
  /** destination subnet [default: the origin subnet] */
  toNetuid?: number
  /** ALPHA of the origin subnet as a decimal string or "all", or base units; or set `all` */
  amount?: AlphaAmount
  all?: boolean
}

export async function move(client: TaoClient, o: StakeMoveOptions, ui: Ui): Promise<StakeResult> {
  const amount = parseAlphaOrAll(o.amount, o.all)
  const from = await resolveHotkey(o.hotkey, o.wallet)
  const to = await resolveHotkey(o.toHotkey, o.wallet, 'toHotkey')
  const {coldkey, multisig, proxy} = await actorOf(o.wallet, o)
  await requireConfirmable(ui, o, 'move stake')
  return moveStake(
    await client.chain(),
    {
      amount,
      coldkey,
      destinationHotkey: to.address,
      destinationHotkeyName: to.name,
      destinationNetuid: o.toNetuid ?? o.netuid,
      originHotkey: from.address,
      originHotkeyName: from.name,
      originNetuid: o.netuid,
    },
    opRun(client, o.wallet, ui, o, undefined, proxy, multisig),
  )
}
