/**
 * `subnet identity set`: the owner sets the subnet's identity (`set_subnet_identity`; the fields the runtime
 * takes, each checked against the chain's length limit before signing). Fields not given keep their value.
 */
import type {TaoClient} from '../../../client.js'
import type {WalletTxOptions} from '../../../stake/flows.js'
import type {Ui} from '../../../ui.js'

import {InputError} from '../../../errors.js'
import {opRun, requireConfirmable} from '../../../stake/common.js'
import {type SetIdentityResult, setSubnetIdentity} from '../../../subnet/owner.js'
import {parseNetuid} from '../../../subnet/read.js'
import {actorOf} from '../../../proxy/actor.js'

export interface IdentitySetOptions extends WalletTxOptions {
  netuid: number
  /** field → text: name, github, contact (every runtime); url, discord, description, logo-url, additional (newer) */
  fields: Record<string, string>
}

export type IdentitySetResult = SetIdentityResult

export async function set(client: TaoClient, o: IdentitySetOptions, ui: Ui): Promise<IdentitySetResult> {
  const netuid = parseNetuid(o.netuid)
  if (Object.keys(o.fields).length === 0) throw new InputError('give at least one identity field to set', {code: 'BadIdentity', field: 'fields'})
  const {coldkey, multisig, proxy} = await actorOf(o.wallet, o)
  await requireConfirmable(ui, o, 'set the subnet identity')
  return setSubnetIdentity(await client.chain(), {coldkey, fields: o.fields, netuid}, opRun(client, o.wallet, ui, o, undefined, proxy, multisig))
}
