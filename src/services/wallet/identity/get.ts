/** `wallet identity get`: a coldkey's on-chain identity (the identity map the runtime has). */
import type {TaoClient} from '../../../client.js'
import type {Ui} from '../../../ui.js'
import type {WalletRef} from '../../../wallet/wallet.js'

import {resolveColdkey} from '../../../stake/hotkey.js'
import {type IdentityRead, getIdentity} from '../../../wallet/chain-keys.js'
import {coldkeyAddress} from '../../../wallet/wallet.js'

export interface IdentityGetOptions {
  wallet: WalletRef
  /** another coldkey: SS58 or a wallet name [default: the wallet's coldkey] */
  coldkey?: string
}

export async function get(client: TaoClient, o: IdentityGetOptions, _ui: Ui): Promise<IdentityRead> {
  const coldkey = o.coldkey ? await resolveColdkey(o.coldkey, o.wallet, 'coldkey') : await coldkeyAddress(o.wallet)
  return getIdentity(await client.chain(), coldkey)
}
