import * as Flags from '@oclif/core/flags'

import type {ConvertResult} from '../../services/utils/convert.js'

import {BaseCommand, netuidArgs, netuidFlag} from '../../cli/base-command.js'
import {utilsConvert} from '../../cli/offline.js'

export default class UtilsConvert extends BaseCommand<ConvertResult> {
  static description = `convert amounts exactly: TAO ↔ rao offline (1 TAO = 1e9 rao; more than 9 decimals is refused), or alpha ↔ TAO at a subnet's
current spot price with --netuid (read from the chain; rounded down to whole rao, and said so). The spot value is not
what a trade fills at: use stake add/remove --dry-run for that.`
  static examples = [
    '<%= config.bin %> utils convert --tao 0.000000001',
    '<%= config.bin %> utils convert --rao 1500000000 --json',
    '<%= config.bin %> utils convert --alpha 100 --netuid 3',
    '<%= config.bin %> utils convert --tao 10 --netuid 3',
  ]
  static args = netuidArgs({
    // `tao utils convert 1.5`: an amount given where the netuid goes
    decimalHint: (input) => ({hint: 'the argument is a netuid; give an amount with --tao, --rao or --alpha', suggest: {command: 'utils convert', options: {tao: input}}}),
    description: 'convert between alpha and TAO at this subnet\'s current price (or --netuid)',
  })
  static flags = {
    alpha: Flags.string({description: 'an amount of the subnet\'s alpha (needs --netuid)', exclusive: ['tao', 'rao']}),
    ...netuidFlag({description: 'convert between alpha and TAO at this subnet\'s current price (or give it as the first argument)'}),
    rao: Flags.string({description: 'an amount in rao (whole number)', exclusive: ['tao', 'alpha']}),
    tao: Flags.string({description: 'an amount in TAO (up to 9 decimals)', exclusive: ['rao', 'alpha']}),
  }
  static summary = 'convert TAO ↔ rao, and alpha ↔ TAO at a subnet\'s price'

  async run(): Promise<ConvertResult> {
    // the body is shared with the start-up fast path (src/cli/fast.ts)
    return utilsConvert(this.rt, await this.parseCommand(UtilsConvert))
  }
}
