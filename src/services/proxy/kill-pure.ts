/** `proxy kill-pure`: remove a pure proxy account created by the wallet's coldkey (its balance is lost). */
import type {TaoClient} from '../../client.js'
import type {PureResult} from '../../proxy/ops.js'
import type {WalletTxOptions} from '../../stake/flows.js'
import type {Ui} from '../../ui.js'

import {InputError} from '../../errors.js'
import {killPure as kill} from '../../proxy/ops.js'
import {opRun, requireConfirmable} from '../../stake/common.js'
import {coldkeyAddress} from '../../wallet/wallet.js'

export interface KillPureOptions extends Omit<WalletTxOptions, 'proxy' | 'announceOnly'> {
  /** the address-book name `proxy create-pure --save-as` gave it */
  name: string
}

export async function killPure(client: TaoClient, o: KillPureOptions, ui: Ui): Promise<PureResult> {
  const {readProxyBook, removeProxyEntry} = await import('../../config/proxies.js')
  const entry = (await readProxyBook()).find((e) => e.name === o.name)
  if (!entry?.pure) throw new InputError(`no pure proxy named ${JSON.stringify(o.name)} in the proxy address book`, {code: 'UnknownProxy', field: 'name', suggest: {command: 'proxy list'}})
  const spawner = await coldkeyAddress(o.wallet)
  if (spawner !== entry.pure.spawner) throw new InputError(`pure proxy ${o.name} was created by ${entry.pure.spawner}, not by this wallet's coldkey ${spawner}`, {code: 'NotSpawner'})
  await requireConfirmable(ui, o, 'kill a pure proxy')
  const pure = {...entry.pure, proxyType: entry.proxyType ?? 'Any', pure: entry.real}
  const r = await kill(await client.chain(), pure, opRun(client, o.wallet, ui, o, undefined, {delegate: spawner, name: o.name, real: entry.real}))
  if (!r.tx?.dryRun) await removeProxyEntry(o.name)
  return r
}
