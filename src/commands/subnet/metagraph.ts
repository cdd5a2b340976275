import * as Flags from '@oclif/core/flags'

import type {MetagraphResult} from '../../services/subnet/metagraph.js'
import type {SortKey} from '../../subnet/read.js'

import {BaseCommand, netuidArgs, netuidFlag} from '../../cli/base-command.js'
import {subnetMetagraph} from '../../cli/offline.js'

const SORT_KEYS = ['uid', 'stake', 'trust', 'consensus', 'incentive', 'dividends', 'emission', 'rank', 'last-update', 'hotkey'] as const satisfies readonly SortKey[]

/** Flags shared by `subnet metagraph` and `subnet show`. */
export const neuronFlags = {
  ...netuidFlag(),
  reverse: Flags.boolean({description: 'reverse the order (uid and hotkey sort ascending, the rest descending)'}),
  sort: Flags.string({default: 'uid', description: 'sort neurons by', options: [...SORT_KEYS]}),
  validators: Flags.boolean({description: 'only neurons with a validator permit'}),
}

export default class SubnetMetagraph extends BaseCommand<MetagraphResult> {
  static args = netuidArgs()
  static description = 'neurons of a subnet with uid, hotkey, coldkey, stake, trust/consensus/incentive/dividends, emission, validator permit, last update and axon, in one runtime-API call (get_metagraph on newer runtimes, get_neurons_lite on older)'
  static examples = [
    '<%= config.bin %> subnet metagraph 1 --network local',
    '<%= config.bin %> subnet metagraph 1 --sort stake --validators',
    '<%= config.bin %> subnet metagraph --netuid 1 --json',
  ]
  static flags = neuronFlags
  static summary = 'show the neurons of a subnet'

  async run(): Promise<MetagraphResult> {
    // the body is shared with the start-up fast path (src/cli/fast.ts)
    return subnetMetagraph(this.rt, await this.parseCommand(SubnetMetagraph))
  }
}
