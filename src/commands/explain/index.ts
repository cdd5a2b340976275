import * as Args from '@oclif/core/args'
import * as Flags from '@oclif/core/flags'

import type {ExplainResult} from '../../services/explain/explain.js'

import {BaseCommand} from '../../cli/base-command.js'

export default class Explain extends BaseCommand<ExplainResult> {
  static args = {error: Args.string({description: 'a pallet error name (StakeTooLowForRoot), Module.Error (SubtensorModule.InvalidIpAddress, Pool.TooManyRegistrationsThisInterval), or a pool code ("Custom error: 5")', required: true})}
  static description = `what a chain error means and what to do about it, from the same table tao uses when it reports a refusal.
A pool code ("Custom error: N") means different things on spec 218 and on newer runtimes: both are shown.
An unknown name is one line (exit 2) with the closest known names. Offline unless --chain: then the connected runtime's
metadata is consulted too (as tao does when it decodes a refusal), so any pallet error it has is explained by its docs.`
  static examples = ['<%= config.bin %> explain StakeTooLowForRoot', '<%= config.bin %> explain SubtensorModule.InvalidIpAddress', '<%= config.bin %> explain "Custom error: 5" --json', '<%= config.bin %> explain CannotBurnOrRecycleOnRootSubnet --chain -n finney']
  static flags = {chain: Flags.boolean({description: 'also look the name up in the connected runtime\'s metadata (its error docs, for names tao\'s table lacks)'})}
  static strict = false
  static summary = 'explain a chain error'

  async run(): Promise<ExplainResult> {
    const {argv, flags} = await this.parseCommand(Explain)
    const [{explain}, {renderExplain}] = await Promise.all([import('../../services/explain/explain.js'), import('../../cli/render/utils.js')])
    // unquoted "Custom error: 5" arrives as several words
    const result = await explain(flags.chain ? await this.client() : undefined, {chain: flags.chain, error: (argv as string[]).join(' ')}, this.ui())
    this.out(renderExplain(result))
    return result
  }
}
