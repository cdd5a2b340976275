/**
 * Axons on chain: reading them (metagraph) for the dendrite, the set of registered hotkeys for the axon's
 * registered-only blacklist, and announcing one (`serve_axon`). Storage (`Keys`, `Axons`) is read when the
 * runtime has it (spec 218 and today's runtime both do); otherwise `NeuronInfoRuntimeApi.get_neurons_lite`.
 */
import type {KeyringPair} from '@polkadot/keyring/types'

import type {TxNamespace} from '../chain/calls.js'
import type {Chain} from '../chain/client.js'
import type {SubmitOptions, TxOutcome} from '../chain/submit.js'
import type {AxonEndpoint} from './dendrite.js'

import {build, callArgs, hasCall} from '../chain/calls.js'
import {ChainError, InputError} from '../errors.js'
import {announceRefusal, ipToString, parseIp} from './ip.js'
import {PROTOCOL_VERSION} from './protocol.js'

export interface AxonInfo {
  block: bigint
  version: number
  ip: bigint
  port: number
  ipType: number
  protocol: number
}

export interface NeuronAxon extends AxonEndpoint {
  uid: number
  axon: AxonInfo
}

export interface AxonsRead {
  netuid: number
  source: 'storage' | 'runtime-api'
  neurons: NeuronAxon[]
}

type Codec = {toBigInt(): bigint; toNumber(): number}
type AnyCodec = any

const NO_AXON: AxonInfo = {block: 0n, ip: 0n, ipType: 0, port: 0, protocol: 0, version: 0}

/** AxonInfo from a storage value (spec 218 stores Option<AxonInfo>; absent means all zeros) or a runtime-API struct. */
function axonInfoFrom(v: AnyCodec): AxonInfo {
  if (v === undefined || v === null || v.isNone === true) return {...NO_AXON}
  if (v.isSome === true) v = v.unwrap()
  const get = (camel: string, snake: string): Codec => (v[camel] ?? v.get?.(snake) ?? v.get?.(camel)) as Codec
  return {
    block: get('block', 'block').toBigInt(),
    ip: get('ip', 'ip').toBigInt(),
    ipType: get('ipType', 'ip_type').toNumber(),
    port: get('port', 'port').toNumber(),
    protocol: get('protocol', 'protocol').toNumber(),
    version: get('version', 'version').toNumber(),
  }
}

/** The dendrite's view of one neuron's axon: address text, and why it cannot be queried (if so). */
export function endpointOf(uid: number, hotkey: string, axon: AxonInfo): NeuronAxon {
  const base = {axon, hotkey, uid}
  if (axon.ip === 0n) return {...base, ip: '0.0.0.0', notServing: true, port: axon.port, problem: 'not serving (no axon announced on chain)'}
  let ip: string
  try {
    ip = ipToString(axon.ip)
  } catch {
    return {...base, ip: String(axon.ip), port: axon.port, problem: `ip ${axon.ip} in chain storage is out of range`}
  }
  if (axon.port === 0) return {...base, ip, port: 0, problem: `port 0 in chain storage (${ip}:0)`}
  return {...base, ip, port: axon.port}
}

async function ensureSubnet(chain: Chain, netuid: number): Promise<void> {
  const q = chain.api.query.subtensorModule as AnyCodec
  if (q?.networksAdded) {
    const added = await q.networksAdded(netuid)
    if (!added.isTrue) throw new InputError(`subnet ${netuid} does not exist on ${chain.endpoint}`, {code: 'NoSuchSubnet'})
  }
}

/**
 * The axons of a subnet (all neurons, or the given uids, in uid order). A uid the subnet does not have is an
 * InputError naming the subnet's size.
 */
export async function readAxons(chain: Chain, netuid: number, opts: {uids?: number[]; source?: 'storage' | 'runtime-api'} = {}): Promise<AxonsRead> {
  const {deadline} = await import('../chain/client.js')
  const q = chain.api.query.subtensorModule as AnyCodec
  await deadline(chain, ensureSubnet(chain, netuid), `checking subnet ${netuid}`)
  const useStorage = opts.source !== 'runtime-api' && Boolean(q?.axons && q?.keys)
  let neurons: NeuronAxon[]
  if (useStorage) {
    const pairs: [number, string][] = await deadline(
      chain,
      (async () => {
        const entries: [AnyCodec, AnyCodec][] = await q.keys.entries(netuid)
        return entries.map(([k, v]) => [Number(k.args[1].toString()), v.toString()] as [number, string])
      })(),
      `reading the hotkeys of subnet ${netuid}`,
    )
    pairs.sort((a, b) => a[0] - b[0])
    const selected = selectUids(pairs, opts.uids, netuid)
    const infos: AnyCodec[] = selected.length ? await deadline(chain, q.axons.multi(selected.map(([, h]) => [netuid, h])), `reading the axons of subnet ${netuid}`) : []
    neurons = selected.map(([uid, hotkey], i) => endpointOf(uid, hotkey, axonInfoFrom(infos[i])))
  } else {
    const call = (chain.api.call as AnyCodec).neuronInfoRuntimeApi
    if (!call?.getNeuronsLite) throw new ChainError('this runtime has neither SubtensorModule.Axons storage nor NeuronInfoRuntimeApi.get_neurons_lite', {code: 'NoAxonSource'})
    const raw: AnyCodec = await deadline(chain, call.getNeuronsLite(netuid), `reading the neurons of subnet ${netuid}`)
    let list: AnyCodec[]
    const rawType: string = raw.toRawType?.() ?? ''
    if (/^(Bytes|Vec<u8>)$/.test(rawType)) {
      // spec 218: SCALE bytes with the length prefix still inside (chain-notes §0.4)
      const inner = chain.api.createType('Bytes', raw.toU8a(true)).toU8a(true)
      list = [...(chain.api.createType('Vec<NeuronInfoLite218>', inner) as unknown as AnyCodec[])]
    } else {
      list = [...(raw as AnyCodec[])]
    }
    const pairs = list.map((n) => [Number(n.uid.toString()), n.hotkey.toString(), n.axonInfo ?? n.axon_info] as [number, string, AnyCodec])
    pairs.sort((a, b) => a[0] - b[0])
    const byUid = new Map(pairs.map((p) => [p[0], p]))
    const selected = selectUids(pairs.map(([u, h]) => [u, h]), opts.uids, netuid)
    neurons = selected.map(([uid, hotkey]) => endpointOf(uid, hotkey, axonInfoFrom(byUid.get(uid)![2])))
  }
  return {netuid, neurons, source: useStorage ? 'storage' : 'runtime-api'}
}

function selectUids(pairs: [number, string][], uids: number[] | undefined, netuid: number): [number, string][] {
  if (!uids) return pairs
  const byUid = new Map(pairs)
  const missing = uids.filter((u) => !byUid.has(u))
  if (missing.length) {
    const range = pairs.length ? `it has uids 0…${pairs.length - 1}` : 'it has no neurons'
    throw new InputError(`uid ${missing.join(', ')} ${missing.length > 1 ? 'are' : 'is'} not on subnet ${netuid} (${range})`, {code: 'BadUid'})
  }
  return uids.map((u) => [u, byUid.get(u)!])
}

/** Hotkeys registered on a subnet (for the axon's registered-only blacklist). */
export async function registeredHotkeys(chain: Chain, netuid: number): Promise<Set<string>> {
  const {deadline} = await import('../chain/client.js')
  await deadline(chain, ensureSubnet(chain, netuid), `checking subnet ${netuid}`)
  const q = chain.api.query.subtensorModule as AnyCodec
  if (q?.keys) {
    const entries: [AnyCodec, AnyCodec][] = await deadline(chain, q.keys.entries(netuid), `reading the hotkeys of subnet ${netuid}`)
    return new Set(entries.map(([, v]) => v.toString()))
  }
  const read = await readAxons(chain, netuid, {source: 'runtime-api'})
  return new Set(read.neurons.map((n) => n.hotkey))
}

// ---- serve_axon ---------------------------------------------------------------------------------

export interface ServeAxonParams {
  netuid: number
  version: number
  ip: bigint
  port: number
  ipType: 4 | 6
  protocol: number
  placeholder1?: number
  placeholder2?: number
}

/** `SubtensorModule.serve_axon`, arguments placed by the runtime's own argument names. */
export function serveAxonCall(tx: TxNamespace, p: ServeAxonParams) {
  if (!hasCall(tx, 'subtensorModule', 'serveAxon')) throw new Error('this runtime has no SubtensorModule.serve_axon')
  // argument names as the metadata spells them (ip_type) or as @polkadot decorates them (ipType)
  const byName: Record<string, unknown> = {
    ip: p.ip,
    iptype: p.ipType,
    netuid: p.netuid,
    placeholder1: p.placeholder1 ?? 0,
    placeholder2: p.placeholder2 ?? 0,
    port: p.port,
    protocol: p.protocol,
    version: p.version,
  }
  const args = callArgs(tx, 'subtensorModule', 'serveAxon').map((name) => {
    const key = name.replaceAll('_', '').toLowerCase()
    if (!(key in byName)) throw new Error(`serve_axon has an argument tao does not know: ${name}`)
    return byName[key]
  })
  return build(tx, 'subtensorModule', 'serveAxon', args)
}

export interface AnnounceInput {
  netuid: number
  ip: string
  port: number
  protocol?: number
  version?: number
}

/** Check an announcement before anything is loaded or sent: one InputError (exit 2) naming the rule. */
export function validateAnnounce(input: AnnounceInput): ServeAxonParams {
  if (!Number.isInteger(input.netuid) || input.netuid < 0 || input.netuid > 65_535) throw new InputError(`--netuid must be 0…65535: ${input.netuid}`, {code: 'BadNetuid'})
  const ip = parseIp(input.ip)
  if (!ip) throw new InputError(`--ip is not an IPv4 or IPv6 address: ${JSON.stringify(input.ip)}`, {code: 'BadAxonAddress'})
  const refusal = announceRefusal(ip)
  if (refusal) throw new InputError(`cannot announce ${input.ip}: ${refusal}`, {code: 'BadAxonAddress'})
  if (!Number.isInteger(input.port) || input.port < 1 || input.port > 65_535) throw new InputError(`--port must be 1…65535 (serve_axon refuses port 0): ${input.port}`, {code: 'BadAxonAddress'})
  const protocol = input.protocol ?? 4
  if (!Number.isInteger(protocol) || protocol < 0 || protocol > 255) throw new InputError(`--protocol must be 0…255: ${protocol}`)
  const version = input.version ?? PROTOCOL_VERSION
  if (!Number.isInteger(version) || version < 0 || version > 0xffffffff) throw new InputError(`--axon-version must fit in a u32: ${version}`)
  return {ip: ip.value, ipType: ip.type, netuid: input.netuid, port: input.port, protocol, version}
}

export interface AnnounceResult {
  netuid: number
  hotkey: string
  ip: string
  ipInt: bigint
  ipType: number
  port: number
  protocol: number
  version: number
  dryRun: boolean
  txHash: string
  blockNumber?: number
  feeRao: bigint
  /** the Axons entry read back after inclusion */
  stored?: AxonInfo & {ipText: string}
}

/** Publish the axon: preflight registration, build `serve_axon` from metadata, submit it signed by the hotkey. */
export async function announceAxon(chain: Chain, hotkey: KeyringPair, params: ServeAxonParams, opts: SubmitOptions = {}): Promise<AnnounceResult> {
  const [{deadline}, {submit}] = await Promise.all([import('../chain/client.js'), import('../chain/submit.js')])
  const q = chain.api.query.subtensorModule as AnyCodec
  await deadline(chain, ensureSubnet(chain, params.netuid), `checking subnet ${params.netuid}`)
  if (q?.uids) {
    const uid: AnyCodec = await deadline(chain, q.uids(params.netuid, hotkey.address), 'checking the hotkey registration')
    if (uid.isNone) {
      throw new ChainError(`hotkey ${hotkey.address} is not registered on subnet ${params.netuid}; register it first (serve_axon would fail with HotKeyNotRegisteredInNetwork)`, {
        code: 'SubtensorModule.HotKeyNotRegisteredInNetwork',
      })
    }
  }
  const tx = serveAxonCall(chain.api.tx as unknown as TxNamespace, params)
  const outcome: TxOutcome = await submit(chain, tx, hotkey, opts)
  const result: AnnounceResult = {
    blockNumber: outcome.blockNumber,
    dryRun: outcome.dryRun,
    feeRao: outcome.feeRao,
    hotkey: hotkey.address,
    ip: ipToString(params.ip),
    ipInt: params.ip,
    ipType: params.ipType,
    netuid: params.netuid,
    port: params.port,
    protocol: params.protocol,
    txHash: outcome.txHash,
    version: params.version,
  }
  if (!outcome.dryRun && q?.axons) {
    const info = axonInfoFrom(await deadline(chain, q.axons(params.netuid, hotkey.address), 'reading the stored axon'))
    result.stored = {...info, ipText: ipToString(info.ip)}
  }
  return result
}
