import type {ShowResult} from '../../services/subnet/show.js'
import type {SortKey} from '../../subnet/read.js'

import {BaseCommand, netuidArgs} from '../../cli/base-command.js'
import {neuronFlags} from './metagraph.js'

export default class SubnetShow extends BaseCommand<ShowResult> {
  static args = netuidArgs()
  static description = 'one subnet: owner, tempo, neurons, burn, pool price and emission, then its neurons (as `subnet metagraph`), all read at one block'
  static examples = ['<%= config.bin %> subnet show 1 --network local', '<%= config.bin %> subnet show --netuid 1 --validators --sort stake --json']
  static flags = neuronFlags
  static summary = 'show a subnet and its neurons'

  async run(): Promise<ShowResult> {
    const parsed = await this.parseCommand(SubnetShow)
    const {reverse, sort, validators} = parsed.flags
    const [{show}, {renderSubnetShow}] = await Promise.all([import('../../services/subnet/show.js'), import('../../cli/render/subnet.js')])
    const result = await show(await this.client(), {netuid: this.netuidOf(parsed, true), reverse, sort: sort as SortKey, validators}, this.ui())
    this.out(renderSubnetShow(result))
    return result
  }
}
