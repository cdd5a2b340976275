/**
 * Pure mapping from decoded runtime values (plain data from src/chain/runtime-api.ts; 218 raw structs and newer
 * typed structs) to the subnet topic's domain types, and human units. No I/O.
 */
import type {StakeWeight} from '../chain/reads.js'
import type {AxonInfo, Hyperparameter, Neuron, SubnetSummary} from './types.js'

import {formatIp} from '../util/ip.js'
import {big, num, text} from '../chain/runtime-api.js'
import {RAO_PER_TAO, formatTao} from '../util/amount.js'

type Obj = Record<string, unknown>

/** Seconds per block on subtensor (12 s; used for "~N min" hints only). */
export const BLOCK_SECONDS = 12

/** Price of one alpha in rao of TAO, from pool reserves. Root (netuid 0) is always 1 TAO; an empty pool has no price. */
export function poolPriceRao(netuid: number, taoIn: bigint | null, alphaIn: bigint | null): bigint | null {
  if (netuid === 0) return RAO_PER_TAO
  if (taoIn === null || alphaIn === null || alphaIn === 0n) return null
  return (taoIn * RAO_PER_TAO) / alphaIn
}

/** u16 fraction (x/65535). */
export const u16f = (v: unknown): number => num(v) / 65_535

/** Axon from a decoded AxonInfo struct; null when never served (ip 0). */
export function axonOf(a: unknown): AxonInfo | null {
  if (!a || typeof a !== 'object') return null
  const x = a as Obj
  const ip = big(x.ip)
  if (ip === 0n) return null
  const ipType = num(x.ipType)
  return {block: num(x.block), ip: formatIp(ip, ipType), ipType, port: num(x.port), protocol: num(x.protocol), version: num(x.version)}
}

/** A neuron from `NeuronInfoLite` (218 raw or typed: same fields). */
export function neuronFromLite(n: Obj): Neuron {
  const stake = Array.isArray(n.stake) ? (n.stake as unknown[][]).reduce((s, [, amount]) => s + big(amount), 0n) : 0n
  return {
    active: Boolean(n.active),
    axon: axonOf(n.axonInfo),
    blockAtRegistration: null,
    coldkey: String(n.coldkey),
    consensus: u16f(n.consensus),
    dividends: u16f(n.dividends),
    emissionRao: big(n.emission),
    hotkey: String(n.hotkey),
    incentive: u16f(n.incentive),
    lastUpdate: num(n.lastUpdate),
    pruningScore: n.pruningScore === undefined ? null : num(n.pruningScore),
    rank: u16f(n.rank),
    alphaStakeRao: 0n,
    stakeRao: stake,
    taoStakeRao: 0n,
    trust: u16f(n.trust),
    uid: num(n.uid),
    validatorPermit: Boolean(n.validatorPermit),
    validatorTrust: n.validatorTrust === undefined ? null : u16f(n.validatorTrust),
  }
}

/** Neurons from a typed `Metagraph` (newer runtimes: one struct of per-uid vectors). */
export function neuronsFromMetagraph(m: Obj): Neuron[] {
  const arr = (k: string) => (Array.isArray(m[k]) ? (m[k] as unknown[]) : [])
  const hotkeys = arr('hotkeys')
  const at = <T>(k: string, i: number, f: (v: unknown) => T, dflt: T): T => {
    const a = arr(k)
    return i < a.length ? f(a[i]) : dflt
  }
  return hotkeys.map((hk, uid) => ({
    active: at('active', uid, Boolean, false),
    axon: at('axons', uid, axonOf, null),
    blockAtRegistration: at('blockAtRegistration', uid, num, null as number | null),
    coldkey: at('coldkeys', uid, String, ''),
    consensus: at('consensus', uid, u16f, 0),
    dividends: at('dividends', uid, u16f, 0),
    emissionRao: at('emission', uid, big, 0n),
    hotkey: String(hk),
    incentive: at('incentives', uid, u16f, 0),
    lastUpdate: at('lastUpdate', uid, num, 0),
    pruningScore: at('pruningScore', uid, num, null as number | null),
    rank: at('rank', uid, u16f, 0),
    alphaStakeRao: at('alphaStake', uid, big, 0n),
    stakeRao: at('totalStake', uid, big, 0n),
    taoStakeRao: at('taoStake', uid, big, 0n),
    trust: at('trust', uid, u16f, 0),
    uid,
    validatorPermit: at('validatorPermit', uid, Boolean, false),
    validatorTrust: null,
  }))
}

const opt = <T>(v: unknown, f: (x: unknown) => T): T | null => (v === undefined || v === null ? null : f(v))

/**
 * One subnet-list row from `DynamicInfo` (218: owner…owner_locked; newer: owner_hotkey/coldkey, name,
 * symbol, …) and `SubnetInfo` (both: subnetwork_n, max_allowed_uids, burn, owner), with optional names from
 * storage (218 has none in its runtime APIs) and a price from `SwapRuntimeApi` (newer).
 */
export function summarize(
  netuid: number,
  dyn: Obj | null,
  info: Obj | null,
  extra: {name?: string | null; symbol?: string | null; priceRao?: bigint | null} = {},
): SubnetSummary {
  const identity = (dyn?.subnetIdentity ?? info?.identity) as Obj | null | undefined
  const name = text(dyn?.subnetName) ?? opt(identity?.subnetName, text) ?? extra.name ?? null
  const symbol = text(dyn?.tokenSymbol) ?? extra.symbol ?? null
  const taoIn = opt(dyn?.taoIn, big)
  const alphaIn = opt(dyn?.alphaIn, big)
  const emission = dyn ? (dyn.taoInEmission !== undefined ? big(dyn.taoInEmission) : opt(dyn.emission, big)) : null
  return {
    alphaInRao: alphaIn,
    blocksSinceLastStep: opt(dyn?.blocksSinceLastStep ?? info?.blocksSinceLastStep, num),
    burnRao: info ? big(info.burn) : 0n,
    emissionRao: emission,
    maxNeurons: info ? num(info.maxAllowedUids) : 0,
    name,
    netuid,
    neurons: info ? num(info.subnetworkN) : 0,
    owner: String(dyn?.ownerColdkey ?? dyn?.owner ?? info?.owner ?? ''),
    ownerHotkey: dyn?.ownerHotkey === undefined ? null : String(dyn.ownerHotkey),
    priceRao: extra.priceRao ?? (dyn ? poolPriceRao(netuid, taoIn, alphaIn) : null),
    registeredAt: opt(dyn?.networkRegisteredAt, num),
    symbol,
    taoInRao: taoIn,
    tempo: num(dyn?.tempo ?? info?.tempo ?? 0),
  }
}

/** "100 blocks (~20 min)" */
export function blocksHuman(blocks: bigint): string {
  const secs = Number(blocks) * BLOCK_SECONDS
  let span: string
  if (secs < 120) span = `${secs} s`
  else if (secs < 7200) span = `${Math.round(secs / 60)} min`
  else if (secs < 172_800) span = `${Math.round(secs / 360) / 10} h`
  else span = `${Math.round(secs / 8640) / 10} d`
  return `${blocks} block${blocks === 1n ? '' : 's'} (~${span})`
}

const trimNum = (x: number) => String(Number(x.toPrecision(6)))

interface HyperDef {
  unit: Hyperparameter['unit']
  description: string
  /** how to turn the raw integer into the human value */
  scale?: 'u16' | 'million' | 'u64' | 'i32f32'
}

/** What each hyperparameter means and its unit; names are the chain's (snake_case). */
export const HYPERPARAMETERS: Record<string, HyperDef> = {
  rho: {description: 'incentive curve steepness (rho)', unit: 'number'},
  kappa: {description: 'consensus majority threshold', scale: 'u16', unit: 'fraction'},
  immunity_period: {description: 'blocks a new neuron cannot be pruned', unit: 'blocks'},
  min_allowed_weights: {description: 'fewest weights a validator may set', unit: 'count'},
  max_weights_limit: {description: 'largest single weight', scale: 'u16', unit: 'fraction'},
  tempo: {description: 'blocks per epoch', unit: 'blocks'},
  min_difficulty: {description: 'lowest proof-of-work difficulty', unit: 'number'},
  max_difficulty: {description: 'highest proof-of-work difficulty', unit: 'number'},
  weights_version: {description: 'lowest weights version key accepted', unit: 'number'},
  weights_rate_limit: {description: 'blocks between weight sets of one validator', unit: 'blocks'},
  adjustment_interval: {description: 'blocks between burn/difficulty adjustments', unit: 'blocks'},
  activity_cutoff: {description: 'blocks without weights before a validator counts as inactive', unit: 'blocks'},
  registration_allowed: {description: 'burned registration open', unit: 'bool'},
  target_regs_per_interval: {description: 'registrations per adjustment interval the burn aims at (218 caps at 3x)', unit: 'count'},
  min_burn: {description: 'lowest registration burn', unit: 'tao'},
  max_burn: {description: 'highest registration burn', unit: 'tao'},
  bonds_moving_avg: {description: 'bonds moving average (x/1,000,000)', scale: 'million', unit: 'fraction'},
  max_regs_per_block: {description: 'registrations per block', unit: 'count'},
  serving_rate_limit: {description: 'blocks between axon announcements', unit: 'blocks'},
  max_validators: {description: 'validator permits', unit: 'count'},
  adjustment_alpha: {description: 'smoothing of burn/difficulty adjustments (x/2^64)', scale: 'u64', unit: 'fraction'},
  difficulty: {description: 'current proof-of-work difficulty', unit: 'number'},
  commit_reveal_weights_interval: {description: 'commit-reveal period', unit: 'epochs'},
  commit_reveal_period: {description: 'commit-reveal period', unit: 'epochs'},
  commit_reveal_weights_enabled: {description: 'weights must be committed, then revealed', unit: 'bool'},
  alpha_high: {description: 'liquid alpha upper bound', scale: 'u16', unit: 'fraction'},
  alpha_low: {description: 'liquid alpha lower bound', scale: 'u16', unit: 'fraction'},
  liquid_alpha_enabled: {description: 'liquid alpha on', unit: 'bool'},
  alpha_sigmoid_steepness: {description: 'liquid alpha sigmoid steepness', scale: 'i32f32', unit: 'number'},
  yuma_version: {description: 'Yuma consensus version', unit: 'number'},
  subnet_is_active: {description: 'subnet started (emissions on)', unit: 'bool'},
  transfers_enabled: {description: 'stake transfers allowed', unit: 'bool'},
  bonds_reset_enabled: {description: 'bonds reset on commitment allowed', unit: 'bool'},
  user_liquidity_enabled: {description: 'user liquidity positions allowed', unit: 'bool'},
}

const snake = (s: string) => s.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)

/** Unwrap the v3 (HEAD) form `Vec<{name: Vec<u8>, value: {U16: x}}>` to a name → value map. */
function hyperEntries(raw: unknown): [string, unknown][] {
  if (Array.isArray(raw)) {
    return raw.map((e) => {
      const entry = e as Obj
      const value = entry.value && typeof entry.value === 'object' ? Object.values(entry.value as Obj)[0] : entry.value
      return [text(entry.name) ?? '?', value]
    })
  }
  return Object.entries((raw ?? {}) as Obj).map(([k, v]) => [snake(k), v])
}

/** Every hyperparameter with its exact value and the value in human units. */
export function describeHyperparams(raw: unknown): Hyperparameter[] {
  return hyperEntries(raw).map(([name, v]) => {
    const def = HYPERPARAMETERS[name] ?? {description: '', unit: typeof v === 'boolean' ? 'bool' : 'number'}
    if (typeof v === 'boolean') return {description: def.description, human: v ? 'yes' : 'no', name, unit: 'bool', value: v}
    let n: bigint
    if (v && typeof v === 'object' && 'bits' in (v as Obj)) n = big((v as Obj).bits)
    else if (typeof v === 'bigint' || typeof v === 'number' || (typeof v === 'string' && /^-?\d+$/.test(v))) n = big(v)
    else return {description: def.description, human: String(v), name, unit: def.unit, value: String(v)}
    let human: string
    switch (def.scale) {
      case 'u16':
        human = trimNum(Number(n) / 65_535)
        break
      case 'million':
        human = trimNum(Number(n) / 1_000_000)
        break
      case 'u64':
        human = trimNum(Number(n) / 18_446_744_073_709_551_615)
        break
      case 'i32f32':
        human = trimNum(Number(n) / 4_294_967_296)
        break
      default:
        if (def.unit === 'tao') human = `${formatTao(n)} TAO`
        else if (def.unit === 'blocks') human = blocksHuman(n)
        else if (def.unit === 'epochs') human = `${n} epoch${n === 1n ? '' : 's'}`
        else human = n.toString()
    }
    return {description: def.description, human, name, unit: def.unit, value: n}
  })
}

/** Subnet names and token symbols from the `SubnetIdentities` and `TokenSymbol` storage rows (spec 218). */
export function namesAndSymbols(idRows: {args: unknown[]; value: unknown}[], symRows: {args: unknown[]; value: unknown}[]): {names: Map<number, string>; symbols: Map<number, string>} {
  const names = new Map<number, string>()
  const symbols = new Map<number, string>()
  for (const {args, value} of idRows) {
    const n = text((value as {subnetName?: unknown} | null)?.subnetName)
    if (n) names.set(num(args[0]), n)
  }
  for (const {args, value} of symRows) {
    const s = text(value)
    if (s) symbols.set(num(args[0]), s)
  }
  return {names, symbols}
}

/** The stake columns from stake weights computed from storage (a uid without one holds no stake). */
export function applyStakeWeights(neurons: Neuron[], weights: StakeWeight[]): void {
  const by = new Map(weights.map((w) => [w.uid, w]))
  for (const n of neurons) {
    const w = by.get(n.uid)
    n.alphaStakeRao = w?.alphaRao ?? 0n
    n.taoStakeRao = w?.taoRao ?? 0n
    n.stakeRao = w?.totalRao ?? 0n
  }
}
