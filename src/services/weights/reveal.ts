/**
 * `weights reveal`: reveal every pending commit of the hotkey on the subnet whose window (the chain's WeightCommits)
 * is open, in one batch_reveal_weights when the runtime has it, then check that Weights hold the revealed values.
 * A commit whose window passed without its values on chain is a missed reveal (MissedRevealError, exit 7).
 */
import type {TaoClient} from '../../client.js'
import type {Ui} from '../../ui.js'
import type {RevealOutcome} from '../../weights/reveal.js'

import {type WeightsTargetOptions, weightsContext, weightsTarget} from '../../weights/context.js'
import {withRunLock} from '../../weights/lock.js'
import {revealDue} from '../../weights/reveal.js'

export type WeightsRevealOptions = WeightsTargetOptions

export async function reveal(client: TaoClient, options: WeightsRevealOptions, ui: Ui): Promise<RevealOutcome> {
  const target = await weightsTarget(client, options)
  return withRunLock(target.dir, ui, async () => revealDue(await weightsContext(client, options, target, ui)))
}
