import {Flags} from '@oclif/core'

import {BaseCommand} from '../../base-command.js'
import {InputError} from '../../errors.js'
import {renderTable} from '../../output/table.js'

export default class LocalnetStart extends BaseCommand<{endpoint: string}> {
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

  async run(): Promise<{endpoint: string}> {
    const {flags} = await this.parseCommand(LocalnetStart)
    if (!flags.spec && !flags.fork) throw new InputError('give --spec FILE (a raw chain spec) or --fork ENDPOINT')
    if (flags.fork) {
      const {resolveNetworkName} = await import('../../config/settings.js')
      flags.fork = resolveNetworkName(flags.fork)
    }
    this.progress(`starting localnet from ${flags.spec ?? flags.fork} (the first start compiles the runtime: ~30 s)`)
    const {startLocalnet} = await import('../../localnet/localnet.js')
    const net = await startLocalnet({
      blockMode: flags['block-mode'] as 'Instant',
      fastLimits: flags['fast-limits'],
      fork: flags.fork,
      host: flags.host,
      onLog: (m) => this.progress(m),
      port: flags.port,
      spec: flags.spec,
    })
    const result = {accounts: net.accounts, endpoint: net.endpoint, sudo: net.sudo}
    if (this.jsonEnabled()) this.logJson(result)
    else {
      this.out(`localnet ready: ${net.endpoint}`)
      this.out(renderTable(['dev account', 'uri', 'address', 'free TAO'], net.accounts.map((a) => [a.name, a.uri, a.address, '1000000'])))
      this.out(`use it with: --network ${net.endpoint}   (Ctrl-C stops it)`)
    }
    await new Promise<void>((resolve) => {
      const stop = () => resolve()
      process.once('SIGINT', stop)
      process.once('SIGTERM', stop)
    })
    this.progress('stopping localnet')
    await net.close()
    process.exit(0)
  }
}
