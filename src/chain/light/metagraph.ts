/**
 * `subnet metagraph` on the light connection for runtimes whose `get_neurons_lite` returns raw bytes (spec 218),
 * every read pinned to the best block. Round trips: the identity and the best header; then `NetworksAdded`,
 * `TaoWeight` and `get_neurons_lite` together; then the stake-weight storage of every neuron's hotkey (its alpha
 * on the subnet and on root, and its child and parent keys); then, only where neurons have parents, the parents'
 * alpha. The stake columns follow the chain's stake-weight formula as `readStakeWeights` does (the hotkey of each
 * uid is the one `get_neurons_lite` reports, which it reads from the same `Keys` map at the same block).
 * Runtimes with a typed `get_metagraph` are left to the full client.
 */
import type {Metagraph, Neuron} from '../../subnet/types.js'
import type {LightChain} from './client.js'
import type {LightMetadata} from './metadata.js'

import {applyStakeWeights, neuronFromLite} from '../../subnet/format.js'
import {stakeWeightsFromStorage} from '../reads.js'
import {big} from '../runtime-api.js'
import {lightQueryAt} from './balances.js'
import {lightPinned} from './client.js'
import {toHex} from './hash.js'
import {lightRuntimeCall} from './subnets.js'

type Obj = Record<string, unknown>

export async function lightMetagraph(chain: LightChain, netuid: number, arrange: (n: Neuron[]) => Neuron[], missing: (netuid: number, block: number) => Error): Promise<Metagraph | undefined> {
  const p = await lightPinned(chain)
  return p && lightMetagraphAt(chain, p.md, p.head, netuid, arrange, missing)
}

/** The metagraph at `head` (see the header); undefined where the runtime is left to the full client. */
export async function lightMetagraphAt(chain: LightChain, md: LightMetadata, head: {hash: string; number: number}, netuid: number, arrange: (n: Neuron[]) => Neuron[], missing: (netuid: number, block: number) => Error): Promise<Metagraph | undefined> {
  const typedMetagraph = md.runtimeApi('SubnetInfoRuntimeApi', 'get_metagraph')
  if (typedMetagraph && !md.returnsRawBytes(typedMetagraph)) return undefined
  const lite = md.runtimeApi('NeuronInfoRuntimeApi', 'get_neurons_lite')
  if (!lite || !md.storageEntry('SubtensorModule.NetworksAdded') || !md.storageEntry('SubtensorModule.TotalHotkeyAlpha')) return undefined
  const taoWeight = md.storageEntry('SubtensorModule.TaoWeight')
  const arg = toHex(Uint8Array.of(netuid & 0xff, netuid >> 8))
  const [[added, tw], data] = await Promise.all([
    lightQueryAt(chain, md, head.hash, [['SubtensorModule.NetworksAdded', netuid], ...(taoWeight ? [taoWeight.keys.length === 0 ? ['SubtensorModule.TaoWeight'] : ['SubtensorModule.TaoWeight', netuid]] : [])] as [string, ...unknown[]][]),
    lightRuntimeCall<Obj[]>(chain, md, head.hash, 'NeuronInfoRuntimeApi', 'get_neurons_lite', 'Vec<NeuronInfoLite218>', arg),
  ])
  if (!added) throw missing(netuid, head.number)
  const taoWeightRaw = taoWeight ? big(tw) : 0n
  const neurons = (data ?? []).map(neuronFromLite)

  // the stake weights, as readStakeWeights computes them from storage
  const keys = neurons.map((n) => [n.uid, n.hotkey] as [number, string]).sort((a, b) => a[0] - b[0])
  const relations = md.storageEntry('SubtensorModule.ChildKeys') !== undefined && md.storageEntry('SubtensorModule.ParentKeys') !== undefined ? {childKeys: 'SubtensorModule.ChildKeys', parentKeys: 'SubtensorModule.ParentKeys'} : undefined
  const weights = await stakeWeightsFromStorage(keys, netuid, taoWeightRaw, {relations, totalHotkeyAlpha: 'SubtensorModule.TotalHotkeyAlpha'}, (reads) => lightQueryAt(chain, md, head.hash, reads))
  applyStakeWeights(neurons, weights)
  return {
    block: head.number,
    blockHash: head.hash,
    netuid,
    neurons: arrange(neurons),
    source: 'get_neurons_lite',
    stakeSource: 'storage',
    taoWeightRaw,
  }
}
