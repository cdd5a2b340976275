import {Flags} from '@oclif/core'

import type {AnnounceResult} from '../../miner/chain.js'

import {BaseCommand, txFlags, walletFlags} from '../../base-command.js'
import {renderKeyValues} from '../../output/table.js'

export default class MinerAnnounce extends BaseCommand<AnnounceResult> {
  static description = `publishes where your miner's axon listens (SubtensorModule.serve_axon, signed by the hotkey, no fee) so validators
can query it. The IP is stored as an integer with ip_type 4 or 6, as the Python SDK does. The chain refuses
loopback (127.0.0.1, ::1), 0.0.0.0 and port 0, so tao refuses them first (exit 2). The hotkey must be registered on
the subnet, and the chain's serving rate limit allows one announcement per ServingRateLimit blocks.`
  static examples = [
    '<%= config.bin %> miner announce --netuid 1 --ip 203.0.113.7 --port 8091 --wallet miner --hotkey default',
    '<%= config.bin %> miner announce --netuid 1 --ip 2001:db8::7 --port 8091 --dry-run --json',
  ]
  static flags = {
    ...walletFlags,
    ...txFlags,
    'axon-version': Flags.integer({description: 'version number stored with the axon [default: 10002000, the protocol version tao speaks]', min: 0}),
    ip: Flags.string({description: 'public IPv4 or IPv6 address validators can reach', required: true}),
    netuid: Flags.integer({description: 'subnet the hotkey is registered on', max: 65_535, min: 0, required: true}),
    port: Flags.integer({description: 'TCP port of the axon', required: true}),
    protocol: Flags.integer({default: 4, description: 'protocol number stored with the axon (the SDK sends 4)', max: 255, min: 0}),
  }
  static summary = "announce your axon's IP and port on chain"

  async run(): Promise<AnnounceResult> {
    const {flags} = await this.parseCommand(MinerAnnounce)
    const {announceAxon, validateAnnounce} = await import('../../miner/chain.js')
    // every input problem is refused here, before the wallet is read or the chain contacted
    const params = validateAnnounce({ip: flags.ip, netuid: flags.netuid, port: flags.port, protocol: flags.protocol, version: flags['axon-version']})
    const hotkey = await this.hotkeySigner(flags)
    const chain = await this.chain()
    const result = await announceAxon(chain, hotkey, params, {
      dryRun: flags['dry-run'],
      ui: {progress: (m: string) => this.progress(m)},
      waitFor: flags['wait-for'] as 'inBlock' | 'finalized',
    })
    const addr = params.ipType === 6 ? `[${result.ip}]:${result.port}` : `${result.ip}:${result.port}`
    this.out(
      renderKeyValues([
        ['netuid', result.netuid],
        ['hotkey', result.hotkey],
        ['axon', addr],
        ['ip (u128) / type', `${result.ipInt} / IPv${result.ipType}`],
        ['protocol / version', `${result.protocol} / ${result.version}`],
        [result.dryRun ? 'dry run' : 'block', result.dryRun ? 'valid; nothing submitted' : result.blockNumber],
        ['tx', result.txHash],
        ['stored on chain', result.stored ? `${result.stored.ipText}:${result.stored.port} (block ${result.stored.block})` : '-'],
      ]),
    )
    return result
  }
}
