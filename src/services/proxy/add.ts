/** `proxy add`: make an account a proxy of the wallet's coldkey (Proxy.add_proxy), optionally saved in the address book. */
import type {TaoClient} from '../../client.js'
import type {ProxyChangeResult} from '../../proxy/ops.js'
import type {WalletTxOptions} from '../../stake/flows.js'
import type {Ui} from '../../ui.js'

import {changeProxy} from '../../proxy/ops.js'
import {accountOf} from '../../proxy/actor.js'
import {opRun, requireConfirmable} from '../../stake/common.js'
import {coldkeyAddress} from '../../wallet/wallet.js'

export interface ProxyAddOptions extends Omit<WalletTxOptions, 'proxy' | 'announceOnly'> {
  /** the account that becomes the proxy: ss58, or a wallet name (its coldkeypub.txt) */
  delegate: string
  /** a proxy type of the runtime (Any, Staking, NonTransfer, …; `proxy list` shows them) */
  type: string
  /** blocks an announced call must wait before it can run [default: 0] */
  delay?: number
  /** save the relation in the proxy address book under this name (for `--proxy NAME`) */
  saveAs?: string
}

export async function add(client: TaoClient, o: ProxyAddOptions, ui: Ui): Promise<ProxyChangeResult & {savedAs?: string}> {
  const {checkBookName, saveProxyEntry} = await import('../../config/proxies.js')
  const saveAs = o.saveAs === undefined ? undefined : checkBookName(o.saveAs)
  const delegate = await accountOf(o.delegate, o.wallet.path, 'delegate')
  const real = await coldkeyAddress(o.wallet)
  await requireConfirmable(ui, o, 'add a proxy')
  const result = await changeProxy(await client.chain(), {action: 'add', delay: o.delay, delegate, proxyType: o.type, real}, opRun(client, o.wallet, ui, o))
  if (saveAs && !result.tx?.dryRun) {
    await saveProxyEntry({delay: result.delay, delegate, name: saveAs, proxyType: result.proxyType, real})
    return {...result, savedAs: saveAs}
  }
  return result
}
