/**
 * Pieces shared by the staking operations: pre-checks that turn would-be chain refusals into bad-input errors
 * before anything is signed, snapshots, the slippage-guard decision, and the plan → confirm → sign → submit →
 * verify flow, reporting through the Ui.
 */
import type {KeyringPair} from '@polkadot/keyring/types'

import type {Chain} from '../chain/client.js'
import type {Extrinsic, TxOutcome} from '../chain/submit.js'
import type {TaoClient} from '../client.js'
import type {Ui} from '../ui.js'
import type {WalletRef} from '../wallet/wallet.js'

import {ChainError, InputError, WalletError} from '../errors.js'
import type {MultisigInfo, MultisigRun} from '../multisig/submit.js'
import type {ProxiedInfo, ProxyRun} from '../proxy/submit.js'
import {coldkeySigner} from '../wallet/signer.js'
import {formatTao} from '../util/amount.js'
import {formatPpbPercent} from './math.js'
import {txOf} from '../chain/calls/index.js'
import type {ShieldInfo} from '../chain/shield.js'
import {SHIELD_MORTAL_PERIOD, shieldScheme} from '../chain/calls/mev.js'
import {hotkeyOwner, type Pinned, pinBlock, readBalance, readPrices, readStake, subnetExists} from '../chain/reads.js'
import {type Guard, type Position, position, type Snapshot, type StakePlan, type StakeResult, type TxSummary} from './types.js'

/** btcli's default rate tolerance (0.5%). */
export const DEFAULT_TOLERANCE_PPB = 5_000_000n

export interface GuardOptions {
  /** explicit tolerance (ppb) */
  tolerancePpb?: bigint
  /** the tolerance when none is given explicitly (a configured default): not refused where there is no limit call */
  defaultTolerancePpb?: bigint
  /** explicit limit price (rao of TAO per alpha; ratio ×1e9 for swap) */
  limitPriceRao?: bigint
  /** no price limit even where the runtime has one */
  unsafe?: boolean
  /** fill what the limit allows */
  allowPartial?: boolean
}

/** How a signed operation is sent: a dry run (validated and quoted, nothing submitted), and what to wait for. */
export interface TxOptions {
  /** build and sign, have the node validate it and quote the fee, submit nothing */
  dryRun?: boolean
  /** wait until the extrinsic is in a block, or finalized [default: inBlock] */
  waitFor?: 'inBlock' | 'finalized'
  /**
   * stake trades: submit through the runtime's MEV shield (MevShield.submit_encrypted). Unset: shielded where
   * the runtime has the shield, in the clear (and the plan says so) where it has none; true: refused where it
   * has none; false: in the clear.
   */
  mevShield?: boolean
}

/** How an operation talks to the person and gets its key: the Ui, the coldkey signer, the tx options. */
export interface OpRun extends TxOptions {
  ui: Ui
  /** the coldkey signing pair; asked for after the confirmation */
  signer: () => Promise<KeyringPair>
  /** delegate/undelegate wording in the confirmation */
  delegate?: boolean
  /** sign with the wallet's coldkey as a proxy of another account (`--proxy`) */
  proxy?: ProxyRun & {delegate: string}
  /** sign with the wallet's coldkey as one signatory of a multisig (`--multisig`) */
  multisig?: MultisigRun
}

/** The run of a service signing with `wallet`'s coldkey (unlocked with the client's passwords). */
export function opRun(client: TaoClient, wallet: WalletRef, ui: Ui, tx: TxOptions, delegate?: boolean, proxy?: ProxyRun & {delegate: string}, multisig?: MultisigRun): OpRun {
  const shown = proxy ? proxiedUi(ui, proxy) : multisig ? multisigUi(ui, multisig) : ui
  return {delegate, dryRun: tx.dryRun, mevShield: tx.mevShield, multisig, proxy, signer: () => coldkeySigner(wallet, client.passwords, ui), ui: shown, waitFor: tx.waitFor}
}

/** The plan of a multisig operation says which multisig it runs as and who approves. */
export function multisigUi(ui: Ui, m: MultisigRun): Ui {
  return {
    ...ui,
    confirm: (question, plan) => {
      if (plan && typeof plan === 'object') Object.assign(plan, {multisig: m.address, multisigName: m.name})
      return ui.confirm(`${question.replace(/\?$/, '')} — as multisig ${m.name} (${m.address}, ${m.threshold} of ${m.signatories.length}), approved by ${m.me}?`, plan)
    },
  }
}

/** The plan of a proxied operation says who signs and for whom: the question, and the plan's `proxied` field. */
export function proxiedUi(ui: Ui, p: ProxyRun & {delegate: string}): Ui {
  const how = p.announceOnly ? 'announce (not execute) as proxy' : 'signed by proxy'
  return {
    ...ui,
    confirm: (question, plan) => {
      if (plan && typeof plan === 'object') Object.assign(plan, {onBehalfOf: p.real, proxy: p.delegate, ...(p.announceOnly ? {announceOnly: true} : {})})
      return ui.confirm(`${question.replace(/\?$/, '')} — ${how} ${p.delegate} on behalf of ${p.real}${p.name ? ` («proxy» ${p.name})` : ''}?`, plan)
    },
  }
}

/**
 * Fail fast, before connecting, when a confirmation will be needed but cannot be given (no terminal, and yes not
 * assumed): the Ui's own refusal (PromptNotAllowed), without any chain traffic.
 */
export async function requireConfirmable(ui: Ui, tx: TxOptions, what: string): Promise<void> {
  if (tx.dryRun || ui.canConfirm()) return
  await ui.confirm(what)
}

export async function requireSubnet(p: Pinned, netuid: number, field = 'netuid'): Promise<void> {
  if (!(await subnetExists(p.at, netuid))) {
    throw new InputError(`subnet ${netuid} does not exist on this chain («${field}»)`, {code: 'UnknownSubnet', field, suggest: {command: 'subnet list'}})
  }
}

/** The hotkey's owner coldkey; an unregistered hotkey is bad input (the chain would say HotKeyAccountNotExists). */
export async function requireHotkey(p: Pinned, hotkey: string, field = 'hotkey'): Promise<string> {
  const owner = await hotkeyOwner(p, hotkey)
  if (!owner) {
    throw new InputError(`hotkey ${hotkey} («${field}») is not registered on this chain`, {
      code: 'UnknownHotkey',
      field,
      hint: 'check the address; a hotkey must be registered on some subnet before it can hold stake',
    })
  }
  return owner
}

export const tx = txOf
export const callName = (t: Extrinsic) => `${t.method.section}.${t.method.method}`

export function requireStake(stake: bigint, amount: bigint | 'all', o: {coldkey: string; hotkey: string; netuid: number}): bigint {
  if (stake === 0n) {
    throw new InputError(`coldkey ${o.coldkey} has no stake on hotkey ${o.hotkey} in subnet ${o.netuid}`, {code: 'NoStake', suggest: {command: 'stake list'}})
  }
  if (amount === 'all') return stake
  requireNonZero(amount, 'alpha')
  if (amount > stake) {
    throw new InputError(`${formatTao(amount)} alpha is more than the stake: coldkey ${o.coldkey} holds ${formatTao(stake)} alpha on hotkey ${o.hotkey} in subnet ${o.netuid}`, {
      code: 'NotEnoughStake',
      hint: 'amounts to remove are in ALPHA (the subnet token), not TAO; use «all» for everything',
    })
  }
  return amount
}

export function requireNonZero(amount: bigint, unit: 'TAO' | 'alpha'): void {
  if (amount <= 0n) throw new InputError(`the amount must be greater than 0 ${unit}`, {code: 'BadAmount'})
}

/**
 * Decide the slippage guard for an operation. Where the runtime lacks the `*_limit` call, an explicit
 * tolerance/limit price is refused (protection that cannot be given), and the default says so.
 */
export function decideGuard(available: boolean, callName: string, o: GuardOptions, computeLimit: (tolerancePpb: bigint) => bigint, unitNote: string): Guard {
  if (o.unsafe) {
    return {available, enabled: false, note: available ? 'slippage guard turned off (unsafe)' : `slippage guard unavailable: this runtime has no ${callName}`}
  }
  if (!available) {
    if (o.tolerancePpb !== undefined || o.limitPriceRao !== undefined) {
      throw new InputError(`slippage guard unavailable: this runtime has no ${callName}, so «tolerance»/«limitPrice» cannot be honoured`, {
        code: 'GuardUnavailable',
        field: o.tolerancePpb === undefined ? 'limitPrice' : 'tolerance',
        hint: 'drop «tolerance»/«limitPrice» to trade at the pool price (the estimate is shown before you confirm)',
      })
    }
    return {available: false, enabled: false, note: `slippage guard unavailable: this runtime has no ${callName}; the trade fills at whatever price the pool gives`}
  }
  const tol = o.tolerancePpb ?? o.defaultTolerancePpb ?? DEFAULT_TOLERANCE_PPB
  const limit = o.limitPriceRao ?? computeLimit(tol)
  return {
    allowPartial: Boolean(o.allowPartial),
    available: true,
    enabled: true,
    limitPrice: formatTao(limit),
    limitPriceRao: limit,
    note: o.limitPriceRao === undefined ? `${callName} with a ${formatPpbPercent(tol)} tolerance (${unitNote})` : `${callName} with limit price ${formatTao(limit)} (${unitNote})`,
    tolerance: o.limitPriceRao === undefined ? formatPpbPercent(tol) : undefined,
    tolerancePpb: o.limitPriceRao === undefined ? tol : undefined,
  }
}

export interface PositionKey {
  hotkey: string
  coldkey: string
  netuid: number
  hotkeyName?: string
}

/** Free balance of `coldkey` and the given positions, all at one block. */
export async function snapshot(p: Pinned, coldkey: string, keys: PositionKey[]): Promise<Snapshot> {
  const [bal, prices, stakes] = await Promise.all([
    readBalance(p.at, coldkey),
    readPrices(
      p,
      keys.map((k) => k.netuid),
    ),
    Promise.all(keys.map((k) => readStake(p, k.hotkey, k.coldkey, k.netuid))),
  ])
  const positions: Position[] = keys.map((k, i) => position({...k, alphaRao: stakes[i]!, priceRao: prices.get(k.netuid)!.priceRao}))
  return {block: p.block, blockHash: p.blockHash, freeRao: bal.freeRao, freeTao: formatTao(bal.freeRao), positions}
}

export async function feeQuote(tx: Extrinsic, address: string): Promise<bigint> {
  try {
    return (await tx.paymentInfo(address)).partialFee.toBigInt()
  } catch {
    return 0n
  }
}

/** Who pays the fee of a run acting as `coldkey`: the proxy (`--proxy`) or the approving signatory (`--multisig`), else the coldkey. */
export function payerOf(run: Pick<OpRun, 'proxy' | 'multisig'>, coldkey: string): string {
  return run.proxy?.delegate ?? run.multisig?.me ?? coldkey
}

/** The coldkey must be able to pay the fee. */
export function requireFee(freeRao: bigint, feeRao: bigint, coldkey: string): void {
  if (feeRao > freeRao) {
    throw new InputError(`coldkey ${coldkey} cannot pay the fee ${formatTao(feeRao)} TAO (free ${formatTao(freeRao)} TAO)`, {code: 'InsufficientBalance'})
  }
}

export function txSummary(o: TxOutcome & {proxied?: ProxiedInfo; multisig?: MultisigInfo; shield?: ShieldInfo}): TxSummary {
  return {
    ...(o.shield ? {shield: o.shield} : {}),
    ...(o.multisig ? {multisig: o.multisig} : {}),
    ...(o.proxied ? {proxied: o.proxied} : {}),
    ...(o.policy ? {policy: o.policy} : {}),
    blockHash: o.blockHash,
    blockNumber: o.blockNumber,
    dryRun: o.dryRun,
    events: o.events,
    feeRao: o.feeRao,
    feeTao: formatTao(o.feeRao),
    nonce: o.nonce,
    txHash: o.txHash,
    validity: o.validity,
  }
}

/** The question asked before an operation is signed. */
export function confirmQuestion(plan: StakePlan, delegate = false): string {
  const hk = `${plan.hotkey.slice(0, 8)}…`
  switch (plan.operation) {
    case 'add':
      return `${delegate ? 'delegate' : 'stake'} ${plan.amountTao} TAO to ${hk} on subnet ${plan.netuid} (≈ ${plan.expected.alpha} alpha)?`
    case 'remove':
      return `${delegate ? 'undelegate' : 'unstake'} ${plan.amountAlpha} ALPHA from ${hk} on subnet ${plan.netuid} (≈ ${plan.expected.tao} TAO)?`
    default:
      return `${plan.operation} ${plan.amountAlpha} ALPHA from ${hk} on subnet ${plan.netuid} to ${plan.destination?.netuid === plan.netuid ? '' : `subnet ${plan.destination?.netuid} `}${plan.operation === 'transfer' ? `coldkey ${plan.destination?.coldkey.slice(0, 8)}…` : `${plan.destination?.hotkey.slice(0, 8)}…`}?`
  }
}

/**
 * Sign with the coldkey (after checking it is the planned one) and submit, reporting through the Ui; `shielded`
 * (a stake trade whose plan says so): encrypted through the runtime's MEV shield (src/chain/shield.ts).
 */
export async function signAndSubmit(chain: Chain, tx: Extrinsic, coldkey: string, run: OpRun, shielded = false): Promise<TxOutcome & {proxied?: ProxiedInfo; multisig?: MultisigInfo; shield?: ShieldInfo}> {
  if (run.mevShield) requireMevShield(chain)
  const {checkProxy, submitMaybeProxied} = await import('../proxy/submit.js')
  // the proxy relation is checked before the signing key is unlocked
  if (run.proxy) await checkProxy(chain, tx, run.proxy.delegate, run.proxy)
  const signer = await run.signer()
  const expected = run.proxy ? run.proxy.delegate : run.multisig ? run.multisig.me : coldkey
  if (signer.address !== expected) {
    throw new WalletError(`the coldkey file's address ${signer.address} does not match coldkeypub.txt (${expected})`, {code: 'KeyMismatch'})
  }
  if (shielded) {
    const {submitShielded} = await import('../chain/shield.js')
    return submitShielded(chain, tx, signer, {dryRun: run.dryRun, ui: run.ui, waitFor: run.waitFor})
  }
  return submitMaybeProxied(chain, tx, signer, {dryRun: run.dryRun, multisig: run.multisig, proxy: run.proxy, ui: run.ui, waitFor: run.waitFor})
}

/**
 * Warn, confirm with the plan (not for a dry run), sign with the coldkey, submit, and read the same positions
 * again at the inclusion block.
 */
export async function execute(chain: Chain, plan: StakePlan, tx: Extrinsic, keys: PositionKey[], run: OpRun): Promise<StakeResult> {
  if (run.proxy) {
    // a refused proxy is the one thing said: before the plan's warnings
    const {checkProxy} = await import('../proxy/submit.js')
    await checkProxy(chain, tx, run.proxy.delegate, run.proxy)
  }
  const shield = decideShield(chain, run)
  plan.mevShield = {enabled: shield.enabled, note: shield.note}
  if (shield.warning) plan.warnings.push(shield.warning)
  const {policyPreview} = await import('../chain/spend.js')
  const verdict = await policyPreview(chain, tx, run.proxy?.delegate ?? run.multisig?.me ?? plan.coldkey)
  if (verdict) plan.policy = verdict
  for (const w of plan.warnings) run.ui.warn(w)
  if (!run.dryRun) await run.ui.confirm(confirmQuestion(plan, run.delegate), plan)
  const outcome = await signAndSubmit(chain, tx, plan.coldkey, {...run, mevShield: undefined}, shield.enabled)
  const result: StakeResult = {...plan, tx: txSummary(outcome)}
  if (outcome.dryRun || !outcome.blockHash) return result
  const ev = outcome.events.find((e) => e.section === 'subtensorModule' && (e.method === 'StakeAdded' || e.method === 'StakeRemoved'))
  if (ev && typeof ev.data[2] === 'bigint' && typeof ev.data[3] === 'bigint') {
    const [taoRao, alphaRao] = [ev.data[2], ev.data[3]]
    result.actual = {alpha: formatTao(alphaRao), alphaRao, taoRao, taoTao: formatTao(taoRao)}
  }
  result.after = await snapshot(await pinBlock(chain, outcome.blockHash), plan.coldkey, keys)
  return result
}

/**
 * Does a stake trade go through the MEV shield? Shielded by default where the runtime has the scheme tao
 * implements (src/chain/shield.ts); `mevShield: false` opts out; an explicit `mevShield: true` is refused in one
 * line (exit 2, nothing submitted) where the runtime has no shield, has one tao cannot encrypt to, or with
 * --proxy/--multisig (tao does not shield wrapped calls); the default then goes in the clear and the plan says why.
 */
export function decideShield(chain: Chain, run: Pick<OpRun, 'mevShield' | 'proxy' | 'multisig'>): ShieldDecision {
  if (run.mevShield === false) return {enabled: false, note: 'off (--no-mev-shield): submitted in the clear'}
  const explicit = run.mevShield === true
  const scheme = shieldScheme(chain)
  if (scheme === 'absent') {
    if (explicit) requireMevShield(chain)
    return {enabled: false, note: 'absent on this runtime: submitted in the clear'}
  }
  if (scheme === 'unsupported') {
    if (explicit) requireMevShield(chain)
    return {enabled: false, note: 'this runtime\'s MEV shield uses a scheme tao does not implement: submitted in the clear', warning: 'MEV shield: this runtime\'s scheme is not one tao implements; the trade goes in the clear (--no-mev-shield silences this)'}
  }
  if (run.proxy || run.multisig) {
    if (explicit) throw new InputError(`«mevShield» cannot be combined with «${run.proxy ? 'proxy' : 'multisig'}»: tao does not shield a wrapped call; drop one; nothing was submitted`, {code: 'MevShieldWrapped', field: 'mevShield'})
    return {enabled: false, note: `off: not with ${run.proxy ? '--proxy' : '--multisig'} (tao does not shield wrapped calls): submitted in the clear`}
  }
  return {enabled: true, note: `on: signed, encrypted to the chain's announced ML-KEM-768 key and sent as MevShield.submit_encrypted (era ${SHIELD_MORTAL_PERIOD} blocks)`}
}

export interface ShieldDecision {
  enabled: boolean
  note: string
  warning?: string
}

/** An explicit «mevShield» on a runtime without a shield tao can use: one line, exit 2, nothing submitted. */
export function requireMevShield(chain: Chain): void {
  const scheme = shieldScheme(chain)
  if (scheme === 'absent') throw new InputError('this runtime has no MEV shield (MevShield.submit_encrypted); drop «mevShield»; nothing was submitted', {code: 'NoMevShield', field: 'mevShield'})
  if (scheme === 'unsupported') throw new InputError('this runtime\'s MEV shield uses a scheme tao does not implement (only the ML-KEM-768 NextKey scheme of spec-381-era runtimes); drop «mevShield» to submit in the clear; nothing was submitted', {code: 'MevShieldUnsupported', field: 'mevShield'})
}

/** A pre-check that the chain would refuse for rate limiting: exit 5 with the chain's own error code. */
export function rateLimited(code: string, message: string, blocks: number): ChainError {
  return new ChainError(`${message}; retry in ${blocks} block${blocks === 1 ? '' : 's'} (nothing was submitted)`, {code: `SubtensorModule.${code}`, data: {retryInBlocks: blocks}})
}
