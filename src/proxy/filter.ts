/**
 * Which calls a proxy type lets a proxy make: subtensor's `InstanceFilter<RuntimeCall> for ProxyType`, as a
 * table keyed by the type's name (the names come from the connected runtime's metadata). A type this table
 * does not know is `unknown`: tao says so and leaves the decision to the chain.
 *
 * The filter changed with the runtime, and the runtime's own ProxyType enum tells which one it runs: runtimes
 * whose enum has `ChildKeys` let `Staking` make the whole staking family (move/swap/unstake_all/limit calls);
 * older ones (spec 218: no `ChildKeys`) let `Staking` make add_stake and remove_stake only — on the 218 chain a
 * Staking proxy's move_stake comes back `CallFiltered`. `ChildKeys` allows set_children and set_childkey_take.
 */
export type FilterVerdict = 'allowed' | 'forbidden' | 'unknown'

/** 0.5 TAO: subtensor's SMALL_TRANSFER_LIMIT */
export const SMALL_TRANSFER_LIMIT_RAO = 500_000_000n

const STAKING = new Set([
  'addStake',
  'removeStake',
  'addStakeLimit',
  'removeStakeLimit',
  'removeStakeFullLimit',
  'unstakeAll',
  'unstakeAllAlpha',
  'moveStake',
  'swapStake',
  'swapStakeLimit',
])
/** What a Staking proxy may call on runtimes older than the `ChildKeys` proxy type (spec 218). */
const STAKING_OLD = new Set(['addStake', 'removeStake'])
const TRANSFERS = new Set(['transferKeepAlive', 'transferAllowDeath', 'transferAll', 'transfer'])

export interface CallRef {
  section: string
  method: string
  args?: Record<string, unknown>
}

const bigOf = (v: unknown): bigint | undefined => {
  try {
    return v === undefined || v === null ? undefined : BigInt(v as string)
  } catch {
    return undefined
  }
}

/** Which generation of the filter the runtime runs, from its ProxyType names (`proxyTypeNames`). */
export interface FilterRuntime {
  /** the runtime's ProxyType variants; without them the newest filter is assumed */
  types?: string[]
}

export function proxyTypeAllows(proxyType: string, c: CallRef, rt: FilterRuntime = {}): FilterVerdict {
  const newer = rt.types === undefined || rt.types.includes('ChildKeys')
  const sm = c.section === 'subtensorModule'
  const yes = (b: boolean): FilterVerdict => (b ? 'allowed' : 'forbidden')
  switch (proxyType) {
    case 'Any':
      return 'allowed'
    case 'NonTransfer':
      return yes(c.section !== 'balances' && !(sm && c.method === 'transferStake'))
    case 'NonFungibile':
    case 'NonFungible':
      return yes(c.section !== 'balances' && !(sm && ['addStake', 'removeStake', 'burnedRegister', 'rootRegister', 'transferStake'].includes(c.method)))
    case 'Transfer':
      return yes((c.section === 'balances' && TRANSFERS.has(c.method)) || (sm && c.method === 'transferStake'))
    case 'SmallTransfer': {
      if (c.section === 'balances' && (c.method === 'transferKeepAlive' || c.method === 'transferAllowDeath')) {
        const v = bigOf(c.args?.value)
        return v === undefined ? 'unknown' : yes(v < SMALL_TRANSFER_LIMIT_RAO)
      }
      return 'forbidden'
    }
    case 'Staking':
      return yes(sm && (newer ? STAKING : STAKING_OLD).has(c.method))
    case 'ChildKeys':
      return yes(sm && (c.method === 'setChildren' || c.method === 'setChildkeyTake'))
    case 'Registration':
      return yes(sm && (c.method === 'burnedRegister' || c.method === 'register'))
    case 'RootWeights':
      return yes(sm && c.method === 'setRootWeights')
    case 'Owner':
      // AdminUtils (newer runtimes: but not sudo_set_sn_owner_hotkey; plus set_subnet_identity and update_symbol)
      if (c.section === 'adminUtils') return yes(!(newer && c.method === 'sudoSetSnOwnerHotkey'))
      return yes(newer && sm && (c.method === 'setSubnetIdentity' || c.method === 'updateSymbol'))
    case 'Senate':
      return yes(c.section === 'senateMembers')
    case 'Triumvirate':
      return yes(c.section === 'triumvirate' || c.section === 'triumvirateMembers')
    case 'Governance':
      return yes(['senateMembers', 'triumvirate', 'triumvirateMembers'].includes(c.section))
    case 'NonCritical':
      return yes(!(sm && ['dissolveNetwork', 'rootRegister', 'burnedRegister', 'setRootWeights'].includes(c.method)) && c.section !== 'triumvirate')
    default:
      return 'unknown'
  }
}
