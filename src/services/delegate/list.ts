/** `delegate list`: validators that accept delegated stake, with take, total stake and nominators. */
import type {TaoClient} from '../../client.js'
import type {Ui} from '../../ui.js'

import type {DelegateListResult} from '../../stake/delegates.js'

export interface DelegateListOptions {
  /** only delegates registered or holding stake on this subnet */
  netuid?: number
}

export async function list(client: TaoClient, o: DelegateListOptions = {}, _ui?: Ui): Promise<DelegateListResult> {
  // the light connection when it can serve (cached metadata); else the full client
  // (the reader is loaded first, so its requests leave with the connection's own)
  const [{viaLight}, {lightListDelegates}] = await Promise.all([import('../../chain/light/client.js'), import('../../chain/light/delegates.js')])
  const light = client.light ? await client.light() : undefined
  return (await viaLight(light, (c) => lightListDelegates(c, {netuid: o.netuid}))) ?? (await import('../../stake/delegates.js')).listDelegates(await client.chain(), {netuid: o.netuid})
}
