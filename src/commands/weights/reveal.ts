import {BaseCommand, txFlags, walletFlags} from '../../base-command.js'
import {loadSigner, netuidFlag, targetFolder, weightsContext, withRunLock} from '../../cli/weights.js'
import {renderTable} from '../../output/table.js'

import type {RevealOutcome} from '../../weights/reveal.js'

export default class WeightsReveal extends BaseCommand<RevealOutcome> {
  static description = `reveals every pending commit of the hotkey on the subnet whose window (read from the chain's WeightCommits) is open, in one batch_reveal_weights when the runtime has it, then checks that the chain's Weights hold the revealed values.
a commit whose window passed without its values on chain is a missed reveal: exit 7.`
  static examples = ['<%= config.bin %> weights reveal --netuid 3', '<%= config.bin %> weights reveal --netuid 3 --wallet vali --hotkey default --json']
  static flags = {...walletFlags, ...txFlags, netuid: netuidFlag}
  static summary = 'reveal pending commits whose window is open'

  async run(): Promise<RevealOutcome> {
    const {flags} = await this.parseCommand(WeightsReveal)
    const ref = await this.walletRef(flags)
    const signer = await loadSigner(ref, await this.passwordSource())
    const out = await withRunLock(await targetFolder(ref, flags.netuid), (m) => this.warning(m), async () => {
      const ctx = await weightsContext({chain: await this.chain(), dryRun: flags['dry-run'], netuid: flags.netuid, progress: (m) => this.progress(m), ref, signer, waitFor: flags['wait-for']})
      const {revealDue} = await import('../../weights/reveal.js')
      return revealDue(ctx)
    })
    if (out.views.length === 0) this.out(`no pending commits for this hotkey on subnet ${flags.netuid}`)
    else {
      this.out(
        renderTable(
          ['commit', 'kind', 'phase', 'window', 'detail'],
          out.views.map((v) => [v.id.slice(0, 12) + '…', v.kind, v.phase, v.firstRevealBlock !== undefined ? `${v.firstRevealBlock}–${v.lastRevealBlock ?? '?'}` : '', v.detail]),
        ),
      )
    }
    for (const r of out.revealed) this.out(r.tx.dryRun ? `dry run: the node accepts the reveal of ${r.ids.length} commit(s)` : `revealed ${r.ids.length} commit(s) in block ${r.tx.block} (tx ${r.tx.txHash})`)
    return out
  }
}
