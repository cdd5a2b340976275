/** `chain info`: which chain and runtime the client is connected to, and its head. */
import type {ChainInfo} from '../../chain/info.js'
import type {TaoClient} from '../../client.js'
import type {Ui} from '../../ui.js'

export type ChainInfoOptions = Record<string, never>

export async function info(client: TaoClient, _options: ChainInfoOptions = {}, _ui?: Ui): Promise<ChainInfo> {
  // the light connection when it can serve (cached metadata); else the full client
  const light = await client.light?.()
  if (light) {
    const [{lightChainInfo}, {NetworkError}] = await Promise.all([import('../../chain/light/info.js'), import('../../errors.js')])
    try {
      const result = await lightChainInfo(light)
      if (result) return result
    } catch (error) {
      // a node that stopped answering is reported as such; any other failure is the full client's to report
      if (error instanceof NetworkError && error.code === 'Timeout') throw error
    }
    await light.disconnect()
  }
  const {chainInfo} = await import('../../chain/info.js')
  return chainInfo(await client.chain())
}
