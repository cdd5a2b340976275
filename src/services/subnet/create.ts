/**
 * `subnet create`: lock TAO to create a subnet owned by a wallet's coldkey, with its hotkey as uid 0. Reads the
 * lock cost and checks what the chain would refuse at one block, asks with the plan, signs, submits, and reports
 * the new netuid and what it cost.
 */
import type {SubnetIdentityInput} from '../../chain/calls/subnet.js'
import type {TaoClient} from '../../client.js'
import type {CreatePlan, CreateResult} from '../../subnet/register.js'
import type {Ui} from '../../ui.js'
import type {ProxyOptions} from '../../proxy/actor.js'
import type {WalletRef} from '../../wallet/wallet.js'

import {planCreate, submitSubnetCreation, taoLimit} from '../../subnet/register.js'
import {actorOf} from '../../proxy/actor.js'
import {opRun} from '../../stake/common.js'
import {walletHotkeyAddress} from '../../stake/hotkey.js'
import {formatTao} from '../../util/amount.js'

export interface CreateOptions extends ProxyOptions {
  /** the wallet whose coldkey owns the subnet and whose hotkey becomes uid 0 */
  wallet: WalletRef
  /** refuse when the lock cost is above this: rao, or TAO as typed ("2") */
  maxCostRao?: bigint | string
  /** subnet mechanism, on runtimes whose register_network takes one [default: 1] */
  mechid?: number
  /** the subnet's identity (register_network_with_identity); fields left undefined are not sent */
  identity?: SubnetIdentityInput
  dryRun?: boolean
  waitFor?: 'inBlock' | 'finalized'
}

/** The plan shown before asking: the chain's numbers and the wallet's names. */
export interface CreatePlanShown extends CreatePlan {
  walletName: string
  hotkeyName: string
  /** with «proxy»: the account acted for, and the proxy that signs */
  onBehalfOf?: string
  proxy?: string
  /** with «multisig»: the multisig acted as */
  multisig?: string
}

export interface SubnetCreateResult extends CreateResult {
  quotedLockCostRao: bigint
  lockCostTao: string
  feeTao: string
  spentTao: string
}

/** The result, with the plan it carried out (the CLI shows a dry run's plan from it). */
export type CreateOutcome = SubnetCreateResult & {plan: CreatePlanShown}

export async function create(client: TaoClient, options: CreateOptions, ui: Ui): Promise<CreateOutcome> {
  const maxCostRao = taoLimit(options.maxCostRao, 'maxCostRao')
  const identity = options.identity && Object.values(options.identity).some((v) => v !== undefined) ? options.identity : undefined
  const ref = options.wallet
  const [{coldkey, multisig, proxy}, hotkey] = await Promise.all([actorOf(ref, options), walletHotkeyAddress(ref)])
  const chain = await client.chain()
  const planned = await planCreate(chain, {coldkey, hotkey, identity, maxCostRao, mechid: options.mechid})
  const plan: CreatePlanShown = {...planned, hotkeyName: ref.hotkey, walletName: ref.name, ...(proxy ? {onBehalfOf: proxy.real, proxy: proxy.delegate} : multisig ? {multisig: multisig.address} : {})}
  const run = opRun(client, ref, ui, options, undefined, proxy, multisig)
  if (!options.dryRun) await run.ui.confirm(`lock ${formatTao(plan.lockCostRao)} TAO to create a subnet owned by ${proxy || multisig ? coldkey : `wallet "${ref.name}"`}?`, plan)
  const result = await submitSubnetCreation(chain, plan, run)
  return {
    ...result,
    feeTao: formatTao(result.feeRao),
    lockCostTao: formatTao(result.lockCostRao),
    plan,
    quotedLockCostRao: plan.lockCostRao,
    spentTao: formatTao(result.spentRao),
  }
}
