/** The score flags of `weights set` and `weights run` (parsed by the library: src/weights/input.ts). */
import * as Flags from '@oclif/core/flags'

export const scoreFlags = {
  alpha: Flags.string({default: '0.1', description: 'EMA smoothing factor in (0, 1] (with --ema)', helpGroup: 'SCORES'}),
  ema: Flags.boolean({description: 'keep an exponential moving average of scores across runs and set weights from it (with --scores/--weights: fold them in first)', helpGroup: 'SCORES'}),
  scores: Flags.string({description: 'JSON file {"<uid or hotkey>": score, ...}', helpGroup: 'SCORES'}),
  'version-key': Flags.string({description: "weights version key [default: the subnet's WeightsVersionKey]", helpGroup: 'SCORES'}),
  weights: Flags.string({description: 'uid=weight pairs, e.g. 0=0.5,1=0.3,2=0.2 (floats; scaled to u16 as the SDK does)', helpGroup: 'SCORES'}),
}

/** The score flags as the library's score options. */
export function scoreOptions(flags: {alpha?: string; ema?: boolean; scores?: string; 'version-key'?: string; weights?: string}) {
  return {alpha: flags.alpha, ema: flags.ema, scores: flags.scores, versionKey: flags['version-key'], weights: flags.weights}
}

/** The transaction flags as the options of a weights pass. */
export function txOptions(flags: {'dry-run'?: boolean; 'wait-for'?: string}) {
  return {dryRun: flags['dry-run'], waitFor: flags['wait-for'] === 'finalized' ? ('finalized' as const) : ('inBlock' as const)}
}
