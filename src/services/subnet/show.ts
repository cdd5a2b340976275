/** `subnet show`: one subnet's summary and its neurons, read at one block. */
import type {TaoClient} from '../../client.js'
import type {MetagraphOptions as ArrangeOptions} from '../../subnet/read.js'
import type {Metagraph, SubnetSummary} from '../../subnet/types.js'
import type {Ui} from '../../ui.js'

import {bestHead} from '../../chain/runtime-api.js'
import {metagraph, parseNetuid, subnetSummary} from '../../subnet/read.js'
import {formatTao} from '../../util/amount.js'

export interface ShowOptions extends ArrangeOptions {
  netuid: number
}

export interface ShowResult {
  block: number
  blockHash: string
  subnet: SubnetSummary & {burnTao: string; priceTao: string | null}
  neurons: Metagraph['neurons']
  source: Metagraph['source']
}

export async function show(client: TaoClient, options: ShowOptions, _ui?: Ui): Promise<ShowResult> {
  const {netuid: given, ...arrange} = options
  const netuid = parseNetuid(given)
  const chain = await client.chain()
  const head = await bestHead(chain)
  const [summary, m] = await Promise.all([subnetSummary(chain, netuid, head), metagraph(chain, netuid, arrange, head)])
  const s = summary.subnet
  return {
    block: summary.block,
    blockHash: summary.blockHash,
    neurons: m.neurons,
    source: m.source,
    subnet: {...s, burnTao: formatTao(s.burnRao), priceTao: s.priceRao === null ? null : formatTao(s.priceRao)},
  }
}
