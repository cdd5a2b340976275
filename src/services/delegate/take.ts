/**
 * `delegate take`: a validator's take, or set your own validator's take (decrease_take, or increase_take which
 * the chain rate-limits), signed by the coldkey that owns the hotkey.
 */
import type {TaoClient} from '../../client.js'
import type {WalletTxOptions} from '../../stake/flows.js'
import type {Ui} from '../../ui.js'

import {InputError} from '../../errors.js'
import {opRun, requireConfirmable} from '../../stake/common.js'
import {readDelegateTake, type SetTakeResult, setDelegateTake, type TakeInfo} from '../../stake/delegates.js'
import {resolveHotkey} from '../../stake/hotkey.js'
import {formatTake, parseTakePercent} from '../../stake/math.js'
import {actorOf} from '../../proxy/actor.js'

export interface DelegateTakeOptions extends WalletTxOptions {
  /** the validator hotkey: SS58, or a hotkey name of the wallet [default: the wallet's hotkey] */
  hotkey?: string
  /** the new take: a percentage ("9", "9%") or the chain's u16 (0–65535); without it the take is shown */
  take?: string | number
}

export type DelegateTakeResult = SetTakeResult | TakeInfo

export async function take(client: TaoClient, o: DelegateTakeOptions, ui: Ui): Promise<DelegateTakeResult> {
  const value = typeof o.take === 'string' ? parseTakePercent(o.take) : o.take
  if (value !== undefined && !(Number.isInteger(value) && value >= 0 && value <= 65_535)) {
    throw new InputError(`«take» as a number is the chain's u16 (0–65535): ${value}`, {code: 'BadTake', field: 'take'})
  }
  const hotkey = await resolveHotkey(o.hotkey, o.wallet)
  if (value === undefined) return readDelegateTake(await client.chain(), hotkey.address)
  const {coldkey, multisig, proxy} = await actorOf(o.wallet, o)
  await requireConfirmable(ui, o, `set the take to ${formatTake(value)}`)
  return setDelegateTake(await client.chain(), {coldkey, hotkey: hotkey.address, take: value}, opRun(client, o.wallet, ui, o, undefined, proxy, multisig))
}
