/** `delegate list`: validators that accept delegated stake, with take, total stake and nominators. */
import type {TaoClient} from '../../client.js'
import type {Ui} from '../../ui.js'

import {type DelegateListResult, listDelegates} from '../../stake/delegates.js'

export interface DelegateListOptions {
  /** only delegates registered or holding stake on this subnet */
  netuid?: number
}

export async function list(client: TaoClient, o: DelegateListOptions = {}, _ui?: Ui): Promise<DelegateListResult> {
  return listDelegates(await client.chain(), {netuid: o.netuid})
}
