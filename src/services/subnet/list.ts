/** `subnet list`: every subnet, read at one block, with TAO amounts also as decimal strings. */
import type {TaoClient} from '../../client.js'
import type {SubnetList} from '../../subnet/read.js'
import type {SubnetSummary} from '../../subnet/types.js'
import type {Ui} from '../../ui.js'

import {listSubnets} from '../../subnet/read.js'
import {formatTao} from '../../util/amount.js'

export type ListOptions = Record<string, never>

export interface ListResult extends Omit<SubnetList, 'subnets'> {
  subnets: (SubnetSummary & {burnTao: string; priceTao: string | null; taoInTao: string | null})[]
}

export async function list(client: TaoClient, _options: ListOptions = {}, _ui?: Ui): Promise<ListResult> {
  const l = await listSubnets(await client.chain())
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
