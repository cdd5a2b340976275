/** `miner announce`: publish where the miner's axon listens (`serve_axon`, signed by the hotkey, no fee). */
import type {AnnounceResult} from '../../miner/chain.js'
import type {TaoClient} from '../../client.js'
import type {Ui} from '../../ui.js'
import type {WalletRef} from '../../wallet/wallet.js'

import {announceAxon, validateAnnounce} from '../../miner/chain.js'
import {hotkeySigner} from '../../wallet/signer.js'

export interface AnnounceOptions {
  /** the wallet whose hotkey is registered on the subnet and signs */
  wallet: WalletRef
  netuid: number
  /** the public IPv4 or IPv6 address validators can reach */
  ip: string
  port: number
  /** protocol number stored with the axon [default: 4, as the SDK sends] */
  protocol?: number
  /** version stored with the axon [default: the protocol version tao speaks] */
  version?: number
  dryRun?: boolean
  waitFor?: 'inBlock' | 'finalized'
}

export async function announce(client: TaoClient, options: AnnounceOptions, ui: Ui): Promise<AnnounceResult> {
  // every input problem is refused here, before the wallet is read or the chain contacted
  const params = validateAnnounce({ip: options.ip, netuid: options.netuid, port: options.port, protocol: options.protocol, version: options.version})
  const hotkey = await hotkeySigner(options.wallet, client.passwords)
  return announceAxon(await client.chain(), hotkey, params, {dryRun: options.dryRun, ui, waitFor: options.waitFor})
}
