/** `subnet show`: one subnet's summary and its neurons, read at one block. */
import type {TaoClient} from '../../client.js'
import type {MetagraphOptions as ArrangeOptions} from '../../subnet/read.js'
import type {Metagraph, SubnetSummary} from '../../subnet/types.js'
import type {Ui} from '../../ui.js'

import {parseNetuid} from '../../subnet/read.js'
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
  // the light connection when it can serve (cached metadata, spec-218 style runtime APIs); else the full client
  // (the reader is loaded first, so its requests leave with the connection's own)
  const [{viaLight}, {lightSubnetShow}] = await Promise.all([import('../../chain/light/client.js'), import('../../chain/light/subnet.js')])
  const light = client.light ? await client.light() : undefined
  const {head, metagraph: m, subnet: s} = (await viaLight(light, (c) => lightSubnetShow(c, netuid, arrange))) ?? (await full(client, netuid, arrange))
  return {
    block: head.number,
    blockHash: head.hash,
    neurons: m.neurons,
    source: m.source,
    subnet: {...s, burnTao: formatTao(s.burnRao), priceTao: s.priceRao === null ? null : formatTao(s.priceRao)},
  }
}

async function full(client: TaoClient, netuid: number, arrange: ArrangeOptions): Promise<{head: {hash: string; number: number}; metagraph: Metagraph; subnet: SubnetSummary}> {
  const [{bestHead}, {metagraph, subnetSummary}] = await Promise.all([import('../../chain/runtime-api.js'), import('../../subnet/read.js')])
  const chain = await client.chain()
  const head = await bestHead(chain)
  const [summary, m] = await Promise.all([subnetSummary(chain, netuid, head), metagraph(chain, netuid, arrange, head)])
  return {head: {hash: summary.blockHash, number: summary.block}, metagraph: m, subnet: summary.subnet}
}
