/** `subnet metagraph`: the neurons of a subnet in one runtime-API call, sorted and filtered. */
import type {TaoClient} from '../../client.js'
import type {MetagraphOptions as ArrangeOptions} from '../../subnet/read.js'
import type {Metagraph} from '../../subnet/types.js'
import type {Ui} from '../../ui.js'

import {metagraph as readMetagraph, parseNetuid} from '../../subnet/read.js'

export interface MetagraphOptions extends ArrangeOptions {
  netuid: number
}

export type MetagraphResult = Metagraph

export async function metagraph(client: TaoClient, options: MetagraphOptions, _ui?: Ui): Promise<MetagraphResult> {
  const {netuid, ...arrange} = options
  return readMetagraph(await client.chain(), parseNetuid(netuid), arrange)
}
