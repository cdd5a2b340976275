import * as Flags from '@oclif/core/flags'

import {BaseCommand, metricsFlags, netuidArgs, netuidFlag, serviceFlags, walletFlags} from '../../cli/base-command.js'

export default class MinerServe extends BaseCommand<void> {
  static args = netuidArgs({description: 'subnet for --registered-only (or --netuid)'})
  static description = `a minimal axon that checks requests as a Python axon does (signature, nonce, body hash, blacklist) and
answers with your handler module, to smoke-test a validator locally. Stricter than bittensor 10.2.0: requests
without a signature are refused (401). --registered-only refuses hotkeys not registered on --netuid (403).
The handler module exports its synapse definitions and a default async function (synapse, ctx) returning the
fields to set; a handler that is an async generator streams what it yields (text/event-stream, as a Python
StreamingSynapse; query it with \`tao miner query --stream\`); see docs/miner.md. Listens on 127.0.0.1 unless --host says otherwise; runs until Ctrl-C.
Headers and signature are checked before the body is read; at most --max-connections connections at a time (503
beyond); the handler gets the request's timeout (capped by --max-timeout), then 408; a handler that throws is
logged with the request's uuid and the caller gets 500 with an error id only.
Prints one line (one JSON document with --json) when listening; each request is logged on stderr (one JSON
object per line with --log-format json, with the request's uuid). --metrics HOST:PORT serves Prometheus figures
(requests by status code, handler latency); see docs/monitoring.md.`
  static examples = [
    '<%= config.bin %> miner serve --handler ./handler.mjs --port 8091',
    '<%= config.bin %> miner serve --handler ./handler.mjs --port 0 --registered-only --netuid 1 --network local --json',
  ]
  static fieldFlags = {synapseFiles: 'synapse-file'}
  static longRunning = true
  static flags = {
    ...walletFlags,
    ...serviceFlags,
    ...metricsFlags,
    ...netuidFlag({description: 'subnet for --registered-only'}),
    handler: Flags.string({description: 'JS module: synapse definitions and the handler function', required: true}),
    host: Flags.string({default: '127.0.0.1', description: 'address to listen on (0.0.0.0 to accept other machines)'}),
    'max-body-bytes': Flags.integer({default: 4 * 1024 * 1024, description: 'largest request body accepted (413 beyond)', min: 1024}),
    'max-connections': Flags.integer({default: 256, description: 'connections served at a time; more are answered 503 and closed', max: 65_535, min: 1}),
    'max-timeout': Flags.integer({default: 60, description: "cap on the dendrite's (unsigned) timeout header: nonce window, and deadline for body + handler (408), seconds", max: 3600, min: 0}),
    port: Flags.integer({default: 8091, description: 'port (0 picks a free one)', max: 65_535, min: 0}),
    refresh: Flags.integer({default: 60, description: 'seconds between re-reads of the registered hotkeys', min: 1}),
    'registered-only': Flags.boolean({description: 'refuse dendrites whose hotkey is not registered on --netuid (403)'}),
    'synapse-file': Flags.string({description: 'JSON synapse definition(s) in addition to the module\'s own', multiple: true}),
  }
  static summary = 'run a test axon that answers with your handler'

  async run(): Promise<void> {
    const parsed = await this.parseCommand(MinerServe)
    const {flags} = parsed
    const [{serve}, {renderServeReady}] = await Promise.all([import('../../services/miner/serve.js'), import('../../cli/render/miner.js')])
    const options = {
      handler: flags.handler,
      host: flags.host,
      maxBodyBytes: flags['max-body-bytes'],
      maxConnections: flags['max-connections'],
      maxTimeout: flags['max-timeout'],
      metrics: flags.metrics,
      metricsPublic: flags['metrics-public'],
      netuid: this.netuidOf(parsed),
      port: flags.port,
      refresh: flags.refresh,
      registeredOnly: flags['registered-only'],
      synapseFiles: flags['synapse-file'],
      wallet: await this.walletRef(flags),
    }
    const axon = await serve(await this.client(), options, this.ui({logFormat: flags['log-format']}))
    const {stop: _stop, ...info} = axon
    // the ready line is the result (one JSON document under --json); the command then runs until stopped
    if (this.jsonEnabled()) this.logJson(info)
    else this.out(renderServeReady(info))
    await this.untilStopped(axon)
  }
}
