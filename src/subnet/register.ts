/**
 * Burned registration of a hotkey on a subnet, and creation of a subnet: pre-checks read at one block
 * (refusals the chain would give are raised before anything is signed), submission, and what it cost.
 *
 * Exit codes: a condition the chain would refuse (already registered, subnet missing, registration off,
 * balance, registrations full, rate limit, and the operator's own «maxBurnRao»/«maxCostRao») is a ChainError (5) whose
 * code is the pallet error the chain would answer (`SubtensorModule.HotKeyAlreadyRegisteredInSubNet`), with
 * `data.precheck: true`; malformed input (netuid, amounts, identity fields) is an InputError (2).
 */
import type {Chain} from '../chain/client.js'
import type {Extrinsic, TxOutcome} from '../chain/submit.js'
import type {MultisigInfo} from '../multisig/submit.js'
import type {ProxiedInfo} from '../proxy/submit.js'
import type {OpRun} from '../stake/common.js'

import {txOf} from '../chain/calls/index.js'
import {balanceFrom, existentialDepositRao, subtensorErrorNames, systemAccount, zeroAccount} from '../chain/reads.js'
import {type StorageEntryLike, bestHead, big, callRuntimeApi, headerOf, num, queryAt} from '../chain/runtime-api.js'
import {ChainError, InputError, TaoError} from '../errors.js'
import {formatTao, parseTao} from '../util/amount.js'
import {IDENTITY_FIELDS, IDENTITY_MAX_BYTES, type SubnetIdentityInput, burnedRegisterCall, registerNetworkCall, subnetIdentityFields} from '../chain/calls/subnet.js'
import {hasCallNamed, networkRateLimit, nextNetworkRegistrationBlock, sm} from './read.js'

type Reads = [StorageEntryLike, ...unknown[]][]

/** The first of `names` the runtime's SubtensorModule error enum has (names changed between runtimes). */
export function errorName(chain: Chain, ...names: string[]): string {
  const errs = subtensorErrorNames(chain)
  return names.find((n) => errs.has(n)) ?? names[0]!
}

/** A pre-check refusal: exit 5, coded like the chain's own answer, nothing submitted. */
export function refusal(error: string, detail: string, data: Record<string, unknown> = {}, field?: string): ChainError {
  return new ChainError(`${error}: ${detail}; nothing was submitted`, {
    code: `SubtensorModule.${error}`,
    data: {...data, precheck: true},
    field,
  })
}

/** A TAO limit option: rao as a bigint, or TAO as typed ("0.5"); bad text is exit 2 naming the option. */
export function taoLimit(value: bigint | string | undefined, field: string): bigint | undefined {
  if (value === undefined || typeof value === 'bigint') return value
  try {
    return parseTao(value, `«${field}»`)
  } catch (error) {
    if (error instanceof TaoError) throw new InputError(error.template, {code: error.code, field})
    throw error
  }
}

async function quote(tx: Extrinsic, address: string): Promise<bigint> {
  const {quoteFee} = await import('../chain/submit.js')
  return quoteFee(tx, address).catch(() => 0n)
}

const freeOf = (account: unknown): bigint => balanceFrom(account).freeRao

// ---- registration ------------------------------------------------------------------------------------------

export interface RegisterRequest {
  netuid: number
  hotkey: string
  coldkey: string
  /** refuse when the burn is above this (rao) */
  maxBurnRao?: bigint
}

/** What a registration will cost and what the chain says now, read at one block. */
export interface RegisterPlan {
  netuid: number
  hotkey: string
  coldkey: string
  block: number
  blockHash: string
  burnRao: bigint
  balanceRao: bigint
  feeEstimateRao: bigint
  maxBurnRao?: bigint
  neurons: number
  maxNeurons: number
  /** registering on a full subnet replaces the lowest-scoring neuron outside immunity */
  subnetFull: boolean
  /** which call will be sent */
  call: string
}

/** The state a registration pre-check looks at (pure input of `registrationRefusal`). */
export interface RegisterSnapshot {
  netuid: number
  nextBlock: number
  exists: boolean
  registrationAllowed: boolean
  uid: number | null
  /** coldkey that owns the hotkey, null when the hotkey is new */
  hotkeyOwner: string | null
  coldkey: string
  burnRao: bigint
  balanceRao: bigint
  feeRao: bigint
  existentialDepositRao: bigint
  maxBurnRao?: bigint
  maxRegsPerBlock: number | null
  regsThisInterval: number | null
  maxRegsThisInterval: number | null
  nextAdjustmentBlock: number | null
  maxNeurons: number
  /** error names as this runtime spells them */
  names: {subnetMissing: string}
}

/** The refusal the chain would give for this registration, or null (pure). */
export function registrationRefusal(s: RegisterSnapshot): ChainError | null {
  const data = {netuid: s.netuid}
  if (s.netuid === 0) return refusal('RegistrationNotPermittedOnRootSubnet', 'netuid 0 is the root network; burned registration is not possible there', data)
  if (!s.exists) return refusal(s.names.subnetMissing, `subnet ${s.netuid} does not exist`, data)
  if (s.uid !== null) {
    return refusal('HotKeyAlreadyRegisteredInSubNet', `this hotkey is already registered on subnet ${s.netuid} as uid ${s.uid}`, {...data, uid: s.uid})
  }
  if (s.hotkeyOwner && s.hotkeyOwner !== s.coldkey) {
    return refusal('NonAssociatedColdKey', `the hotkey belongs to coldkey ${s.hotkeyOwner}, not ${s.coldkey}`, data)
  }
  if (!s.registrationAllowed) return refusal('SubNetRegistrationDisabled', `registration is disabled on subnet ${s.netuid}`, data)
  if (s.maxNeurons === 0) return refusal('NoNeuronIdAvailable', `subnet ${s.netuid} allows no neurons`, data)
  if (s.maxRegsPerBlock === 0) return refusal('TooManyRegistrationsThisBlock', `subnet ${s.netuid} allows no registrations per block`, data)
  if (s.regsThisInterval !== null && s.maxRegsThisInterval !== null && s.regsThisInterval >= s.maxRegsThisInterval) {
    const resets = s.nextAdjustmentBlock !== null && s.nextBlock >= s.nextAdjustmentBlock
    if (!resets) {
      const wait = s.nextAdjustmentBlock === null ? '' : `; retry in ${s.nextAdjustmentBlock - s.nextBlock + 1} blocks (block ${s.nextAdjustmentBlock})`
      return refusal('TooManyRegistrationsThisInterval', `subnet ${s.netuid} has had ${s.regsThisInterval} of ${s.maxRegsThisInterval} registrations this interval${wait}`, {
        ...data,
        nextAdjustmentBlock: s.nextAdjustmentBlock,
      })
    }
  }
  if (s.maxBurnRao !== undefined && s.burnRao > s.maxBurnRao) {
    return refusal(
      'RegistrationPriceLimitExceeded',
      `the burn is ${formatTao(s.burnRao)} TAO, above «maxBurnRao» ${formatTao(s.maxBurnRao)} TAO`,
      {...data, burnRao: s.burnRao, maxBurnRao: s.maxBurnRao},
      'maxBurnRao',
    )
  }
  const need = s.burnRao + s.feeRao + s.existentialDepositRao
  if (s.balanceRao < need) {
    return refusal(
      'NotEnoughBalanceToStake',
      `the coldkey has ${formatTao(s.balanceRao)} TAO free; the burn ${formatTao(s.burnRao)} TAO + fee ${formatTao(s.feeRao)} TAO + existential deposit ${formatTao(s.existentialDepositRao)} TAO need ${formatTao(need)} TAO`,
      {...data, balanceRao: s.balanceRao, burnRao: s.burnRao},
    )
  }
  return null
}

/** Read everything a registration depends on at one block, and refuse as the chain would. */
export async function planRegistration(chain: Chain, req: RegisterRequest): Promise<RegisterPlan> {
  const head = await bestHead(chain)
  const q = sm(chain)
  const tx = txOf(chain)
  const capped = !hasCallNamed(chain, 'registerLimit') && Boolean(q.registrationsThisInterval)
  const reads: Reads = [
    [q.networksAdded!, req.netuid],
    [q.networkRegistrationAllowed!, req.netuid],
    [q.uids!, req.netuid, req.hotkey],
    [q.owner!, req.hotkey],
    [q.burn!, req.netuid],
    [systemAccount(chain), req.coldkey],
    [q.subnetworkN!, req.netuid],
    [q.maxAllowedUids!, req.netuid],
  ]
  if (capped) {
    reads.push(
      [q.maxRegistrationsPerBlock!, req.netuid],
      [q.registrationsThisInterval!, req.netuid],
      [q.targetRegistrationsPerInterval!, req.netuid],
      [q.lastAdjustmentBlock!, req.netuid],
      [q.adjustmentInterval!, req.netuid],
    )
  }
  const call = burnedRegisterCall(tx, {hotkey: req.hotkey, limitRao: req.maxBurnRao, netuid: req.netuid}) as Extrinsic
  const [values, fee] = await Promise.all([queryAt(chain, head.hash, reads), quote(call, req.coldkey)])
  const [exists, allowed, uid, owner, burn, account, n, maxN, maxPerBlock, regs, target, lastAdj, interval] = values
  const zero = zeroAccount(chain)
  const snapshot: RegisterSnapshot = {
    balanceRao: freeOf(account),
    burnRao: big(burn),
    coldkey: req.coldkey,
    exists: Boolean(exists),
    existentialDepositRao: existentialDepositRao(chain),
    feeRao: fee,
    hotkeyOwner: owner && String(owner) !== zero ? String(owner) : null,
    maxBurnRao: req.maxBurnRao,
    maxNeurons: num(maxN),
    maxRegsPerBlock: capped ? num(maxPerBlock) : null,
    maxRegsThisInterval: capped ? num(target) * 3 : null,
    names: {subnetMissing: errorName(chain, 'SubNetworkDoesNotExist', 'SubnetNotExists')},
    netuid: req.netuid,
    nextAdjustmentBlock: capped ? num(lastAdj) + num(interval) : null,
    nextBlock: head.number + 1,
    registrationAllowed: Boolean(allowed),
    regsThisInterval: capped ? num(regs) : null,
    uid: uid === null || uid === undefined ? null : num(uid),
  }
  const refused = registrationRefusal(snapshot)
  if (refused) throw refused
  return {
    balanceRao: snapshot.balanceRao,
    block: head.number,
    blockHash: head.hash,
    burnRao: snapshot.burnRao,
    call: `subtensorModule.${call.method.method}`,
    coldkey: req.coldkey,
    feeEstimateRao: fee,
    hotkey: req.hotkey,
    maxBurnRao: req.maxBurnRao,
    maxNeurons: snapshot.maxNeurons,
    netuid: req.netuid,
    neurons: num(n),
    subnetFull: num(n) >= snapshot.maxNeurons,
  }
}

export interface RegisterResult {
  netuid: number
  hotkey: string
  coldkey: string
  uid: number | null
  /** TAO burned (balance change minus fee) */
  burnRao: bigint
  feeRao: bigint
  /** everything the coldkey's free balance lost: burn + fee */
  spentRao: bigint
  balanceBeforeRao: bigint
  balanceAfterRao: bigint
  dryRun: boolean
  blockNumber?: number
  blockHash?: string
  txHash: string
  call: string
  /** set when a proxy signed on behalf of «coldkey» (it paid the fee) */
  proxied?: ProxiedInfo
  /** set when the call went through a multisig (the signatory paid the fee) */
  multisig?: MultisigInfo
}

/** The part of an outcome that `coldkey` paid as fee: nothing when a proxy or a signatory signed for it. */
export const feeOnColdkey = (o: {feeRao: bigint; proxied?: unknown; multisig?: unknown}): bigint => (o.proxied || o.multisig ? 0n : o.feeRao)

/** What a submitted extrinsic cost the coldkey: free balance before (parent block) and after (its block). */
async function balanceChange(chain: Chain, outcome: TxOutcome, coldkey: string, extra: Reads = []): Promise<{before: bigint; after: bigint; extra: unknown[]}> {
  const header = await headerOf(chain, outcome.blockHash!)
  const account = systemAccount(chain)
  const [[before], [after, ...rest]] = await Promise.all([
    queryAt(chain, header.parentHash, [[account, coldkey]]),
    queryAt(chain, outcome.blockHash!, [[account, coldkey], ...extra]),
  ])
  return {after: freeOf(after), before: freeOf(before), extra: rest}
}

/**
 * Sign and submit the registration planned (signed by the coldkey, or by its proxy / a multisig signatory as
 * `run` says); returns the uid and what it cost the coldkey.
 */
export async function submitRegistration(chain: Chain, plan: RegisterPlan, run: OpRun): Promise<RegisterResult> {
  const {findEvent} = await import('../chain/submit.js')
  const {signAndSubmit} = await import('../stake/common.js')
  const tx = burnedRegisterCall(txOf(chain), {hotkey: plan.hotkey, limitRao: plan.maxBurnRao, netuid: plan.netuid}) as Extrinsic
  const outcome = await signAndSubmit(chain, tx, plan.coldkey, run)
  const base = {call: outcome.call, coldkey: plan.coldkey, dryRun: outcome.dryRun, feeRao: outcome.feeRao, hotkey: plan.hotkey, multisig: outcome.multisig, netuid: plan.netuid, proxied: outcome.proxied, txHash: outcome.txHash}
  const fee = feeOnColdkey(outcome)
  if (outcome.dryRun) {
    return {...base, balanceAfterRao: plan.balanceRao - plan.burnRao - fee, balanceBeforeRao: plan.balanceRao, burnRao: plan.burnRao, spentRao: plan.burnRao + fee, uid: null}
  }
  const change = await balanceChange(chain, outcome, plan.coldkey, [[sm(chain).uids!, plan.netuid, plan.hotkey]])
  const ev = findEvent(outcome, 'subtensorModule', 'NeuronRegistered')
  const uid = ev ? num(ev.data[1]) : change.extra[0] === null ? null : num(change.extra[0])
  const spent = change.before - change.after
  return {
    ...base,
    balanceAfterRao: change.after,
    balanceBeforeRao: change.before,
    blockHash: outcome.blockHash,
    blockNumber: outcome.blockNumber,
    burnRao: spent - fee,
    spentRao: spent,
    uid,
  }
}

// ---- subnet creation -----------------------------------------------------------------------------------------

export interface CreateRequest {
  hotkey: string
  coldkey: string
  /** refuse when the lock cost is above this (rao) */
  maxCostRao?: bigint
  /** subnet mechanism where `register_network` takes one (218: 1) */
  mechid?: number
  identity?: SubnetIdentityInput
}

export interface CreatePlan {
  hotkey: string
  coldkey: string
  block: number
  blockHash: string
  lockCostRao: bigint
  balanceRao: bigint
  feeEstimateRao: bigint
  maxCostRao?: bigint
  mechid: number | null
  identity?: SubnetIdentityInput
  call: string
}

/** Check identity fields against what this runtime's identity type has and its length limits (exit 2). */
export function checkIdentity(fields: string[], identity: SubnetIdentityInput): void {
  for (const [k, v] of Object.entries(identity) as [keyof SubnetIdentityInput, string | undefined][]) {
    if (v === undefined) continue
    const field = IDENTITY_FIELDS[k]
    if (!fields.includes(field)) {
      throw new InputError(`this runtime's subnet identity has no ${field} field (it has ${fields.join(', ') || 'no identity at all'})`, {code: 'BadIdentity'})
    }
    const bytes = Buffer.byteLength(v, 'utf8')
    const max = IDENTITY_MAX_BYTES[field] ?? 1024
    if (bytes > max) throw new InputError(`subnet identity ${field} is ${bytes} bytes; the chain allows ${max} (InvalidIdentity)`, {code: 'BadIdentity'})
  }
}

/** Read what creating a subnet costs and whether the chain would allow it now, at one block. */
export async function planCreate(chain: Chain, req: CreateRequest): Promise<CreatePlan> {
  const tx = txOf(chain)
  const {callArgs} = await import('../chain/calls/index.js')
  const takesMechid = callArgs(tx, 'subtensorModule', req.identity ? 'registerNetworkWithIdentity' : 'registerNetwork').includes('mechid')
  if (req.mechid !== undefined && !takesMechid) throw new InputError('this runtime\'s register_network takes no mechid; drop «mechid»', {code: 'BadMechid', field: 'mechid'})
  if (req.identity) {
    const fields = subnetIdentityFields(tx)
    if (fields.length === 0) throw new InputError('this runtime cannot register a subnet with an identity', {code: 'BadIdentity'})
    checkIdentity(fields, req.identity)
  }
  const mechid = takesMechid ? (req.mechid ?? 1) : null
  const head = await bestHead(chain)
  const q = sm(chain)
  const call = registerNetworkCall(tx, {hotkey: req.hotkey, identity: req.identity, mechid: mechid ?? undefined}) as Extrinsic
  const [cost, [account, owner], limit, fee] = await Promise.all([
    callRuntimeApi<bigint>(chain, 'SubnetRegistrationRuntimeApi', 'get_network_registration_cost', [], {at: head.hash, raw: 'u64'}),
    queryAt(chain, head.hash, [
      [systemAccount(chain), req.coldkey],
      [q.owner!, req.hotkey],
    ]),
    networkRateLimit(chain, head.hash),
    quote(call, req.coldkey),
  ])
  const lockCostRao = big(cost)
  const balanceRao = freeOf(account)
  const nextBlock = head.number + 1
  const data = {block: head.number}
  if (mechid !== null && mechid !== 1) throw refusal('MechanismDoesNotExist', `mechanism ${mechid} does not exist on this runtime (use 1)`, data, 'mechid')
  if (limit) {
    const allowedAt = nextNetworkRegistrationBlock(limit.lastBlock, limit.rateLimit, limit.firstFree)
    if (nextBlock < allowedAt) {
      throw refusal('NetworkTxRateLimitExceeded', `a subnet can be registered from block ${allowedAt} (now ${head.number}); retry in ${allowedAt - nextBlock} blocks`, {
        ...data,
        nextRegistrationBlock: allowedAt,
      })
    }
  }
  const ownerAddr = owner ? String(owner) : null
  if (ownerAddr && ownerAddr !== zeroAccount(chain) && ownerAddr !== req.coldkey) {
    throw refusal(errorName(chain, 'HotKeyNotDelegateAndSignerNotOwnHotKey', 'NonAssociatedColdKey'), `the hotkey belongs to coldkey ${ownerAddr}, not ${req.coldkey}`, data)
  }
  if (req.maxCostRao !== undefined && lockCostRao > req.maxCostRao) {
    throw new ChainError(`the lock cost is ${formatTao(lockCostRao)} TAO, above «maxCostRao» ${formatTao(req.maxCostRao)} TAO; nothing was submitted`, {
      code: 'LockCostAboveLimit',
      data: {...data, lockCostRao, maxCostRao: req.maxCostRao, precheck: true},
      field: 'maxCostRao',
    })
  }
  const ed = existentialDepositRao(chain)
  if (balanceRao < lockCostRao + fee + ed) {
    throw refusal(
      errorName(chain, 'CannotAffordLockCost', 'NotEnoughBalanceToStake'),
      `the coldkey has ${formatTao(balanceRao)} TAO free; the lock ${formatTao(lockCostRao)} TAO + fee ${formatTao(fee)} TAO + existential deposit ${formatTao(ed)} TAO need ${formatTao(lockCostRao + fee + ed)} TAO`,
      {...data, balanceRao, lockCostRao},
    )
  }
  return {
    balanceRao,
    block: head.number,
    blockHash: head.hash,
    call: `subtensorModule.${call.method.method}`,
    coldkey: req.coldkey,
    feeEstimateRao: fee,
    hotkey: req.hotkey,
    identity: req.identity,
    lockCostRao,
    maxCostRao: req.maxCostRao,
    mechid,
  }
}

export interface CreateResult {
  netuid: number | null
  hotkey: string
  coldkey: string
  /** TAO locked/burned for the subnet (balance change minus fee) */
  lockCostRao: bigint
  feeRao: bigint
  spentRao: bigint
  balanceBeforeRao: bigint
  balanceAfterRao: bigint
  mechid: number | null
  dryRun: boolean
  blockNumber?: number
  blockHash?: string
  txHash: string
  call: string
  proxied?: ProxiedInfo
  multisig?: MultisigInfo
}

/** Sign and submit the subnet registration planned; returns the new netuid and what it cost. */
export async function submitSubnetCreation(chain: Chain, plan: CreatePlan, run: OpRun): Promise<CreateResult> {
  const {findEvent} = await import('../chain/submit.js')
  const {signAndSubmit} = await import('../stake/common.js')
  const tx = registerNetworkCall(txOf(chain), {hotkey: plan.hotkey, identity: plan.identity, mechid: plan.mechid ?? undefined}) as Extrinsic
  const outcome = await signAndSubmit(chain, tx, plan.coldkey, run)
  const base = {call: outcome.call, coldkey: plan.coldkey, dryRun: outcome.dryRun, feeRao: outcome.feeRao, hotkey: plan.hotkey, mechid: plan.mechid, multisig: outcome.multisig, proxied: outcome.proxied, txHash: outcome.txHash}
  const fee = feeOnColdkey(outcome)
  if (outcome.dryRun) {
    return {...base, balanceAfterRao: plan.balanceRao - plan.lockCostRao - fee, balanceBeforeRao: plan.balanceRao, lockCostRao: plan.lockCostRao, netuid: null, spentRao: plan.lockCostRao + fee}
  }
  const change = await balanceChange(chain, outcome, plan.coldkey)
  const ev = findEvent(outcome, 'subtensorModule', 'NetworkAdded')
  const spent = change.before - change.after
  return {
    ...base,
    balanceAfterRao: change.after,
    balanceBeforeRao: change.before,
    blockHash: outcome.blockHash,
    blockNumber: outcome.blockNumber,
    lockCostRao: spent - fee,
    netuid: ev ? num(ev.data[0]) : null,
    spentRao: spent,
  }
}
