import * as Flags from '@oclif/core/flags'

import type {AutoStakeRead, RootTxResult} from '../../stake/root-claims.js'

import {proxyFlags} from '../../cli/flags.js'
import {BaseCommand, netuidArgs, netuidFlag, txFlags, walletFlags} from '../../cli/base-command.js'
import {showingPlan} from '../../cli/plan-ui.js'
import {txOptions} from '../../cli/stake-flags.js'

export default class StakeAuto extends BaseCommand<AutoStakeRead | RootTxResult> {
  static args = netuidArgs()
  static description = `show, or with --set change, the hotkey the coldkey's emissions on a subnet are staked to (AutoStakeDestination,
set_coldkey_auto_stake_hotkey). Runtimes without it (spec 218) say so in one line and submit nothing.`
  static examples = ['<%= config.bin %> stake auto 3 --wallet owner', '<%= config.bin %> stake auto 3 --wallet owner --set validator --yes']
  static flags = {...walletFlags, ...txFlags, ...proxyFlags, ...netuidFlag(), set: Flags.string({description: 'the destination hotkey: SS58 or a hotkey name of the wallet'})}
  static summary = 'show or set the auto-stake destination'

  async run(): Promise<AutoStakeRead | RootTxResult> {
    const parsed = await this.parseCommand(StakeAuto)
    const {flags} = parsed
    const [{auto}, {renderAutoStake, renderRootTx}] = await Promise.all([import('../../services/stake/auto.js'), import('../../cli/render/keys.js')])
    const ui = showingPlan<RootTxResult>(this.ui(), (t) => this.out(t), renderRootTx)
    const result = await auto(await this.client(), {...txOptions(flags), hotkey: flags.set, netuid: this.netuidOf(parsed, true), wallet: await this.walletRef(flags)}, ui)
    this.out('call' in result ? renderRootTx(result) : renderAutoStake(result))
    return result
  }
}
