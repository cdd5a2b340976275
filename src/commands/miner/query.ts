import * as Flags from '@oclif/core/flags'

import {BaseCommand, netuidArgs, netuidFlag, walletFlags} from '../../cli/base-command.js'
import {SYNAPSE_FIELD_FLAGS, synapseFlags, synapseOptions} from '../../cli/query-flags.js'
import {ExitCode} from '../../errors.js'

export default class MinerQuery extends BaseCommand<unknown> {
  static args = {...netuidArgs({description: 'subnet whose axons to query (or --netuid)'})}
  static description = `signs one request per axon with your hotkey (sr25519, as the Python dendrite does), sends them in parallel and
prints uid, hotkey, status, latency and the answer. Status codes are the Python dendrite's: 200 ok, 408 timeout,
503 unreachable, 401/403 refused by the axon, 422 unreadable reply (also replies over --max-response-bytes).
The body hash covers --hash-fields, each hashed as Python's str() of the value: a JSON number keeps the int or float
form you wrote (1.0 is not 1); a --synapse-file gives field types and defaults instead.
--stream reads a streaming synapse (a Python StreamingSynapse: text/event-stream): the chunks are printed as they
arrive, then a table with the time to the first chunk, chunks, bytes and throughput; --json gives one document with
every chunk (arrival ms, bytes, text) and the assembled text. --chunk-timeout bounds the wait for each chunk.
Exit 0 when every axon answered 200 (a stream: to its end), 6 when some did not (the report is printed either way).`
  static examples = [
    '<%= config.bin %> miner query 1 --all --synapse Dummy --body \'{"dummy_input": 21}\' --hash-fields dummy_input',
    '<%= config.bin %> miner query --netuid 1 --uids 0,3-5 --synapse-file echo.json --body-file prompt.json --timeout 5 --json',
    '<%= config.bin %> miner query --axon 127.0.0.1:8091 --axon-hotkey 5F… --synapse Dummy --body \'{"dummy_input": 1}\' --hash-fields dummy_input',
    '<%= config.bin %> miner query 1 --uids 3 --synapse-file stream.json --body \'{"prompt": "hi"}\' --stream --chunk-timeout 2 --stream-field completion',
  ]
  static fieldFlags = {...SYNAPSE_FIELD_FLAGS, axonHotkeys: 'axon-hotkey', axons: 'axon', timeoutS: 'timeout'}
  static flags = {
    ...walletFlags,
    ...netuidFlag({description: 'subnet whose axons to query (or give it as the first argument)'}),
    all: Flags.boolean({description: 'every neuron of the subnet with an announced axon (the default without --uids)', exclusive: ['uids']}),
    axon: Flags.string({description: 'query this IP:PORT directly, without the chain (repeatable; pair each with --axon-hotkey)', multiple: true}),
    'axon-hotkey': Flags.string({description: "the miner's hotkey for --axon (the signed message names it)", multiple: true}),
    ...synapseFlags({
      stream: 'read the answers as streams (text/event-stream), printing chunks as they arrive',
      streamField: 'with --stream: the field that receives the assembled text in each answer',
    }),
    timeout: Flags.string({description: 'seconds each axon gets to answer [default: 12]', helpGroup: 'GLOBAL'}),
    uids: Flags.string({description: 'only these uids: 1,2,5-7', exclusive: ['all']}),
  }
  static summary = "query miners' axons with a synapse, like a validator's dendrite"

  async run(): Promise<unknown> {
    const parsed = await this.parseCommand(MinerQuery)
    const {flags} = parsed
    // --timeout is the per-axon deadline here; chain reads keep TAO_TIMEOUT / the config's timeout
    this.globals.timeout = process.env.TAO_TIMEOUT
    const [{query}, {chunkPrinter, queryDocument, renderQuery}] = await Promise.all([import('../../services/miner/query.js'), import('../../cli/render/miner.js')])
    const printer = flags.stream && !this.jsonEnabled() ? chunkPrinter((t) => process.stdout.write(t)) : undefined
    const options = {
      all: flags.all,
      axonHotkeys: flags['axon-hotkey'],
      axons: flags.axon,
      ...synapseOptions(flags),
      netuid: this.netuidOf(parsed),
      onChunk: printer?.onChunk,
      timeoutS: flags.timeout,
      uids: flags.uids,
      wallet: await this.walletRef(flags),
    }
    const result = await query(await this.client(), options, this.ui())
    printer?.end()
    this.out(renderQuery(result))
    if (result.failed > 0) process.exitCode = ExitCode.PARTIAL
    // the miner's numbers exactly as received (lossless), in the table and here
    return queryDocument(result)
  }
}
