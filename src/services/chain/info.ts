/** `chain info`: which chain and runtime the client is connected to, and its head. */
import type {ChainInfo} from '../../chain/info.js'
import type {TaoClient} from '../../client.js'
import type {Ui} from '../../ui.js'

export type ChainInfoOptions = Record<string, never>

export async function info(client: TaoClient, _options: ChainInfoOptions = {}, _ui?: Ui): Promise<ChainInfo> {
  // the light connection when it can serve (cached metadata); else the full client
  // (the reader is loaded first, so its requests leave with the connection's own)
  if (client.light) {
    const [{lightChainInfo}, {viaLight}] = await Promise.all([import('../../chain/light/info.js'), import('../../chain/light/client.js')])
    const result = await viaLight(await client.light(), lightChainInfo)
    if (result) return result
  }
  const {chainInfo} = await import('../../chain/info.js')
  return chainInfo(await client.chain())
}
