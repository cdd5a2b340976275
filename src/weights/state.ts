/**
 * Everything the chain will look at when it receives weights, read at ONE pinned block (the best block
 * when we start), so the checks cannot mix states from different heads.
 */

export interface ChainCommit {
  hash: string
  /** spec < 423: commit block; 423+: commit epoch */
  a: number
  /** spec < 423: first reveal block; 423+: commit block */
  b: number
  /** spec < 423: last reveal block; 423+: 0 */
  c: number
}

export interface CommitFeatures {
  /** `commit_timelocked_weights` exists (drand timelocked commits) */
  timelocked: boolean
  /** `batch_reveal_weights` exists */
  batchReveal: boolean
  /** `WeightCommits` tuples are (hash, commit_epoch, commit_block, 0) (dynamic tempo, spec 423+) */
  epochTuples: boolean
  /** `CommitRevealWeightsVersion` (timelocked payload version the chain wants), if present */
  commitRevealVersion?: number
}

export interface WeightsState {
  netuid: number
  block: number
  blockHash: string
  specVersion: number
  genesisHash: string
  /** SubnetworkN: valid uids are 0..n-1 */
  n: number
  tempo: number
  minAllowedWeights: number
  maxWeightsLimit: number
  weightsVersionKey: bigint
  weightsSetRateLimit: number
  commitReveal: boolean
  revealPeriodEpochs: number
  /** WeightsMinStake (218) / StakeThreshold (newer) */
  minStake: bigint
  /** the hotkey's stake as the check sees it (see `stakeSource`) */
  stake: bigint
  stakeSource: string
  /** the subnet owner's hotkey is exempt from the stake minimum (newer runtimes) */
  stakeExempt?: boolean
  /**
   * the fee the runtime would charge `set_weights` / `commit_weights` from this hotkey (0: `Pays::No`); undefined
   * when the node could not price it
   */
  callFees?: {set?: bigint; commit?: bigint}
  hotkey: string
  /** the hotkey has an account (providers > 0) and so a nonce */
  hotkeyAccountExists: boolean
  uid?: number
  lastUpdate?: number
  validatorPermit?: boolean
  /** uid → hotkey of the subnet */
  hotkeys: string[]
  /** the hotkey's pending commits in `WeightCommits` */
  commits: ChainCommit[]
  /** the hotkey's row in `Weights` (uid, value), as stored */
  weights: [number, number][]
  features: CommitFeatures
  /** milliseconds per block (Aura slot), for drand round prediction */
  blockTimeMs: number
  /** spec 423+: SubnetEpochIndex */
  epochIndex?: number
}

export {commitFeatures, readWeightsState} from '../chain/weights-reads.js'
