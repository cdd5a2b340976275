/**
 * What a subnet owner changes on chain: hyperparameters (`AdminUtils.sudo_set_*`), the start of emissions
 * (`start_call`) and the subnet identity (`set_subnet_identity`).
 *
 * Hyperparameters are named and shown as `subnet hyperparameters` shows them (src/subnet/format.ts) and taken in
 * the same human units, converted exactly to what the call takes. The setter of each parameter is found in the
 * connected runtime's metadata by name (`sudo_set_<name>`, or the chain's name where it differs, e.g.
 * `weights_version` → `sudo_set_weights_version_key`), and who may call it (the subnet owner, or root only) is
 * read from the call's own documentation in that metadata. Root-only parameters are refused with one line;
 * on a localnet (chopsticks) `sudo` signs them through `Sudo.sudo` with the dev sudo key //Alice.
 */
import type {KeyringPair} from '@polkadot/keyring/types'

import type {Chain} from '../chain/client.js'
import type {Extrinsic, TxOutcome} from '../chain/submit.js'
import type {OpRun} from '../stake/common.js'
import type {TxSummary} from '../stake/types.js'
import type {Hyperparameter} from './types.js'

import {hasCall, txOf, type TxNamespace} from '../chain/calls/index.js'
import {adminCall, adminSetters, batchAllCall, callDocs, callSignature, hasStartCall, setSubnetIdentityCall, startCallCall, subnetIdentityCallFields, sudoCall} from '../chain/calls/owner.js'
import {IDENTITY_MAX_BYTES} from '../chain/calls/subnet.js'
import {devSudoSigner, isDevChain} from '../chain/dev.js'
import {pinBlock, readBalance, subtensorStorage} from '../chain/reads.js'
import {bestHead, big, num, queryAt, text} from '../chain/runtime-api.js'
import {ChainError, InputError} from '../errors.js'
import {feeQuote, payerOf, requireFee, signAndSubmit, txSummary} from '../stake/common.js'
import {formatTao, parseTao, U64_MAX} from '../util/amount.js'
import {HYPERPARAMETERS} from './format.js'
import {type Hyperparams, hyperparameters, subnetMissing} from './read.js'

/** Hyperparameter name (as `subnet hyperparameters` shows it) → the setter's name where it is not `sudo_set_<name>`. */
const SETTER_NAMES: Record<string, string> = {
  bonds_moving_avg: 'sudoSetBondsMovingAverage',
  commit_reveal_period: 'sudoSetCommitRevealWeightsInterval',
  commit_reveal_weights_interval: 'sudoSetCommitRevealWeightsInterval',
  max_regs_per_block: 'sudoSetMaxRegistrationsPerBlock',
  max_validators: 'sudoSetMaxAllowedValidators',
  max_weights_limit: 'sudoSetMaxWeightLimit',
  registration_allowed: 'sudoSetNetworkRegistrationAllowed',
  target_regs_per_interval: 'sudoSetTargetRegistrationsPerInterval',
  transfers_enabled: 'sudoSetToggleTransfer',
  weights_rate_limit: 'sudoSetWeightsSetRateLimit',
  weights_version: 'sudoSetWeightsVersionKey',
}

/** Setters whose documentation does not say who may call them (subtensor: `ensure_subnet_owner_or_root`). */
const OWNER_UNDOCUMENTED = new Set(['sudoSetAlphaValues'])

const pascal = (s: string) => s.replaceAll(/(^|_)([a-z0-9])/g, (_, _u: string, c: string) => c.toUpperCase())

export type Origin = 'owner' | 'root' | 'unknown'

/** Who may call an AdminUtils setter, from its documentation in the runtime's metadata. */
export function originFromDocs(docs: string, method = ''): Origin {
  const sentence = docs.split(/(?<=\.)\s+/).find((s) => /callable by|must be (the )?(root|subnet owner)|origin of the call/i.test(s)) ?? ''
  if (/not (changeable|callable) by the subnet owner/i.test(sentence)) return 'root'
  if (/subnet owner/i.test(sentence)) return 'owner'
  if (/root/i.test(sentence)) return 'root'
  if (OWNER_UNDOCUMENTED.has(method)) return 'owner'
  return 'unknown'
}

export interface ParamSetter {
  /** the hyperparameter name (snake_case, as `subnet hyperparameters` shows it) */
  name: string
  /** the AdminUtils call (camelCase) */
  method: string
  /** the value argument: name and type as the runtime's metadata declares them */
  arg: {name: string; type: string}
  origin: Origin
  unit: Hyperparameter['unit']
  description: string
}

/** The setter of a hyperparameter in this runtime: `sudo_set_<name>(netuid, value)`, or undefined. */
export function setterOf(tx: TxNamespace, name: string): ParamSetter | undefined {
  const def = HYPERPARAMETERS[name]
  if (name === 'alpha_high' || name === 'alpha_low') {
    const sig = callSignature(tx, 'adminUtils', 'sudoSetAlphaValues')
    if (!sig) return undefined
    const arg = sig.find((a) => a.name === (name === 'alpha_high' ? 'alphaHigh' : 'alphaLow'))!
    return {arg, description: def?.description ?? '', method: 'sudoSetAlphaValues', name, origin: originFromDocs(callDocs(tx, 'adminUtils', 'sudoSetAlphaValues'), 'sudoSetAlphaValues'), unit: def?.unit ?? 'number'}
  }
  const method = SETTER_NAMES[name] ?? `sudoSet${pascal(name)}`
  const sig = callSignature(tx, 'adminUtils', method)
  if (!sig || sig.length !== 2 || sig[0]!.name !== 'netuid') return undefined
  return {arg: sig[1]!, description: def?.description ?? '', method, name, origin: originFromDocs(callDocs(tx, 'adminUtils', method), method), unit: def?.unit ?? (sig[1]!.type === 'bool' ? 'bool' : 'number')}
}

/** Every hyperparameter of `names` this runtime can set, with its setter. */
export function settableParams(tx: TxNamespace, names: string[]): ParamSetter[] {
  return names.map((n) => setterOf(tx, n)).filter((s): s is ParamSetter => s !== undefined)
}

const INT_RANGE: Record<string, [bigint, bigint]> = {
  i16: [-32_768n, 32_767n],
  u16: [0n, 65_535n],
  u32: [0n, 4_294_967_295n],
  u64: [0n, U64_MAX],
  u8: [0n, 255n],
}

const DEC = /^(\d+)(?:\.(\d+))?$|^\.(\d+)$/

function outOfRange(name: string, input: string, why: string): InputError {
  return new InputError(`${name}=${input} is out of range: ${why}; nothing was submitted`, {code: 'ValueOutOfRange', field: 'params'})
}

/** A fraction 0–1 (or a percentage) times `scale`, rounded to the nearest whole unit; exact decimals, no float. */
function scaledFraction(name: string, input: string, scale: bigint, maxDecimals?: number): bigint {
  const s = input.trim()
  const pct = s.endsWith('%')
  const m = DEC.exec(pct ? s.slice(0, -1).trim() : s)
  if (!m) throw new InputError(`${name} takes a fraction 0–1 or a percentage (e.g. 0.5 or 50%): ${JSON.stringify(input)}; nothing was submitted`, {code: 'BadValue', field: 'params'})
  const frac = m[2] ?? m[3] ?? ''
  const num = BigInt((m[1] ?? '0') + frac)
  const den = 10n ** BigInt(frac.length) * (pct ? 100n : 1n)
  if (num > den) throw outOfRange(name, input, 'a fraction must be between 0 and 1 (100%)')
  const units = num * scale
  if (maxDecimals !== undefined && units % den !== 0n) throw outOfRange(name, input, `the chain keeps it in steps of 1/${scale}`)
  return (units * 2n + den) / (2n * den)
}

/** The call's value for `name=input`, in what the call takes (bigint for integers), exactly; InputError otherwise. */
export function convertValue(p: ParamSetter, input: string): bigint | boolean {
  const s = input.trim()
  if (p.arg.type === 'bool') {
    if (/^(true|yes|on|1|enable|enabled)$/i.test(s)) return true
    if (/^(false|no|off|0|disable|disabled)$/i.test(s)) return false
    throw new InputError(`${p.name} is yes or no (true/false, on/off): ${JSON.stringify(input)}; nothing was submitted`, {code: 'BadValue', field: 'params'})
  }
  const range = INT_RANGE[p.arg.type]
  if (!range) throw new InputError(`${p.name}: this tool cannot encode the setter's argument type ${p.arg.type}; nothing was submitted`, {code: 'Unsupported', field: 'params'})
  const def = HYPERPARAMETERS[p.name]
  let v: bigint
  if (p.unit === 'tao') {
    v = parseTao(s, p.name)
  } else if (def?.scale === 'u16') {
    v = scaledFraction(p.name, s, 65_535n)
  } else if (def?.scale === 'million') {
    v = scaledFraction(p.name, s, 1_000_000n, 6)
  } else if (def?.scale === 'u64') {
    v = scaledFraction(p.name, s, U64_MAX)
  } else {
    if (!/^-?\d+$/.test(s)) throw new InputError(`${p.name} takes a whole number${p.unit === 'blocks' ? ' of blocks' : p.unit === 'epochs' ? ' of epochs' : ''}: ${JSON.stringify(input)}; nothing was submitted`, {code: 'BadValue', field: 'params'})
    v = BigInt(s)
  }
  if (v < range[0] || v > range[1]) throw outOfRange(p.name, input, `the chain holds it as ${p.arg.type} (${range[0]}–${range[1]}${p.unit === 'tao' ? ' rao' : ''})`)
  return v
}

/** The value as `subnet hyperparameters` would show it (for the plan). */
export function humanValue(p: ParamSetter, v: bigint | boolean): string {
  if (typeof v === 'boolean') return v ? 'yes' : 'no'
  if (p.unit === 'tao') return `${formatTao(v)} TAO`
  return String(v)
}

export interface ParamChange {
  name: string
  input: string
  call: string
  /** what the call takes (exact: integers as bigint) */
  value: bigint | boolean
  human: string
  before: Hyperparameter['value'] | null
  beforeHuman: string | null
  origin: Origin
}

export interface SubnetSetResult {
  netuid: number
  /** `owner`: signed by the subnet owner's coldkey; `sudo`: Sudo.sudo with the localnet's dev key */
  signedAs: 'owner' | 'sudo'
  signer: string
  call: string
  changes: ParamChange[]
  warnings: string[]
  feeEstimateRao: bigint
  feeEstimateTao: string
  tx?: TxSummary
  /** the hyperparameters read at the inclusion block */
  after?: {name: string; value: Hyperparameter['value']; human: string}[]
}

export interface SubnetSetInput {
  netuid: number
  /** NAME=VALUE */
  params: string[]
  /** the owner's coldkey (not needed with sudo) */
  coldkey?: string
  /** who pays the fee when not the owner's coldkey: its proxy or the approving multisig signatory */
  payer?: string
  sudo?: boolean
}

/** Parse `NAME=VALUE` pairs (syntax only; names are checked against the runtime). */
export function parseParamPairs(pairs: string[]): {name: string; input: string}[] {
  if (pairs.length === 0) throw new InputError('give at least one «params» entry as NAME=VALUE (names as `subnet hyperparameters` shows them)', {code: 'BadParam', field: 'params'})
  const seen = new Set<string>()
  return pairs.map((raw) => {
    const i = raw.indexOf('=')
    if (i <= 0 || i === raw.length - 1) throw new InputError(`a parameter is given as NAME=VALUE: ${JSON.stringify(raw)}`, {code: 'BadParam', field: 'params'})
    const name = raw.slice(0, i).trim().toLowerCase().replaceAll('-', '_')
    if (seen.has(name)) throw new InputError(`parameter ${name} is given twice`, {code: 'BadParam', field: 'params'})
    seen.add(name)
    return {input: raw.slice(i + 1).trim(), name}
  })
}

export interface SubnetSetPlan {
  result: SubnetSetResult
  call: Extrinsic
  signer?: KeyringPair
}

/** Validate every parameter against the runtime and the subnet, convert the values, build the call. Nothing is signed. */
export async function planSubnetSet(chain: Chain, o: SubnetSetInput): Promise<SubnetSetPlan> {
  const pairs = parseParamPairs(o.params)
  const tx = txOf(chain)
  const head = await bestHead(chain)
  const current = await hyperparameters(chain, o.netuid, {hash: head.hash, number: head.number})
  const byName = new Map(current.hyperparameters.map((h) => [h.name, h]))
  const setters = pairs.map(({name, input}) => {
    if (!byName.has(name)) {
      throw new InputError(`unknown parameter ${JSON.stringify(name)}: this runtime's hyperparameters are ${current.hyperparameters.map((h) => h.name).join(', ')}; nothing was submitted`, {code: 'UnknownParam', field: 'params', suggest: {args: [o.netuid], command: 'subnet hyperparameters'}})
    }
    const setter = setterOf(tx, name)
    if (!setter) throw new InputError(`${name} cannot be set on this runtime: it has no AdminUtils setter for it; nothing was submitted`, {code: 'Unsupported', field: 'params'})
    return {input, setter, value: convertValue(setter, input)}
  })
  const warnings: string[] = []
  // checks the chain makes (AdminUtils errors)
  const q = subtensorStorage(chain)
  for (const s of setters) {
    if (s.setter.name === 'max_validators' && q.maxAllowedUids) {
      const [maxUids] = await queryAt(chain, head.hash, [[q.maxAllowedUids, o.netuid]])
      if (typeof s.value === 'bigint' && s.value > big(maxUids)) throw outOfRange('max_validators', s.input, `it cannot exceed the subnet's max allowed uids (${big(maxUids)}) (MaxValidatorsLargerThanMaxUIds)`)
    }
  }
  const alpha = setters.filter((s) => s.setter.method === 'sudoSetAlphaValues')
  if (alpha.length > 0 && byName.get('liquid_alpha_enabled')?.value === false && !setters.some((s) => s.setter.name === 'liquid_alpha_enabled' && s.value === true)) {
    throw new InputError(`alpha_high/alpha_low need liquid alpha enabled on subnet ${o.netuid} (LiquidAlphaDisabled): set liquid_alpha_enabled=yes first; nothing was submitted`, {code: 'LiquidAlphaDisabled', field: 'params'})
  }
  // who signs
  const rootOnly = setters.filter((s) => s.setter.origin === 'root')
  for (const s of setters) if (s.setter.origin === 'unknown') warnings.push(`this runtime's metadata does not say who may call ${s.setter.method}; the chain decides`)
  let signer: KeyringPair | undefined
  let signerAddress: string
  if (o.sudo) {
    if (!(await isDevChain(chain))) {
      throw new InputError('«sudo» signs with the dev sudo key //Alice and is only for a localnet (a chain that answers dev_setStorage); this chain is not one, nothing was submitted', {code: 'NotLocalnet', field: 'sudo'})
    }
    const dev = await devSudoSigner(chain)
    if (!dev.isSudoKey) throw new InputError(`this localnet's sudo key is ${dev.sudoKey ?? 'not set'}, not the dev key //Alice: «sudo» cannot sign here; nothing was submitted`, {code: 'NotSudoKey', field: 'sudo'})
    signer = dev.pair
    signerAddress = dev.pair.address
  } else {
    if (rootOnly.length > 0) {
      const names = rootOnly.map((s) => s.setter.name).join(', ')
      throw new InputError(`${names} can only be set by root (${rootOnly.map((s) => `admin_utils.${snake(s.setter.method)}`).join(', ')}), not by the subnet owner; nothing was submitted`, {
        code: 'RootOnlyParameter',
        field: 'params',
        hint: 'on a local chain (tao localnet) add «sudo» to sign it with the dev sudo key',
      })
    }
    const [owner] = await queryAt(chain, head.hash, [[q.subnetOwner!, o.netuid]])
    if (!o.coldkey) throw new InputError('the subnet owner\'s wallet is needed to sign', {code: 'Usage', field: 'wallet'})
    if (String(owner) !== o.coldkey) {
      throw new InputError(`subnet ${o.netuid} is owned by coldkey ${String(owner)}, not by this wallet's coldkey ${o.coldkey} (NotSubnetOwner); nothing was submitted`, {code: 'NotSubnetOwner', field: 'wallet'})
    }
    signerAddress = o.payer ?? o.coldkey
  }
  // build: one call per setter (alpha_high/alpha_low share one), batched when more than one
  const calls: unknown[] = []
  const changes: ParamChange[] = []
  const done = new Set<string>()
  for (const s of setters) {
    const before = byName.get(s.setter.name)!
    changes.push({before: before.value, beforeHuman: before.human, call: `adminUtils.${s.setter.method}`, human: humanValue(s.setter, s.value), input: s.input, name: s.setter.name, origin: s.setter.origin, value: s.value})
    if (s.setter.method === 'sudoSetAlphaValues') {
      if (done.has('alpha')) continue
      done.add('alpha')
      const pick = (n: string) => alpha.find((a) => a.setter.name === n)?.value ?? byName.get(n)!.value
      calls.push(adminCall(tx, 'sudoSetAlphaValues', [o.netuid, pick('alpha_low'), pick('alpha_high')]))
      continue
    }
    calls.push(adminCall(tx, s.setter.method, [o.netuid, s.value]))
  }
  if (calls.length > 1 && !hasCall(tx, 'utility', 'batchAll')) throw new InputError('this runtime has no Utility.batch_all: set one parameter at a time', {code: 'Unsupported', field: 'params'})
  const inner = batchAllCall(tx, calls)
  const call = (o.sudo ? sudoCall(tx, inner) : inner) as Extrinsic
  const fee = await feeQuote(call, signerAddress)
  const result: SubnetSetResult = {
    call: `${call.method.section}.${call.method.method}`,
    changes,
    feeEstimateRao: fee,
    feeEstimateTao: formatTao(fee),
    netuid: o.netuid,
    signedAs: o.sudo ? 'sudo' : 'owner',
    signer: o.sudo ? signerAddress : o.coldkey!,
    warnings,
  }
  const p = await pinBlock(chain, head.hash)
  requireFee((await readBalance(p.at, signerAddress)).freeRao, fee, signerAddress)
  return {call, result, signer}
}

const snake = (s: string) => s.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)

/** Confirm, sign (the owner's coldkey, or the dev sudo key) and submit; read the hyperparameters back. */
export async function setSubnetParams(chain: Chain, o: SubnetSetInput, run: OpRun): Promise<SubnetSetResult> {
  const plan = await planSubnetSet(chain, {...o, payer: o.coldkey && payerOf(run, o.coldkey)})
  const {result} = plan
  for (const w of result.warnings) run.ui.warn(w)
  if (!run.dryRun) await run.ui.confirm(`set ${result.changes.map((c) => `${c.name}=${c.human}`).join(', ')} on subnet ${o.netuid}${o.sudo ? ' as sudo' : ''}?`, result)
  let outcome: TxOutcome
  if (plan.signer) {
    const {submit} = await import('../chain/submit.js')
    // a failed inner call (Sudid with an error) is a failed submission: submit decodes it (exit 5)
    outcome = await submit(chain, plan.call, plan.signer, {dryRun: run.dryRun, ui: run.ui, waitFor: run.waitFor})
  } else {
    outcome = await signAndSubmit(chain, plan.call, o.coldkey!, run)
  }
  result.tx = txSummary(outcome)
  if (outcome.dryRun || !outcome.blockHash) return result
  const after: Hyperparams = await hyperparameters(chain, o.netuid, {hash: outcome.blockHash, number: outcome.blockNumber ?? 0})
  const names = new Set(result.changes.map((c) => c.name))
  result.after = after.hyperparameters.filter((h) => names.has(h.name)).map((h) => ({human: h.human, name: h.name, value: h.value}))
  return result
}

export interface SettableList {
  netuid: number
  block: number
  /** every hyperparameter the runtime has a setter for, with who may call it and its value now */
  params: (ParamSetter & {value: Hyperparameter['value']; human: string})[]
  /** AdminUtils setters that are no subnet hyperparameter (chain-wide, root) */
  otherSetters: string[]
}

/** Every hyperparameter this runtime can set, with who may set it (`subnet set --list`). */
export async function listSettable(chain: Chain, netuid: number): Promise<SettableList> {
  const current = await hyperparameters(chain, netuid)
  const tx = txOf(chain)
  const params = current.hyperparameters.flatMap((h) => {
    const s = setterOf(tx, h.name)
    return s ? [{...s, human: h.human, value: h.value}] : []
  })
  const used = new Set(params.map((p) => p.method))
  return {block: current.block, netuid, otherSetters: adminSetters(tx).filter((m) => !used.has(m)), params}
}

// ---- start_call -----------------------------------------------------------------------------------------

export interface StartCheck {
  netuid: number
  block: number
  /** the runtime has start_call */
  available: boolean
  /** emissions already started (FirstEmissionBlockNumber set) */
  started: boolean
  /** first block start_call is accepted (registration + StartCallDelay), null when unknown */
  startableFromBlock: number | null
  owner: string
  /** one sentence: what start/check-start would do now */
  status: string
}

export async function checkStart(chain: Chain, netuid: number): Promise<StartCheck> {
  const head = await bestHead(chain)
  const q = subtensorStorage(chain)
  const [added, owner] = await queryAt(chain, head.hash, [[q.networksAdded!, netuid], [q.subnetOwner!, netuid]])
  if (!added) throw subnetMissing(netuid, head.number)
  const base = {block: head.number, netuid, owner: String(owner)}
  if (!hasStartCall(txOf(chain))) {
    return {...base, available: false, startableFromBlock: null, started: true, status: 'this runtime has no start_call: it starts subnets at registration (emissions run from the start)'}
  }
  const reads = [[q.firstEmissionBlockNumber!, netuid], [q.networkRegisteredAt!, netuid], ...(q.startCallDelay ? [[q.startCallDelay]] : [])] as Parameters<typeof queryAt>[2]
  const [first, registeredAt, delay] = await queryAt(chain, head.hash, reads)
  const started = first !== null && first !== undefined && big(first) > 0n
  const from = num(registeredAt) + (delay === undefined ? 0 : num(delay))
  const status = started
    ? `already started (first emission block ${big(first)})`
    : from > head.number + 1
      ? `can be started from block ${from} (now ${head.number})`
      : 'can be started now by its owner'
  return {...base, available: true, startableFromBlock: from, started, status}
}

export interface StartResult extends StartCheck {
  call?: string
  tx?: TxSummary
  after?: StartCheck
}

export async function startSubnet(chain: Chain, o: {netuid: number; coldkey: string}, run: OpRun): Promise<StartResult> {
  const check = await checkStart(chain, o.netuid)
  if (!check.available) throw new InputError(`${check.status}; nothing to start, nothing was submitted`, {code: 'Unsupported', field: 'netuid'})
  if (check.owner !== o.coldkey) throw new InputError(`subnet ${o.netuid} is owned by coldkey ${check.owner}, not by this wallet's coldkey ${o.coldkey} (NotSubnetOwner); nothing was submitted`, {code: 'NotSubnetOwner', field: 'wallet'})
  if (check.started) throw new InputError(`subnet ${o.netuid} is ${check.status} (FirstEmissionBlockNumberAlreadySet); nothing was submitted`, {code: 'FirstEmissionBlockNumberAlreadySet', field: 'netuid'})
  if (check.startableFromBlock !== null && check.startableFromBlock > check.block + 1) {
    throw new ChainError(`subnet ${o.netuid} ${check.status}; nothing was submitted`, {code: 'SubtensorModule.NeedWaitingMoreBlocksToStarCall', data: {retryInBlocks: check.startableFromBlock - check.block - 1}})
  }
  const call = startCallCall(txOf(chain), {netuid: o.netuid}) as Extrinsic
  const result: StartResult = {...check, call: `${call.method.section}.${call.method.method}`}
  const fee = await feeQuote(call, payerOf(run, o.coldkey))
  requireFee((await readBalance((await pinBlock(chain)).at, payerOf(run, o.coldkey))).freeRao, fee, payerOf(run, o.coldkey))
  if (!run.dryRun) await run.ui.confirm(`start emissions on subnet ${o.netuid}?`, result)
  const outcome = await signAndSubmit(chain, call, o.coldkey, run)
  result.tx = txSummary(outcome)
  if (outcome.dryRun || !outcome.blockHash) return result
  result.after = await checkStart(chain, o.netuid)
  return result
}

// ---- subnet identity --------------------------------------------------------------------------------------

/** Operator field names (kebab/snake) → the call's argument names. */
export const IDENTITY_ALIASES: Record<string, string> = {
  additional: 'additional',
  contact: 'subnetContact',
  description: 'description',
  discord: 'discord',
  github: 'githubRepo',
  github_repo: 'githubRepo',
  logo_url: 'logoUrl',
  name: 'subnetName',
  subnet_contact: 'subnetContact',
  subnet_name: 'subnetName',
  subnet_url: 'subnetUrl',
  url: 'subnetUrl',
}

export interface SubnetIdentity {
  netuid: number
  block: number
  /** the storage item read (SubnetIdentities at 218, SubnetIdentitiesV2/V3 later) */
  source: string | null
  /** null when the subnet has no identity */
  identity: Record<string, string> | null
  /** the fields this runtime's set_subnet_identity takes */
  fields: string[]
}

export async function readSubnetIdentity(chain: Chain, netuid: number): Promise<SubnetIdentity> {
  const head = await bestHead(chain)
  const q = subtensorStorage(chain)
  const [added] = await queryAt(chain, head.hash, [[q.networksAdded!, netuid]])
  if (!added) throw subnetMissing(netuid, head.number)
  const item = ['subnetIdentitiesV3', 'subnetIdentitiesV2', 'subnetIdentities'].find((k) => q[k])
  const fields = subnetIdentityCallFields(txOf(chain))
  if (!item) return {block: head.number, fields, identity: null, netuid, source: null}
  const [v] = await queryAt(chain, head.hash, [[q[item]!, netuid]])
  const identity = v && typeof v === 'object' ? Object.fromEntries(Object.entries(v as Record<string, unknown>).map(([k, x]) => [k, text(x) ?? ''])) : null
  return {block: head.number, fields, identity, netuid, source: item}
}

/**
 * The identity fields an operator gave, by the runtime's argument names, checked against the fields this
 * runtime's set_subnet_identity takes and the chain's byte limits (InvalidIdentity); nothing is read from the chain.
 */
export function identityInput(tx: TxNamespace, fields: Record<string, string>): Record<string, string> {
  const callFields = subnetIdentityCallFields(tx)
  if (callFields.length === 0) throw new InputError('this runtime has no set_subnet_identity; nothing was submitted', {code: 'Unsupported'})
  const given: Record<string, string> = {}
  for (const [k, v] of Object.entries(fields)) {
    const key = IDENTITY_ALIASES[k.toLowerCase().replaceAll('-', '_')] ?? k
    if (!callFields.includes(key)) throw new InputError(`unknown identity field ${JSON.stringify(k)}: this runtime's subnet identity has ${callFields.join(', ')}; nothing was submitted`, {code: 'BadIdentity', field: 'fields'})
    const limit = IDENTITY_MAX_BYTES[key]
    const bytes = Buffer.byteLength(v, 'utf8')
    if (limit !== undefined && bytes > limit) throw new InputError(`identity field ${k} is ${bytes} bytes; the chain allows at most ${limit} (InvalidIdentity); nothing was submitted`, {code: 'InvalidIdentity', field: 'fields'})
    given[key] = v
  }
  return given
}

export interface SetIdentityResult {
  netuid: number
  call: string
  identity: Record<string, string>
  before: SubnetIdentity
  tx?: TxSummary
  after?: SubnetIdentity
}

/** set_subnet_identity with the runtime's fields; lengths checked before signing; fields not given keep their value. */
export async function setSubnetIdentity(chain: Chain, o: {netuid: number; coldkey: string; fields: Record<string, string>}, run: OpRun): Promise<SetIdentityResult> {
  const tx = txOf(chain)
  const callFields = subnetIdentityCallFields(tx)
  const given = identityInput(tx, o.fields)
  const before = await readSubnetIdentity(chain, o.netuid)
  const head = await bestHead(chain)
  const [owner] = await queryAt(chain, head.hash, [[subtensorStorage(chain).subnetOwner!, o.netuid]])
  if (String(owner) !== o.coldkey) throw new InputError(`subnet ${o.netuid} is owned by coldkey ${String(owner)}, not by this wallet's coldkey ${o.coldkey} (NotSubnetOwner); nothing was submitted`, {code: 'NotSubnetOwner', field: 'wallet'})
  const identity: Record<string, string> = {}
  for (const f of callFields) identity[f] = given[f] ?? before.identity?.[f] ?? ''
  const call = setSubnetIdentityCall(tx, {netuid: o.netuid, values: identity}) as Extrinsic
  const result: SetIdentityResult = {before, call: `${call.method.section}.${call.method.method}`, identity, netuid: o.netuid}
  const fee = await feeQuote(call, payerOf(run, o.coldkey))
  requireFee((await readBalance((await pinBlock(chain)).at, payerOf(run, o.coldkey))).freeRao, fee, payerOf(run, o.coldkey))
  if (!run.dryRun) await run.ui.confirm(`set the identity of subnet ${o.netuid}?`, result)
  const outcome = await signAndSubmit(chain, call, o.coldkey, run)
  result.tx = txSummary(outcome)
  if (outcome.dryRun || !outcome.blockHash) return result
  result.after = await readSubnetIdentity(chain, o.netuid)
  return result
}
