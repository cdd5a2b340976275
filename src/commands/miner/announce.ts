import {Flags} from '@oclif/core'

import type {AnnounceResult} from '../../miner/chain.js'

import {BaseCommand, netuidArgs, netuidFlag, txFlags, walletFlags} from '../../cli/base-command.js'

export default class MinerAnnounce extends BaseCommand<AnnounceResult> {
  static args = {...netuidArgs({description: 'subnet the hotkey is registered on (or --netuid)'})}
  static description = `publishes where your miner's axon listens (SubtensorModule.serve_axon, signed by the hotkey, no fee) so validators
can query it. The IP is stored as an integer with ip_type 4 or 6, as the Python SDK does. The chain refuses
loopback (127.0.0.1, ::1), 0.0.0.0 and port 0, so tao refuses them first (exit 2). The hotkey must be registered on
the subnet, and the chain's serving rate limit allows one announcement per ServingRateLimit blocks.
On a tao localnet only, --local-dev writes the Axons entry directly (dev_setStorage) so a loopback axon from
\`miner serve\` can be queried by netuid; tao refuses --local-dev on any chain that is not a localnet.`
  static examples = [
    '<%= config.bin %> miner announce 1 --ip 203.0.113.7 --port 8091 --wallet miner --hotkey default',
    '<%= config.bin %> miner announce --netuid 1 --ip 2001:db8::7 --port 8091 --dry-run --json',
    '<%= config.bin %> miner announce 1 --ip 127.0.0.1 --port 8091 --local-dev -n local',
  ]
  static fieldFlags = {version: 'axon-version'}
  static flags = {
    ...walletFlags,
    ...txFlags,
    ...netuidFlag({description: 'subnet the hotkey is registered on (or give it as the first argument)'}),
    'axon-version': Flags.integer({description: 'version number stored with the axon [default: 10002000, the protocol version tao speaks]', min: 0}),
    ip: Flags.string({description: 'public IPv4 or IPv6 address validators can reach', required: true}),
    'local-dev': Flags.boolean({description: 'tao localnet only: write the axon with dev_setStorage, loopback allowed (refused on any other chain)'}),
    port: Flags.integer({description: 'TCP port of the axon', required: true}),
    protocol: Flags.integer({default: 4, description: 'protocol number stored with the axon (the SDK sends 4)', max: 255, min: 0}),
  }
  static summary = "announce your axon's IP and port on chain"

  async run(): Promise<AnnounceResult> {
    const parsed = await this.parseCommand(MinerAnnounce)
    const {flags} = parsed
    const netuid = this.netuidOf(parsed, true)
    const [{announce}, {renderAnnounce}] = await Promise.all([import('../../services/miner/announce.js'), import('../../cli/render/miner.js')])
    const options = {
      dryRun: flags['dry-run'],
      ip: flags.ip,
      localDev: flags['local-dev'],
      netuid,
      port: flags.port,
      protocol: flags.protocol,
      version: flags['axon-version'],
      waitFor: flags['wait-for'] as 'inBlock' | 'finalized',
      wallet: await this.walletRef(flags),
    }
    const result = await announce(await this.client(), options, this.ui())
    this.out(renderAnnounce(result))
    return result
  }
}
