import {Flags} from '@oclif/core'

import {BaseCommand} from 'tao-cli/plugin'

export default class LocalnetStart extends BaseCommand<void> {
  static baseFlags = BaseCommand.offlineFlags()
  static description = `runs @acala-network/chopsticks on loopback until interrupted (Ctrl-C). Dev accounts //Alice … //Ferdie
hold 1,000,000 TAO each, //Alice is sudo, and unless --no-fast-limits the limits that block a fresh chain are lowered:
subnets can be created at once, weights set without waiting, and every new subnet gets a seeded pool.`
  static examples = [
    '<%= config.bin %> localnet start --spec ../shared/chain/subtensor-spec218.raw.json',
    '<%= config.bin %> localnet start --fork wss://test.finney.opentensor.ai:443 --port 9955',
  ]
  static flags = {
    'block-mode': Flags.string({default: 'Instant', description: 'Instant: a block per extrinsic', options: ['Instant', 'Batch', 'Manual']}),
    'fast-limits': Flags.boolean({allowNo: true, default: true, description: 'lower rate limits and seed new subnet pools'}),
    fork: Flags.string({description: 'fork a live network at its head (ws:// or wss:// endpoint)', exclusive: ['spec']}),
    host: Flags.string({default: '127.0.0.1', description: 'loopback address to listen on'}),
    port: Flags.integer({default: 9944, description: 'port to listen on (0 picks a free one)', max: 65_535, min: 0}),
    spec: Flags.string({description: 'raw chain spec with a runtime, e.g. ../shared/chain/subtensor-spec218.raw.json', env: 'TAO_LOCALNET_SPEC', exclusive: ['fork']}),
  }
  static summary = 'start a local chain for trying tao without risk'

  async run(): Promise<void> {
    const {flags} = await this.parseCommand(LocalnetStart)
    const [{start}, {renderLocalnetReady}] = await Promise.all([import('../../start.js'), import('../../render.js')])
    const options = {
      blockMode: flags['block-mode'] as 'Instant' | 'Batch' | 'Manual',
      fastLimits: flags['fast-limits'],
      fork: flags.fork,
      host: flags.host,
      port: flags.port,
      spec: flags.spec,
    }
    const net = await start(await this.client(), options, this.ui())
    // the ready message is the result (one JSON document under --json); the command then runs until stopped
    if (this.jsonEnabled()) this.logJson({accounts: net.accounts, endpoint: net.endpoint, sudo: net.sudo})
    else this.out(renderLocalnetReady(net))
    await this.untilStopped(net)
  }
}
