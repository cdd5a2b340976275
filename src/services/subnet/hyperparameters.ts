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
  return readHyperparameters(await client.chain(), parseNetuid(options.netuid))
}
