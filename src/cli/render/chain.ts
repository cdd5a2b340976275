import type {ChainInfo} from '../../chain/info.js'

import {renderKeyValues} from '../../output/table.js'

export function renderChainInfo(info: ChainInfo): string {
  return renderKeyValues([
    ['endpoint', info.endpoint],
    ['chain', info.chain],
    ['genesis hash', info.genesisHash],
    ['runtime', `${info.specName} spec ${info.specVersion}`],
    ['best block', info.bestBlock],
    ['finalized block', info.finalizedBlock],
    ['token', `${info.tokenSymbol} (${info.tokenDecimals} decimals)`],
    ['ss58 format', info.ss58Format],
    ['metadata', info.metadataSource === 'cache' ? 'from cache' : 'downloaded (now cached)'],
  ])
}
