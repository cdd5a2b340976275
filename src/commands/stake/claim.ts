import * as Flags from '@oclif/core/flags'

import type {RootTxResult} from '../../stake/root-claims.js'

import {proxyFlags} from '../../cli/flags.js'
import {BaseCommand, coldkeyFlags, txFlags} from '../../cli/base-command.js'
import {showingPlan} from '../../cli/plan-ui.js'
import {txOptions} from '../../cli/stake-flags.js'

export default class StakeClaim extends BaseCommand<RootTxResult> {
  static description = 'claim the coldkey\'s root dividends on the given subnets now (claim_root). Runtimes without it (spec 218) say so in one line and submit nothing.'
  static examples = ['<%= config.bin %> stake claim --subnets 3 --subnets 8 --wallet owner']
  static fieldFlags = {netuids: 'subnets'}
  static flags = {...coldkeyFlags, ...txFlags, ...proxyFlags, subnets: Flags.integer({description: 'a subnet to claim root dividends on; repeatable', max: 65_535, min: 0, multiple: true, required: true})}
  static summary = 'claim root dividends'

  async run(): Promise<RootTxResult> {
    const {flags} = await this.parseCommand(StakeClaim)
    const [{claim}, {renderRootTx}] = await Promise.all([import('../../services/stake/claim.js'), import('../../cli/render/keys.js')])
    const result = await claim(await this.client(), {...txOptions(flags), netuids: flags.subnets, wallet: await this.walletRef(flags)}, showingPlan<RootTxResult>(this.ui(), (t) => this.out(t), renderRootTx))
    this.out(renderRootTx(result))
    return result
  }
}
