/**
 * Builders for every weights extrinsic, from the connected runtime's metadata (see src/chain/calls/index.ts).
 */
import {type TxNamespace, build, callArgs, hasCall} from './index.js'

export interface SetWeightsParams {
  netuid: number
  uids: readonly number[]
  values: readonly number[]
  versionKey: bigint
}

export function setWeightsCall(tx: TxNamespace, p: SetWeightsParams) {
  return build(tx, 'subtensorModule', 'setWeights', [p.netuid, p.uids, p.values, p.versionKey])
}

export function commitWeightsCall(tx: TxNamespace, p: {netuid: number; hash: string}) {
  return build(tx, 'subtensorModule', 'commitWeights', [p.netuid, p.hash])
}

export interface RevealParams extends SetWeightsParams {
  salt: readonly number[]
}

export function revealWeightsCall(tx: TxNamespace, p: RevealParams) {
  return build(tx, 'subtensorModule', 'revealWeights', [p.netuid, p.uids, p.values, p.salt, p.versionKey])
}

export function batchRevealWeightsCall(tx: TxNamespace, netuid: number, reveals: readonly RevealParams[]) {
  return build(tx, 'subtensorModule', 'batchRevealWeights', [
    netuid,
    reveals.map((r) => r.uids),
    reveals.map((r) => r.values),
    reveals.map((r) => r.salt),
    reveals.map((r) => r.versionKey),
  ])
}

export interface TimelockedCommitParams {
  netuid: number
  /** the TLECiphertext bytes */
  commit: Uint8Array
  revealRound: bigint | number
  /** CommitRevealWeightsVersion (4 at the time of writing) */
  commitRevealVersion: number
}

/** `commit_timelocked_weights` (spec 301+). Fails on runtimes without it (spec 218). */
export function commitTimelockedWeightsCall(tx: TxNamespace, p: TimelockedCommitParams) {
  const args = callArgs(tx, 'subtensorModule', 'commitTimelockedWeights')
  const hex = '0x' + Buffer.from(p.commit).toString('hex')
  const values: Record<string, unknown> = {commit: hex, commit_reveal_version: p.commitRevealVersion, netuid: p.netuid, reveal_round: BigInt(p.revealRound)}
  return build(
    tx,
    'subtensorModule',
    'commitTimelockedWeights',
    args.map((a) => values[a]),
  )
}

export const supportsTimelocked = (tx: TxNamespace) => hasCall(tx, 'subtensorModule', 'commitTimelockedWeights')
