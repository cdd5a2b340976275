/** `subnet list`: every subnet, read at one block, with TAO amounts also as decimal strings. */
import type {TaoClient} from '../../client.js'
import type {SubnetList} from '../../subnet/read.js'
import type {SubnetSummary} from '../../subnet/types.js'
import type {Ui} from '../../ui.js'

import {formatTao} from '../../util/amount.js'

export type ListOptions = Record<string, never>

export interface ListResult extends Omit<SubnetList, 'subnets'> {
  subnets: (SubnetSummary & {burnTao: string; priceTao: string | null; taoInTao: string | null})[]
}

export async function list(client: TaoClient, _options: ListOptions = {}, _ui?: Ui): Promise<ListResult> {
  // the light connection when it can serve (cached metadata); else the full client
  // (the reader is loaded first, so its requests leave with the connection's own)
  const [{viaLight}, {lightListSubnets}] = await Promise.all([import('../../chain/light/client.js'), import('../../chain/light/subnets.js')])
  const light = client.light ? await client.light() : undefined
  const l = (await viaLight(light, lightListSubnets)) ?? (await (await import('../../subnet/read.js')).listSubnets(await client.chain()))
  return {
    ...l,
    subnets: l.subnets.map((s) => ({
      ...s,
      burnTao: formatTao(s.burnRao),
      priceTao: s.priceRao === null ? null : formatTao(s.priceRao),
      taoInTao: s.taoInRao === null ? null : formatTao(s.taoInRao),
    })),
  }
}
