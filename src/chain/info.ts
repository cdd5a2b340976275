import type {Chain} from './client.js'

import {deadline} from './client.js'

export interface ChainInfo {
  endpoint: string
  chain: string
  genesisHash: string
  specName: string
  specVersion: number
  bestBlock: number
  finalizedBlock: number
  tokenSymbol: string
  tokenDecimals: number
  ss58Format: number
  metadataSource: 'cache' | 'network'
}

/** What a `tao chain info` shows: identity of the chain and its runtime, and its head. */
export async function chainInfo(chain: Chain): Promise<ChainInfo> {
  const {api} = chain
  const [name, best, finalizedHash] = await deadline(
    chain,
    Promise.all([api.rpc.system.chain(), api.rpc.chain.getHeader(), api.rpc.chain.getFinalizedHead()]),
    'reading the chain head',
  )
  const finalized = await deadline(chain, api.rpc.chain.getHeader(finalizedHash), 'reading the finalized head')
  return {
    bestBlock: best.number.toNumber(),
    chain: name.toString(),
    endpoint: chain.endpoint,
    finalizedBlock: finalized.number.toNumber(),
    genesisHash: chain.genesisHash,
    metadataSource: chain.metadataSource,
    specName: chain.specName,
    specVersion: chain.specVersion,
    ss58Format: chain.ss58Format,
    tokenDecimals: chain.tokenDecimals,
    tokenSymbol: chain.tokenSymbol,
  }
}
