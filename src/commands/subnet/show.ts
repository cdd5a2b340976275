import type {ShowResult} from '../../services/subnet/show.js'

import {BaseCommand, netuidArgs} from '../../cli/base-command.js'
import {subnetShow} from '../../cli/offline.js'
import {neuronFlags} from './metagraph.js'

export default class SubnetShow extends BaseCommand<ShowResult> {
  static args = netuidArgs()
  static description = 'one subnet: owner, tempo, neurons, burn, pool price and emission, then its neurons (as `subnet metagraph`), all read at one block'
  static examples = ['<%= config.bin %> subnet show 1 --network local', '<%= config.bin %> subnet show --netuid 1 --validators --sort stake --json']
  static flags = neuronFlags
  static summary = 'show a subnet and its neurons'

  async run(): Promise<ShowResult> {
    // the body is shared with the start-up fast path (src/cli/fast.ts)
    return subnetShow(this.rt, await this.parseCommand(SubnetShow))
  }
}
