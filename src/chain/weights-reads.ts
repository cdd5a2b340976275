/**
 * The weights topic's chain reads: everything the chain will look at when it receives weights, at ONE pinned
 * block (the types live in src/weights/state.ts), and the runtime's own epoch prediction.
 */
import type {ChainCommit, CommitFeatures, WeightsState} from '../weights/state.js'
import type {Chain} from './client.js'

import {InputError} from '../errors.js'
import {deadline} from './client.js'
import {toBig, toNum} from './codec.js'
import {readStakeWeightOf} from './reads.js'

export function commitFeatures(chain: Chain): CommitFeatures {
  const api = chain.api
  const sm = api.tx.subtensorModule as unknown as Record<string, unknown> | undefined
  const q = api.query.subtensorModule as unknown as Record<string, unknown> | undefined
  return {
    batchReveal: typeof sm?.batchRevealWeights === 'function',
    epochTuples: typeof q?.subnetEpochIndex === 'function',
    timelocked: typeof sm?.commitTimelockedWeights === 'function',
  }
}

/** Read the weights-relevant state of `hotkey` on `netuid` at the best block (or `at`). */
export async function readWeightsState(chain: Chain, netuid: number, hotkey: string, at?: string): Promise<WeightsState> {
  const {api} = chain
  return deadline(
    chain,
    (async () => {
      const header = at ? await api.rpc.chain.getHeader(at) : await api.rpc.chain.getHeader()
      const blockHash = header.hash.toHex()
      const block = header.number.toNumber()
      const a = await api.at(blockHash)
      const q = a.query.subtensorModule as unknown as Record<string, ((...args: unknown[]) => Promise<any>) & {entries?: (...args: unknown[]) => Promise<[any, any][]>}>
      const has = (k: string) => typeof q[k] === 'function'
      const exists = has('networksAdded') ? (await q.networksAdded!(netuid)).isTrue : true
      if (!exists) throw new InputError(`subnet ${netuid} does not exist on this chain`, {code: 'NoSuchSubnet'})
      const features = commitFeatures(chain)
      const [n, tempo, minAllowed, maxLimit, vkey, rateLimit, cr, period, uidOpt, lastUpdates, permits, commitsOpt, keyEntries, account] = await Promise.all([
        q.subnetworkN!(netuid),
        q.tempo!(netuid),
        q.minAllowedWeights!(netuid),
        q.maxWeightsLimit!(netuid),
        q.weightsVersionKey!(netuid),
        q.weightsSetRateLimit!(netuid),
        q.commitRevealWeightsEnabled!(netuid),
        has('revealPeriodEpochs') ? q.revealPeriodEpochs!(netuid) : Promise.resolve(1),
        q.uids!(netuid, hotkey),
        q.lastUpdate!(netuid),
        q.validatorPermit!(netuid),
        has('weightCommits') ? q.weightCommits!(netuid, hotkey) : Promise.resolve(undefined),
        q.keys!.entries!(netuid),
        a.query.system!.account!(hotkey),
      ])
      const uid: number | undefined = uidOpt?.isSome ? toNum(uidOpt.unwrap()) : undefined
      const hotkeys: string[] = []
      for (const [k, v] of keyEntries) hotkeys[toNum(k.args[1])] = v.toString()
      let minStake = 0n
      if (has('stakeThreshold')) minStake = toBig(await q.stakeThreshold!())
      else if (has('weightsMinStake')) minStake = toBig(await q.weightsMinStake!())
      // the stake `check_weights_min_stake` compares: 218 TotalHotkeyAlpha(hotkey, netuid) vs WeightsMinStake;
      // newer runtimes the stake weight (alpha + TAO × tao_weight, inherited) vs StakeThreshold, owner exempt
      let stake = 0n
      let stakeSource = 'none'
      let stakeExempt = false
      if (has('stakeThreshold')) {
        const w = await readStakeWeightOf(chain, netuid, hotkey, blockHash)
        stake = w.totalRao
        stakeSource = 'stake weight'
        if (has('subnetOwnerHotkey')) stakeExempt = (await q.subnetOwnerHotkey!(netuid)).toString() === hotkey && uid !== undefined
      } else if (has('totalHotkeyAlpha')) {
        stake = toBig(await q.totalHotkeyAlpha!(hotkey, netuid))
        stakeSource = 'TotalHotkeyAlpha'
      } else if (has('totalHotkeyStake')) {
        stake = toBig(await q.totalHotkeyStake!(hotkey))
        stakeSource = 'TotalHotkeyStake'
      }
      const fees = await weightCallFees(chain, netuid, hotkey, blockHash)
      const commits: ChainCommit[] = []
      const raw = commitsOpt && (commitsOpt.isSome ? commitsOpt.unwrap() : commitsOpt.isNone ? [] : commitsOpt)
      for (const t of (raw ?? []) as any[]) commits.push({a: toNum(t[1]), b: toNum(t[2]), c: toNum(t[3]), hash: t[0].toHex()})
      const weights: [number, number][] = uid === undefined ? [] : ((await q.weights!(netuid, uid)) as any[]).map((p: any) => [toNum(p[0]), toNum(p[1])])
      if (has('commitRevealWeightsVersion')) features.commitRevealVersion = toNum(await q.commitRevealWeightsVersion!())
      const epochIndex = features.epochTuples ? toNum(await q.subnetEpochIndex!(netuid)) : undefined
      const acc = account as {providers?: {toNumber(): number}; sufficients?: {toNumber(): number}}
      const slot = (api.consts as any).aura?.slotDuration
      return {
        block,
        blockHash,
        blockTimeMs: slot ? toNum(slot) : 12_000,
        commitReveal: cr.isTrue,
        commits,
        epochIndex,
        features,
        genesisHash: chain.genesisHash,
        hotkey,
        hotkeyAccountExists: (acc.providers?.toNumber() ?? 0) + (acc.sufficients?.toNumber() ?? 0) > 0,
        hotkeys,
        lastUpdate: uid === undefined ? undefined : toNum((lastUpdates as any[])[uid] ?? 0),
        maxWeightsLimit: toNum(maxLimit),
        minAllowedWeights: toNum(minAllowed),
        minStake,
        n: toNum(n),
        netuid,
        revealPeriodEpochs: toNum(period),
        specVersion: chain.specVersion,
        stake,
        stakeExempt,
        stakeSource,
        callFees: fees,
        tempo: toNum(tempo),
        uid,
        validatorPermit: uid === undefined ? undefined : Boolean((permits as any[])[uid]?.isTrue),
        weights,
        weightsSetRateLimit: toNum(rateLimit),
        weightsVersionKey: toBig(vkey),
      }
    })(),
    `reading subnet ${netuid} weights state`,
  )
}

/** `SubnetInfoRuntimeApi.get_next_epoch_start_block` where the runtime has it (undefined otherwise, or when it fails). */
export async function nextEpochStartBlock(chain: Chain, netuid: number): Promise<number | undefined> {
  const call = (chain.api.call as any).subnetInfoRuntimeApi?.getNextEpochStartBlock
  if (typeof call !== 'function') return undefined
  try {
    return toNum(await call(netuid))
  } catch {
    return undefined
  }
}

/**
 * The fee the runtime would charge the weight calls (`TransactionPaymentApi.query_info`): 0 for `Pays::No` calls.
 * The runtime's nonce check refuses a signer with no providers and no sufficients only when the call pays a fee.
 * Undefined for a call the node could not price (the pool validation then decides).
 */
export async function weightCallFees(chain: Chain, netuid: number, hotkey: string, at: string): Promise<{set?: bigint; commit?: bigint}> {
  const sm = chain.api.tx.subtensorModule as unknown as Record<string, ((...a: unknown[]) => {paymentInfo(who: string, o?: unknown): Promise<{partialFee: {toBigInt(): bigint}}>}) | undefined>
  const price = async (build: (() => {paymentInfo(who: string, o?: unknown): Promise<{partialFee: {toBigInt(): bigint}}>}) | undefined) => {
    if (!build) return undefined
    try {
      return (await build().paymentInfo(hotkey, {at})).partialFee.toBigInt()
    } catch {
      return undefined
    }
  }
  const [set, commit] = await Promise.all([
    price(sm.setWeights ? () => sm.setWeights!(netuid, [], [], 0) : undefined),
    price(sm.commitWeights ? () => sm.commitWeights!(netuid, '0x' + '00'.repeat(32)) : undefined),
  ])
  return {commit, set}
}
