/**
 * `weights run`: one unattended pass, for cron or a systemd timer. Reveal every commit whose window is open, then
 * set (or commit) weights if the rate limit allows, otherwise say when it next can. Holds the run lock: a second
 * pass while one runs fails with LockedError (exit 8) and submits nothing. Without scores it only reveals.
 */
import type {TaoClient} from '../../client.js'
import type {Ui} from '../../ui.js'
import type {ScoreOptions} from '../../weights/input.js'
import type {RunResult} from '../../weights/run.js'

import {type WeightsTargetOptions, weightsContext, weightsTarget} from '../../weights/context.js'
import {parseScoreInput} from '../../weights/input.js'
import {withRunLock} from '../../weights/lock.js'
import {runWeights} from '../../weights/run.js'

export type WeightsRunOptions = WeightsTargetOptions & ScoreOptions

export async function run(client: TaoClient, options: WeightsRunOptions, ui: Ui): Promise<RunResult> {
  const input = await parseScoreInput(options, false)
  const target = await weightsTarget(client, options)
  return withRunLock(target.dir, ui, async () => runWeights(await weightsContext(client, options, target, ui), input))
}
