import type {WeightsStatusResult} from '../../services/weights/status.js'

import {BaseCommand, netuidArgs, netuidFlag, walletFlags} from '../../cli/base-command.js'

export default class WeightsStatus extends BaseCommand<WeightsStatusResult> {
  static args = {...netuidArgs()}
  static description = 'reads the chain (one block) and the local pending commits, and says what the next `tao weights run` would do and when: reveals due or waiting, missed reveals, and the block from which weights may be set or committed again. submits nothing; needs only the public hotkey file.'
  static examples = ['<%= config.bin %> weights status 3', '<%= config.bin %> weights status --netuid 3 --wallet vali --hotkey default --json']
  static flags = {...walletFlags, ...netuidFlag()}
  static summary = 'what the next cron run would do, and when'

  async run(): Promise<WeightsStatusResult> {
    const parsed = await this.parseCommand(WeightsStatus)
    const netuid = this.netuidOf(parsed, true)
    const wallet = await this.walletRef(parsed.flags)
    const [{status}, {renderWeightsStatus}] = await Promise.all([import('../../services/weights/status.js'), import('../../cli/render/weights.js')])
    const result = await status(await this.client(), {netuid, wallet}, this.ui())
    this.out(renderWeightsStatus(result))
    return result
  }
}
