/**
 * `subnet set`: change a subnet's hyperparameters as its owner (AdminUtils `sudo_set_*`, found in the runtime's
 * metadata), values in the units `subnet hyperparameters` shows, converted exactly. Root-only parameters are
 * refused with one line; on a localnet `sudo` signs them through Sudo.sudo with the dev sudo key //Alice.
 */
import type {TaoClient} from '../../client.js'
import type {WalletTxOptions} from '../../stake/flows.js'
import type {Ui} from '../../ui.js'

import {opRun, requireConfirmable} from '../../stake/common.js'
import {listSettable, parseParamPairs, setSubnetParams, type SettableList, type SubnetSetResult} from '../../subnet/owner.js'
import {parseNetuid} from '../../subnet/read.js'
import {InputError} from '../../errors.js'
import {actorOf} from '../../proxy/actor.js'

export interface SubnetSetOptions extends WalletTxOptions {
  netuid: number
  /** NAME=VALUE, names as `subnet hyperparameters` shows them */
  params: string[]
  /** sign through Sudo.sudo with the localnet's dev sudo key (refused on any other chain) */
  sudo?: boolean
  /** list every hyperparameter this runtime can set, with who may set it and its value now; nothing is signed */
  list?: boolean
}

export type SubnetSetServiceResult = SubnetSetResult | SettableList

export async function set(client: TaoClient, o: SubnetSetOptions, ui: Ui): Promise<SubnetSetServiceResult> {
  const netuid = parseNetuid(o.netuid)
  if (o.list) return listSettable(await client.chain(), netuid)
  parseParamPairs(o.params)
  if (o.sudo && (o.proxy !== undefined || o.multisig !== undefined)) throw new InputError('«sudo» signs with the dev sudo key: drop «proxy»/«multisig»', {code: 'Usage', field: o.proxy === undefined ? 'multisig' : 'proxy'})
  const {coldkey, multisig, proxy} = o.sudo ? {coldkey: undefined, multisig: undefined, proxy: undefined} : await actorOf(o.wallet, o)
  await requireConfirmable(ui, o, 'set hyperparameters')
  return setSubnetParams(await client.chain(), {coldkey, netuid, params: o.params, sudo: o.sudo}, opRun(client, o.wallet, ui, o, undefined, proxy, multisig))
}
