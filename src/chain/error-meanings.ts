/**
 * What a chain refusal means for the operator, one sentence each. Keyed by error name (pallet-agnostic,
 * since the names are unique in subtensor). Runtime docs are used when a name is missing here.
 */
export const ERROR_MEANINGS: Record<string, string> = {
  // registration
  SubNetworkDoesNotExist: 'that subnet does not exist; check the netuid with `tao subnet list`',
  SubnetNotExists: 'that subnet does not exist; check the netuid with `tao subnet list`',
  RegistrationNotPermittedOnRootSubnet: 'netuid 0 is the root network; it has its own registration',
  SubNetRegistrationDisabled: 'registration is disabled on this subnet right now',
  TooManyRegistrationsThisBlock: 'this block already holds the subnet\'s maximum registrations; retry in the next block',
  TooManyRegistrationsThisInterval: 'the subnet has had its maximum registrations this interval; wait for the next adjustment interval',
  HotKeyAlreadyRegisteredInSubNet: 'this hotkey already has a uid on this subnet; nothing to do',
  NotEnoughBalanceToStake: 'the coldkey\'s free balance does not cover this amount (burn, lock or stake)',
  NonAssociatedColdKey: 'this hotkey belongs to a different coldkey',
  NoNeuronIdAvailable: 'the subnet is full and no neuron can be replaced right now',
  RegistrationPriceLimitExceeded: 'the burn moved above your limit; nothing was paid',
  NetworkTxRateLimitExceeded: 'a subnet was registered too recently; the network registration rate limit has not elapsed',
  MechanismDoesNotExist: 'that subnet mechanism does not exist',
  CannotAffordLockCost: 'the coldkey cannot pay the subnet lock cost',
  HotKeyNotDelegateAndSignerNotOwnHotKey: 'the hotkey belongs to someone else',
  SubnetLimitReached: 'the subnet limit is reached and every subnet is still immune',
  CannotUseSystemAccount: 'a system account cannot be used here',
  InvalidIdentity: 'an identity field is too long (name, url, github and discord at most 256 bytes; image, description, additional 1024); shorten it',
  RootNetworkDoesNotExist: 'the root network does not exist on this chain',
  StakeTooLowForRoot: 'root is full and your stake is below the lowest root validator; stake more to the hotkey on root first',
  // keys and identity
  NewHotKeyIsSameWithOld: 'the new hotkey is the old one; name a different hotkey',
  NotEnoughBalanceToPaySwapHotKey: 'the coldkey cannot pay the hotkey swap cost (KeySwapCost); add TAO to the coldkey',
  HotKeySetTxRateLimitExceeded: 'this coldkey sent a rate-limited transaction too recently (TxRateLimit); wait the blocks shown and retry',
  HotKeySwapOnSubnetIntervalNotPassed: 'this hotkey was swapped on this subnet too recently; wait for the swap interval to pass',
  NewHotKeyNotCleanForRootSwap: 'the new hotkey already holds state on root; use a fresh hotkey',
  ColdKeyAlreadyAssociated: 'this coldkey is already associated (or swapped)',
  SameAutoStakeHotkeyAlreadySet: 'that hotkey is already the auto-stake destination for this subnet; nothing to do',
  CouldNotJoinSenate: 'the hotkey registered on root but could not join the senate',
  TxRateLimitExceeded: 'a rate limit for this transaction has not elapsed (swapping a hotkey: TxRateLimit, child hotkeys: one change per hotkey and subnet every 150 blocks); wait and retry',
  // staking
  HotKeyAccountNotExists: 'that hotkey is not registered anywhere on this chain',
  NotEnoughStakeToWithdraw: 'there is less stake on that hotkey and subnet than you asked to remove',
  StakeToWithdrawIsZero: 'the amount to remove is zero',
  BalanceWithdrawalError: 'the balance could not be withdrawn (it would fall below the existential deposit)',
  ZeroBalanceAfterWithdrawn: 'this would leave the coldkey with zero balance',
  AmountTooLow: 'the amount is below the chain minimum for staking (plus fees)',
  InsufficientLiquidity: 'the subnet pool is too thin for this amount',
  SlippageTooHigh: 'the price moved past your tolerance; nothing was traded',
  SameNetuid: 'origin and destination subnet are the same',
  TransferDisallowed: 'stake transfers are disabled on this subnet',
  SubtokenDisabled: 'the subnet owner has not started the subnet (start_call); staking is not open yet',
  ZeroMaxStakeAmount: 'the limit price is already violated; nothing can be traded at that price',
  StakingOperationRateLimitExceeded: 'you already staked to this hotkey and subnet in this block; retry in the next block',
  StakeUnavailable: 'that stake is locked',
  DelegateTakeTooLow: 'the take is below the minimum, or not lower than the current take',
  DelegateTakeTooHigh: 'the take is above the maximum allowed (about 18%)',
  DelegateTxRateLimitExceeded: 'the take was changed too recently; increasing it again needs more blocks to pass',
  HotKeyAlreadyDelegate: 'this hotkey is already a delegate',
  // child hotkeys and the subnet owner (stake child, subnet set/start/identity)
  InvalidChild: 'a hotkey cannot be its own child',
  DuplicateChild: 'the same child is given twice',
  ProportionOverflow: 'the children\'s proportions add up to more than 100%',
  TooManyChildren: 'a hotkey can have at most 5 children per subnet',
  InvalidChildkeyTake: 'the childkey take is outside the chain\'s allowed range (about 0–18%)',
  TxChildkeyTakeRateLimitExceeded: 'the childkey take was changed too recently; the take rate limit has not elapsed',
  NotEnoughStakeToSetChildkeys: 'the parent hotkey\'s stake is below the chain\'s minimum for having children',
  ChildParentInconsistency: 'a child of this hotkey is also its parent on this subnet',
  NotSubnetOwner: 'only the subnet\'s owner coldkey can do this',
  MaxValidatorsLargerThanMaxUIds: 'max validators cannot exceed the subnet\'s max allowed uids',
  MaxAllowedUIdsLessThanCurrentUIds: 'max allowed uids cannot be below the number of neurons the subnet has',
  LiquidAlphaDisabled: 'liquid alpha is off on this subnet; enable it (liquid_alpha_enabled) before setting alpha values',
  AlphaHighTooLow: 'alpha_high is too low (the chain requires at least 0.8)',
  AlphaLowOutOfRange: 'alpha_low is out of range (above 0 and below 0.8)',
  FirstEmissionBlockNumberAlreadySet: 'the subnet is already started',
  NeedWaitingMoreBlocksToStarCall: 'the subnet cannot be started yet; StartCallDelay blocks must pass after registration',
  AdminActionProhibitedDuringWeightsWindow: 'hyperparameters cannot change in the last blocks before an epoch; retry after the epoch',
  // weights
  CanNotSetRootNetworkWeights: 'weights cannot be set on the root network this way',
  WeightVecNotEqualSize: 'uids and weights have different lengths',
  UidsLengthExceedUidsInSubNet: 'more uids than the subnet has neurons',
  HotKeyNotRegisteredInSubNet: 'the hotkey has no uid on this subnet',
  HotKeyNotRegisteredInNetwork: 'the hotkey is not registered on this subnet',
  NotEnoughStakeToSetWeights: 'the hotkey\'s stake is below the subnet\'s minimum for setting weights',
  IncorrectWeightVersionKey: 'the weights version key is lower than the subnet requires; update your validator',
  SettingWeightsTooFast: 'weights were set too recently; the weights rate limit has not elapsed',
  CommittingWeightsTooFast: 'weights were committed too recently; the weights rate limit has not elapsed',
  NeuronNoValidatorPermit: 'the hotkey has no validator permit on this subnet',
  DuplicateUids: 'a uid appears twice',
  UidVecContainInvalidOne: 'a uid does not exist on this subnet',
  WeightVecLengthIsLow: 'fewer weights than the subnet\'s minimum',
  MaxWeightExceeded: 'a weight exceeds the subnet\'s max weight limit',
  CommitRevealEnabled: 'commit-reveal is on for this subnet: weights must be committed, then revealed',
  CommitRevealDisabled: 'commit-reveal is off for this subnet: set weights directly',
  TooManyUnrevealedCommits: 'ten commits are already waiting to be revealed',
  NoWeightsCommitFound: 'there is no commit to reveal',
  RevealTooEarly: 'the reveal window has not opened yet',
  ExpiredWeightCommit: 'the commit expired: its reveal window has passed',
  InvalidRevealCommitHashNotMatch: 'the revealed values do not match the committed hash',
  InputLengthsUnequal: 'the lists in a batch have different lengths',
  IncorrectCommitRevealVersion: 'the commit-reveal version does not match the chain\'s',
  InvalidRevealRound: 'the drand reveal round is in the past',
  // serving
  InvalidIpAddress: 'the IP address is not valid for an axon (loopback, malformed, or 0 on runtimes that refuse it); announce a public address',
  InvalidIpType: 'the IP type must be 4 or 6',
  InvalidPort: 'the port must not be 0',
  ServingRateLimitExceeded: 'the axon was announced too recently; the serving rate limit has not elapsed',
  // balances
  InsufficientBalance: 'the balance is too low for this transfer',
  ExistentialDeposit: 'the amount is below the existential deposit',
  Expendability: 'the transfer would reap the sender; use a smaller amount or allow death',
  KeepAlive: 'the transfer would take the sender below the existential deposit',
  LiquidityRestrictions: 'the balance is locked',
  // sudo
  RequireSudo: 'the signer is not the sudo key',
  BadOrigin: 'the signer is not allowed to make this call',
}

/** Pool rejections at spec 218 (`SubtensorSignedExtension`, `Custom error: N`). */
export const POOL_CUSTOM_218: Record<number, [string, string]> = {
  1: ['NotEnoughStakeToCommit', 'the hotkey lacks the minimum stake to commit weights'],
  2: ['NotEnoughStakeToReveal', 'the hotkey lacks the minimum stake to reveal weights'],
  3: ['NotEnoughStakeToSetWeights', 'the hotkey lacks the minimum stake to set weights'],
  4: ['NotEnoughStakeToSetTaoWeights', 'the hotkey lacks the minimum stake to set root weights'],
  5: ['TooManyRegistrationsThisInterval', 'the subnet has had its maximum registrations this interval; wait for the next adjustment interval'],
}

/** Pool rejections at newer runtimes (`CustomTransactionError`). */
export const POOL_CUSTOM_HEAD: Record<number, [string, string]> = {
  0: ['ColdkeyInSwapSchedule', 'this coldkey has a swap scheduled; it cannot sign this now'],
  1: ['StakeAmountTooLow', 'the stake is below the minimum for this action'],
  2: ['BalanceTooLow', 'the balance is too low'],
  3: ['SubnetNotExists', 'that subnet does not exist'],
  4: ['HotkeyAccountDoesntExist', 'that hotkey is not registered anywhere'],
  5: ['NotEnoughStakeToWithdraw', 'there is not enough stake to withdraw'],
  6: ['RateLimitExceeded', 'a rate limit has not elapsed'],
  7: ['InsufficientLiquidity', 'the subnet pool is too thin'],
  8: ['SlippageTooHigh', 'the price moved past your tolerance'],
  9: ['TransferDisallowed', 'transfers are disabled on this subnet'],
  10: ['HotKeyNotRegisteredInNetwork', 'the hotkey is not registered on this subnet'],
  11: ['InvalidIpAddress', 'the IP address is invalid'],
  12: ['ServingRateLimitExceeded', 'the axon was announced too recently'],
  13: ['InvalidPort', 'the port is invalid'],
  14: ['BadRequest', 'the request is malformed'],
  15: ['InvalidRevealRound', 'the drand reveal round is in the past'],
  16: ['CommitNotFound', 'there is no matching commit'],
  17: ['CommitBlockNotInRevealRange', 'the reveal window is not open'],
  18: ['InputLengthsUnequal', 'the lists have different lengths'],
  19: ['UidNotFound', 'a uid does not exist'],
  21: ['ColdkeySwapDisputed', 'this coldkey has a disputed swap'],
  255: ['BadRequest', 'the request is malformed'],
}

export function meaningOf(errorName: string, docs?: string): string {
  return ERROR_MEANINGS[errorName] ?? (docs?.trim() ? docs.trim().replace(/\.$/, '') : 'the chain refused the call')
}

/** One explained error: its name, where it comes from, what it means and what to do. */
export interface ErrorExplanation {
  /** the error name as the chain spells it (`HotKeyAlreadyRegisteredInSubNet`, `Pool.TooManyRegistrationsThisInterval`) */
  name: string
  /** `dispatch` (a pallet error in a block) or `pool` (refused before inclusion: `Custom error: N`) */
  kind: 'dispatch' | 'pool'
  /** for pool codes: which runtime family uses that number */
  runtime?: 'spec 218 (SubtensorSignedExtension)' | 'newer runtimes (CustomTransactionError)'
  /** the custom code, for pool rejections */
  custom?: number
  meaning: string
  /** what to do about it ("" when the meaning already says) */
  action: string
  /** `table`: tao's own sentence; `runtime`: the connected runtime's error docs (a name the table lacks) */
  source?: 'table' | 'runtime'
  /** with a connected runtime: the pallet that has this error there (absent: that runtime has no such error) */
  pallet?: string
}

/** Split a table sentence into the meaning and the advice after its first ';'. */
function split(sentence: string): {meaning: string; action: string} {
  const i = sentence.indexOf(';')
  return i < 0 ? {action: '', meaning: sentence} : {action: sentence.slice(i + 1).trim(), meaning: sentence.slice(0, i).trim()}
}

/** Every error name the table knows (dispatch names and pool names). */
export function knownErrorNames(): string[] {
  const pool = [...Object.values(POOL_CUSTOM_218), ...Object.values(POOL_CUSTOM_HEAD)].map(([n]) => n)
  return [...new Set([...Object.keys(ERROR_MEANINGS), ...pool])].sort()
}

/**
 * Explain an error as an operator meets it: a name (`StakeTooLowForRoot`), `Module.Error`
 * (`SubtensorModule.StakeTooLowForRoot`, `Pool.TooManyRegistrationsThisInterval`), or a pool code
 * (`Custom error: 5`, `custom 5`, `{"custom":5}`): every matching entry of the tables above (a custom code means
 * different things on spec 218 and on newer runtimes, so both are given). [] when nothing matches.
 */
export function explainError(query: string): ErrorExplanation[] {
  const q = query.trim()
  const custom = /^(?:.*custom(?:\s*error)?\s*:?\s*|\{?\s*"?custom"?\s*:\s*)(\d+)\s*\}?$/i.exec(q)
  if (custom) {
    const n = Number(custom[1])
    const out: ErrorExplanation[] = []
    const e218 = POOL_CUSTOM_218[n]
    if (e218) out.push({custom: n, kind: 'pool', name: e218[0], runtime: 'spec 218 (SubtensorSignedExtension)', ...split(e218[1])})
    const head = POOL_CUSTOM_HEAD[n]
    if (head) out.push({custom: n, kind: 'pool', name: head[0], runtime: 'newer runtimes (CustomTransactionError)', ...split(head[1])})
    return out
  }
  const bare = q.includes('.') ? q.slice(q.lastIndexOf('.') + 1) : q
  const isPool = /^pool\./i.test(q)
  const key = Object.keys(ERROR_MEANINGS).find((k) => k.toLowerCase() === bare.toLowerCase())
  const out: ErrorExplanation[] = []
  if (key && !isPool) out.push({kind: 'dispatch', name: key, ...split(ERROR_MEANINGS[key]!)})
  for (const [table, runtime] of [
    [POOL_CUSTOM_218, 'spec 218 (SubtensorSignedExtension)'],
    [POOL_CUSTOM_HEAD, 'newer runtimes (CustomTransactionError)'],
  ] as const) {
    for (const [n, [name, sentence]] of Object.entries(table)) {
      if (name.toLowerCase() !== bare.toLowerCase()) continue
      if (!isPool && key) continue
      out.push({custom: Number(n), kind: 'pool', name, runtime, ...split(sentence)})
    }
  }
  return out
}

/** Damerau-free edit distance (for "did you mean"). */
function distance(a: string, b: string): number {
  const d = Array.from({length: a.length + 1}, (_, i) => [i, ...Array<number>(b.length).fill(0)])
  for (let j = 1; j <= b.length; j++) d[0]![j] = j
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1))
  }
  return d[a.length]![b.length]!
}

/** The known names closest to `query` (case-insensitive; at most `max`, only reasonably close ones). */
export function closestErrorNames(query: string, max = 3, extra: string[] = []): string[] {
  const q = (query.includes('.') ? query.slice(query.lastIndexOf('.') + 1) : query).trim().toLowerCase()
  const scored = [...new Set([...knownErrorNames(), ...extra])].map((n) => {
    const l = n.toLowerCase()
    const score = l.includes(q) || q.includes(l) ? 0 : distance(q, l)
    return {n, score}
  })
  const limit = Math.max(3, Math.floor(q.length / 3))
  return scored
    .filter((s) => s.score <= limit)
    .sort((a, b) => a.score - b.score || a.n.localeCompare(b.n))
    .slice(0, max)
    .map((s) => s.n)
}
