/** Flags of the stake and delegate commands (help texts in one place so they read the same everywhere). */
import * as Flags from '@oclif/core/flags'

export const HELP = {
  allowPartial: 'with a price limit: fill what the limit allows instead of failing (SlippageTooHigh)',
  amountAlpha: 'ALPHA to unstake (subnet token units, not TAO; exact decimal, up to 9 places), or "all"',
  amountTao: 'TAO to stake (exact decimal, up to 9 places), or "all" (keeps the existential deposit and the fee)',
  all: 'everything on that hotkey and subnet',
  hotkey: 'hotkey: an SS58 address or the name of a hotkey of your wallet [default: config "hotkey", else "default"]',
  limitPrice: 'explicit price limit in TAO per alpha (worst accepted) instead of --tolerance',
  netuid: 'subnet (netuid)',
  tolerance: 'slippage tolerance for the price limit, e.g. 0.5% or 0.005 [default: config "tolerance", else 0.5%]',
  unsafe: 'no price limit even where the runtime supports one',
  validator: 'the validator\'s hotkey: an SS58 address or the name of a hotkey of your wallet',
} as const

/** --hotkey as SS58 or a hotkey name of the wallet (`prefix` for "origin "). */
export function hotkeyFlag(prefix = '') {
  return {hotkey: Flags.string({char: 'H', description: `${prefix}${HELP.hotkey}`, env: 'TAO_HOTKEY', helpGroup: 'WALLET'})}
}

/** The price-guard flags of add/remove/swap (`limitPrice`: the help of --limit-price). */
export function guardFlags(limitPrice: string = HELP.limitPrice) {
  return {
    'limit-price': Flags.string({description: limitPrice, exclusive: ['tolerance', 'unsafe']}),
    partial: Flags.boolean({description: HELP.allowPartial}),
    tolerance: Flags.string({description: HELP.tolerance, exclusive: ['unsafe']}),
    unsafe: Flags.boolean({description: HELP.unsafe}),
  }
}

/** --all (ALPHA amounts). */
export const allFlag = {all: Flags.boolean({description: HELP.all})}

/**
 * The service options of the price-guard flags. Without --tolerance, the default is $TAO_TOLERANCE, else the
 * configured one (`configured`, config "tolerance"), else the library's 0.5%.
 */
export function guardOptions(flags: {'limit-price'?: string; partial?: boolean; tolerance?: string; unsafe?: boolean}, configured: string | undefined) {
  const defaultTolerance = process.env.TAO_TOLERANCE || configured
  return {allowPartial: flags.partial, defaultTolerance, limitPrice: flags['limit-price'], tolerance: flags.tolerance, unsafe: flags.unsafe}
}

/** The transaction options of `txFlags`. */
export function txOptions(flags: {'dry-run'?: boolean; 'wait-for'?: string; proxy?: string; 'announce-only'?: boolean; multisig?: string; 'mev-shield'?: boolean}) {
  return {
    ...(flags['mev-shield'] === undefined ? {} : {mevShield: flags['mev-shield']}),
    ...(flags.proxy === undefined ? {} : {announceOnly: flags['announce-only'], proxy: flags.proxy}),
    ...(flags.multisig === undefined ? {} : {multisig: flags.multisig}),
    dryRun: flags['dry-run'],
    waitFor: flags['wait-for'] === 'finalized' ? ('finalized' as const) : ('inBlock' as const),
  }
}

/** Service options whose flag is not their kebab-case name. */
export const STAKE_FIELD_FLAGS = {allowPartial: 'partial'}
