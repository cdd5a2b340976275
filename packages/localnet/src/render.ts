import type {Localnet} from 'tao-cli/plugin'

import {renderTable} from 'tao-cli/plugin'

/** The ready message: endpoint, funded dev accounts, how to use it. */
export function renderLocalnetReady(net: Pick<Localnet, 'accounts' | 'endpoint'>): string {
  return [
    `localnet ready: ${net.endpoint}`,
    renderTable(['dev account', 'uri', 'address', 'free TAO'], net.accounts.map((a) => [a.name, a.uri, a.address, '1000000'])),
    `use it with: --network ${net.endpoint}   (Ctrl-C stops it)`,
  ].join('\n')
}
