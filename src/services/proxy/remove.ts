/** `proxy remove`: stop an account being a proxy of the wallet's coldkey (Proxy.remove_proxy). */
import type {TaoClient} from '../../client.js'
import type {ProxyChangeResult} from '../../proxy/ops.js'
import type {Ui} from '../../ui.js'
import type {ProxyAddOptions} from './add.js'

import {accountOf} from '../../proxy/actor.js'
import {changeProxy} from '../../proxy/ops.js'
import {opRun, requireConfirmable} from '../../stake/common.js'
import {coldkeyAddress} from '../../wallet/wallet.js'

export type ProxyRemoveOptions = Omit<ProxyAddOptions, 'saveAs'>

export async function remove(client: TaoClient, o: ProxyRemoveOptions, ui: Ui): Promise<ProxyChangeResult> {
  const delegate = await accountOf(o.delegate, o.wallet.path, 'delegate')
  const real = await coldkeyAddress(o.wallet)
  await requireConfirmable(ui, o, 'remove a proxy')
  return changeProxy(await client.chain(), {action: 'remove', delay: o.delay, delegate, proxyType: o.type, real}, opRun(client, o.wallet, ui, o))
}
