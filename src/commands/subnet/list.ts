import type {ListResult} from '../../services/subnet/list.js'

import {BaseCommand} from '../../cli/base-command.js'
import {subnetList} from '../../cli/offline.js'

export default class SubnetList extends BaseCommand<ListResult> {
  static description = 'every subnet with netuid, name and symbol (where the runtime has them), owner, tempo, neurons, registration burn, pool price, TAO in pool and emission; read at one block'
  static examples = ['<%= config.bin %> subnet list --network local', '<%= config.bin %> subnet list --network ws://127.0.0.1:9944 --json']
  static summary = 'list subnets'

  async run(): Promise<ListResult> {
    await this.parseCommand(SubnetList)
    // the body is shared with the start-up fast path (src/cli/fast.ts)
    return subnetList(this.rt)
  }
}
