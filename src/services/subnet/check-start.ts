/** `subnet check-start`: whether a subnet's emissions are started, and from which block its owner can start them. */
import type {TaoClient} from '../../client.js'
import type {Ui} from '../../ui.js'

import {checkStart as read, type StartCheck} from '../../subnet/owner.js'
import {parseNetuid} from '../../subnet/read.js'

export interface CheckStartOptions {
  netuid: number
}

export type CheckStartResult = StartCheck

export async function checkStart(client: TaoClient, o: CheckStartOptions, _ui?: Ui): Promise<CheckStartResult> {
  return read(await client.chain(), parseNetuid(o.netuid))
}
