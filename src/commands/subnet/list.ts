import type {SubnetSummary} from '../../subnet/types.js'

import {BaseCommand} from '../../base-command.js'
import {renderTable} from '../../output/table.js'
import {SUBNET_HEAD, subnetRow} from '../../subnet/rows.js'
import {formatTao} from '../../util/amount.js'

export interface SubnetListResult {
  block: number
  blockHash: string
  subnets: (SubnetSummary & {burnTao: string; priceTao: string | null; taoInTao: string | null})[]
}

export default class SubnetList extends BaseCommand<SubnetListResult> {
  static description = 'every subnet with netuid, name and symbol (where the runtime has them), owner, tempo, neurons, registration burn, pool price, TAO in pool and emission; read at one block'
  static examples = ['<%= config.bin %> subnet list --network local', '<%= config.bin %> subnet list --network ws://127.0.0.1:9944 --json']
  static summary = 'list subnets'

  async run(): Promise<SubnetListResult> {
    await this.parseCommand(SubnetList)
    const {listSubnets} = await import('../../subnet/read.js')
    const list = await listSubnets(await this.chain())
    this.out(renderTable(SUBNET_HEAD, list.subnets.map(subnetRow), {right: [0, 4, 6, 7, 8, 9]}))
    this.out(`${list.subnets.length} subnets at block ${list.block}`)
    return {
      ...list,
      subnets: list.subnets.map((s) => ({
        ...s,
        burnTao: formatTao(s.burnRao),
        priceTao: s.priceRao === null ? null : formatTao(s.priceRao),
        taoInTao: s.taoInRao === null ? null : formatTao(s.taoInRao),
      })),
    }
  }
}
