/** `stake swap`: swap stake between subnets on the same hotkey (with a price-ratio limit where the runtime has one). */
import type {TaoClient} from '../../client.js'
import type {WalletTxOptions} from '../../stake/flows.js'
import type {AlphaAmount, GuardInput} from '../../stake/input.js'
import type {StakeResult} from '../../stake/types.js'
import type {Ui} from '../../ui.js'

import {opRun, requireConfirmable} from '../../stake/common.js'
import {resolveHotkey} from '../../stake/hotkey.js'
import {parseAlphaOrAll, parseGuardInput} from '../../stake/input.js'
import {swapStake} from '../../stake/transfers.js'
import {actorOf} from '../../proxy/actor.js'

export interface StakeSwapOptions extends WalletTxOptions, GuardInput {
  /** SS58, or a hotkey name of the wallet [default: the wallet's hotkey] */
  hotkey?: string
  /** origin subnet */
  netuid: number
  /** destination subnet */
  toNetuid: number
  /** ALPHA of the origin subnet as a decimal string or "all", or base units; or set `all` */
  amount?: AlphaAmount
  all?: boolean
}

export async function swap(client: TaoClient, o: StakeSwapOptions, ui: Ui): Promise<StakeResult> {
  const amount = parseAlphaOrAll(o.amount, o.all)
  const guard = parseGuardInput(o)
  const hotkey = await resolveHotkey(o.hotkey, o.wallet)
  const {coldkey, multisig, proxy} = await actorOf(o.wallet, o)
  await requireConfirmable(ui, o, 'swap stake')
  return swapStake(
    await client.chain(),
    {...guard, amount, coldkey, destinationNetuid: o.toNetuid, hotkey: hotkey.address, hotkeyName: hotkey.name, originNetuid: o.netuid},
    opRun(client, o.wallet, ui, o, undefined, proxy, multisig),
  )
}
