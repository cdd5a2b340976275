/**
 * The dendrite → axon request (dendrite-protocol §2, §5): headers, JSON body and the signed message.
 * Shared by the dendrite client, the axon server (which rebuilds the message) and the tests.
 */
import {randomUUID} from 'node:crypto'

import type {MessageSigner} from './sr25519.js'

import {floatRepr} from './pyrepr.js'
import {PyDict, PyFloat, type PyValue, jsonString, stringifyPyJson} from './pyvalue.js'
import {type SynapseDef, bodyHash, inputObjHeaders} from './synapse.js'

/** The bittensor `version_as_int` tao's dendrite and axon speak (10.2.0: the wire format of v6…v10.4). */
export const PROTOCOL_VERSION = 10_002_000
/** Dendrites at or above this version get the first-contact nonce window. */
export const V_7_2_0 = 7_002_000
/** The axon's allowed clock delta for a first nonce, ns. */
export const ALLOWED_DELTA_NS = 4_000_000_000n
export const NS_PER_S = 1_000_000_000n

/** `major·10⁶ + minor·10³ + patch`, pre-release suffix dropped (SDK `version_as_int`). */
export function versionAsInt(version: string): number {
  const core = version.trim().replace(/^v/, '').split(/[-+]/)[0]!
  const [maj, min, pat] = core.split('.').map((x) => Number.parseInt(x, 10))
  if (![maj, min, pat].every((x) => Number.isInteger(x) && x! >= 0 && x! < 1000)) throw new RangeError(`not a version: ${version}`)
  return maj! * 1_000_000 + min! * 1000 + pat!
}

/** `{nonce}.{dendrite_hotkey}.{axon_hotkey}.{uuid}.{body_hash}` */
export function signatureMessage(p: {nonce: bigint | string; dendriteHotkey: string; axonHotkey: string; uuid: string; bodyHash: string}): string {
  return `${p.nonce}.${p.dendriteHotkey}.${p.axonHotkey}.${p.uuid}.${p.bodyHash}`
}

/** Wall-clock nanoseconds that never go backwards and never repeat within this process. */
export class NonceClock {
  private readonly baseWall = BigInt(Date.now()) * 1_000_000n
  private readonly baseMono = process.hrtime.bigint()
  private last = 0n

  now(): bigint {
    return this.baseWall + (process.hrtime.bigint() - this.baseMono)
  }

  next(): bigint {
    const n = this.now()
    this.last = n > this.last ? n : this.last + 1n
    return this.last
  }
}

export interface TerminalInfo {
  status_code: number | null
  status_message: string | null
  process_time: number | null
  ip: string | null
  port: number | null
  version: number | null
  nonce: bigint | null
  uuid: string | null
  hotkey: string | null
  signature: string | null
}

export function emptyTerminal(): TerminalInfo {
  return {hotkey: null, ip: null, nonce: null, port: null, process_time: null, signature: null, status_code: null, status_message: null, uuid: null, version: null}
}

/** TerminalInfo as a Python-shaped dict (process_time is a float). */
export function terminalToPy(t: TerminalInfo): PyDict {
  const num = (x: number | bigint | null) => (x === null ? null : BigInt(x))
  return new PyDict([
    ['status_code', num(t.status_code)],
    ['status_message', t.status_message],
    ['process_time', t.process_time === null ? null : new PyFloat(t.process_time)],
    ['ip', t.ip],
    ['port', num(t.port)],
    ['version', num(t.version)],
    ['nonce', t.nonce],
    ['uuid', t.uuid],
    ['hotkey', t.hotkey],
    ['signature', t.signature],
  ])
}

/** The whole synapse as the Python SDK dumps it: base fields, both terminals, then the subclass fields. */
export function synapseBody(p: {name: string; timeoutS: number; dendrite: TerminalInfo; axon: TerminalInfo; fields: PyDict; totalSize?: number}): PyDict {
  const d = new PyDict([
    ['name', p.name],
    ['timeout', new PyFloat(p.timeoutS)],
    ['total_size', BigInt(p.totalSize ?? 0)],
    ['header_size', 0n],
    ['dendrite', terminalToPy(p.dendrite)],
    ['axon', terminalToPy(p.axon)],
    ['computed_body_hash', ''],
  ])
  for (const [k, v] of p.fields.entries) d.set(k, v)
  return d
}

export const toJsonText = (v: PyValue) => stringifyPyJson(v, floatRepr)

export interface TargetAxon {
  ip: string
  port: number
  hotkey: string
}

export interface PreparedSynapse {
  def: SynapseDef
  fields: PyDict
  bodyHash: string
  inputObj: Record<string, string>
}

export function prepareSynapse(def: SynapseDef, fields: PyDict): PreparedSynapse {
  return {bodyHash: bodyHash(def, fields).hash, def, fields, inputObj: inputObjHeaders(def, fields)}
}

export interface BuiltRequest {
  path: string
  headers: Record<string, string>
  body: string
  nonce: bigint
  message: string
}

/** The headers of one request, in the order the Python dendrite sends them. */
function requestHeaders(
  synapse: PreparedSynapse,
  timeoutText: string,
  target: TargetAxon,
  d: {address: string; ip: string; nonce: string; signature: string; uuid: string; version: number},
): Record<string, string> {
  return {
    name: synapse.def.name,
    timeout: timeoutText,
    bt_header_axon_ip: target.ip,
    bt_header_axon_port: String(target.port),
    bt_header_axon_hotkey: target.hotkey,
    bt_header_dendrite_ip: d.ip,
    bt_header_dendrite_version: String(d.version),
    bt_header_dendrite_nonce: d.nonce,
    bt_header_dendrite_uuid: d.uuid,
    bt_header_dendrite_hotkey: d.address,
    bt_header_dendrite_signature: d.signature,
    ...synapse.inputObj,
    header_size: '0',
    total_size: '0',
    computed_body_hash: synapse.bodyHash,
    'content-type': 'application/json',
  }
}

/** One signed request to one axon (the same shape the Python dendrite sends). */
export function buildRequest(p: {
  synapse: PreparedSynapse
  target: TargetAxon
  signer: MessageSigner
  uuid: string
  nonce: bigint
  timeoutS: number
  dendriteIp?: string
  version?: number
}): BuiltRequest {
  const version = p.version ?? PROTOCOL_VERSION
  const dendriteIp = p.dendriteIp ?? '0.0.0.0'
  const message = signatureMessage({axonHotkey: p.target.hotkey, bodyHash: p.synapse.bodyHash, dendriteHotkey: p.signer.address, nonce: p.nonce, uuid: p.uuid})
  const signature = '0x' + Buffer.from(p.signer.sign(Buffer.from(message, 'utf8'))).toString('hex')
  const dendrite: TerminalInfo = {...emptyTerminal(), hotkey: p.signer.address, ip: dendriteIp, nonce: p.nonce, signature, uuid: p.uuid, version}
  const axon: TerminalInfo = {...emptyTerminal(), hotkey: p.target.hotkey, ip: p.target.ip, port: p.target.port}
  const body = toJsonText(synapseBody({axon, dendrite, fields: p.synapse.fields, name: p.synapse.def.name, timeoutS: p.timeoutS}))
  const headers = requestHeaders(p.synapse, floatRepr(p.timeoutS), p.target, {address: p.signer.address, ip: dendriteIp, nonce: p.nonce.toString(), signature, uuid: p.uuid, version})
  return {body, headers, message, nonce: p.nonce, path: `/${p.synapse.def.name}`}
}

const BASE_KEYS = new Set(['name', 'timeout', 'total_size', 'header_size', 'dendrite', 'axon', 'computed_body_hash'])

/**
 * The requests of one fan-out, with everything that does not depend on the target or the nonce worked out once
 * (the body's head and tail text, the dendrite terminal's fixed part, the constant headers). `build` gives exactly
 * what `buildRequest` gives for the same inputs (test/unit/protocol/request-template.test.ts checks it).
 */
export class RequestTemplate {
  private readonly version: number
  private readonly dendriteIp: string
  private readonly head: string
  private readonly tail: string
  private readonly dendriteHead: string
  private readonly dendriteMid: string
  private readonly timeoutText: string
  private readonly messageTail: string
  /** a synapse field named like a base field changes the body's shape: then every request is built whole */
  private readonly whole: boolean

  constructor(private readonly p: {synapse: PreparedSynapse; signer: MessageSigner; uuid: string; timeoutS: number; dendriteIp?: string; version?: number}) {
    this.version = p.version ?? PROTOCOL_VERSION
    this.dendriteIp = p.dendriteIp ?? '0.0.0.0'
    this.timeoutText = floatRepr(p.timeoutS)
    this.messageTail = `.${p.uuid}.${p.synapse.bodyHash}`
    this.whole = p.synapse.fields.entries.some(([k]) => BASE_KEYS.has(String(k)))
    const head = toJsonText(new PyDict([
      ['name', p.synapse.def.name],
      ['timeout', new PyFloat(p.timeoutS)],
      ['total_size', 0n],
      ['header_size', 0n],
    ]))
    const tail = toJsonText(new PyDict([['computed_body_hash', ''], ...p.synapse.fields.entries]))
    this.head = head.slice(0, -1) + ',"dendrite":'
    this.tail = ',' + tail.slice(1)
    const dHead = toJsonText(new PyDict([
      ['status_code', null],
      ['status_message', null],
      ['process_time', null],
      ['ip', this.dendriteIp],
      ['port', null],
      ['version', BigInt(this.version)],
    ]))
    this.dendriteHead = dHead.slice(0, -1) + ',"nonce":'
    this.dendriteMid = ',' + toJsonText(new PyDict([['uuid', p.uuid], ['hotkey', p.signer.address], ['signature', '']])).slice(1, -3)
  }

  /** One signed request to `target` with `nonce`. */
  build(target: TargetAxon, nonce: bigint): BuiltRequest {
    const p = this.p
    if (this.whole) return buildRequest({dendriteIp: p.dendriteIp, nonce, signer: p.signer, synapse: p.synapse, target, timeoutS: p.timeoutS, uuid: p.uuid, version: p.version})
    const nonceText = nonce.toString()
    const address = p.signer.address
    const message = `${nonceText}.${address}.${target.hotkey}${this.messageTail}`
    const signature = '0x' + Buffer.from(p.signer.sign(Buffer.from(message, 'utf8'))).toString('hex')
    // terminalToPy's order: status_code, status_message, process_time, ip, port, version, nonce, uuid, hotkey, signature
    const axon = `{"status_code":null,"status_message":null,"process_time":null,"ip":${jsonString(target.ip)},"port":${BigInt(target.port)},"version":null,"nonce":null,"uuid":null,"hotkey":${jsonString(target.hotkey)},"signature":null}`
    const body = `${this.head}${this.dendriteHead}${nonceText}${this.dendriteMid}"${signature}"},"axon":${axon}${this.tail}`
    const headers = requestHeaders(p.synapse, this.timeoutText, target, {address, ip: this.dendriteIp, nonce: nonceText, signature, uuid: p.uuid, version: this.version})
    return {body, headers, message, nonce, path: `/${p.synapse.def.name}`}
  }
}

export const newUuid = () => randomUUID()
