/**
 * `proxy announce`: announce a call (its SCALE bytes) for the account the wallet's coldkey is a delayed proxy
 * of. Any mutation does the same with `--proxy NAME --announce-only`; this takes a call built elsewhere.
 */
import type {TaoClient} from '../../client.js'
import type {TxSummary} from '../../stake/types.js'
import type {Ui} from '../../ui.js'
import type {WalletRef} from '../../wallet/wallet.js'

import {InputError} from '../../errors.js'
import {actorOf} from '../../proxy/actor.js'
import {opRun, requireConfirmable, signAndSubmit, txSummary} from '../../stake/common.js'

export interface ProxyAnnounceOptions {
  wallet: WalletRef
  /** the real account: ss58 or an address-book name */
  proxy: string
  /** the call to announce, as 0x SCALE bytes */
  call: string
  dryRun?: boolean
  waitFor?: 'inBlock' | 'finalized'
}

export interface ProxyAnnounceResult {
  real: string
  proxy: string
  call: string
  callHash: string
  executableFromBlock?: number
  tx: TxSummary
}

export async function announce(client: TaoClient, o: ProxyAnnounceOptions, ui: Ui): Promise<ProxyAnnounceResult> {
  if (!/^0x([0-9a-fA-F]{2})+$/.test(o.call.trim())) throw new InputError('«call» must be the call\'s SCALE bytes as 0x hex', {code: 'BadCall', field: 'call'})
  const {coldkey: real, proxy} = await actorOf(o.wallet, {announceOnly: true, proxy: o.proxy})
  await requireConfirmable(ui, o, 'announce a proxy call')
  const chain = await client.chain()
  const {callFromHex, describeCall} = await import('../../chain/proxy.js')
  let inner
  try {
    inner = callFromHex(chain, o.call.trim())
  } catch (error) {
    throw new InputError(`«call» is not a call of this runtime: ${(error as Error).message.split('\n')[0]}`, {code: 'BadCall', field: 'call'})
  }
  const d = describeCall(inner)
  const run = opRun(client, o.wallet, ui, o, undefined, proxy)
  const plan = {call: `${d.section}.${d.method}`, real}
  if (!o.dryRun) await run.ui.confirm(`announce ${plan.call} for ${real}?`, plan)
  const outcome = await signAndSubmit(chain, inner, real, run)
  const a = outcome.proxied?.announced
  return {call: plan.call, callHash: a?.callHash ?? '', executableFromBlock: a?.executableFromBlock, proxy: proxy!.delegate, real, tx: txSummary(outcome)}
}
