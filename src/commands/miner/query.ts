import {Flags} from '@oclif/core'

import type {QueryReport, ResultRow} from '../../miner/query.js'

import {BaseCommand, walletFlags} from '../../base-command.js'
import {ExitCode} from '../../errors.js'
import {renderTable} from '../../output/table.js'

export default class MinerQuery extends BaseCommand<QueryReport> {
  static description = `signs one request per axon with your hotkey (sr25519, as the Python dendrite does), sends them in parallel and
prints uid, hotkey, status, latency and the answer. Status codes are the Python dendrite's: 200 ok, 408 timeout,
503 unreachable, 401/403 refused by the axon, 422 unreadable reply (also replies over --max-response-bytes).
The body hash covers --hash-fields, each hashed as Python's str() of the value: a JSON number keeps the int or float
form you wrote (1.0 is not 1); a --synapse-file gives field types and defaults instead.
Exit 0 when every axon answered 200, 6 when some did not (the report is printed either way).`
  static examples = [
    '<%= config.bin %> miner query --netuid 1 --all --synapse Dummy --body \'{"dummy_input": 21}\' --hash-fields dummy_input',
    '<%= config.bin %> miner query --netuid 1 --uids 0,3-5 --synapse-file echo.json --body-file prompt.json --timeout 5 --json',
    '<%= config.bin %> miner query --axon 127.0.0.1:8091 --axon-hotkey 5F… --synapse Dummy --body \'{"dummy_input": 1}\' --hash-fields dummy_input',
  ]
  static flags = {
    ...walletFlags,
    all: Flags.boolean({description: 'every neuron of the subnet with an announced axon (the default without --uids)', exclusive: ['uids']}),
    axon: Flags.string({description: 'query this IP:PORT directly, without the chain (repeatable; pair each with --axon-hotkey)', multiple: true}),
    'axon-hotkey': Flags.string({description: "the miner's hotkey for --axon (the signed message names it)", multiple: true}),
    body: Flags.string({description: "the synapse's fields as a JSON object", exclusive: ['body-file']}),
    'body-file': Flags.string({description: 'read the JSON body from a file (- for stdin)', exclusive: ['body']}),
    concurrency: Flags.integer({default: 256, description: 'requests in flight at once', max: 4096, min: 1}),
    'hash-fields': Flags.string({description: "the synapse's required_hash_fields, in order (a,b,c)"}),
    'max-response-bytes': Flags.integer({default: 4 * 1024 * 1024, description: 'largest reply accepted per axon', min: 1024}),
    netuid: Flags.integer({description: 'subnet whose axons to query', max: 65_535, min: 0}),
    synapse: Flags.string({description: 'synapse class name (the route), e.g. Dummy'}),
    'synapse-file': Flags.string({description: 'JSON synapse definition: name, field types and defaults, required_hash_fields'}),
    timeout: Flags.string({description: 'seconds each axon gets to answer [default: 12]', helpGroup: 'GLOBAL'}),
    uids: Flags.string({description: 'only these uids: 1,2,5-7', exclusive: ['all']}),
  }
  static summary = "query miners' axons with a synapse, like a validator's dendrite"

  async run(): Promise<QueryReport> {
    const {flags} = await this.parseCommand(MinerQuery)
    // --timeout is the per-axon deadline here; chain reads keep TAO_TIMEOUT / the config's timeout
    this.globals.timeout = process.env.TAO_TIMEOUT
    const [{planQuery, readBodyText, runQuery}, {readSynapseFiles}] = await Promise.all([import('../../miner/query.js'), import('../../miner/handler.js')])

    let bodyText = flags.body
    let bodySource = '--body'
    if (flags['body-file'] !== undefined) {
      bodySource = `--body-file ${flags['body-file']}`
      bodyText = await readBodyText(flags['body-file'])
    }
    const definitions = flags['synapse-file'] ? await readSynapseFiles([flags['synapse-file']]) : undefined
    const {decodeAddress} = flags.axon?.length ? await import('@polkadot/util-crypto') : {decodeAddress: undefined}
    const plan = planQuery({
      all: flags.all,
      axonHotkeys: flags['axon-hotkey'],
      axons: flags.axon,
      bodySource,
      bodyText,
      checkAddress: decodeAddress ? (a) => void decodeAddress(a) : undefined,
      concurrency: flags.concurrency,
      definitions,
      hashFields: flags['hash-fields'],
      maxResponseBytes: flags['max-response-bytes'],
      netuid: flags.netuid,
      synapseName: flags.synapse,
      timeoutS: flags.timeout,
      uids: flags.uids,
    })

    const {messageSigner} = await import('../../miner/sr25519.js')
    const signer = await messageSigner(await this.hotkeySigner(flags))
    const chain = plan.targets.kind === 'chain' ? await this.chain() : undefined
    const report = await runQuery(plan, signer, chain, (m) => this.progress(m))

    if (report.notServing.length) this.progress(`${report.notServing.length} uid(s) have no axon announced and were skipped: ${summariseUids(report.notServing)}`)
    if (report.queried === 0) this.warning('no axons to query')
    const {toPlain} = await import('../../miner/pyvalue.js')
    const sent = toPlain(plan.synapse.fields) as Record<string, unknown>
    this.out(renderTable(['uid', 'hotkey', 'axon', 'status', 'ms', 'answer'], report.results.map((r) => row(r, sent)), {right: [0, 3, 4]}))
    this.out(`${report.succeeded}/${report.queried} answered 200 in ${report.wallMs} ms (body hash ${report.bodyHash.slice(0, 12)}…)`)
    if (report.failed > 0) process.exitCode = ExitCode.PARTIAL
    return report
  }
}

function short(hotkey: string): string {
  return hotkey.length > 14 ? `${hotkey.slice(0, 6)}…${hotkey.slice(-4)}` : hotkey
}

function clip(s: string, n = 60): string {
  const one = s.replace(/\s+/g, ' ')
  return one.length > n ? one.slice(0, n - 1) + '…' : one
}

const text = (v: unknown) => JSON.stringify(v, (_k, x) => (typeof x === 'bigint' ? x.toString() : x)) ?? ''

/** The answer: the reply's fields that differ from what was sent (all of them when none differ). */
function answerOf(response: Record<string, unknown>, sent: Record<string, unknown>): string {
  const changed = Object.fromEntries(Object.entries(response).filter(([k, v]) => !(k in sent) || text(v) !== text(sent[k])))
  return text(Object.keys(changed).length ? changed : response)
}

function row(r: ResultRow, sent: Record<string, unknown>): (string | number | null)[] {
  const addr = r.ip.includes(':') ? `[${r.ip}]:${r.port}` : `${r.ip}:${r.port}`
  const answer = r.ok && r.response ? clip(answerOf(r.response, sent)) : clip(r.message ?? r.failure ?? '')
  return [r.uid ?? '', short(r.hotkey), addr, r.status ?? '-', r.status === null ? '' : Math.round(r.latencyMs), answer]
}

function summariseUids(uids: number[]): string {
  return uids.length > 20 ? `${uids.slice(0, 20).join(', ')}, … (${uids.length})` : uids.join(', ')
}
