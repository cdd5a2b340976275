import type {RevealOutcome} from '../../weights/reveal.js'

import {BaseCommand, netuidArgs, netuidFlag, txFlags, walletFlags} from '../../cli/base-command.js'
import {txOptions} from '../../cli/weights-flags.js'

export default class WeightsReveal extends BaseCommand<RevealOutcome> {
  static args = {...netuidArgs()}
  static description = `reveals every pending commit of the hotkey on the subnet whose window (read from the chain's WeightCommits) is open, in one batch_reveal_weights when the runtime has it, then checks that the chain's Weights hold the revealed values.
a commit whose window passed without its values on chain is a missed reveal: exit 7.`
  static examples = ['<%= config.bin %> weights reveal 3', '<%= config.bin %> weights reveal --netuid 3 --wallet vali --hotkey default --json']
  static flags = {...walletFlags, ...txFlags, ...netuidFlag()}
  static summary = 'reveal pending commits whose window is open'

  async run(): Promise<RevealOutcome> {
    const parsed = await this.parseCommand(WeightsReveal)
    const netuid = this.netuidOf(parsed, true)
    const wallet = await this.walletRef(parsed.flags)
    const [{reveal}, {renderWeightsReveal}] = await Promise.all([import('../../services/weights/reveal.js'), import('../../cli/render/weights.js')])
    const result = await reveal(await this.client(), {netuid, wallet, ...txOptions(parsed.flags)}, this.ui())
    this.out(renderWeightsReveal(result, netuid))
    return result
  }
}
