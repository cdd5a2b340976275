import * as Flags from '@oclif/core/flags'

import type {LatencyResult} from '../../services/utils/latency.js'

import {BaseCommand} from '../../cli/base-command.js'

export default class UtilsLatency extends BaseCommand<LatencyResult> {
  static description = `round-trip time to each endpoint tao knows (finney, test, archive, the local chain) and each configured one
(--network, TAO_NETWORK, config "network"), fastest first. Each is one JSON-RPC request on its own websocket, all at
once, each bounded by --timeout; unreachable endpoints are listed with the error. Exit 0 when any answered, 4 when none did.`
  static examples = ['<%= config.bin %> utils latency', '<%= config.bin %> utils latency -n ws://10.0.0.5:9944 --configured-only --json']
  static flags = {
    'configured-only': Flags.boolean({description: 'only the configured endpoints (--network / TAO_NETWORK / config), not the well-known public ones'}),
    endpoint: Flags.string({description: 'another endpoint (or network name) to measure; repeatable', multiple: true}),
  }
  static summary = 'measure the latency of chain endpoints'

  async run(): Promise<LatencyResult> {
    const {flags} = await this.parseCommand(UtilsLatency)
    const [{latency}, {renderLatency}] = await Promise.all([import('../../services/utils/latency.js'), import('../../cli/render/utils.js')])
    const result = await latency(await this.client(), {configuredOnly: flags['configured-only'], endpoints: flags.endpoint}, this.ui())
    this.out(renderLatency(result))
    return result
  }
}
