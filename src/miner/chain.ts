/**
 * Axons on chain: reading them (metagraph) for the dendrite, the set of registered hotkeys for the axon's
 * registered-only blacklist, and announcing one (`serve_axon`). Storage (`Keys`, `Axons`) is read when the
 * runtime has it (spec 218 and today's runtime both do); otherwise `NeuronInfoRuntimeApi.get_neurons_lite`.
 */
import type {KeyringPair} from '@polkadot/keyring/types'

import type {Chain} from '../chain/client.js'
import type {AxonInfo, AxonsOfSubnet} from '../chain/reads.js'
import type {SubmitOptions, TxOutcome} from '../chain/submit.js'
import type {AxonEndpoint} from '../protocol/dendrite.js'

import {type ServeAxonParams, serveAxonCall} from '../chain/calls/serve.js'
import {deadline} from '../chain/client.js'
import {txOf} from '../chain/calls/index.js'
import {NO_AXON, hasStorage, hotkeyUid, readAxon, readAxons as readChainAxons, registeredHotkeys as readRegisteredHotkeys, subnetAdded} from '../chain/reads.js'
import {ChainError, InputError} from '../errors.js'
import {announceRefusal, formatIp, parseIp} from '../util/ip.js'
import {PROTOCOL_VERSION} from '../protocol/protocol.js'

export interface NeuronAxon extends AxonEndpoint {
  uid: number
  axon: AxonInfo
}

export interface AxonsRead {
  netuid: number
  source: 'storage' | 'runtime-api'
  neurons: NeuronAxon[]
}

/** The dendrite's view of one neuron's axon: address text, and why it cannot be queried (if so). */
export function endpointOf(uid: number, hotkey: string, axon: AxonInfo): NeuronAxon {
  const base = {axon, hotkey, uid}
  if (axon.ip === 0n) return {...base, ip: '0.0.0.0', notServing: true, port: axon.port, problem: 'not serving (no axon announced on chain)'}
  let ip: string
  try {
    ip = formatIp(axon.ip)
  } catch {
    return {...base, ip: String(axon.ip), port: axon.port, problem: `ip ${axon.ip} in chain storage is out of range`}
  }
  if (axon.port === 0) return {...base, ip, port: 0, problem: `port 0 in chain storage (${ip}:0)`}
  return {...base, ip, port: axon.port}
}

async function ensureSubnet(chain: Chain, netuid: number): Promise<void> {
  if (!(await subnetAdded(chain, netuid))) throw new InputError(`subnet ${netuid} does not exist on ${chain.endpoint}`, {code: 'NoSuchSubnet'})
}

/**
 * The axons of a subnet (all neurons, or the given uids, in uid order). A uid the subnet does not have is an
 * InputError naming the subnet's size.
 */
export async function readAxons(chain: Chain, netuid: number, opts: {uids?: number[]; source?: 'storage' | 'runtime-api'} = {}): Promise<AxonsRead> {
  await deadline(chain, ensureSubnet(chain, netuid), `checking subnet ${netuid}`)
  let read
  try {
    read = await deadline(chain, readChainAxons(chain, netuid, {source: opts.source}), `reading the axons of subnet ${netuid}`)
  } catch (error) {
    if (/neither SubtensorModule.Axons/.test((error as Error).message)) throw new ChainError((error as Error).message, {code: 'NoAxonSource'})
    throw error
  }
  return axonsRead(read, netuid, opts.uids)
}

/** The dendrite's view of a subnet's axons as read from the chain: every neuron, or the given uids, in uid order. */
export function axonsRead(read: AxonsOfSubnet, netuid: number, uids?: number[]): AxonsRead {
  const byUid = new Map(read.axons.map((a) => [a.uid, a]))
  const selected = selectUids(read.axons.map((a) => [a.uid, a.hotkey]), uids, netuid)
  return {netuid, neurons: selected.map(([uid, hotkey]) => endpointOf(uid, hotkey, byUid.get(uid)!.axon)), source: read.source}
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
  await deadline(chain, ensureSubnet(chain, netuid), `checking subnet ${netuid}`)
  return deadline(chain, readRegisteredHotkeys(chain, netuid), `reading the hotkeys of subnet ${netuid}`)
}

export interface AnnounceInput {
  netuid: number
  ip: string
  port: number
  protocol?: number
  version?: number
  /** a localnet only: loopback addresses are accepted (written with dev_setStorage, see `announceAxonLocalDev`) */
  localDev?: boolean
}

/** Check an announcement before anything is loaded or sent: one InputError (exit 2) naming the rule. */
export function validateAnnounce(input: AnnounceInput): ServeAxonParams {
  if (!Number.isInteger(input.netuid) || input.netuid < 0 || input.netuid > 65_535) throw new InputError(`«netuid» must be 0…65535: ${input.netuid}`, {code: 'BadNetuid', field: 'netuid'})
  const ip = parseIp(input.ip)
  if (!ip) throw new InputError(`«ip» is not an IPv4 or IPv6 address: ${JSON.stringify(input.ip)}`, {code: 'BadAxonAddress', field: 'ip'})
  const loopback = (ip.type === 4 && ip.value >> 24n === 127n) || (ip.type === 6 && ip.value === 1n)
  const refusal = input.localDev && loopback ? undefined : announceRefusal(ip)
  if (refusal) throw new InputError(`cannot announce ${input.ip}: ${refusal}`, {code: 'BadAxonAddress', field: 'ip'})
  if (!Number.isInteger(input.port) || input.port < 1 || input.port > 65_535) throw new InputError(`«port» must be 1…65535 (serve_axon refuses port 0): ${input.port}`, {code: 'BadAxonAddress', field: 'port'})
  const protocol = input.protocol ?? 4
  if (!Number.isInteger(protocol) || protocol < 0 || protocol > 255) throw new InputError(`«protocol» must be 0…255: ${protocol}`, {field: 'protocol'})
  const version = input.version ?? PROTOCOL_VERSION
  if (!Number.isInteger(version) || version < 0 || version > 0xffffffff) throw new InputError(`«version» must fit in a u32: ${version}`, {field: 'version'})
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
  /** written with dev_setStorage on a localnet (`localDev`), no extrinsic */
  localDev?: boolean
}

/**
 * Announce an axon on a tao localnet (chopsticks) only: the runtime's serve_axon refuses loopback addresses, so
 * the Axons entry is written with `dev_setStorage`, exactly as serve_axon would store it. Refused, with nothing
 * written, on any chain that is not a dev chain (a real node has no dev_ methods). Nothing is signed.
 */
export async function announceAxonLocalDev(chain: Chain, hotkey: string, params: ServeAxonParams): Promise<AnnounceResult> {
  const {devWriteAxon, isDevChain} = await import('../chain/dev.js')
  if (!(await isDevChain(chain))) {
    throw new InputError(`«localDev» works only on a tao localnet (a chopsticks chain with dev_setStorage); ${chain.endpoint} is not one: nothing was written`, {code: 'NotLocalnet', field: 'localDev'})
  }
  await deadline(chain, ensureSubnet(chain, params.netuid), `checking subnet ${params.netuid}`)
  const uid = await deadline(chain, hotkeyUid(chain, params.netuid, hotkey), 'checking the hotkey registration')
  if (uid === null) throw new ChainError(`hotkey ${hotkey} is not registered on subnet ${params.netuid}; register it first`, {code: 'SubtensorModule.HotKeyNotRegisteredInNetwork'})
  const written = await devWriteAxon(chain, hotkey, params)
  const info = (await deadline(chain, readAxon(chain, params.netuid, hotkey, written.blockHash), 'reading the stored axon')) ?? {...NO_AXON}
  return {
    blockNumber: written.block,
    dryRun: false,
    feeRao: 0n,
    hotkey,
    ip: formatIp(params.ip),
    ipInt: params.ip,
    ipType: params.ipType,
    localDev: true,
    netuid: params.netuid,
    port: params.port,
    protocol: params.protocol,
    stored: {...info, ipText: formatIp(info.ip)},
    txHash: '',
    version: params.version,
  }
}

/** Publish the axon: preflight registration, build `serve_axon` from metadata, submit it signed by the hotkey. */
export async function announceAxon(chain: Chain, hotkey: KeyringPair, params: ServeAxonParams, opts: SubmitOptions = {}): Promise<AnnounceResult> {
  const {submit} = await import('../chain/submit.js')
  await deadline(chain, ensureSubnet(chain, params.netuid), `checking subnet ${params.netuid}`)
  if (hasStorage(chain, 'uids')) {
    const uid = await deadline(chain, hotkeyUid(chain, params.netuid, hotkey.address), 'checking the hotkey registration')
    if (uid === null) {
      throw new ChainError(`hotkey ${hotkey.address} is not registered on subnet ${params.netuid}; register it first (serve_axon would fail with HotKeyNotRegisteredInNetwork)`, {
        code: 'SubtensorModule.HotKeyNotRegisteredInNetwork',
      })
    }
  }
  const tx = serveAxonCall(txOf(chain), params)
  const outcome: TxOutcome = await submit(chain, tx, hotkey, opts)
  const result: AnnounceResult = {
    blockNumber: outcome.blockNumber,
    dryRun: outcome.dryRun,
    feeRao: outcome.feeRao,
    hotkey: hotkey.address,
    ip: formatIp(params.ip),
    ipInt: params.ip,
    ipType: params.ipType,
    netuid: params.netuid,
    port: params.port,
    protocol: params.protocol,
    txHash: outcome.txHash,
    version: params.version,
  }
  if (!outcome.dryRun && hasStorage(chain, 'axons')) {
    const info = (await deadline(chain, readAxon(chain, params.netuid, hotkey.address, outcome.blockHash), 'reading the stored axon')) ?? {...NO_AXON}
    result.stored = {...info, ipText: formatIp(info.ip)}
  }
  return result
}
