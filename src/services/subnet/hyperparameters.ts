/** `subnet hyperparameters`: every hyperparameter of a subnet, exact and in human units. */
import type {TaoClient} from '../../client.js'
import type {Hyperparams} from '../../subnet/read.js'
import type {Ui} from '../../ui.js'

import {hyperparameters as readHyperparameters, parseNetuid} from '../../subnet/read.js'

export interface HyperparametersOptions {
  netuid: number
}

export type HyperparametersResult = Hyperparams

export async function hyperparameters(client: TaoClient, options: HyperparametersOptions, _ui?: Ui): Promise<HyperparametersResult> {
  const netuid = parseNetuid(options.netuid)
  // the light connection when it can serve (cached metadata); else the full client
  const [{viaLight}, {lightHyperparameters}] = await Promise.all([import('../../chain/light/client.js'), import('../../chain/light/subnet.js')])
  const light = client.light ? await client.light() : undefined
  return (await viaLight(light, (c) => lightHyperparameters(c, netuid))) ?? readHyperparameters(await client.chain(), netuid)
}
