import type {ChainInfo} from '../../chain/info.js'

import {BaseCommand} from '../../cli/base-command.js'
import {chainInfo} from '../../cli/offline.js'

export default class ChainInfoCommand extends BaseCommand<ChainInfo> {
  static description = 'endpoint, chain name, genesis hash, runtime version, best and finalized block, token'
  static examples = ['<%= config.bin %> chain info --network local', '<%= config.bin %> chain info --network ws://127.0.0.1:9944 --json']
  static summary = 'show the connected chain and its runtime'

  async run(): Promise<ChainInfo> {
    await this.parseCommand(ChainInfoCommand)
    // the body is shared with the start-up fast path (src/cli/fast.ts)
    return chainInfo(this.rt)
  }
}
