import type {Metagraph, SubnetSummary} from '../../subnet/types.js'

import {BaseCommand} from '../../base-command.js'
import {renderKeyValues, renderTable} from '../../output/table.js'
import {NEURON_HEAD, neuronRow, subnetPairs} from '../../subnet/rows.js'
import {formatTao} from '../../util/amount.js'
import {NEURON_RIGHT, netuidArg, neuronFlags} from './metagraph.js'

export interface SubnetShowResult {
  block: number
  blockHash: string
  subnet: SubnetSummary & {burnTao: string; priceTao: string | null}
  neurons: Metagraph['neurons']
  source: Metagraph['source']
}

export default class SubnetShow extends BaseCommand<SubnetShowResult> {
  static args = netuidArg
  static description = 'one subnet: owner, tempo, neurons, burn, pool price and emission, then its neurons (as `subnet metagraph`), all read at one block'
  static examples = ['<%= config.bin %> subnet show 1 --network local', '<%= config.bin %> subnet show 1 --validators --sort stake --json']
  static flags = neuronFlags
  static summary = 'show a subnet and its neurons'

  async run(): Promise<SubnetShowResult> {
    const {args, flags} = await this.parseCommand(SubnetShow)
    const [{bestHead}, {metagraph, parseNetuid, subnetSummary}] = await Promise.all([import('../../chain/runtime-api.js'), import('../../subnet/read.js')])
    const netuid = parseNetuid(args.netuid)
    const chain = await this.chain()
    const head = await bestHead(chain)
    const [summary, m] = await Promise.all([
      subnetSummary(chain, netuid, head),
      metagraph(chain, netuid, {reverse: flags.reverse, sort: flags.sort as never, validators: flags.validators}, head),
    ])
    this.out(renderKeyValues(subnetPairs(summary.subnet, summary.block)))
    this.out(renderTable(NEURON_HEAD, m.neurons.map(neuronRow), {right: NEURON_RIGHT}))
    const s = summary.subnet
    return {
      block: summary.block,
      blockHash: summary.blockHash,
      neurons: m.neurons,
      source: m.source,
      subnet: {...s, burnTao: formatTao(s.burnRao), priceTao: s.priceRao === null ? null : formatTao(s.priceRao)},
    }
  }
}
