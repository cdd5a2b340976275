import {Flags} from '@oclif/core'

import {BaseCommand, txFlags, walletFlags} from '../../base-command.js'
import {loadSigner, netuidFlag, targetFolder, weightsContext, withRunLock} from '../../cli/weights.js'
import {stringifyJson} from '../../output/json.js'

import type {IterationResult} from '../../weights/validator.js'

interface ValidatorSummary {
  netuid: number
  iterations: number
  lastBlock?: number
  errors: number
}

export default class ValidatorRun extends BaseCommand<ValidatorSummary> {
  static description = `a validator loop: every tempo (or --interval blocks) it gives the subnet's neurons (uid, hotkey, axon) to your scoring module, folds the scores into the per-uid EMA, reveals due commits and sets (or commits) weights when the rate limit allows.
the scoring module is a .js/.mjs (or .ts, with the typescript package) file exporting one function: \`export default async ({netuid, block, neurons}) => ({"<uid or hotkey>": score})\`.
one line per iteration on stdout (JSON with --json), then a summary. holds the same lock as \`tao weights run\`. chain errors in an iteration are reported and the loop goes on.`
  static examples = [
    '<%= config.bin %> validator run --netuid 3 --scorer ./score.mjs',
    '<%= config.bin %> validator run --netuid 3 --scorer ./score.mjs --alpha 0.05 --json',
    '<%= config.bin %> validator run --netuid 3 --scorer ./score.mjs --iterations 1',
  ]
  static flags = {
    ...walletFlags,
    ...txFlags,
    alpha: Flags.string({default: '0.1', description: 'EMA smoothing factor in (0, 1]'}),
    interval: Flags.integer({description: 'blocks between iterations [default: the subnet tempo + 1]', min: 1}),
    iterations: Flags.integer({description: 'stop after this many iterations [default: run until interrupted]', min: 1}),
    netuid: netuidFlag,
    scorer: Flags.string({description: 'JS/TS module exporting the scoring function', required: true}),
  }
  static summary = 'score miners every tempo and set weights (loop)'

  async run(): Promise<ValidatorSummary> {
    const {flags} = await this.parseCommand(ValidatorRun)
    this.globals.yes = true
    const alpha = Number(flags.alpha)
    const {InputError} = await import('../../errors.js')
    if (!(alpha > 0 && alpha <= 1)) throw new InputError(`--alpha must be in (0, 1]: ${flags.alpha}`, {code: 'BadFlags'})
    const {loadScorer, validatorIteration} = await import('../../weights/validator.js')
    const scorer = await loadScorer(flags.scorer)
    const ref = await this.walletRef(flags)
    const signer = await loadSigner(ref, await this.passwordSource())
    const dir = await targetFolder(ref, flags.netuid)
    const summary: ValidatorSummary = {errors: 0, iterations: 0, netuid: flags.netuid}
    await withRunLock(dir, (m) => this.warning(m), async () => {
      const chain = await this.chain()
      const ctx = await weightsContext({chain, dryRun: flags['dry-run'], netuid: flags.netuid, progress: (m) => this.progress(m), ref, signer, waitFor: flags['wait-for']})
      for (let i = 1; flags.iterations === undefined || i <= flags.iterations; i++) {
        const r = await validatorIteration(ctx, scorer, alpha, i)
        summary.iterations = i
        summary.lastBlock = r.block
        if (r.error) summary.errors++
        this.report(r)
        if (flags.iterations !== undefined && i >= flags.iterations) break
        const tempo = Number((await chain.api.query.subtensorModule.tempo(flags.netuid)).toString())
        await this.waitBlocks(chain, r.block + (flags.interval ?? tempo + 1))
      }
    })
    return summary
  }

  private report(r: IterationResult): void {
    if (this.jsonEnabled()) {
      process.stdout.write(stringifyJson(r, false) + '\n')
      return
    }
    const acts = r.run?.actions.map((a) => (a.txHash ? `${a.action} (block ${a.block})` : `${a.action}: ${a.detail}`)).join('; ')
    const dropped = r.dropped.length ? `; dropped ${r.dropped.length} unusable score(s)` : ''
    this.out(`#${r.iteration} block ${r.block}: scored ${r.scored}${dropped}; ${r.error ? `error (${r.error.code}): ${r.error.message}` : acts}`)
  }

  private async waitBlocks(chain: Awaited<ReturnType<BaseCommand['chain']>>, target: number): Promise<void> {
    this.progress(`waiting for block ${target}`)
    for (;;) {
      const head = (await chain.api.rpc.chain.getHeader()).number.toNumber()
      if (head >= target) return
      await new Promise((r) => setTimeout(r, 3000))
    }
  }
}
