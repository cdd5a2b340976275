import * as Args from '@oclif/core/args'
import * as Flags from '@oclif/core/flags'

import type {RootTxResult} from '../../stake/root-claims.js'

import {proxyFlags} from '../../cli/flags.js'
import {BaseCommand, coldkeyFlags, txFlags} from '../../cli/base-command.js'
import {showingPlan} from '../../cli/plan-ui.js'
import {txOptions} from '../../cli/stake-flags.js'

export default class StakeClaimType extends BaseCommand<RootTxResult> {
  static args = {type: Args.string({description: 'swap (root dividends become TAO), keep (they stay alpha), or keep-subnets (alpha on --subnets, TAO elsewhere)', options: ['swap', 'keep', 'keep-subnets'], required: true})}
  static description = 'choose how the coldkey\'s root dividends are claimed (set_root_claim_type). Runtimes without it (spec 218) say so in one line and submit nothing.'
  static examples = ['<%= config.bin %> stake claim-type swap --wallet owner', '<%= config.bin %> stake claim-type keep-subnets --subnets 3 --subnets 8 -w owner --dry-run']
  static flags = {...coldkeyFlags, ...txFlags, ...proxyFlags, subnets: Flags.integer({description: 'with keep-subnets: a subnet whose root dividends stay alpha; repeatable', max: 65_535, min: 0, multiple: true})}
  static summary = 'set how root dividends are claimed'

  async run(): Promise<RootTxResult> {
    const {args, flags} = await this.parseCommand(StakeClaimType)
    const [{claimType}, {renderRootTx}] = await Promise.all([import('../../services/stake/claim-type.js'), import('../../cli/render/keys.js')])
    const result = await claimType(await this.client(), {...txOptions(flags), subnets: flags.subnets, type: args.type, wallet: await this.walletRef(flags)}, showingPlan<RootTxResult>(this.ui(), (t) => this.out(t), renderRootTx))
    this.out(renderRootTx(result))
    return result
  }
}
