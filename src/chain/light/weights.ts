/**
 * The weights state (`weights show`, `weights status`) on the light connection: the same values as
 * `readWeightsState` (../weights-reads.ts), every read pinned to the best block. Round trips: the identity and the
 * best header together; then every per-subnet and per-hotkey item and the `Keys` listing; then the `Keys` values
 * and the hotkey's `Weights` row (its uid comes from the wave before) together.
 *
 * Undefined (the full client answers) on runtimes whose stake check uses the stake weight (`StakeThreshold`), and,
 * with `fees`, for a hotkey with no account: the weight calls' fee then matters, and pricing a call needs the
 * extrinsic built by @polkadot/api (with an account, the fee changes nothing the checks show).
 */
import type {ChainCommit, WeightsState} from '../../weights/state.js'
import type {LightChain} from './client.js'

import {InputError} from '../../errors.js'
import {big, num} from '../runtime-api.js'
import {lightQueryAt} from './balances.js'
import {lightPinned} from './client.js'
import {lightEntries} from './subnets.js'

const SM = 'SubtensorModule'
type Read = [string, ...unknown[]]

/** `hotkey`, or the holder of `uid` (a uid the subnet does not have: `{unknownUid, n}`). */
export type WeightsWho = {hotkey: string} | {uid: number}

export async function lightWeightsState(chain: LightChain, netuid: number, who: WeightsWho, opts: {fees: boolean}): Promise<WeightsState | {unknownUid: true; n: number} | undefined> {
  const p = await lightPinned(chain)
  if (!p) return undefined
  const {head, id, md} = p
  const has = (n: string) => md.storageEntry(`${SM}.${n}`) !== undefined
  const required = ['SubnetworkN', 'Tempo', 'MinAllowedWeights', 'MaxWeightsLimit', 'WeightsVersionKey', 'WeightsSetRateLimit', 'CommitRevealWeightsEnabled', 'Uids', 'LastUpdate', 'ValidatorPermit', 'Keys', 'Weights']
  if (has('StakeThreshold') || required.some((n) => !has(n))) return undefined
  const stakeItem = has('TotalHotkeyAlpha') ? 'TotalHotkeyAlpha' : has('TotalHotkeyStake') ? 'TotalHotkeyStake' : undefined
  const epochTuples = has('SubnetEpochIndex')
  // an item this runtime lacks is read as a repeat of one it has (lightQueryAt asks for each key once), so every
  // value keeps its position
  const subnetReads: Read[] = [
    ...['SubnetworkN', 'Tempo', 'MinAllowedWeights', 'MaxWeightsLimit', 'WeightsVersionKey', 'WeightsSetRateLimit', 'CommitRevealWeightsEnabled', 'LastUpdate', 'ValidatorPermit'].map((n): Read => [`${SM}.${n}`, netuid]),
    has('NetworksAdded') ? [`${SM}.NetworksAdded`, netuid] : [`${SM}.SubnetworkN`, netuid],
    has('RevealPeriodEpochs') ? [`${SM}.RevealPeriodEpochs`, netuid] : [`${SM}.SubnetworkN`, netuid],
    has('WeightsMinStake') ? [`${SM}.WeightsMinStake`] : [`${SM}.SubnetworkN`, netuid],
    has('CommitRevealWeightsVersion') ? [`${SM}.CommitRevealWeightsVersion`] : [`${SM}.SubnetworkN`, netuid],
    epochTuples ? [`${SM}.SubnetEpochIndex`, netuid] : [`${SM}.SubnetworkN`, netuid],
  ]
  const hotkeyReads = (hk: string): Read[] => [
    [`${SM}.Uids`, netuid, hk],
    has('WeightCommits') ? [`${SM}.WeightCommits`, netuid, hk] : [`${SM}.Uids`, netuid, hk],
    stakeItem === 'TotalHotkeyAlpha' ? [`${SM}.TotalHotkeyAlpha`, hk, netuid] : stakeItem ? [`${SM}.TotalHotkeyStake`, hk] : [`${SM}.Uids`, netuid, hk],
    ['System.Account', hk],
  ]
  const known = 'hotkey' in who ? who.hotkey : undefined
  // the Keys listing (two requests) runs beside the item reads; the second waves of both leave together
  const keysP = lightEntries(chain, md, head.hash, md.storageEntry(`${SM}.Keys`)!, netuid)
  keysP.catch(() => {})
  const first = await lightQueryAt(chain, md, head.hash, [...subnetReads, ...(known ? hotkeyReads(known) : [[`${SM}.Keys`, netuid, (who as {uid: number}).uid] as Read])])
  const k = subnetReads.length
  const [n, tempo, minAllowed, maxLimit, vkey, rateLimit, cr, lastUpdates, permits, added, period, minStake, crVersion, epochIndex] = first
  if (has('NetworksAdded') && added !== true) throw new InputError(`subnet ${netuid} does not exist on this chain`, {code: 'NoSuchSubnet'})
  if (!known && (who as {uid: number}).uid >= num(n)) return {n: num(n), unknownUid: true}
  const hotkey = known ?? String(first[k])
  const given = 'uid' in who ? who.uid : undefined
  const [[uidOpt, commitsOpt, stakeV, account], weightsRow] = await Promise.all([
    known ? first.slice(k, k + 4) : lightQueryAt(chain, md, head.hash, hotkeyReads(hotkey)),
    given === undefined ? undefined : lightQueryAt(chain, md, head.hash, [[`${SM}.Weights`, netuid, given]]).then(([w]) => w),
  ])
  const uid = uidOpt === null || uidOpt === undefined ? undefined : num(uidOpt)
  if (given !== undefined && uid !== given) return undefined
  const [keys, row] = await Promise.all([keysP, uid === undefined || given !== undefined ? weightsRow : lightQueryAt(chain, md, head.hash, [[`${SM}.Weights`, netuid, uid]]).then(([w]) => w)])
  const acc = account as {providers?: bigint; sufficients?: bigint}
  const hotkeyAccountExists = Number(acc.providers ?? 0n) + Number(acc.sufficients ?? 0n) > 0
  if (opts.fees && !hotkeyAccountExists) return undefined
  const hotkeys: string[] = []
  for (const {args, value} of keys) hotkeys[num(args[1])] = String(value)
  const commits: ChainCommit[] = []
  if (has('WeightCommits')) for (const t of (commitsOpt ?? []) as unknown[][]) commits.push({a: num(t[1]), b: num(t[2]), c: num(t[3]), hash: String(t[0])})
  const features: WeightsState['features'] = {batchReveal: md.hasCall(SM, 'batch_reveal_weights'), epochTuples, timelocked: md.hasCall(SM, 'commit_timelocked_weights')}
  if (has('CommitRevealWeightsVersion')) features.commitRevealVersion = num(crVersion)
  const slot = md.constant('Aura.SlotDuration')
  return {
    block: head.number,
    blockHash: head.hash,
    blockTimeMs: slot ? num(slot) : 12_000,
    callFees: undefined,
    commitReveal: cr === true,
    commits,
    epochIndex: epochTuples ? num(epochIndex) : undefined,
    features,
    genesisHash: id.genesisHash,
    hotkey,
    hotkeyAccountExists,
    hotkeys,
    lastUpdate: uid === undefined ? undefined : num((lastUpdates as unknown[])[uid] ?? 0),
    maxWeightsLimit: num(maxLimit),
    minAllowedWeights: num(minAllowed),
    minStake: has('WeightsMinStake') ? big(minStake) : 0n,
    n: num(n),
    netuid,
    revealPeriodEpochs: has('RevealPeriodEpochs') ? num(period) : 1,
    specVersion: id.specVersion,
    stake: stakeItem ? big(stakeV) : 0n,
    stakeExempt: false,
    stakeSource: stakeItem ?? 'none',
    tempo: num(tempo),
    uid,
    validatorPermit: uid === undefined ? undefined : Boolean((permits as unknown[])[uid]),
    weights: uid === undefined ? [] : ((row ?? []) as unknown[][]).map((x) => [num(x[0]), num(x[1])] as [number, number]),
    weightsSetRateLimit: num(rateLimit),
    weightsVersionKey: big(vkey),
  }
}
