/** `stake transfer`: give stake to another coldkey (it stays on the same hotkey and changes owner). */
import type {TaoClient} from '../../client.js'
import type {WalletTxOptions} from '../../stake/flows.js'
import type {AlphaAmount} from '../../stake/input.js'
import type {StakeResult} from '../../stake/types.js'
import type {Ui} from '../../ui.js'

import {opRun, requireConfirmable} from '../../stake/common.js'
import {resolveColdkey, resolveHotkey} from '../../stake/hotkey.js'
import {parseAlphaOrAll} from '../../stake/input.js'
import {transferStake} from '../../stake/transfers.js'
import {actorOf} from '../../proxy/actor.js'

export interface StakeTransferOptions extends WalletTxOptions {
  /** SS58, or a hotkey name of the wallet [default: the wallet's hotkey] */
  hotkey?: string
  /** the receiving coldkey: SS58, or the name of a wallet in the same wallets folder */
  toColdkey: string
  /** origin subnet */
  netuid: number
  /** destination subnet [default: the origin subnet] */
  toNetuid?: number
  /** ALPHA as a decimal string or "all", or base units; or set `all` */
  amount?: AlphaAmount
  all?: boolean
}

export async function transfer(client: TaoClient, o: StakeTransferOptions, ui: Ui): Promise<StakeResult> {
  const amount = parseAlphaOrAll(o.amount, o.all)
  const destinationColdkey = await resolveColdkey(o.toColdkey, o.wallet, 'toColdkey')
  const hotkey = await resolveHotkey(o.hotkey, o.wallet)
  const {coldkey, multisig, proxy} = await actorOf(o.wallet, o)
  await requireConfirmable(ui, o, 'transfer stake')
  return transferStake(
    await client.chain(),
    {amount, coldkey, destinationColdkey, destinationNetuid: o.toNetuid ?? o.netuid, hotkey: hotkey.address, hotkeyName: hotkey.name, originNetuid: o.netuid},
    opRun(client, o.wallet, ui, o, undefined, proxy, multisig),
  )
}
