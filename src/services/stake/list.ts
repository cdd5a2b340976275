/** `stake list`: every stake of a coldkey across hotkeys and subnets, valued at one block. */
import type {TaoClient} from '../../client.js'
import type {Ui} from '../../ui.js'
import type {WalletRef} from '../../wallet/wallet.js'

import {InputError} from '../../errors.js'
import {parseAddress, walletHotkeyNames} from '../../stake/hotkey.js'
import {listStakes, type StakeListResult} from '../../stake/list.js'
import {coldkeyAddress} from '../../wallet/wallet.js'

export interface StakeListOptions {
  /** the wallet whose coldkey to list (its hotkey names label the rows) */
  wallet?: WalletRef
  /** a coldkey address to list instead of a wallet's */
  ss58?: string
  /** only this subnet */
  netuid?: number
}

export async function list(client: TaoClient, o: StakeListOptions, _ui?: Ui): Promise<StakeListResult> {
  let coldkey: string
  let names: Map<string, string> | undefined
  if (o.ss58 !== undefined) {
    coldkey = await parseAddress(o.ss58, 'ss58')
  } else if (o.wallet) {
    coldkey = await coldkeyAddress(o.wallet)
    names = await walletHotkeyNames(o.wallet)
  } else {
    throw new InputError('give a «wallet» or an «ss58» address to list', {code: 'BadInput', field: 'wallet'})
  }
  const options = {coldkey, names, netuid: o.netuid}
  // the light connection when it can serve (cached metadata); else the full client
  // (the reader is loaded first, so its requests leave with the connection's own)
  const [{viaLight}, {lightListStakes}] = await Promise.all([import('../../chain/light/client.js'), import('../../chain/light/stake-list.js')])
  const light = client.light ? await client.light() : undefined
  return (await viaLight(light, (c) => lightListStakes(c, options))) ?? listStakes(await client.chain(), options)
}
