/**
 * `miner query`'s axon lookup on the light connection: `Keys` × `Axons` storage of a subnet, as `readAxons`
 * (../reads.ts) reads them where the runtime has both maps, every read pinned to the best block. Round trips: the
 * identity and the best header; `NetworksAdded` and both maps' key listings together; both maps' values together.
 * Runtimes without the maps (the full client then uses `get_neurons_lite`) are left to the full client.
 */
import type {AxonsOfSubnet} from '../reads.js'
import type {LightChain} from './client.js'

import {InputError} from '../../errors.js'
import {axonInfoFrom} from '../reads.js'
import {num} from '../runtime-api.js'
import {lightQueryAt} from './balances.js'
import {lightPinned} from './client.js'
import {lightEntries} from './subnets.js'

const SM = 'SubtensorModule'

export async function lightAxons(chain: LightChain, netuid: number): Promise<AxonsOfSubnet | undefined> {
  const p = await lightPinned(chain)
  if (!p) return undefined
  const {head, md} = p
  const keysEntry = md.storageEntry(`${SM}.Keys`)
  const axonsEntry = md.storageEntry(`${SM}.Axons`)
  if (!keysEntry || !axonsEntry) return undefined
  const hasAdded = md.storageEntry(`${SM}.NetworksAdded`) !== undefined
  const [[added], keys, axons] = await Promise.all([
    hasAdded ? lightQueryAt(chain, md, head.hash, [[`${SM}.NetworksAdded`, netuid]]) : [true],
    lightEntries(chain, md, head.hash, keysEntry, netuid),
    lightEntries(chain, md, head.hash, axonsEntry, netuid),
  ])
  if (added !== true) throw new InputError(`subnet ${netuid} does not exist on ${chain.endpoint}`, {code: 'NoSuchSubnet'})
  const pairs = keys.map(({args, value}) => [num(args[1]), String(value)] as [number, string]).sort((a, b) => a[0] - b[0])
  const stored = new Map(axons.map(({args, value}) => [String(args[1]), value]))
  return {axons: pairs.map(([uid, hotkey]) => ({axon: axonInfoFrom(stored.get(hotkey)), hotkey, served: stored.has(hotkey), uid})), source: 'storage'}
}
