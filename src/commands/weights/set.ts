import type {WeightsSetResult} from '../../services/weights/set.js'

import {BaseCommand, netuidArgs, netuidFlag, txFlags, walletFlags} from '../../cli/base-command.js'
import {scoreFlags, scoreOptions, txOptions} from '../../cli/weights-flags.js'

export default class WeightsSet extends BaseCommand<WeightsSetResult> {
  static args = {...netuidArgs()}
  static description = `reads the subnet's hyperparameters and the hotkey's state at one block, turns the scores into the u16 vector the chain accepts (the bittensor SDK's rules: normalise, MinAllowedWeights, MaxWeightsLimit, max-upscale to 65535), checks everything the chain will check, lets the node validate the signed extrinsic, then submits.
with commit-reveal on it commits instead (salt and values saved to disk first); reveal with \`tao weights reveal\` or \`tao weights run\`.
rate limited: exits 0 with the block at which weights are next allowed, and submits nothing.`
  static examples = [
    '<%= config.bin %> weights set 3 --weights 0=0.2,1=0.5,2=0.3',
    '<%= config.bin %> weights set --netuid 3 --scores scores.json --wallet vali --hotkey default',
    '<%= config.bin %> weights set --netuid 3 --scores scores.json --ema --alpha 0.1 --json',
    '<%= config.bin %> weights set --netuid 3 --weights 0=1,1=1 --dry-run',
  ]
  static flags = {...walletFlags, ...txFlags, ...scoreFlags, ...netuidFlag()}
  static summary = 'set (or commit) weights from scores'

  async run(): Promise<WeightsSetResult> {
    const parsed = await this.parseCommand(WeightsSet)
    const {flags} = parsed
    const netuid = this.netuidOf(parsed, true)
    const wallet = await this.walletRef(flags)
    const [{set}, {renderWeightsSet}] = await Promise.all([import('../../services/weights/set.js'), import('../../cli/render/weights.js')])
    const result = await set(await this.client(), {netuid, wallet, ...scoreOptions(flags), ...txOptions(flags)}, this.ui())
    this.out(renderWeightsSet(result))
    return result
  }
}
