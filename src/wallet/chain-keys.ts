/**
 * Keys on chain, signed by the coldkey: swapping a hotkey (`swap_hotkey`, every subnet or one where the runtime's
 * call takes a netuid), associating a hotkey (`try_associate_hotkey`, newer runtimes) and the coldkey identity
 * (`set_identity`). Each reads what the chain would check at one block and refuses before anything is signed,
 * then plan → confirm → sign → submit (or --dry-run) → read back.
 *
 * Exit codes: malformed input, a call this runtime lacks, or an identity field over its limit: InputError (2);
 * what the chain would refuse (a hotkey owned by another coldkey, the new hotkey already registered, the swap cost,
 * the rate limit): ChainError (5) coded as the chain's own error, `data.precheck: true`.
 */
import type {Chain} from '../chain/client.js'
import type {Extrinsic} from '../chain/submit.js'
import type {OpRun} from '../stake/common.js'
import type {TxSummary} from '../stake/types.js'

import {hasCall, txOf} from '../chain/calls/index.js'
import {CHAIN_IDENTITY_MAX_BYTES, type ChainIdentityInput, associateHotkeyCall, identityFields, setIdentityCall, swapHotkeyCall, swapHotkeyMethod, swapHotkeyTakesNetuid} from '../chain/calls/keys.js'
import {hotkeyUidsEverywhere, readColdkeyIdentity, readItems, subtensorConst, totalHotkeyAlphas} from '../chain/keys-reads.js'
import {balanceFrom, readOwnedHotkeys, systemAccount, zeroAccount} from '../chain/reads.js'
import {bestHead, num, queryAt} from '../chain/runtime-api.js'
import {InputError} from '../errors.js'
import {feeQuote, payerOf, signAndSubmit, txSummary} from '../stake/common.js'
import {refusal} from '../subnet/register.js'
import {formatTao} from '../util/amount.js'

/** A call this runtime does not have: one line, exit 2, nothing submitted. */
export function runtimeLacks(call: string, what: string, instead = ''): InputError {
  return new InputError(`this runtime has no SubtensorModule.${call}: ${what} is not possible on this chain${instead ? `; ${instead}` : ''} (nothing was submitted)`, {code: 'Unsupported'})
}

/** Confirm with the plan (not for a dry run), sign with the coldkey, submit. */
async function confirmAndSubmit(chain: Chain, tx: Extrinsic, coldkey: string, question: string, plan: unknown, run: OpRun) {
  if (!run.dryRun) await run.ui.confirm(question, plan)
  return signAndSubmit(chain, tx, coldkey, run)
}

const freeOf = (account: unknown) => balanceFrom(account).freeRao

// ---- swap hotkey ---------------------------------------------------------------------------------------------

export interface SwapHotkeyRequest {
  coldkey: string
  hotkey: string
  hotkeyName?: string
  newHotkey: string
  newHotkeyName?: string
  /** one subnet only (where the runtime's call takes a netuid) */
  netuid?: number
}

export interface SwapHotkeyPlan {
  coldkey: string
  hotkey: string
  hotkeyName?: string
  newHotkey: string
  newHotkeyName?: string
  /** null: every subnet */
  netuid: number | null
  call: string
  /** what the swap burns from the coldkey (KeySwapCost, or KeySwapOnSubnetCost for one subnet) */
  costRao: bigint
  cost: string
  costSource: string
  feeEstimateRao: bigint
  balanceRao: bigint
  block: number
  blockHash: string
  /** what moves to the new hotkey: each registration (uid) with the stake on it */
  moves: {netuid: number; uid: number; stakeRao: bigint; stake: string}[]
  /** the other state the runtime moves with the hotkey */
  alsoMoves: string[]
}

export interface SwapHotkeyResult extends SwapHotkeyPlan {
  tx: TxSummary
  /** read back at the inclusion block: the uid under the new hotkey on each subnet, and whether the old one still has one */
  after?: {netuid: number; newHotkeyUid: number | null; oldHotkeyUid: number | null}[]
  costPaidRao?: bigint
}

export async function planSwapHotkey(chain: Chain, req: SwapHotkeyRequest): Promise<SwapHotkeyPlan> {
  const tx = txOf(chain)
  if (req.hotkey === req.newHotkey) throw new InputError(`the new hotkey is the hotkey being swapped (${req.hotkey}): name a different hotkey (NewHotKeyIsSameWithOld)`, {code: 'NewHotKeyIsSameWithOld', field: 'newHotkey'})
  if (!hasCall(tx, 'subtensorModule', 'swapHotkey') && !hasCall(tx, 'subtensorModule', 'swapHotkeyV2')) throw runtimeLacks('swap_hotkey', 'a hotkey swap')
  if (req.netuid !== undefined && !swapHotkeyTakesNetuid(tx)) {
    throw new InputError(`this runtime's swap_hotkey swaps the hotkey on every subnet at once and takes no netuid: drop «netuid» (nothing was submitted)`, {code: 'Unsupported', field: 'netuid'})
  }
  const head = await bestHead(chain)
  const call = swapHotkeyCall(tx, {hotkey: req.hotkey, netuid: req.netuid, newHotkey: req.newHotkey}) as Extrinsic
  const [[owner, newOwner, rateLimit, lastTx, netOk], [account], fee, uidsOld, uidsNew] = await Promise.all([
    readItems(chain, head.hash, [['owner', req.hotkey], ['owner', req.newHotkey], ['txRateLimit'], ['lastTxBlock', req.coldkey], ['networksAdded', req.netuid ?? 0]]),
    queryAt(chain, head.hash, [[systemAccount(chain), req.coldkey]]),
    feeQuote(call, req.coldkey),
    hotkeyUidsEverywhere(chain, req.hotkey, head.hash),
    hotkeyUidsEverywhere(chain, req.newHotkey, head.hash),
  ])
  const zero = zeroAccount(chain)
  const data = {block: head.number}
  const ownerAddr = owner && String(owner) !== zero ? String(owner) : null
  if (req.netuid !== undefined && !netOk) throw new InputError(`subnet ${req.netuid} does not exist on this chain`, {code: 'UnknownSubnet', field: 'netuid', suggest: {command: 'subnet list'}})
  if (ownerAddr !== req.coldkey) {
    throw refusal('NonAssociatedColdKey', ownerAddr ? `hotkey ${req.hotkey} belongs to coldkey ${ownerAddr}, not this wallet's ${req.coldkey}` : `hotkey ${req.hotkey} is not registered on this chain (it has no owner)`, data, 'hotkey')
  }
  const newOwnerAddr = newOwner && String(newOwner) !== zero ? String(newOwner) : null
  if (newOwnerAddr && newOwnerAddr !== req.coldkey) {
    throw refusal('NonAssociatedColdKey', `the new hotkey ${req.newHotkey} already belongs to coldkey ${newOwnerAddr}`, data, 'newHotkey')
  }
  const clash = req.netuid === undefined ? uidsNew : uidsNew.filter((u) => u.netuid === req.netuid)
  if (clash.length) {
    throw refusal('HotKeyAlreadyRegisteredInSubNet', `the new hotkey is already registered (${clash.map((u) => `subnet ${u.netuid} uid ${u.uid}`).join(', ')}); use a hotkey with no registration`, data, 'newHotkey')
  }
  const moving = req.netuid === undefined ? uidsOld : uidsOld.filter((u) => u.netuid === req.netuid)
  if (req.netuid !== undefined && moving.length === 0) throw refusal('HotKeyNotRegisteredInSubNet', `hotkey ${req.hotkey} has no uid on subnet ${req.netuid}`, data, 'netuid')
  const limit = num(rateLimit ?? 0)
  const last = num(lastTx ?? 0)
  const next = head.number + 1
  if (limit > 0 && last > 0 && next - last <= limit) {
    throw refusal('HotKeySetTxRateLimitExceeded', `this coldkey's last rate-limited transaction was at block ${last} and TxRateLimit is ${limit}; retry in ${last + limit - next + 1} blocks`, {...data, retryInBlocks: last + limit - next + 1})
  }
  const onSubnet = req.netuid !== undefined ? subtensorConst(chain, 'keySwapOnSubnetCost') : null
  const costRao = onSubnet ?? subtensorConst(chain, 'keySwapCost') ?? 0n
  const costSource = onSubnet === null ? 'KeySwapCost' : 'KeySwapOnSubnetCost'
  const balanceRao = freeOf(account)
  if (balanceRao < costRao + fee) {
    throw refusal('NotEnoughBalanceToPaySwapHotKey', `the swap costs ${formatTao(costRao)} TAO (${costSource}) + fee ${formatTao(fee)} TAO; the coldkey has ${formatTao(balanceRao)} TAO free`, {...data, balanceRao, costRao})
  }
  const stakes = await Promise.all(moving.map(async (m) => (await totalHotkeyAlphas(chain, head.hash, [req.hotkey], m.netuid))[0]!))
  return {
    alsoMoves:
      req.netuid === undefined
        ? ['ownership (Owner, OwnedHotkeys)', 'stake of every staker and the delegate take', 'axons and prometheus entries', 'child/parent keys', 'pending emissions and weight commits']
        : [`on subnet ${req.netuid}: the uid, its axon, stake and child keys`],
    balanceRao,
    block: head.number,
    blockHash: head.hash,
    call: `subtensorModule.${swapHotkeyMethod(tx)}`,
    coldkey: req.coldkey,
    cost: formatTao(costRao),
    costRao,
    costSource,
    feeEstimateRao: fee,
    hotkey: req.hotkey,
    hotkeyName: req.hotkeyName,
    moves: moving.map((m, i) => ({...m, stake: formatTao(stakes[i]!), stakeRao: stakes[i]!})),
    netuid: req.netuid ?? null,
    newHotkey: req.newHotkey,
    newHotkeyName: req.newHotkeyName,
  }
}

export async function swapHotkey(chain: Chain, plan: SwapHotkeyPlan, run: OpRun): Promise<SwapHotkeyResult> {
  const tx = swapHotkeyCall(txOf(chain), {hotkey: plan.hotkey, netuid: plan.netuid ?? undefined, newHotkey: plan.newHotkey}) as Extrinsic
  const scope = plan.netuid === null ? 'on every subnet' : `on subnet ${plan.netuid}`
  const outcome = await confirmAndSubmit(chain, tx, plan.coldkey, `swap hotkey ${plan.hotkeyName ?? plan.hotkey} → ${plan.newHotkeyName ?? plan.newHotkey} ${scope}, burning ${plan.cost} TAO?`, plan, run)
  const result: SwapHotkeyResult = {...plan, tx: txSummary(outcome)}
  if (outcome.dryRun || !outcome.blockHash) return result
  const nets = plan.moves.map((m) => m.netuid)
  const [values, [account]] = await Promise.all([
    readItems(chain, outcome.blockHash, nets.flatMap((n) => [['uids', n, plan.newHotkey], ['uids', n, plan.hotkey]] as [string, ...unknown[]][])),
    queryAt(chain, outcome.blockHash, [[systemAccount(chain), plan.coldkey]]),
  ])
  result.after = nets.map((netuid, i) => ({netuid, newHotkeyUid: values[2 * i] === null ? null : num(values[2 * i]), oldHotkeyUid: values[2 * i + 1] === null ? null : num(values[2 * i + 1])}))
  result.costPaidRao = plan.balanceRao - freeOf(account) - outcome.feeRao
  return result
}

// ---- associate hotkey ----------------------------------------------------------------------------------------

export interface AssociatePlan {
  coldkey: string
  hotkey: string
  hotkeyName?: string
  call: string
  /** the hotkey's owner now (null: none) */
  owner: string | null
  alreadyAssociated: boolean
  feeEstimateRao: bigint
  block: number
}

export interface AssociateResult extends AssociatePlan {
  tx?: TxSummary
  /** the owner read back at the inclusion block */
  ownerAfter?: string | null
}

export async function associateHotkey(chain: Chain, req: {coldkey: string; hotkey: string; hotkeyName?: string}, run: OpRun): Promise<AssociateResult> {
  const tx = txOf(chain)
  if (!hasCall(tx, 'subtensorModule', 'tryAssociateHotkey')) throw runtimeLacks('try_associate_hotkey', 'associating a hotkey without registering it', 'a hotkey is associated with its coldkey when it registers (subnet register)')
  const head = await bestHead(chain)
  const call = associateHotkeyCall(tx, req.hotkey) as Extrinsic
  const [[owner], fee] = await Promise.all([readItems(chain, head.hash, [['owner', req.hotkey]]), feeQuote(call, req.coldkey)])
  const ownerAddr = owner && String(owner) !== zeroAccount(chain) ? String(owner) : null
  if (ownerAddr && ownerAddr !== req.coldkey) throw refusal('NonAssociatedColdKey', `hotkey ${req.hotkey} already belongs to coldkey ${ownerAddr}`, {block: head.number}, 'hotkey')
  const plan: AssociatePlan = {alreadyAssociated: ownerAddr === req.coldkey, block: head.number, call: 'subtensorModule.tryAssociateHotkey', coldkey: req.coldkey, feeEstimateRao: fee, hotkey: req.hotkey, hotkeyName: req.hotkeyName, owner: ownerAddr}
  if (plan.alreadyAssociated) return plan
  const outcome = await confirmAndSubmit(chain, call, req.coldkey, `associate hotkey ${req.hotkeyName ?? req.hotkey} with coldkey ${req.coldkey}?`, plan, run)
  const result: AssociateResult = {...plan, tx: txSummary(outcome)}
  if (outcome.dryRun || !outcome.blockHash) return result
  const [after] = await readItems(chain, outcome.blockHash, [['owner', req.hotkey]])
  result.ownerAfter = after && String(after) !== zeroAccount(chain) ? String(after) : null
  return result
}

// ---- identity -----------------------------------------------------------------------------------------------

export interface IdentityRead {
  coldkey: string
  block: number
  /** the storage map read (`identitiesV2`, `identities`), null when the runtime has none */
  storage: string | null
  identity: Record<string, string> | null
}

export async function getIdentity(chain: Chain, coldkey: string): Promise<IdentityRead> {
  const r = await readColdkeyIdentity(chain, coldkey)
  return {coldkey, ...r}
}

/** Check identity fields against the runtime's set_identity and the chain's byte limits (exit 2). */
export function checkChainIdentity(fields: string[], identity: ChainIdentityInput): void {
  for (const [k, v] of Object.entries(identity) as [keyof ChainIdentityInput, string | undefined][]) {
    if (v === undefined) continue
    if (!fields.includes(k)) throw new InputError(`this runtime's set_identity has no ${k} field (it has ${fields.join(', ')}); nothing was submitted`, {code: 'BadIdentity', field: k})
    const bytes = Buffer.byteLength(v, 'utf8')
    const max = CHAIN_IDENTITY_MAX_BYTES[k]
    if (bytes > max) throw new InputError(`identity ${k} is ${bytes} bytes; the chain allows at most ${max} (InvalidIdentity); nothing was submitted`, {code: 'BadIdentity', field: k})
  }
}

export interface IdentityPlan {
  coldkey: string
  call: string
  /** what will be stored: given fields, the others kept from the stored identity */
  identity: Record<string, string>
  /** the stored identity before */
  before: Record<string, string> | null
  changed: string[]
  feeEstimateRao: bigint
  balanceRao: bigint
  block: number
}

export interface IdentityResult extends IdentityPlan {
  tx: TxSummary
  /** read back at the inclusion block */
  stored?: Record<string, string> | null
}

export async function setIdentity(chain: Chain, req: {coldkey: string; identity: ChainIdentityInput}, run: OpRun): Promise<IdentityResult> {
  const tx = txOf(chain)
  const fields = identityFields(tx)
  if (fields.length === 0) throw runtimeLacks('set_identity', 'an on-chain coldkey identity')
  checkChainIdentity(fields, req.identity)
  if (Object.values(req.identity).every((v) => v === undefined)) throw new InputError('give at least one identity field to set', {code: 'Usage', field: 'name'})
  const head = await bestHead(chain)
  const current = await readColdkeyIdentity(chain, req.coldkey, head.hash)
  const before = current.identity
  const merged: ChainIdentityInput = {}
  for (const f of fields) merged[f] = req.identity[f] ?? before?.[f] ?? ''
  const call = setIdentityCall(tx, merged) as Extrinsic
  const [owned, [account], fee] = await Promise.all([readOwnedHotkeys(chain, req.coldkey, head.hash), queryAt(chain, head.hash, [[systemAccount(chain), payerOf(run, req.coldkey)]]), feeQuote(call, payerOf(run, req.coldkey))])
  const regs = await Promise.all(owned.map((h) => hotkeyUidsEverywhere(chain, h, head.hash)))
  if (!regs.some((r) => r.length > 0)) {
    throw refusal('HotKeyNotRegisteredInNetwork', `coldkey ${req.coldkey} owns no registered hotkey; the chain keeps identities only for coldkeys with a registered hotkey (register one first)`, {block: head.number})
  }
  const balanceRao = freeOf(account)
  if (balanceRao < fee) throw refusal('NotEnoughBalanceToStake', `${run.proxy ? 'the proxy' : run.multisig ? 'the approving signatory' : 'the coldkey'} has ${formatTao(balanceRao)} TAO free and set_identity's fee is ${formatTao(fee)} TAO`, {block: head.number})
  const identity = Object.fromEntries(fields.map((f) => [f, merged[f] ?? ''])) as Record<string, string>
  const plan: IdentityPlan = {
    balanceRao,
    before,
    block: head.number,
    call: 'subtensorModule.setIdentity',
    changed: fields.filter((f) => (before?.[f] ?? '') !== identity[f]),
    coldkey: req.coldkey,
    feeEstimateRao: fee,
    identity,
  }
  const outcome = await confirmAndSubmit(chain, call, req.coldkey, `set the on-chain identity of coldkey ${req.coldkey} (${plan.changed.join(', ') || 'no change'})?`, plan, run)
  const result: IdentityResult = {...plan, tx: txSummary(outcome)}
  if (outcome.dryRun || !outcome.blockHash) return result
  result.stored = (await readColdkeyIdentity(chain, req.coldkey, outcome.blockHash)).identity
  return result
}
