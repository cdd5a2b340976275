/** `multisig cancel`: cancel a pending operation this wallet's coldkey started (cancel_as_multi). */
import type {TaoClient} from '../../client.js'
import type {CancelResult} from '../../multisig/ops.js'
import type {Ui} from '../../ui.js'
import type {WalletRef} from '../../wallet/wallet.js'

import {cancelPending} from '../../multisig/ops.js'
import {opRun, requireConfirmable} from '../../stake/common.js'
import {coldkeyAddress} from '../../wallet/wallet.js'

export interface MultisigCancelOptions {
  wallet: WalletRef
  name: string
  callHash: string
  dryRun?: boolean
  waitFor?: 'inBlock' | 'finalized'
}

export async function cancel(client: TaoClient, o: MultisigCancelOptions, ui: Ui): Promise<CancelResult> {
  const {findMultisig} = await import('../../config/multisigs.js')
  const m = await findMultisig(o.name, 'name')
  const me = await coldkeyAddress(o.wallet)
  await requireConfirmable(ui, o, 'cancel a multisig operation')
  return cancelPending(await client.chain(), m, {callHash: o.callHash, me}, opRun(client, o.wallet, ui, o))
}
