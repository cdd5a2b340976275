/** `chain info`: which chain and runtime the client is connected to, and its head. */
import type {ChainInfo} from '../../chain/info.js'
import type {TaoClient} from '../../client.js'
import type {Ui} from '../../ui.js'

import {chainInfo} from '../../chain/info.js'

export type ChainInfoOptions = Record<string, never>

export async function info(client: TaoClient, _options: ChainInfoOptions = {}, _ui?: Ui): Promise<ChainInfo> {
  return chainInfo(await client.chain())
}
