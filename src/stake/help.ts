/** Flag descriptions shared by the stake commands (kept in one place so they read the same everywhere). */
export const HELP = {
  allowPartial: 'with a price limit: fill what the limit allows instead of failing (SlippageTooHigh)',
  amountAlpha: 'ALPHA to unstake (subnet token units, not TAO; exact decimal, up to 9 places), or "all"',
  amountTao: 'TAO to stake (exact decimal, up to 9 places), or "all" (keeps the existential deposit and the fee)',
  all: 'everything on that hotkey and subnet',
  hotkey: 'hotkey: an SS58 address or the name of a hotkey of your wallet [default: config "hotkey", else "default"]',
  limitPrice: 'explicit price limit in TAO per alpha (worst accepted) instead of --tolerance',
  netuid: 'subnet (netuid)',
  tolerance: 'slippage tolerance for the price limit, e.g. 0.5% (default) or 0.005',
  unsafe: 'no price limit even where the runtime supports one',
} as const
