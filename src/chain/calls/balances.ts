/**
 * Balances call builders.
 */
import {build, hasCall, type TxNamespace} from './index.js'

export interface TransferParams {
  dest: string
  amountRao: bigint
  /** keep the sender alive (default): transfer_keep_alive; else transfer_allow_death */
  keepAlive?: boolean
}

export function transferCall(tx: TxNamespace, p: TransferParams) {
  const method = p.keepAlive === false ? (hasCall(tx, 'balances', 'transferAllowDeath') ? 'transferAllowDeath' : 'transfer') : 'transferKeepAlive'
  return build(tx, 'balances', method, [{Id: p.dest}, p.amountRao])
}
