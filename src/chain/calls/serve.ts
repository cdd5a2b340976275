/**
 * Axon announcement (`SubtensorModule.serve_axon`) call builder.
 */
import {build, callArgs, hasCall, type TxNamespace} from './index.js'

export interface ServeAxonParams {
  netuid: number
  version: number
  ip: bigint
  port: number
  ipType: 4 | 6
  protocol: number
  placeholder1?: number
  placeholder2?: number
}

/** `SubtensorModule.serve_axon`, arguments placed by the runtime's own argument names. */
export function serveAxonCall(tx: TxNamespace, p: ServeAxonParams) {
  if (!hasCall(tx, 'subtensorModule', 'serveAxon')) throw new Error('this runtime has no SubtensorModule.serve_axon')
  // argument names as the metadata spells them (ip_type) or as @polkadot decorates them (ipType)
  const byName: Record<string, unknown> = {
    ip: p.ip,
    iptype: p.ipType,
    netuid: p.netuid,
    placeholder1: p.placeholder1 ?? 0,
    placeholder2: p.placeholder2 ?? 0,
    port: p.port,
    protocol: p.protocol,
    version: p.version,
  }
  const args = callArgs(tx, 'subtensorModule', 'serveAxon').map((name) => {
    const key = name.replaceAll('_', '').toLowerCase()
    if (!(key in byName)) throw new Error(`serve_axon has an argument tao does not know: ${name}`)
    return byName[key]
  })
  return build(tx, 'subtensorModule', 'serveAxon', args)
}

