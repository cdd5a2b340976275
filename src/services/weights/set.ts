/**
 * `weights set`: read the subnet's hyperparameters and the hotkey's state at one block, turn the scores into the u16
 * vector the chain accepts (the SDK's rules), check everything the chain will check, let the node validate the
 * signed extrinsic, then submit; with commit-reveal on, commit instead (salt and values saved to disk first).
 * Rate limited: returns `rate-limited` with the block at which weights are next allowed, and submits nothing.
 */
import type {TaoClient} from '../../client.js'
import type {Ui} from '../../ui.js'
import type {ScoreOptions} from '../../weights/input.js'
import type {PendingCommit} from '../../weights/pending.js'
import type {SetOutcome} from '../../weights/submit-weights.js'

import {InputError} from '../../errors.js'
import {type WeightsTargetOptions, weightsContext, weightsTarget} from '../../weights/context.js'
import {parseScoreInput} from '../../weights/input.js'
import {withRunLock} from '../../weights/lock.js'
import {resolveScores} from '../../weights/run.js'
import {readWeightsState} from '../../weights/state.js'
import {planFor, publicCommit, setOrCommit} from '../../weights/submit-weights.js'

export type WeightsSetOptions = WeightsTargetOptions & ScoreOptions

/** The outcome, with the pending commit (if any) without its salt. */
export type WeightsSetResult = Omit<SetOutcome, 'commit'> & {commit?: Omit<PendingCommit, 'salt'>}

export async function set(client: TaoClient, options: WeightsSetOptions, ui: Ui): Promise<WeightsSetResult> {
  const input = await parseScoreInput(options, true)
  const target = await weightsTarget(client, options)
  return withRunLock(target.dir, ui, async () => {
    const ctx = await weightsContext(client, options, target, ui)
    const state = await readWeightsState(ctx.chain, ctx.netuid, target.signer.address)
    const {scores} = await resolveScores(ctx, state, input, !options.dryRun)
    if (!scores) throw new InputError('the EMA holds no scores yet for this hotkey and subnet; give «scores» or «weights»', {code: 'NoScores', field: 'scores'})
    const plan = planFor(state, scores)
    for (const n of plan.notes) ui.progress(`note: ${n}`)
    for (const d of plan.deviations) ui.warn(d)
    const out = await setOrCommit(ctx, scores, {plan, state, versionKey: input.versionKey})
    return {...out, commit: publicCommit(out.commit)}
  })
}
