import {BaseCommand} from '../../base-command.js'
import {renderKeyValues} from '../../output/table.js'

import type {ChainInfo} from '../../chain/info.js'

export default class ChainInfoCommand extends BaseCommand<ChainInfo> {
  static description = 'endpoint, chain name, genesis hash, runtime version, best and finalized block, token'
  static examples = ['<%= config.bin %> chain info --network local', '<%= config.bin %> chain info --network ws://127.0.0.1:9944 --json']
  static summary = 'show the connected chain and its runtime'

  async run(): Promise<ChainInfo> {
    await this.parseCommand(ChainInfoCommand)
    const {chainInfo} = await import('../../chain/info.js')
    const info = await chainInfo(await this.chain())
    this.out(
      renderKeyValues([
        ['endpoint', info.endpoint],
        ['chain', info.chain],
        ['genesis hash', info.genesisHash],
        ['runtime', `${info.specName} spec ${info.specVersion}`],
        ['best block', info.bestBlock],
        ['finalized block', info.finalizedBlock],
        ['token', `${info.tokenSymbol} (${info.tokenDecimals} decimals)`],
        ['ss58 format', info.ss58Format],
        ['metadata', info.metadataSource === 'cache' ? 'from cache' : 'downloaded (now cached)'],
      ]),
    )
    return info
  }
}
