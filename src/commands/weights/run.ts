import type {RunResult} from '../../weights/run.js'

import {BaseCommand, netuidArgs, netuidFlag, txFlags, walletFlags} from '../../cli/base-command.js'
import {scoreFlags, scoreOptions, txOptions} from '../../cli/weights-flags.js'

export default class WeightsRun extends BaseCommand<RunResult> {
  static args = {...netuidArgs()}
  static description = `one unattended pass, for cron or a systemd timer: reveal every commit whose window is open, then set (or, with commit-reveal on, commit) weights if the rate limit allows, otherwise say when it next can.
never prompts. takes an exclusive lock (run.lock, O_EXCL with the pid; a lock left by a dead process is taken over): a second run while one holds it exits 8 and submits nothing.
exit codes: 0 done or nothing to do yet (rate limited), 2 bad scores, 3 wallet missing, 4 chain unreachable (nothing changed), 5 chain refused, 7 a commit missed its reveal, 8 another run holds the lock.
without --weights/--scores/--ema it only reveals.`
  static examples = [
    '<%= config.bin %> weights run --netuid 3 --scores /var/lib/vali/scores.json --json',
    '<%= config.bin %> weights run --netuid 3 --scores scores.json --ema --alpha 0.1 --json',
    '<%= config.bin %> weights run 3 --json   # reveal only',
  ]
  static flags = {...walletFlags, ...txFlags, ...scoreFlags, ...netuidFlag()}
  static summary = 'cron entry point: reveal what is due, set or commit when allowed'

  async run(): Promise<RunResult> {
    const parsed = await this.parseCommand(WeightsRun)
    const {flags} = parsed
    const netuid = this.netuidOf(parsed, true)
    // unattended: never prompt, whatever the terminal
    this.globals.yes = true
    const wallet = await this.walletRef(flags)
    const [{run}, {renderWeightsRun}] = await Promise.all([import('../../services/weights/run.js'), import('../../cli/render/weights.js')])
    const result = await run(await this.client(), {netuid, wallet, ...scoreOptions(flags), ...txOptions(flags)}, this.ui())
    this.out(renderWeightsRun(result))
    return result
  }
}
