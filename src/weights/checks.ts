/**
 * The chain's own acceptance rules for weights, evaluated on a pinned-block snapshot before anything is
 * signed (the order follows `do_set_weights`). Pure.
 */
import type {WeightsState} from './state.js'

import {chainRefusal} from '../scoring/chain-math.js'

export type WeightsMode = 'set' | 'commit'

export interface CheckRow {
  check: string
  ok: boolean
  detail: string
  /** the chain error this check predicts */
  error?: string
}

export interface RateLimit {
  /** weights (or a commit) may land in the next block */
  allowed: boolean
  /** first block in which a set/commit may land */
  nextAllowedBlock: number
  /** blocks from the pinned head until that block (0 when allowed now) */
  inBlocks: number
  lastUpdate: number
  limit: number
}

/**
 * `check_rate_limit`: allowed when LastUpdate is 0 or `block − LastUpdate ≥ WeightsSetRateLimit`, for the
 * block the extrinsic lands in (head + 1).
 */
export function rateLimit(state: Pick<WeightsState, 'block' | 'lastUpdate' | 'weightsSetRateLimit'>): RateLimit {
  const last = state.lastUpdate ?? 0
  const limit = state.weightsSetRateLimit
  const landing = state.block + 1
  const next = last === 0 ? landing : Math.max(landing, last + limit)
  const allowed = last === 0 || landing - last >= limit
  return {allowed, inBlocks: allowed ? 0 : next - state.block, lastUpdate: last, limit, nextAllowedBlock: allowed ? landing : next}
}

export interface PrecheckInput {
  uids: readonly number[]
  values: readonly number[]
  versionKey: bigint
  mode: WeightsMode
}

export interface Precheck {
  rows: CheckRow[]
  rate: RateLimit
  /** first failing check (rate limit excluded: it is reported separately and is not an error) */
  failure?: CheckRow
}

export function precheck(state: WeightsState, input: PrecheckInput): Precheck {
  const rows: CheckRow[] = []
  const add = (check: string, ok: boolean, detail: string, error?: string) => rows.push({check, detail, error: ok ? undefined : error, ok})
  add('subnet', state.netuid !== 0, state.netuid === 0 ? 'netuid 0 is the root network' : `subnet ${state.netuid} exists, ${state.n} uids`, 'CanNotSetRootNetworkWeights')
  add('registered', state.uid !== undefined, state.uid !== undefined ? `hotkey ${state.hotkey} is uid ${state.uid}` : `hotkey ${state.hotkey} is not registered on subnet ${state.netuid}`, 'HotKeyNotRegisteredInSubNet')
  // CheckNonce refuses a signer with no providers and no sufficients only for a call that pays a fee
  // (the weight calls are Pays::No at 218 and today): the account check applies only when the fee is not 0
  const fee = input.mode === 'commit' ? state.callFees?.commit : state.callFees?.set
  const needsAccount = fee !== undefined && fee > 0n
  add(
    'account',
    state.hotkeyAccountExists || !needsAccount,
    state.hotkeyAccountExists
      ? 'hotkey account exists (has a nonce)'
      : needsAccount
        ? `the hotkey has no account on chain and this call pays a fee (${fee} rao): send it a small amount (existential deposit) so it can sign`
        : `the hotkey has no balance; none needed (${input.mode === 'commit' ? 'commit_weights' : 'set_weights'} pays no fee)`,
    'Payment',
  )
  add(
    'stake',
    state.stakeExempt === true || state.stake >= state.minStake,
    state.stakeExempt ? 'subnet owner: exempt from the stake minimum' : `stake ${state.stake} rao (${state.stakeSource}) vs minimum ${state.minStake} rao`,
    'NotEnoughStakeToSetWeights',
  )
  const vk = state.weightsVersionKey
  add('version key', vk === 0n || input.versionKey >= vk, `version key ${input.versionKey} vs subnet's ${vk}`, 'IncorrectWeightVersionKey')
  if (input.mode === 'commit') add('commit-reveal', state.commitReveal, state.commitReveal ? 'commit-reveal is on' : 'commit-reveal is off: set weights directly', 'CommitRevealDisabled')
  const rate = rateLimit(state)
  const self = state.uid !== undefined && input.uids.length === 1 && input.uids[0] === state.uid
  add('validator permit', self || state.validatorPermit === true, self ? 'self-weight (no permit needed)' : state.validatorPermit ? 'uid has a validator permit' : 'uid has no validator permit on this subnet', 'NeuronNoValidatorPermit')
  const refusal = chainRefusal(input.uids, input.values, {maxWeightsLimit: state.maxWeightsLimit, minAllowedWeights: state.minAllowedWeights, n: state.n, selfUid: state.uid})
  add(
    'weights vector',
    !refusal,
    refusal ? `the chain would refuse the vector (${refusal})` : `${input.uids.length} uids; MinAllowedWeights ${state.minAllowedWeights}, MaxWeightsLimit ${state.maxWeightsLimit}`,
    refusal,
  )
  return {failure: rows.find((r) => !r.ok), rate, rows}
}
