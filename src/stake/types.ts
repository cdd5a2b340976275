/**
 * Result shapes of the staking library (what `--json` prints). TAO amounts are `*Rao` (bigint) with a `*Tao`
 * decimal string; alpha amounts are `*AlphaRao` (base units, 9 decimals) with an `*Alpha` decimal string;
 * prices are `priceRao` = rao of TAO per one whole alpha, with `priceTao` as a decimal string.
 */
import {formatTao} from '../util/amount.js'
import {alphaToTao} from './math.js'

export interface Position {
  hotkey: string
  hotkeyName?: string
  coldkey: string
  netuid: number
  stakeAlphaRao: bigint
  stakeAlpha: string
  priceRao: bigint
  priceTao: string
  /** stake × price (mid-price, before slippage) */
  valueRao: bigint
  valueTao: string
}

export function position(p: {hotkey: string; hotkeyName?: string; coldkey: string; netuid: number; alphaRao: bigint; priceRao: bigint}): Position {
  const valueRao = alphaToTao(p.alphaRao, p.priceRao)
  return {
    coldkey: p.coldkey,
    hotkey: p.hotkey,
    hotkeyName: p.hotkeyName,
    netuid: p.netuid,
    priceRao: p.priceRao,
    priceTao: formatTao(p.priceRao),
    stakeAlpha: formatTao(p.alphaRao),
    stakeAlphaRao: p.alphaRao,
    valueRao,
    valueTao: formatTao(valueRao),
  }
}

/** State shown before and after a staking operation, read at one block. */
export interface Snapshot {
  block: number
  blockHash: string
  freeRao: bigint
  freeTao: string
  /** the origin position first, then the destination (move/transfer/swap) */
  positions: Position[]
}

export interface Guard {
  /** does the runtime have the `*_limit` call for this operation? */
  available: boolean
  /** is the trade submitted with a price limit? */
  enabled: boolean
  tolerancePpb?: bigint
  tolerance?: string
  /** add/remove: rao of TAO per alpha; swap: price ratio origin/destination ×1e9 */
  limitPriceRao?: bigint
  limitPrice?: string
  allowPartial?: boolean
  note: string
}

export type Operation = 'add' | 'remove' | 'move' | 'transfer' | 'swap'

export interface Expected {
  /** alpha bought (add) or delivered at the destination (move/swap/transfer) */
  alphaRao?: bigint
  alpha?: string
  /** TAO returned (remove) */
  taoRao?: bigint
  tao?: string
  /** effective price and its distance from the spot price */
  effectivePriceRao?: bigint
  impact?: string
  impactPpb?: bigint
}

export interface ValidatorInfo {
  hotkey: string
  owner: string
  take: number
  takePercent: string
  /** an explicit `Delegates` entry exists (a delegate that chose its take) */
  listed: boolean
  /** the hotkey has a uid on the subnet */
  registeredOnSubnet: boolean
}

export interface StakePlan {
  operation: Operation
  /** with `--proxy`: the account the call runs as (= coldkey) and the proxy that signs */
  onBehalfOf?: string
  proxy?: string
  announceOnly?: boolean
  /** the spending policy's verdict (when a policy is in force) */
  policy?: import('../config/policy.js').PolicyVerdict
  /** whether the trade goes through the runtime's MEV shield, and why (absent on this runtime, --no-mev-shield, …) */
  mevShield?: {enabled: boolean; note: string}
  /** `subtensorModule.addStake`, … */
  call: string
  coldkey: string
  hotkey: string
  netuid: number
  destination?: {hotkey: string; netuid: number; coldkey: string}
  /** TAO spent (add) */
  amountRao?: bigint
  amountTao?: string
  /** alpha sold or moved (remove/move/transfer/swap) */
  amountAlphaRao?: bigint
  amountAlpha?: string
  before: Snapshot
  expected: Expected
  guard: Guard
  feeEstimateRao: bigint
  feeEstimateTao: string
  validator?: ValidatorInfo
  warnings: string[]
}

export interface TxSummary {
  txHash: string
  nonce: number
  dryRun: boolean
  blockNumber?: number
  blockHash?: string
  feeRao: bigint
  feeTao: string
  events: {section: string; method: string; data: unknown[]}[]
  /** the dry run's pool validity */
  validity?: {priority: string; longevity: string}
  /** sent through the MEV shield: the inner (encrypted) extrinsic and its wrapper; txHash is the inner one */
  shield?: import('../chain/shield.js').ShieldInfo
  /** signed by a proxy on behalf of another account (`--proxy`), or only announced (`--announce-only`) */
  proxied?: import('../proxy/submit.js').ProxiedInfo
  /** run as a multisig (`--multisig`): started, approved or executed, with the call hash and timepoint */
  multisig?: import('../multisig/submit.js').MultisigInfo
  policy?: import('../config/policy.js').PolicyVerdict
}

export interface StakeResult extends StakePlan {
  tx: TxSummary
  /** amounts the chain reported in its StakeAdded/StakeRemoved event */
  actual?: {taoRao: bigint; taoTao: string; alphaRao: bigint; alpha: string}
  after?: Snapshot
}
