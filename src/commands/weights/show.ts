import type {ShowResult} from '../../services/weights/show.js'

import * as Flags from '@oclif/core/flags'

import {BaseCommand, netuidArgs, netuidFlag, walletFlags} from '../../cli/base-command.js'

export default class WeightsShow extends BaseCommand<ShowResult> {
  static args = {...netuidArgs()}
  static description = "the weights a hotkey has on the subnet exactly as the chain stores them (Weights: uid → u16, max-upscaled), its pending commits in WeightCommits with their reveal windows, and this machine's local pending commits. default hotkey: the wallet's; or pick one with --uid / --ss58."
  static examples = ['<%= config.bin %> weights show 3', '<%= config.bin %> weights show 3 --uid 0 --json', '<%= config.bin %> weights show --netuid 3 --ss58 5F...']
  static flags = {
    ...walletFlags,
    ...netuidFlag(),
    ss58: Flags.string({description: 'show this hotkey (SS58) instead of the wallet hotkey', exclusive: ['uid']}),
    uid: Flags.integer({description: 'show the hotkey holding this uid', exclusive: ['ss58'], max: 65535, min: 0}),
  }
  static summary = "show a hotkey's weights and pending commits"

  async run(): Promise<ShowResult> {
    const parsed = await this.parseCommand(WeightsShow)
    const {flags} = parsed
    const netuid = this.netuidOf(parsed, true)
    const wallet = flags.ss58 === undefined && flags.uid === undefined ? await this.walletRef(flags) : undefined
    const [{show}, {renderWeightsShow}] = await Promise.all([import('../../services/weights/show.js'), import('../../cli/render/weights.js')])
    const result = await show(await this.client(), {netuid, ss58: flags.ss58, uid: flags.uid, wallet}, this.ui())
    this.out(renderWeightsShow(result))
    return result
  }
}
