import {Args, Flags} from '@oclif/core'

import type {Metagraph} from '../../subnet/types.js'

import {BaseCommand} from '../../base-command.js'
import {renderTable} from '../../output/table.js'
import {NEURON_HEAD, neuronRow} from '../../subnet/rows.js'

export const SORT_KEYS = ['uid', 'stake', 'trust', 'consensus', 'incentive', 'dividends', 'emission', 'rank', 'last-update', 'hotkey'] as const

/** Flags shared by `subnet metagraph` and `subnet show`. */
export const neuronFlags = {
  reverse: Flags.boolean({description: 'reverse the order (uid and hotkey sort ascending, the rest descending)'}),
  sort: Flags.string({default: 'uid', description: 'sort neurons by', options: [...SORT_KEYS]}),
  validators: Flags.boolean({description: 'only neurons with a validator permit'}),
}

export const netuidArg = {netuid: Args.string({description: 'subnet id (netuid)', required: true})}

export const NEURON_RIGHT = [0, 3, 4, 5, 6, 7, 8, 10]

export default class SubnetMetagraph extends BaseCommand<Metagraph> {
  static args = netuidArg
  static description = 'neurons of a subnet with uid, hotkey, coldkey, stake, trust/consensus/incentive/dividends, emission, validator permit, last update and axon, in one runtime-API call (get_metagraph on newer runtimes, get_neurons_lite on older)'
  static examples = [
    '<%= config.bin %> subnet metagraph 1 --network local',
    '<%= config.bin %> subnet metagraph 1 --sort stake --validators',
    '<%= config.bin %> subnet metagraph 1 --json',
  ]
  static flags = neuronFlags
  static summary = 'show the neurons of a subnet'

  async run(): Promise<Metagraph> {
    const {args, flags} = await this.parseCommand(SubnetMetagraph)
    const {metagraph, parseNetuid} = await import('../../subnet/read.js')
    const netuid = parseNetuid(args.netuid)
    const m = await metagraph(await this.chain(), netuid, {reverse: flags.reverse, sort: flags.sort as never, validators: flags.validators})
    this.out(renderTable(NEURON_HEAD, m.neurons.map(neuronRow), {right: NEURON_RIGHT}))
    this.out(`${m.neurons.length} neurons on subnet ${m.netuid} at block ${m.block}`)
    return m
  }
}
