import {Flags} from '@oclif/core'

import {BaseCommand, walletFlags} from '../../base-command.js'
import {InputError} from '../../errors.js'

export interface ServeInfo {
  url: string
  host: string
  port: number
  hotkey: string
  synapses: string[]
  handler: string
  registeredOnly: boolean
  netuid: number | null
  pid: number
}

export default class MinerServe extends BaseCommand<ServeInfo> {
  static description = `a minimal axon that checks requests as a Python axon does (signature, nonce, body hash, blacklist) and
answers with your handler module, to smoke-test a validator locally. Stricter than bittensor 10.2.0: requests
without a signature are refused (401). --registered-only refuses hotkeys not registered on --netuid (403).
The handler module exports its synapse definitions and a default async function (synapse, ctx) returning the
fields to set; see docs/miner.md. Listens on 127.0.0.1 unless --host says otherwise; runs until Ctrl-C.
Prints one line (one JSON document with --json) when listening; each request is logged on stderr.`
  static examples = [
    '<%= config.bin %> miner serve --handler ./handler.mjs --port 8091',
    '<%= config.bin %> miner serve --handler ./handler.mjs --port 0 --registered-only --netuid 1 --network local --json',
  ]
  static flags = {
    ...walletFlags,
    handler: Flags.string({description: 'JS module: synapse definitions and the handler function', required: true}),
    host: Flags.string({default: '127.0.0.1', description: 'address to listen on (0.0.0.0 to accept other machines)'}),
    'max-body-bytes': Flags.integer({default: 4 * 1024 * 1024, description: 'largest request body accepted (413 beyond)', min: 1024}),
    'max-timeout': Flags.integer({default: 60, description: "cap on the dendrite's (unsigned) timeout header in the nonce window, seconds", max: 3600, min: 0}),
    netuid: Flags.integer({description: 'subnet for --registered-only', max: 65_535, min: 0}),
    port: Flags.integer({default: 8091, description: 'port (0 picks a free one)', max: 65_535, min: 0}),
    refresh: Flags.integer({default: 60, description: 'seconds between re-reads of the registered hotkeys', min: 1}),
    'registered-only': Flags.boolean({description: 'refuse dendrites whose hotkey is not registered on --netuid (403)'}),
    'synapse-file': Flags.string({description: 'JSON synapse definition(s) in addition to the module\'s own', multiple: true}),
  }
  static summary = 'run a test axon that answers with your handler'

  async run(): Promise<ServeInfo> {
    const {flags} = await this.parseCommand(MinerServe)
    if (flags['registered-only'] && flags.netuid === undefined) throw new InputError('--registered-only needs --netuid N', {code: 'Usage'})
    const [{loadHandlerModule, readSynapseFiles}, {AxonServer}, {hotkeyAddress}] = await Promise.all([
      import('../../miner/handler.js'),
      import('../../miner/axon.js'),
      import('../../wallet/wallet.js'),
    ])
    const extra = await readSynapseFiles(flags['synapse-file'] ?? [])
    const loaded = await loadHandlerModule(flags.handler, extra)
    const hotkey = await hotkeyAddress(await this.walletRef(flags))

    let registered: Set<string> | undefined
    let timer: NodeJS.Timeout | undefined
    if (flags['registered-only']) {
      const {registeredHotkeys} = await import('../../miner/chain.js')
      const chain = await this.chain()
      const netuid = flags.netuid!
      registered = await registeredHotkeys(chain, netuid)
      this.progress(`subnet ${netuid}: ${registered.size} registered hotkeys (re-read every ${flags.refresh} s)`)
      timer = setInterval(() => {
        registeredHotkeys(chain, netuid)
          .then((s) => {
            registered = s
          })
          .catch((error) => this.warning(`could not re-read registered hotkeys (keeping the last list): ${(error as Error).message}`))
      }, flags.refresh * 1000)
      timer.unref()
    }

    const moduleBlacklist = loaded.blacklist
    const netuid = flags.netuid
    const axon = new AxonServer({
      blacklist:
        registered || moduleBlacklist
          ? async (ctx) => {
              if (registered && (!ctx.hotkey || !registered.has(ctx.hotkey))) return `hotkey ${ctx.hotkey ?? '(none)'} is not registered on netuid ${netuid}`
              return moduleBlacklist ? moduleBlacklist(ctx) : false
            }
          : undefined,
      handler: loaded.handler,
      host: flags.host,
      hotkey,
      maxBodyBytes: flags['max-body-bytes'],
      maxTimeoutS: flags['max-timeout'],
      onLog: this.globals.quiet
        ? undefined
        : (e) => process.stderr.write(`${new Date().toISOString()} ${e.status} ${e.name} from ${e.hotkey ?? '-'} ${e.ip} ${e.ms} ms${e.status === 200 ? '' : `: ${e.message}`}\n`),
      port: flags.port,
      synapses: loaded.synapses,
    })
    let address: {host: string; port: number}
    try {
      address = await axon.start()
    } catch (error) {
      const e = error as NodeJS.ErrnoException
      if (e.code === 'EADDRINUSE') throw new InputError(`port ${flags.port} on ${flags.host} is already in use; pick another with --port`, {code: 'PortInUse'})
      if (e.code === 'EADDRNOTAVAIL' || e.code === 'EACCES') throw new InputError(`cannot listen on ${flags.host}:${flags.port} (${e.code})`, {code: 'BadListen'})
      throw error
    }
    const hostText = address.host.includes(':') ? `[${address.host}]` : address.host
    const info: ServeInfo = {
      handler: loaded.file,
      host: address.host,
      hotkey,
      netuid: netuid ?? null,
      pid: process.pid,
      port: address.port,
      registeredOnly: Boolean(flags['registered-only']),
      synapses: loaded.synapses.map((d) => d.name),
      url: `http://${hostText}:${address.port}`,
    }
    if (this.jsonEnabled()) this.logJson(info)
    else this.out(`axon listening on ${info.url} as ${hotkey} (synapses: ${info.synapses.join(', ')})`)

    await new Promise<void>((resolve) => {
      process.once('SIGINT', () => resolve())
      process.once('SIGTERM', () => resolve())
    })
    if (timer) clearInterval(timer)
    await axon.stop()
    process.exit(0)
  }
}
