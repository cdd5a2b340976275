import {BaseCommand, txFlags, walletFlags} from '../../base-command.js'
import {loadSigner, netuidFlag, publicCommit, scoreFlags, scoreInput, short, targetFolder, weightsContext, withRunLock} from '../../cli/weights.js'
import {renderTable} from '../../output/table.js'

import type {SetOutcome} from '../../weights/submit-weights.js'

export default class WeightsSet extends BaseCommand<SetOutcome> {
  static description = `reads the subnet's hyperparameters and the hotkey's state at one block, turns the scores into the u16 vector the chain accepts (the bittensor SDK's rules: normalise, MinAllowedWeights, MaxWeightsLimit, max-upscale to 65535), checks everything the chain will check, lets the node validate the signed extrinsic, then submits.
with commit-reveal on it commits instead (salt and values saved to disk first); reveal with \`tao weights reveal\` or \`tao weights run\`.
rate limited: exits 0 with the block at which weights are next allowed, and submits nothing.`
  static examples = [
    '<%= config.bin %> weights set --netuid 3 --weights 0=0.2,1=0.5,2=0.3',
    '<%= config.bin %> weights set --netuid 3 --scores scores.json --wallet vali --hotkey default',
    '<%= config.bin %> weights set --netuid 3 --scores scores.json --ema --alpha 0.1 --json',
    '<%= config.bin %> weights set --netuid 3 --weights 0=1,1=1 --dry-run',
  ]
  static flags = {...walletFlags, ...txFlags, ...scoreFlags, netuid: netuidFlag}
  static summary = 'set (or commit) weights from scores'

  async run(): Promise<SetOutcome> {
    const {flags} = await this.parseCommand(WeightsSet)
    const input = await scoreInput(flags, true)
    const ref = await this.walletRef(flags)
    const signer = await loadSigner(ref, await this.passwordSource())
    return withRunLock(await targetFolder(ref, flags.netuid), (m) => this.warning(m), () => this.setWith(flags, input, ref, signer))
  }

  private async setWith(flags: {netuid: number; 'dry-run'?: boolean; 'wait-for'?: string}, input: Awaited<ReturnType<typeof scoreInput>>, ref: Awaited<ReturnType<BaseCommand['walletRef']>>, signer: Awaited<ReturnType<typeof loadSigner>>): Promise<SetOutcome> {
    const ctx = await weightsContext({chain: await this.chain(), dryRun: flags['dry-run'], netuid: flags.netuid, progress: (m) => this.progress(m), ref, signer, waitFor: flags['wait-for']})
    const [{readWeightsState}, {resolveScores}, {setOrCommit, planFor}] = await Promise.all([
      import('../../weights/state.js'),
      import('../../weights/run.js'),
      import('../../weights/submit-weights.js'),
    ])
    const state = await readWeightsState(ctx.chain, ctx.netuid, signer.address)
    const {scores} = await resolveScores(ctx, state, input, !flags['dry-run'])
    if (!scores) {
      const {InputError} = await import('../../errors.js')
      throw new InputError('the EMA holds no scores yet for this hotkey and subnet; give --scores or --weights', {code: 'NoScores'})
    }
    const plan = planFor(state, scores)
    for (const n of plan.notes) this.progress(`note: ${n}`)
    for (const d of plan.deviations) this.warning(d)
    const out = await setOrCommit(ctx, scores, {plan, state, versionKey: input.versionKey})
    this.out(
      renderTable(
        ['uid', 'score', 'weight', 'u16', 'share'],
        plan.rows.map((r) => [r.uid, r.score ?? '', r.weight.toPrecision(6), r.value, `${(r.share * 100).toFixed(2)}%`]),
        {right: [0, 1, 2, 3, 4]},
      ),
    )
    if (out.action === 'rate-limited') this.out(`rate limited: next allowed at block ${out.nextAllowedBlock}, in ${out.inBlocks} blocks (now ${out.block}); nothing submitted`)
    else if (out.action === 'dry-run') this.out(`dry run: the node accepts this ${out.mode === 'set' ? 'set_weights' : 'commit'} (tx ${short(out.tx?.txHash)}); nothing submitted`)
    else if (out.action === 'set') this.out(`weights set in block ${out.tx?.block} (tx ${out.tx?.txHash}); the chain holds them; next allowed at block ${out.nextAllowedBlock}`)
    else {
      const c = out.commit!
      this.out(
        c.kind === 'timelocked'
          ? `timelocked commit in block ${out.tx?.block} (tx ${out.tx?.txHash}); the chain reveals it with drand round ${c.revealRound} (around block ${c.firstRevealBlock})`
          : `committed in block ${out.tx?.block} (tx ${out.tx?.txHash}); reveal window ${c.firstRevealBlock}–${c.lastRevealBlock}: run \`tao weights reveal --netuid ${ctx.netuid}\` (or \`tao weights run\`) then`,
      )
    }
    return {...out, commit: publicCommit(out.commit) as SetOutcome['commit']}
  }
}
