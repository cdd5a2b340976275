import * as Flags from '@oclif/core/flags'

import type {AnnounceResult} from '../../miner/chain.js'
import type {AxonResetResult} from '../../miner/reset.js'

import {BaseCommand, netuidArgs, netuidFlag, txFlags, walletFlags} from '../../cli/base-command.js'

export default class MinerAnnounce extends BaseCommand<AnnounceResult | AxonResetResult> {
  static args = {...netuidArgs({description: 'subnet the hotkey is registered on (or --netuid)'})}
  static description = `publishes where your miner's axon listens (SubtensorModule.serve_axon, signed by the hotkey, no fee) so validators
can query it. The IP is stored as an integer with ip_type 4 or 6, as the Python SDK does. The chain refuses
loopback (127.0.0.1, ::1), 0.0.0.0 and port 0, so tao refuses them first (exit 2). The hotkey must be registered on
the subnet, and the chain's serving rate limit allows one announcement per ServingRateLimit blocks.
On a tao localnet only, --local-dev writes the Axons entry directly (dev_setStorage) so a loopback axon from
\`miner serve\` can be queried by netuid; tao refuses --local-dev on any chain that is not a localnet.
--reset clears a served axon: serve_axon with ip 0 (0.0.0.0, "not serving") and port 1 (port 0 is always refused).
Today's runtime accepts ip 0; spec 218's refuses it (InvalidIpAddress). The node is asked first (system_dryRun, where it
serves that), so such a refusal comes back decoded with nothing submitted. Nothing to clear: exit 0, nothing sent.`
  static examples = [
    '<%= config.bin %> miner announce 1 --ip 203.0.113.7 --port 8091 --wallet miner --hotkey default',
    '<%= config.bin %> miner announce --netuid 1 --ip 2001:db8::7 --port 8091 --dry-run --json',
    '<%= config.bin %> miner announce 1 --ip 127.0.0.1 --port 8091 --local-dev -n local',
    '<%= config.bin %> miner announce 1 --reset --wallet miner --hotkey default --yes',
    '<%= config.bin %> miner announce 1 --reset --local-dev -w miner -n local',
  ]
  static fieldFlags = {version: 'axon-version'}
  static flags = {
    ...walletFlags,
    ...txFlags,
    ...netuidFlag({description: 'subnet the hotkey is registered on (or give it as the first argument)'}),
    'axon-version': Flags.integer({description: 'version number stored with the axon [default: 10002000, the protocol version tao speaks]', min: 0}),
    ip: Flags.string({description: 'public IPv4 or IPv6 address validators can reach (required unless --reset)'}),
    'local-dev': Flags.boolean({description: 'tao localnet only: write the axon with dev_setStorage, loopback allowed (refused on any other chain)'}),
    port: Flags.integer({description: 'TCP port of the axon (required unless --reset)'}),
    reset: Flags.boolean({description: 'clear the served axon (ip 0.0.0.0) instead of announcing one; with --local-dev (a tao localnet only) the Axons entry is deleted, for runtimes whose serve_axon refuses ip 0', exclusive: ['ip', 'port']}),
    protocol: Flags.integer({default: 4, description: 'protocol number stored with the axon (the SDK sends 4)', max: 255, min: 0}),
  }
  static summary = "announce your axon's IP and port on chain"

  async run(): Promise<AnnounceResult | AxonResetResult> {
    const parsed = await this.parseCommand(MinerAnnounce)
    const {flags} = parsed
    const netuid = this.netuidOf(parsed, true)
    const [{announce}, {renderAnnounce}, {renderAxonReset, renderAxonResetPlan}, {showingPlan}] = await Promise.all([
      import('../../services/miner/announce.js'),
      import('../../cli/render/miner.js'),
      import('../../cli/render/keys.js'),
      import('../../cli/plan-ui.js'),
    ])
    const options = {
      dryRun: flags['dry-run'],
      ip: flags.ip,
      localDev: flags['local-dev'],
      netuid,
      port: flags.port,
      protocol: flags.protocol,
      reset: flags.reset,
      version: flags['axon-version'],
      waitFor: flags['wait-for'] as 'inBlock' | 'finalized',
      wallet: await this.walletRef(flags),
    }
    const result = await announce(await this.client(), options, flags.reset ? showingPlan<AxonResetResult>(this.ui(), (t) => this.out(t), renderAxonResetPlan) : this.ui())
    this.out('reset' in result ? renderAxonReset(result) : renderAnnounce(result))
    return result
  }
}
