/** `tao weights show`: a hotkey's weights as the chain stores them, and its pending commits. */
import type {Chain} from '../chain/client.js'
import type {PendingCommit} from './pending.js'

import {InputError} from '../errors.js'
import {loadPending} from './pending.js'
import {type ChainCommit, readWeightsState} from './state.js'

export interface ShowResult {
  netuid: number
  block: number
  hotkey: string
  uid?: number
  lastUpdate?: number
  commitReveal: boolean
  revealPeriodEpochs: number
  tempo: number
  weights: {uid: number; value: number; share: number; hotkey?: string}[]
  /** the chain's WeightCommits for the hotkey; window fields are blocks before spec 423 */
  chainCommits: (ChainCommit & {firstRevealBlock?: number; lastRevealBlock?: number; commitBlock?: number; commitEpoch?: number})[]
  /** local pending commits (this machine's state folder), without salts */
  localCommits: Omit<PendingCommit, 'salt'>[]
}

export async function showWeights(chain: Chain, netuid: number, who: {hotkey?: string; uid?: number}, dir?: string): Promise<ShowResult> {
  let hotkey = who.hotkey
  if (hotkey === undefined) {
    const probe = await readWeightsState(chain, netuid, '5C4hrfjw9DjXZTzV3MwzrrAr9P1MJhSrvWGWqi1eSuyUpnhM')
    hotkey = probe.hotkeys[who.uid ?? -1]
    if (!hotkey) throw new InputError(`uid ${who.uid} does not exist on subnet ${netuid} (uids 0..${probe.n - 1})`, {code: 'UnknownUid'})
  }
  const s = await readWeightsState(chain, netuid, hotkey)
  const total = s.weights.reduce((a, [, v]) => a + v, 0)
  const epochs = s.features.epochTuples
  const local = dir ? (await loadPending(dir)).commits.filter((c) => c.genesisHash === s.genesisHash && c.netuid === netuid && c.hotkey === hotkey) : []
  return {
    block: s.block,
    chainCommits: s.commits.map((c) => (epochs ? {...c, commitBlock: c.b, commitEpoch: c.a} : {...c, commitBlock: c.a, firstRevealBlock: c.b, lastRevealBlock: c.c})),
    commitReveal: s.commitReveal,
    hotkey,
    lastUpdate: s.lastUpdate,
    localCommits: local.map(({salt: _s, ...rest}) => rest),
    netuid,
    revealPeriodEpochs: s.revealPeriodEpochs,
    tempo: s.tempo,
    uid: s.uid,
    weights: s.weights.map(([uid, value]) => ({hotkey: s.hotkeys[uid], share: total ? value / total : 0, uid, value})),
  }
}
