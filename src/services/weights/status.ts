/**
 * `weights status`: read the chain (one block) and the local pending commits, and say what the next unattended pass
 * would do and when: reveals due or waiting, missed reveals, the block from which weights may be set or committed
 * again. Submits nothing; needs only the public hotkey file.
 */
import type {TaoClient} from '../../client.js'
import type {Ui} from '../../ui.js'
import type {WalletRef} from '../../wallet/wallet.js'
import type {CommitView} from '../../weights/reveal.js'

import {walletHotkeyAddress} from '../../stake/hotkey.js'
import {type CheckRow, precheck, rateLimit} from '../../weights/checks.js'
import {loadPending} from '../../weights/pending.js'
import {reconcile} from '../../weights/reveal.js'
import {unsettled} from '../../weights/settle.js'
import {weightsFolder} from '../../weights/store.js'

export interface WeightsStatusOptions {
  /** the wallet whose hotkey to look at (its public file is enough) */
  wallet: WalletRef
  netuid: number
}

export interface WeightsStatusResult {
  netuid: number
  hotkey: string
  uid?: number
  block: number
  commitReveal: boolean
  mode: 'set' | 'commit' | 'commit-timelocked'
  rateLimit: ReturnType<typeof rateLimit>
  commits: CommitView[]
  /** one sentence: what the next unattended pass would do */
  next: string
  /** the same pre-checks `weights set` runs (a self-weight vector stands in for the scores, which status does not have) */
  checks: CheckRow[]
  /** the first check that would refuse the next set/commit: the chain would refuse it too */
  blocked?: CheckRow
  weights: [number, number][]
}

export async function status(client: TaoClient, options: WeightsStatusOptions, _ui?: Ui): Promise<WeightsStatusResult> {
  const {netuid} = options
  const hotkey = await walletHotkeyAddress(options.wallet)
  const dir = weightsFolder(client.dataDir, options.wallet, netuid)
  // the light connection when it can serve (cached metadata, a hotkey with an account); else the full client
  const [{viaLight}, {lightWeightsState}] = await Promise.all([import('../../chain/light/client.js'), import('../../chain/light/weights.js')])
  const light = client.light ? await client.light() : undefined
  const fromLight = await viaLight(light, (c) => lightWeightsState(c, netuid, {hotkey}, {fees: true}))
  const state = fromLight && !('unknownUid' in fromLight) ? fromLight : await (await import('../../weights/state.js')).readWeightsState(await client.chain(), netuid, hotkey)
  const pending = await loadPending(dir)
  const mine = structuredClone(pending.commits.filter((c) => c.genesisHash === state.genesisHash && c.netuid === netuid && c.hotkey === hotkey))
  if (mine.some((c) => unsettled(c))) await (await import('../../weights/settle.js')).settleCommits(await client.chain(), state, mine)
  const {due, newlyMissed, views} = reconcile(state, mine)
  const rate = rateLimit(state)
  const mode = state.commitReveal ? (state.features.timelocked ? 'commit-timelocked' : 'commit') : 'set'
  const pre = precheck(state, {mode: state.commitReveal ? 'commit' : 'set', uids: state.uid === undefined ? [] : [state.uid], values: state.uid === undefined ? [] : [1], versionKey: state.weightsVersionKey})
  const rows = pre.rows.filter((r) => r.check !== 'weights vector' && r.check !== 'validator permit')
  const blocked = rows.find((r) => !r.ok)
  const parts: string[] = []
  if (due.length) parts.push(`reveal ${due.length} commit(s) now`)
  const waiting = views.filter((v) => v.phase === 'waiting')
  if (waiting.length) parts.push(`${waiting.length} commit(s) waiting (${waiting.map((w) => w.detail).join('; ')})`)
  if (newlyMissed.length) parts.push(`report ${newlyMissed.length} missed reveal(s) (exit 7)`)
  const verb = mode === 'set' ? 'set weights' : 'commit weights'
  if (blocked) parts.push(`cannot ${verb}: ${blocked.check} check fails (${blocked.detail})`)
  else if (mode !== 'set' && waiting.length && rate.allowed) parts.push('no new commit while one waits for its window')
  else parts.push(rate.allowed ? `${verb} now (rate limit elapsed)` : `${verb} at block ${rate.nextAllowedBlock}, in ${rate.inBlocks} blocks`)
  return {blocked, block: state.block, checks: rows, commitReveal: state.commitReveal, commits: views, hotkey, mode, netuid, next: parts.join('; '), rateLimit: rate, uid: state.uid, weights: state.weights}
}
