/** `subnet start`: the owner starts a subnet's emissions (`start_call`), where the runtime has it. */
import type {TaoClient} from '../../client.js'
import type {WalletTxOptions} from '../../stake/flows.js'
import type {Ui} from '../../ui.js'

import {opRun, requireConfirmable} from '../../stake/common.js'
import {type StartResult, startSubnet} from '../../subnet/owner.js'
import {parseNetuid} from '../../subnet/read.js'
import {actorOf} from '../../proxy/actor.js'

export interface SubnetStartOptions extends WalletTxOptions {
  netuid: number
}

export type SubnetStartResult = StartResult

export async function start(client: TaoClient, o: SubnetStartOptions, ui: Ui): Promise<SubnetStartResult> {
  const netuid = parseNetuid(o.netuid)
  const {coldkey, multisig, proxy} = await actorOf(o.wallet, o)
  await requireConfirmable(ui, o, 'start the subnet')
  return startSubnet(await client.chain(), {coldkey, netuid}, opRun(client, o.wallet, ui, o, undefined, proxy, multisig))
}
