/**
 * `weights show`: a hotkey's weights on the subnet exactly as the chain stores them (Weights: uid → u16,
 * max-upscaled), its pending commits in WeightCommits with their reveal windows, and this machine's local pending
 * commits (without salts). The hotkey: «ss58», the holder of «uid», else the wallet's.
 */
import type {TaoClient} from '../../client.js'
import type {Ui} from '../../ui.js'
import type {WalletRef} from '../../wallet/wallet.js'
import type {PendingCommit} from '../../weights/pending.js'
import type {ChainCommit} from '../../weights/state.js'

import {InputError} from '../../errors.js'
import {walletHotkeyAddress} from '../../stake/hotkey.js'
import {loadPending} from '../../weights/pending.js'
import {weightsFolder} from '../../weights/store.js'

export interface WeightsShowOptions {
  netuid: number
  /** the wallet whose hotkey to show (and whose local pending commits), when neither `ss58` nor `uid` is given */
  wallet?: WalletRef
  /** show this hotkey (SS58) */
  ss58?: string
  /** show the hotkey holding this uid */
  uid?: number
}

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

export async function show(client: TaoClient, options: WeightsShowOptions, _ui?: Ui): Promise<ShowResult> {
  const {netuid} = options
  let hotkey = options.ss58
  let dir: string | undefined
  if (hotkey === undefined && options.uid === undefined) {
    if (!options.wallet) throw new InputError('give «wallet», «ss58» or «uid»', {code: 'BadFlags', field: 'wallet'})
    hotkey = await walletHotkeyAddress(options.wallet)
    dir = weightsFolder(client.dataDir, options.wallet, netuid)
  }
  if (hotkey !== undefined) {
    // loaded only to check an address (it is ~600 modules)
    const {decodeAddress} = await import('@polkadot/util-crypto')
    try {
      decodeAddress(hotkey)
    } catch {
      throw new InputError(`not a valid SS58 address: ${hotkey}`, {code: 'BadAddress', field: 'ss58'})
    }
  }
  const unknownUid = (n: number) => new InputError(`uid ${options.uid} does not exist on subnet ${netuid} (uids 0..${n - 1})`, {code: 'UnknownUid', field: 'uid'})
  // the light connection when it can serve (cached metadata); else the full client
  const [{viaLight}, {lightWeightsState}] = await Promise.all([import('../../chain/light/client.js'), import('../../chain/light/weights.js')])
  const light = client.light ? await client.light() : undefined
  const who = hotkey === undefined ? {uid: options.uid ?? -1} : {hotkey}
  const fromLight = await viaLight(light, (c) => lightWeightsState(c, netuid, who, {fees: false}))
  if (fromLight && 'unknownUid' in fromLight) throw unknownUid(fromLight.n)
  let s = fromLight
  if (!s) {
    const {readWeightsState} = await import('../../weights/state.js')
    const chain = await client.chain()
    if (hotkey === undefined) {
      const probe = await readWeightsState(chain, netuid, '5C4hrfjw9DjXZTzV3MwzrrAr9P1MJhSrvWGWqi1eSuyUpnhM')
      hotkey = probe.hotkeys[options.uid ?? -1]
      if (!hotkey) throw unknownUid(probe.n)
    }
    s = await readWeightsState(chain, netuid, hotkey)
  }
  hotkey = s.hotkey
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
