/** `subnet metagraph`: the neurons of a subnet in one runtime-API call, sorted and filtered. */
import type {TaoClient} from '../../client.js'
import type {MetagraphOptions as ArrangeOptions} from '../../subnet/read.js'
import type {Metagraph} from '../../subnet/types.js'
import type {Ui} from '../../ui.js'

import {arrangeNeurons, metagraph as readMetagraph, parseNetuid, subnetMissing} from '../../subnet/read.js'

export interface MetagraphOptions extends ArrangeOptions {
  netuid: number
}

export type MetagraphResult = Metagraph

export async function metagraph(client: TaoClient, options: MetagraphOptions, _ui?: Ui): Promise<MetagraphResult> {
  const {netuid, ...arrange} = options
  const n = parseNetuid(netuid)
  // the light connection when it can serve (cached metadata, spec-218 style runtime APIs); else the full client
  // (the reader is loaded first, so its requests leave with the connection's own)
  const [{viaLight}, {lightMetagraph}] = await Promise.all([import('../../chain/light/client.js'), import('../../chain/light/metagraph.js')])
  const light = client.light ? await client.light() : undefined
  const fromLight = await viaLight(light, (c) => lightMetagraph(c, n, (neurons) => arrangeNeurons(neurons, arrange), subnetMissing))
  return fromLight ?? readMetagraph(await client.chain(), n, arrange)
}
