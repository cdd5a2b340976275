/**
 * `wallet identity set`: the coldkey's on-chain identity (set_identity, pays a fee). Only the fields given change;
 * the others keep their stored values. Fields the runtime's call lacks and values over the chain's byte limits
 * are refused before signing.
 */
import type {ChainIdentityInput} from '../../../chain/calls/keys.js'
import type {TaoClient} from '../../../client.js'
import type {WalletTxOptions} from '../../../stake/flows.js'
import type {Ui} from '../../../ui.js'

import {CHAIN_IDENTITY_MAX_BYTES} from '../../../chain/calls/keys.js'
import {InputError} from '../../../errors.js'
import {opRun, requireConfirmable} from '../../../stake/common.js'
import {type IdentityResult, setIdentity} from '../../../wallet/chain-keys.js'
import {actorOf} from '../../../proxy/actor.js'

export interface IdentitySetOptions extends WalletTxOptions, ChainIdentityInput {}

export async function set(client: TaoClient, o: IdentitySetOptions, ui: Ui): Promise<IdentityResult> {
  const identity: ChainIdentityInput = {}
  for (const k of Object.keys(CHAIN_IDENTITY_MAX_BYTES) as (keyof ChainIdentityInput)[]) {
    const v = o[k]
    if (v === undefined) continue
    const bytes = Buffer.byteLength(v, 'utf8')
    // the limit every runtime shares, checked before the wallet or the chain is touched
    if (bytes > CHAIN_IDENTITY_MAX_BYTES[k]) throw new InputError(`identity ${k} is ${bytes} bytes; the chain allows at most ${CHAIN_IDENTITY_MAX_BYTES[k]} (InvalidIdentity); nothing was submitted`, {code: 'BadIdentity', field: k})
    identity[k] = v
  }
  if (Object.keys(identity).length === 0) throw new InputError('give at least one identity field to set (name, url, github, image, discord, description, additional)', {code: 'Usage', field: 'name'})
  const {coldkey, multisig, proxy} = await actorOf(o.wallet, o)
  await requireConfirmable(ui, o, 'set the identity')
  return setIdentity(await client.chain(), {coldkey, identity}, opRun(client, o.wallet, ui, o, undefined, proxy, multisig))
}
