/** `proxy create-pure`: a new keyless account whose only controller is the wallet's coldkey (Proxy.create_pure). */
import type {TaoClient} from '../../client.js'
import type {PureResult} from '../../proxy/ops.js'
import type {WalletTxOptions} from '../../stake/flows.js'
import type {Ui} from '../../ui.js'

import {createPure as create} from '../../proxy/ops.js'
import {opRun, requireConfirmable} from '../../stake/common.js'
import {coldkeyAddress} from '../../wallet/wallet.js'

export interface CreatePureOptions extends Omit<WalletTxOptions, 'proxy' | 'announceOnly'> {
  type: string
  delay?: number
  /** disambiguation index (several pure proxies of one spawner in one block) [default: 0] */
  index?: number
  /** save it in the proxy address book under this name (needed by `proxy kill-pure`) */
  saveAs?: string
}

export async function createPure(client: TaoClient, o: CreatePureOptions, ui: Ui): Promise<PureResult & {savedAs?: string}> {
  const {checkBookName, saveProxyEntry} = await import('../../config/proxies.js')
  const saveAs = o.saveAs === undefined ? undefined : checkBookName(o.saveAs)
  const spawner = await coldkeyAddress(o.wallet)
  await requireConfirmable(ui, o, 'create a pure proxy')
  const r = await create(await client.chain(), {delay: o.delay, index: o.index, proxyType: o.type, spawner}, opRun(client, o.wallet, ui, o))
  if (saveAs && r.pure && r.height !== undefined && r.extIndex !== undefined) {
    await saveProxyEntry({delay: r.delay, delegate: spawner, name: saveAs, proxyType: r.proxyType, pure: {extIndex: r.extIndex, height: r.height, index: r.index, spawner}, real: r.pure})
    return {...r, savedAs: saveAs}
  }
  return r
}
