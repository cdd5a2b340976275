/** `miner announce`: publish where the miner's axon listens (`serve_axon`, signed by the hotkey, no fee). */
import type {AnnounceResult} from '../../miner/chain.js'
import type {AxonResetResult} from '../../miner/reset.js'
import type {TaoClient} from '../../client.js'
import type {Ui} from '../../ui.js'
import type {WalletRef} from '../../wallet/wallet.js'

import {announceAxon, announceAxonLocalDev, validateAnnounce} from '../../miner/chain.js'
import {InputError} from '../../errors.js'
import {hotkeyAddress} from '../../wallet/wallet.js'
import {hotkeySigner} from '../../wallet/signer.js'

export interface AnnounceOptions {
  /** the wallet whose hotkey is registered on the subnet and signs */
  wallet: WalletRef
  netuid: number
  /** the public IPv4 or IPv6 address validators can reach (not with `reset`) */
  ip?: string
  port?: number
  /**
   * clear the served axon instead: serve_axon with ip 0 ("not serving"), where the runtime accepts it (the node
   * is asked first; see src/miner/reset.ts)
   */
  reset?: boolean
  /** protocol number stored with the axon [default: 4, as the SDK sends] */
  protocol?: number
  /** version stored with the axon [default: the protocol version tao speaks] */
  version?: number
  dryRun?: boolean
  /**
   * a tao localnet only: write the Axons entry with dev_setStorage (loopback allowed, nothing signed); refused
   * on any other chain
   */
  localDev?: boolean
  waitFor?: 'inBlock' | 'finalized'
}

export async function announce(client: TaoClient, options: AnnounceOptions, ui: Ui): Promise<AnnounceResult | AxonResetResult> {
  if (options.reset) {
    if (options.ip !== undefined || options.port !== undefined) throw new InputError('«reset» clears the axon: drop «ip» and «port»', {code: 'Usage', field: 'reset'})
    if (!Number.isInteger(options.netuid) || options.netuid < 0 || options.netuid > 65_535) throw new InputError(`«netuid» must be 0…65535: ${options.netuid}`, {code: 'BadNetuid', field: 'netuid'})
    if (options.localDev) {
      if (options.dryRun) throw new InputError('«localDev» writes storage directly: there is nothing to dry-run', {code: 'Usage', field: 'dryRun'})
      const {resetAxonLocalDev} = await import('../../miner/reset.js')
      // nothing is signed: only the hotkey's public address is read
      return resetAxonLocalDev(await client.chain(), await hotkeyAddress(options.wallet, options.wallet.hotkey), options.netuid)
    }
    const [{resetAxon}, {requireConfirmable}] = await Promise.all([import('../../miner/reset.js'), import('../../stake/common.js')])
    await requireConfirmable(ui, options, 'clear the axon')
    const signer = await hotkeySigner(options.wallet, client.passwords)
    return resetAxon(await client.chain(), signer, options.netuid, {confirm: (q, plan) => ui.confirm(q, plan), dryRun: options.dryRun, ui, waitFor: options.waitFor})
  }
  if (options.ip === undefined || options.port === undefined) throw new InputError('give «ip» and «port» to announce (or «reset» to clear the axon)', {code: 'Usage', field: options.ip === undefined ? 'ip' : 'port'})
  // every input problem is refused here, before the wallet is read or the chain contacted
  const params = validateAnnounce({ip: options.ip as string, localDev: options.localDev, netuid: options.netuid, port: options.port, protocol: options.protocol, version: options.version})
  if (options.localDev) {
    if (options.dryRun) throw new InputError('«localDev» writes storage directly: there is nothing to dry-run', {code: 'Usage', field: 'dryRun'})
    // nothing is signed: only the hotkey's public address is read
    return announceAxonLocalDev(await client.chain(), await hotkeyAddress(options.wallet, options.wallet.hotkey), params)
  }
  const hotkey = await hotkeySigner(options.wallet, client.passwords)
  return announceAxon(await client.chain(), hotkey, params, {dryRun: options.dryRun, ui, waitFor: options.waitFor})
}
