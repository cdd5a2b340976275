/** `subnet burn-cost`: the registration burn of a subnet now, its bounds and the registrations left. */
import type {TaoClient} from '../../client.js'
import type {BurnCost} from '../../subnet/read.js'
import type {Ui} from '../../ui.js'

import {burnCost as readBurnCost, parseNetuid} from '../../subnet/read.js'
import {formatTao} from '../../util/amount.js'

export interface BurnCostOptions {
  netuid: number
}

export type BurnCostResult = BurnCost & {burnTao: string}

export async function burnCost(client: TaoClient, options: BurnCostOptions, _ui?: Ui): Promise<BurnCostResult> {
  const netuid = parseNetuid(options.netuid)
  // the light connection when it can serve (cached metadata); else the full client
  const [{viaLight}, {lightBurnCost}] = await Promise.all([import('../../chain/light/client.js'), import('../../chain/light/subnet.js')])
  const light = client.light ? await client.light() : undefined
  const b = (await viaLight(light, (c) => lightBurnCost(c, netuid))) ?? (await readBurnCost(await client.chain(), netuid))
  return {...b, burnTao: formatTao(b.burnRao)}
}
