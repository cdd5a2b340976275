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

import {neuronFromLite} from '../../subnet/format.js'
import {inheritedStake, stakeWeightTotal} from '../reads.js'
import {big} from '../runtime-api.js'
import {lightQueryAt} from './balances.js'
import {lightBestHead, lightMetadata} from './client.js'
import {toHex} from './hash.js'
import {lightRuntimeCall} from './subnets.js'

type Obj = Record<string, unknown>
type Pairs = [bigint, string][]
const pairs = (v: unknown): Pairs => ((v as unknown[] | null) ?? []).map((x) => [big((x as unknown[])[0]), String((x as unknown[])[1])])

export async function lightMetagraph(chain: LightChain, netuid: number, arrange: (n: Neuron[]) => Neuron[], missing: (netuid: number, block: number) => Error): Promise<Metagraph | undefined> {
  const [id, head] = await Promise.all([chain.identity, lightBestHead(chain)])
  const md = lightMetadata(id)
  if (!md) return undefined
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
  const hasRel = md.storageEntry('SubtensorModule.ChildKeys') !== undefined && md.storageEntry('SubtensorModule.ParentKeys') !== undefined
  const reads: [string, ...unknown[]][] = []
  for (const [, hk] of keys) {
    for (const n of [netuid, 0]) {
      reads.push(['SubtensorModule.TotalHotkeyAlpha', hk, n])
      if (hasRel) reads.push(['SubtensorModule.ChildKeys', hk, n], ['SubtensorModule.ParentKeys', hk, n])
    }
  }
  const vals = await lightQueryAt(chain, md, head.hash, reads)
  const per = hasRel ? 3 : 1
  const parentReads: [string, ...unknown[]][] = []
  const rel = keys.map((_, i) =>
    [0, 1].map((j) => {
      const base = (i * 2 + j) * per
      const own = big(vals[base])
      const children = per === 3 ? pairs(vals[base + 1]).map(([p]) => p) : []
      const parents = per === 3 ? pairs(vals[base + 2]) : []
      for (const [, parent] of parents) parentReads.push(['SubtensorModule.TotalHotkeyAlpha', parent, j === 0 ? netuid : 0])
      return {children, own, parents}
    }),
  )
  const parentVals = await lightQueryAt(chain, md, head.hash, parentReads)
  let k = 0
  const by = new Map<number, {alphaRao: bigint; taoRao: bigint; totalRao: bigint}>()
  keys.forEach(([uid], i) => {
    const [a, t] = rel[i]!.map((r) => inheritedStake(r.own, r.children, r.parents.map(([p]) => [p, big(parentVals[k++])] as [bigint, bigint])))
    by.set(uid, {alphaRao: a!, taoRao: t!, totalRao: stakeWeightTotal(a!, t!, taoWeightRaw)})
  })
  for (const n of neurons) {
    const w = by.get(n.uid)
    n.alphaStakeRao = w?.alphaRao ?? 0n
    n.taoStakeRao = w?.taoRao ?? 0n
    n.stakeRao = w?.totalRao ?? 0n
  }
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
