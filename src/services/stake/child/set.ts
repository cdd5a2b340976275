/**
 * `stake child set`: give up to five child hotkeys proportions of a hotkey's stake weight on one subnet
 * (`set_children`), signed by the coldkey that owns the hotkey. Everything the chain checks is checked first.
 */
import type {TaoClient} from '../../../client.js'
import type {WalletTxOptions} from '../../../stake/flows.js'
import type {Ui} from '../../../ui.js'

import {InputError} from '../../../errors.js'
import {parseChildSpec, type SetChildrenResult, setChildren} from '../../../stake/children.js'
import {opRun, requireConfirmable} from '../../../stake/common.js'
import {resolveHotkey} from '../../../stake/hotkey.js'
import {actorOf} from '../../../proxy/actor.js'

export interface ChildSetOptions extends WalletTxOptions {
  /** the parent hotkey: SS58, or a hotkey name of the wallet [default: the wallet's hotkey] */
  hotkey?: string
  netuid: number
  /** each `SS58_OR_NAME=PROPORTION`, the proportion a percentage ("40%") or a fraction ("0.4"); together at most 1 */
  children: string[]
}

export type ChildSetResult = SetChildrenResult

export async function set(client: TaoClient, o: ChildSetOptions, ui: Ui): Promise<ChildSetResult> {
  if (o.children.length === 0) throw new InputError('give at least one «children» entry (SS58_OR_NAME=PROPORTION); to remove every child use «revoke»', {code: 'BadChild', field: 'children'})
  const specs = o.children.map(parseChildSpec)
  const children = await Promise.all(
    specs.map(async (s) => {
      const r = await resolveHotkey(s.child, o.wallet, 'children')
      return {hotkey: r.address, input: s.input, name: r.name, proportion: s.proportion}
    }),
  )
  const hotkey = await resolveHotkey(o.hotkey, o.wallet)
  const {coldkey, multisig, proxy} = await actorOf(o.wallet, o)
  await requireConfirmable(ui, o, 'set children')
  return setChildren(await client.chain(), {children, coldkey, hotkey: hotkey.address, netuid: o.netuid}, opRun(client, o.wallet, ui, o, undefined, proxy, multisig))
}
