/**
 * `subnet register`: burn TAO to register a wallet's hotkey on a subnet. Reads and checks everything at one
 * block (refusing what the chain would refuse), asks with the plan, signs with the coldkey, submits, and
 * reports the uid and what it cost.
 */
import type {TaoClient} from '../../client.js'
import type {RegisterPlan, RegisterResult} from '../../subnet/register.js'
import type {RootPlan} from '../../subnet/root.js'
import type {Ui} from '../../ui.js'
import type {ProxyOptions} from '../../proxy/actor.js'
import type {WalletRef} from '../../wallet/wallet.js'

import {parseNetuid} from '../../subnet/read.js'
import {planRegistration, submitRegistration, taoLimit} from '../../subnet/register.js'
import {InputError} from '../../errors.js'
import {actorOf} from '../../proxy/actor.js'
import {opRun} from '../../stake/common.js'
import {walletHotkeyAddress} from '../../stake/hotkey.js'
import {formatTao} from '../../util/amount.js'

export interface RegisterOptions extends ProxyOptions {
  netuid: number
  /** the wallet whose coldkey pays and whose hotkey is registered */
  wallet: WalletRef
  /** refuse when the burn is above this: rao, or TAO as typed ("0.5") */
  maxBurnRao?: bigint | string
  /** validate with the node and quote the fee; submit nothing */
  dryRun?: boolean
  waitFor?: 'inBlock' | 'finalized'
}

/** The plan shown before asking: the chain's numbers and the wallet's names. */
export interface RegisterPlanShown extends RegisterPlan {
  walletName: string
  hotkeyName: string
  /** with «proxy»: the account acted for, and the proxy that signs */
  onBehalfOf?: string
  proxy?: string
  /** with «multisig»: the multisig acted as */
  multisig?: string
  /** netuid 0 (root_register): the hotkey's root stake, and the root validator it replaces when root is full */
  root?: RootPlan['root']
}

export interface SubnetRegisterResult extends RegisterResult {
  /** the burn the pre-check read and showed before asking */
  quotedBurnRao: bigint
  burnTao: string
  feeTao: string
  spentTao: string
}

/** The result, with the plan it carried out (the CLI shows a dry run's plan from it). */
export type RegisterOutcome = SubnetRegisterResult & {plan: RegisterPlanShown}

export async function register(client: TaoClient, options: RegisterOptions, ui: Ui): Promise<RegisterOutcome> {
  const netuid = parseNetuid(options.netuid)
  const maxBurnRao = taoLimit(options.maxBurnRao, 'maxBurnRao')
  const ref = options.wallet
  // the coldkey first, then the hotkey: with both missing, the error is always the coldkey's (not whichever read lost a race)
  const {coldkey, multisig, proxy} = await actorOf(ref, options)
  const hotkey = await walletHotkeyAddress(ref)
  const chain = await client.chain()
  // signed by the coldkey, or by its proxy / a multisig signatory; the plan says on whose behalf
  const run = opRun(client, ref, ui, options, undefined, proxy, multisig)
  const acting = proxy ? {onBehalfOf: proxy.real, proxy: proxy.delegate} : multisig ? {multisig: multisig.address} : {}
  if (netuid === 0) {
    // the root network has its own registration: root_register, no burn, its own checks (src/subnet/root.ts)
    if (maxBurnRao !== undefined) throw new InputError('root registration burns nothing: drop «maxBurnRao»', {code: 'Usage', field: 'maxBurnRao'})
    const {planRootRegistration, submitRootRegistration} = await import('../../subnet/root.js')
    const rootPlan: RegisterPlanShown = {...(await planRootRegistration(chain, {coldkey, hotkey})), hotkeyName: ref.hotkey, walletName: ref.name, ...acting}
    if (rootPlan.subnetFull) ui.warn(`root is full: registering replaces the root validator with the least stake`)
    if (!options.dryRun) await run.ui.confirm(`register hotkey "${ref.hotkey}" on the root network (root_register, no burn)?`, rootPlan)
    const r = await submitRootRegistration(chain, rootPlan as RootPlan, run)
    return {...r, burnTao: '0', feeTao: formatTao(r.feeRao), plan: rootPlan, quotedBurnRao: 0n, spentTao: formatTao(r.spentRao)}
  }
  const plan: RegisterPlanShown = {...(await planRegistration(chain, {coldkey, hotkey, maxBurnRao, netuid})), hotkeyName: ref.hotkey, walletName: ref.name, ...acting}
  if (plan.subnetFull) ui.warn(`subnet ${plan.netuid} is full: registering replaces the lowest-scoring neuron outside its immunity period`)
  if (!options.dryRun) await run.ui.confirm(`burn ${formatTao(plan.burnRao)} TAO to register hotkey "${ref.hotkey}" on subnet ${netuid}?`, plan)
  const result = await submitRegistration(chain, plan, run)
  return {
    ...result,
    burnTao: formatTao(result.burnRao),
    feeTao: formatTao(result.feeRao),
    plan,
    quotedBurnRao: plan.burnRao,
    spentTao: formatTao(result.spentRao),
  }
}
