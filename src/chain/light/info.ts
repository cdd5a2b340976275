import type {ChainInfo} from '../info.js'
import type {LightChain, RpcHeader} from './client.js'

import {headerNumber} from './client.js'

/**
 * `chain info` on the light connection, in two round trips: the identity, the chain name, the best header and
 * the finalized hash together, then the finalized header. Undefined when the runtime's metadata is not cached
 * (the caller uses the full client, which caches it).
 */
export async function lightChainInfo(chain: LightChain): Promise<ChainInfo | undefined> {
  const {rpc} = chain
  const what = 'reading the chain head'
  const [id, name, best, finalizedHash] = await Promise.all([
    chain.identity,
    rpc.call<string>('system_chain', [], what),
    rpc.call<RpcHeader>('chain_getHeader', [], what),
    rpc.call<string>('chain_getFinalizedHead', [], what),
  ])
  if (!id.metadataHex) return undefined
  const finalized = await rpc.call<RpcHeader>('chain_getHeader', [finalizedHash], 'reading the finalized head')
  return {
    bestBlock: headerNumber(best),
    chain: name,
    endpoint: chain.endpoint,
    finalizedBlock: headerNumber(finalized),
    genesisHash: id.genesisHash,
    metadataSource: 'cache',
    specName: id.specName,
    specVersion: id.specVersion,
    ss58Format: id.ss58Format,
    tokenDecimals: id.tokenDecimals,
    tokenSymbol: id.tokenSymbol,
  }
}
