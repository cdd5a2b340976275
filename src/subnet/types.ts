/**
 * Domain types of the subnet topic (plain data: bigint rao, numbers, SS58 strings). The spec-218 struct
 * definitions live in src/chain/types.ts.
 */

/** One row of the subnet list. Amounts in rao (bigint); price in rao of TAO per whole alpha. */
export interface SubnetSummary {
  netuid: number
  name: string | null
  symbol: string | null
  /** subnet owner (coldkey) */
  owner: string
  ownerHotkey: string | null
  tempo: number
  neurons: number
  maxNeurons: number
  /** registration cost (burned) */
  burnRao: bigint
  /** TAO per alpha ×1e9 (root: 1e9); null when the runtime has no pool for it */
  priceRao: bigint | null
  /** TAO in the subnet pool */
  taoInRao: bigint | null
  /** alpha in the subnet pool */
  alphaInRao: bigint | null
  /** TAO emitted into the subnet per block, as the runtime reports it */
  emissionRao: bigint | null
  blocksSinceLastStep: number | null
  registeredAt: number | null
}

export interface AxonInfo {
  ip: string
  port: number
  ipType: number
  version: number
  protocol: number
  block: number
}

/** One neuron of a metagraph. Fractions are u16/65535 as numbers in [0, 1]. */
export interface Neuron {
  uid: number
  hotkey: string
  coldkey: string
  active: boolean
  validatorPermit: boolean
  /**
   * stake weight on this subnet, as the chain weighs it (`get_stake_weights_for_network`; the SDK metagraph's
   * `stake`/`total_stake`): alpha + TAO × tao_weight, in rao
   */
  stakeRao: bigint
  /** alpha staked to the hotkey on this subnet after child/parent inheritance (SDK `alpha_stake`), alpha rao */
  alphaStakeRao: bigint
  /** TAO (root) stake of the hotkey after inheritance (SDK `tao_stake`), rao */
  taoStakeRao: bigint
  rank: number
  trust: number
  validatorTrust: number | null
  consensus: number
  incentive: number
  dividends: number
  /** alpha emitted to this uid in the last epoch (the Emission row), in alpha rao: α per epoch, not TAO */
  emissionRao: bigint
  lastUpdate: number
  pruningScore: number | null
  blockAtRegistration: number | null
  /** null when the neuron never announced an axon */
  axon: AxonInfo | null
}

export interface Metagraph {
  netuid: number
  block: number
  blockHash: string
  /** which runtime API answered: `get_metagraph` (newer runtimes) or `get_neurons_lite` */
  source: 'get_metagraph' | 'get_neurons_lite'
  /** where the stake columns come from: the runtime's `get_metagraph` vectors, or the same formula over storage (218) */
  stakeSource: 'get_metagraph' | 'storage'
  /** TaoWeight as stored (u64 fraction of u64::MAX): stake weight = alpha + TAO × taoWeightRaw / 2^64 */
  taoWeightRaw: bigint
  neurons: Neuron[]
}

export interface Hyperparameter {
  name: string
  /** exact value as the chain stores it (integers as decimal strings via bigint, booleans) */
  value: bigint | boolean | string
  /** the value in human units, e.g. `0.5`, `100 blocks (~20 min)`, `1 TAO` */
  human: string
  unit: 'blocks' | 'tao' | 'fraction' | 'bool' | 'count' | 'number' | 'epochs'
  description: string
}
