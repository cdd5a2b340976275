import {BaseCommand, txFlags, walletFlags} from '../../base-command.js'
import {loadSigner, netuidFlag, scoreFlags, scoreInput, targetFolder, weightsContext, withRunLock} from '../../cli/weights.js'

import type {RunResult} from '../../weights/run.js'

export default class WeightsRun extends BaseCommand<RunResult> {
  static description = `one unattended pass, for cron or a systemd timer: reveal every commit whose window is open, then set (or, with commit-reveal on, commit) weights if the rate limit allows, otherwise say when it next can.
never prompts. takes an exclusive lock (run.lock, O_EXCL with the pid; a lock left by a dead process is taken over): a second run while one holds it exits 8 and submits nothing.
exit codes: 0 done or nothing to do yet (rate limited), 2 bad scores, 3 wallet missing, 4 chain unreachable (nothing changed), 5 chain refused, 7 a commit missed its reveal, 8 another run holds the lock.
without --weights/--scores/--ema it only reveals.`
  static examples = [
    '<%= config.bin %> weights run --netuid 3 --scores /var/lib/vali/scores.json --json',
    '<%= config.bin %> weights run --netuid 3 --scores scores.json --ema --alpha 0.1 --json',
    '<%= config.bin %> weights run --netuid 3 --json   # reveal only',
  ]
  static flags = {...walletFlags, ...txFlags, ...scoreFlags, netuid: netuidFlag}
  static summary = 'cron entry point: reveal what is due, set or commit when allowed'

  async run(): Promise<RunResult> {
    const {flags} = await this.parseCommand(WeightsRun)
    // unattended: never prompt, whatever the terminal
    this.globals.yes = true
    const input = await scoreInput(flags, false)
    const ref = await this.walletRef(flags)
    const signer = await loadSigner(ref, await this.passwordSource())
    const dir = await targetFolder(ref, flags.netuid)
    return withRunLock(dir, (m) => this.warning(m), async () => {
      const ctx = await weightsContext({chain: await this.chain(), dryRun: flags['dry-run'], netuid: flags.netuid, progress: (m) => this.progress(m), ref, signer, waitFor: flags['wait-for']})
      const {runWeights} = await import('../../weights/run.js')
      const r = await runWeights(ctx, input)
      const what = r.actions.map((a) => (a.txHash ? `${a.action} (block ${a.block}, tx ${a.txHash})` : `${a.action}: ${a.detail}`)).join('; ')
      this.out(`block ${r.block}: ${what}; next allowed at block ${r.nextAllowedBlock}, in ${r.inBlocks} blocks`)
      return r
    })
  }
}
