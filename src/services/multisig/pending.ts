/** `multisig pending`: a multisig's operations waiting for approvals (Multisig.Multisigs). */
import type {PendingMultisig} from '../../chain/multisig.js'
import type {TaoClient} from '../../client.js'
import type {MultisigEntry} from '../../config/multisigs.js'
import type {Ui} from '../../ui.js'

import {pendingOf} from '../../multisig/ops.js'

export async function pending(client: TaoClient, o: {name: string}, _ui: Ui): Promise<{multisig: MultisigEntry; pending: PendingMultisig[]}> {
  const {findMultisig} = await import('../../config/multisigs.js')
  const m = await findMultisig(o.name, 'name')
  return {multisig: m, pending: await pendingOf(await client.chain(), m)}
}
