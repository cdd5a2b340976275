/**
 * `wallet transfer`: send TAO from a wallet's coldkey with balances.transfer_keep_alive (the sender stays above
 * the existential deposit), or transfer_allow_death. The destination, amount and balance (amount + quoted fee)
 * are checked before anything is signed; the fee is quoted and confirmed; the fee actually paid is returned.
 */
import type {Chain} from '../../chain/client.js'
import type {Extrinsic, TxOutcome} from '../../chain/submit.js'
import type {TaoClient} from '../../client.js'
import type {Ui} from '../../ui.js'
import type {WalletRef} from '../../wallet/wallet.js'

import {transferCall} from '../../chain/calls/balances.js'
import {txOf} from '../../chain/calls/index.js'
import {deadline} from '../../chain/client.js'
import {existentialDepositRao, readBalances} from '../../chain/reads.js'
import type {PolicyVerdict} from '../../config/policy.js'

import {quoteFee} from '../../chain/submit.js'
import {actorOf} from '../../proxy/actor.js'
import {checkProxy, type ProxiedInfo, submitMaybeProxied} from '../../proxy/submit.js'
import type {MultisigInfo} from '../../multisig/submit.js'
import {multisigUi, proxiedUi} from '../../stake/common.js'
import {InputError, TaoError} from '../../errors.js'
import {U64_MAX, formatTao, parseTao} from '../../util/amount.js'
import {checkAddress} from '../../wallet/keys.js'
import {coldkeySigner} from '../../wallet/signer.js'
import {coldkeyAddress} from '../../wallet/wallet.js'

export interface TransferOptions {
  /** the sending wallet (its coldkey signs); its folder also holds wallets named by `dest` */
  wallet: WalletRef
  /** the recipient: an ss58 address, or the name of a wallet in the wallets folder (its coldkeypub.txt) */
  dest: string
  /** TAO to send: decimal TAO text (up to 9 places), or rao as a bigint */
  amount: string | bigint
  /** allow the transfer to empty the account below the existential deposit (transfer_allow_death) */
  allowDeath?: boolean
  /** build, sign and validate with the node (fee quoted); submit nothing */
  dryRun?: boolean
  waitFor?: 'inBlock' | 'finalized'
  /** send from this account (ss58 or a proxy address-book name) with the wallet's coldkey as its proxy */
  proxy?: string
  /** with «proxy»: only announce the transfer; `proxy execute` runs it after the proxy's delay */
  announceOnly?: boolean
  /** send from this multisig (a `multisig create` name), the wallet's coldkey starting or approving it */
  multisig?: string
}

export interface TransferPlan {
  from: string
  dest: string
  amountRao: bigint
  keepAlive: boolean
  feeEstimateRao: bigint
  freeRao: bigint
  existentialDepositRao: bigint
  call: string
}

export interface TransferResult {
  /** balances.transferKeepAlive or balances.transferAllowDeath */
  call: string
  from: string
  dest: string
  amountRao: bigint
  amountTao: string
  keepAlive: boolean
  dryRun: boolean
  feeEstimateRao: bigint
  /** the fee actually paid (TransactionFeePaid), or the node's quote on a dry run */
  feeRao: bigint
  feeTao: string
  txHash: string
  blockNumber?: number
  blockHash?: string
  /** sent by a proxy on behalf of `from` (or only announced) */
  proxied?: ProxiedInfo
  /** the spending policy's verdict (when a policy is in force) */
  policy?: PolicyVerdict
  /** run as a multisig: started, approved or executed */
  multisig?: MultisigInfo
}

export async function transfer(client: TaoClient, options: TransferOptions, ui: Ui): Promise<TransferResult> {
  // bad input fails here, before connecting or unlocking anything
  const dest = await destination(options.dest, options.wallet.path)
  const amountRao = amountOf(options.amount)
  const {coldkey: from, multisig, proxy} = await actorOf(options.wallet, options)
  const chain = await client.chain()
  const planned = await planTransfer(chain, from, dest, amountRao, !options.allowDeath)
  const p = planned.plan
  if (dest === from) ui.warn('the destination is the sending coldkey itself')
  if (proxy) await checkProxy(chain, planned.tx, proxy.delegate, proxy)
  const {policyPreview} = await import('../../chain/spend.js')
  const verdict = await policyPreview(chain, planned.tx, proxy?.delegate ?? multisig?.me ?? from)
  if (verdict) (p as TransferPlan & {policy?: unknown}).policy = verdict
  const confirmUi = proxy ? proxiedUi(ui, proxy) : multisig ? multisigUi(ui, multisig) : ui
  ui.progress(`transfer ${formatTao(amountRao)} τ ${from} → ${dest} (${p.call}), fee ≈ ${formatTao(p.feeEstimateRao)} τ`)
  if (!options.dryRun) await confirmUi.confirm(`send ${formatTao(amountRao)} τ to ${dest}? the fee is about ${formatTao(p.feeEstimateRao)} τ`, p)
  const signer = await coldkeySigner(options.wallet, client.passwords, ui)
  const signerExpected = proxy ? proxy.delegate : multisig ? multisig.me : p.from
  if (signer.address !== signerExpected) {
    throw new InputError(`the unlocked coldkey ${signer.address} is not the wallet's coldkeypub address ${signerExpected}`, {code: 'KeyMismatch'})
  }
  const out: TxOutcome & {proxied?: ProxiedInfo; multisig?: MultisigInfo} = await submitMaybeProxied(chain, planned.tx, signer, {dryRun: options.dryRun, multisig, proxy, ui, waitFor: options.waitFor})
  return {
    ...(out.proxied ? {proxied: out.proxied} : {}),
    ...(out.multisig ? {multisig: out.multisig} : {}),
    ...(out.policy ? {policy: out.policy} : {}),
    amountRao: p.amountRao,
    amountTao: formatTao(p.amountRao),
    blockHash: out.blockHash,
    blockNumber: out.blockNumber,
    call: p.call,
    dest: p.dest,
    dryRun: out.dryRun,
    feeEstimateRao: out.feeEstimateRao,
    feeRao: out.feeRao,
    feeTao: formatTao(out.feeRao),
    from: p.from,
    keepAlive: p.keepAlive,
    txHash: out.txHash,
  }
}

/** An ss58 address as given, else the coldkeypub address of the wallet of that name in `walletPath`. */
export async function destination(dest: string, walletPath: string): Promise<string> {
  try {
    return await checkAddress(dest, '«dest»', 'dest')
  } catch (error) {
    if (!(error instanceof TaoError && error.code === 'BadAddress')) throw error
  }
  const name = dest.trim()
  if (name && !/[/\\\0]/.test(name) && name !== '.' && name !== '..') {
    try {
      return await coldkeyAddress({hotkey: 'default', name, path: walletPath})
    } catch (error) {
      if (!(error instanceof TaoError && error.code === 'NoKeyfile')) throw error
    }
  }
  throw new InputError(`«dest» is not a valid ss58 address, nor the name of a wallet with a coldkeypub.txt in ${walletPath}: ${JSON.stringify(dest)}`, {
    code: 'BadAddress',
    field: 'dest',
  })
}

/** The amount in rao: decimal TAO text, or rao as a bigint; more than 0. */
function amountOf(amount: string | bigint): bigint {
  let rao: bigint
  if (typeof amount === 'bigint') rao = amount
  else {
    try {
      rao = parseTao(amount, '«amount»')
    } catch (error) {
      if (error instanceof TaoError) throw new InputError(error.template, {code: error.code, field: 'amount'})
      throw error
    }
  }
  if (rao <= 0n) throw new InputError('«amount» must be more than 0', {code: 'BadAmount', field: 'amount'})
  if (rao > U64_MAX) throw new InputError(`«amount» is too large: ${rao} rao (at most ${U64_MAX})`, {code: 'BadAmount', field: 'amount'})
  return rao
}

/**
 * Check a transfer before anything is signed: enough balance for amount + fee (and the existential deposit
 * when keeping the account alive). Not enough → InputError (exit 2); nothing is submitted.
 */
async function planTransfer(chain: Chain, from: string, dest: string, amountRao: bigint, keepAlive: boolean): Promise<{plan: TransferPlan; tx: Extrinsic}> {
  const tx: Extrinsic = transferCall(txOf(chain), {amountRao, dest, keepAlive})
  const [bal] = await readBalances(chain, [from])
  const ed = existentialDepositRao(chain)
  const fee = await deadline(chain, quoteFee(tx, from), 'quoting the fee')
  const transferable = bal!.freeRao > bal!.frozenRao ? bal!.freeRao - bal!.frozenRao : 0n
  const need = amountRao + fee + (keepAlive ? ed : 0n)
  if (transferable < need) {
    throw new InputError(
      `insufficient balance: ${formatTao(transferable)} TAO transferable, ${formatTao(amountRao)} + fee ${formatTao(fee)}${keepAlive ? ` + existential deposit ${formatTao(ed)}` : ''} TAO needed`,
      {code: 'InsufficientBalance', field: 'amount', hint: keepAlive ? 'lower «amount», or «allowDeath» to empty the account' : 'lower «amount»'},
    )
  }
  return {
    plan: {amountRao, call: `${tx.method.section}.${tx.method.method}`, dest, existentialDepositRao: ed, feeEstimateRao: fee, freeRao: bal!.freeRao, from, keepAlive},
    tx,
  }
}
