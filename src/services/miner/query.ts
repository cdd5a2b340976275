/**
 * `miner query`: query miners' axons with a synapse, like a validator's dendrite. Everything the caller gave is
 * checked before the wallet is read or anything is sent; then one signed request per axon, in parallel.
 * The report counts the axons that did not answer 200 (`failed`); a partial answer is not an error here.
 */
import type {AxonsRead} from '../../miner/chain.js'
import type {ChunkSource, QueryReport} from '../../miner/query.js'
import type {StreamChunk} from '../../protocol/dendrite.js'
import type {TaoClient} from '../../client.js'
import type {Ui} from '../../ui.js'
import type {WalletRef} from '../../wallet/wallet.js'

import {axonLatencyFile, planQuery, readBodyText, runQuery} from '../../miner/query.js'
import {readSynapseFiles} from '../../protocol/handler.js'
import {type PyDict, toPlain} from '../../protocol/pyvalue.js'
import {messageSigner} from '../../protocol/sr25519.js'
import {hotkeySigner} from '../../wallet/signer.js'

export interface QueryOptions {
  /** the wallet whose hotkey signs the requests */
  wallet: WalletRef
  /** synapse class name (the route), e.g. Dummy */
  synapse?: string
  /** JSON synapse definition file: name, field types and defaults, required_hash_fields */
  synapseFile?: string
  /** the synapse's fields as a JSON object (text) */
  body?: string
  /** read the JSON body from a file (- for stdin) */
  bodyFile?: string
  /** the synapse's required_hash_fields, in order: a,b,c */
  hashFields?: string
  /** seconds each axon gets to answer [default: 12] */
  timeoutS?: number | string
  /** requests in flight at once [default: 256] */
  concurrency?: number
  /** largest reply accepted per axon, bytes [default: 4 MiB] */
  maxResponseBytes?: number
  /** IP:PORT of axons to query directly, without the chain; each with its hotkey in `axonHotkeys` */
  axons?: string[]
  axonHotkeys?: string[]
  /** the subnet whose axons to query */
  netuid?: number
  /** only these uids: 1,2,5-7 */
  uids?: string
  /** every neuron with an announced axon (the default without `uids`) */
  all?: boolean
  /** read the answers as streams (a Python StreamingSynapse: text/event-stream) */
  stream?: boolean
  /** with `stream`: longest wait for the next chunk, seconds [default: only the overall timeout] */
  chunkTimeoutS?: number | string
  /** with `stream`: the synapse field that receives the assembled text (e.g. completion) */
  streamField?: string
  /** with `stream`: called with each chunk as it arrives */
  onChunk?: (from: ChunkSource, chunk: StreamChunk) => void
}

export interface QueryResult extends QueryReport {
  /** the synapse's fields as sent (plain values), to tell what each axon changed */
  sent: Record<string, unknown>
  /** the same, as sent on the wire (lossless) */
  sentFields: PyDict
}

export async function query(client: TaoClient, options: QueryOptions, ui: Ui): Promise<QueryResult> {
  const bodyText = options.bodyFile === undefined ? options.body : await readBodyText(options.bodyFile)
  const definitions = options.synapseFile ? await readSynapseFiles([options.synapseFile]) : undefined
  const {decodeAddress} = options.axons?.length ? await import('@polkadot/util-crypto') : {decodeAddress: undefined}
  const plan = planQuery({
    all: options.all,
    axonHotkeys: options.axonHotkeys,
    axons: options.axons,
    bodySource: options.bodyFile === undefined ? undefined : `«bodyFile» ${options.bodyFile}`,
    bodyText,
    checkAddress: decodeAddress ? (a) => void decodeAddress(a) : undefined,
    chunkTimeoutS: options.chunkTimeoutS,
    concurrency: options.concurrency,
    definitions,
    hashFields: options.hashFields,
    maxResponseBytes: options.maxResponseBytes,
    netuid: options.netuid,
    stream: options.stream,
    streamField: options.streamField,
    synapseName: options.synapse,
    timeoutS: options.timeoutS,
    uids: options.uids,
  })
  const signer = await messageSigner(await hotkeySigner(options.wallet, client.passwords))
  const report = await runQuery(plan, signer, undefined, ui, {
    axons: plan.targets.kind === 'chain' ? (netuid, uids) => lookUpAxons(client, netuid, uids) : undefined,
    latencyFile: axonLatencyFile(client.cacheDir),
    onChunk: options.onChunk,
  })
  if (report.notServing.length) ui.progress(`${report.notServing.length} uid(s) have no axon announced and were skipped: ${summariseUids(report.notServing)}`)
  if (report.queried === 0) ui.warn('no axons to query')
  return {...report, sent: toPlain(plan.synapse.fields) as Record<string, unknown>, sentFields: plan.synapse.fields}
}

/** The subnet's axons: through the light connection when it can serve (cached metadata); else the full client. */
async function lookUpAxons(client: TaoClient, netuid: number, uids?: number[]): Promise<AxonsRead> {
  const [{viaLight}, {lightAxons}, {axonsRead, readAxons}] = await Promise.all([import('../../chain/light/client.js'), import('../../chain/light/axons.js'), import('../../miner/chain.js')])
  const light = client.light ? await client.light() : undefined
  const read = await viaLight(light, (c) => lightAxons(c, netuid))
  return read ? axonsRead(read, netuid, uids) : readAxons(await client.chain(), netuid, {uids})
}

function summariseUids(uids: number[]): string {
  return uids.length > 20 ? `${uids.slice(0, 20).join(', ')}, … (${uids.length})` : uids.join(', ')
}
