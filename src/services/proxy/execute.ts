/** `proxy execute`: run a call this wallet's coldkey announced as a proxy, once the proxy's delay has passed. */
import type {TaoClient} from '../../client.js'
import type {ExecuteResult} from '../../proxy/ops.js'
import type {Ui} from '../../ui.js'
import type {WalletRef} from '../../wallet/wallet.js'

import {executeAnnounced} from '../../proxy/ops.js'
import {opRun, requireConfirmable} from '../../stake/common.js'
import {coldkeyAddress} from '../../wallet/wallet.js'

export interface ProxyExecuteOptions {
  wallet: WalletRef
  /** which announcement (its call hash); needed when several are pending */
  callHash?: string
  /** only announcements for this account (ss58 or an address-book name) */
  proxy?: string
  dryRun?: boolean
  waitFor?: 'inBlock' | 'finalized'
}

export async function execute(client: TaoClient, o: ProxyExecuteOptions, ui: Ui): Promise<ExecuteResult> {
  const delegate = await coldkeyAddress(o.wallet)
  let real: string | undefined
  if (o.proxy !== undefined) {
    const {resolveProxyTarget} = await import('../../config/proxies.js')
    real = (await resolveProxyTarget(o.proxy)).real
  }
  await requireConfirmable(ui, o, 'execute an announced proxy call')
  return executeAnnounced(await client.chain(), {callHash: o.callHash, delegate, real}, opRun(client, o.wallet, ui, o))
}
