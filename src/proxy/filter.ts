/**
 * Which calls a proxy type lets a proxy make: subtensor's `InstanceFilter<RuntimeCall> for ProxyType`, as a
 * table keyed by the type's name (the names come from the connected runtime's metadata). A type this table
 * does not know is `unknown`: tao says so and leaves the decision to the chain.
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

export function proxyTypeAllows(proxyType: string, c: CallRef): FilterVerdict {
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
      return yes(sm && STAKING.has(c.method))
    case 'Registration':
      return yes(sm && (c.method === 'burnedRegister' || c.method === 'register'))
    case 'RootWeights':
      return yes(sm && c.method === 'setRootWeights')
    case 'Owner':
      return c.section === 'adminUtils' ? 'allowed' : 'unknown'
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
