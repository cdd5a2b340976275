import * as Flags from '@oclif/core/flags'

import type {OverviewResult} from '../../services/wallet/overview.js'

import {BaseCommand} from '../../cli/base-command.js'
import {walletFlags} from '../../cli/flags.js'

export default class WalletOverviewCommand extends BaseCommand<OverviewResult> {
  static aliases = ['wallet:inspect']
  static description = `for each hotkey of the wallet (files on disk, hotkeys the coldkey owns on chain, and hotkeys it stakes to): registrations (netuid, uid, the hotkey's total alpha) and this coldkey's stake with its indicative TAO value. needs only public files: no password.
stake comes from StakeInfoRuntimeApi (raw bytes at spec 218, typed on newer runtimes) or Alpha storage, as the runtime's metadata allows.`
  static examples = ['<%= config.bin %> wallet overview -w my-validator', '<%= config.bin %> wallet inspect --all --network local --json']
  static flags = {
    all: Flags.boolean({char: 'a', description: 'every wallet in the wallets folder'}),
    wallet: walletFlags.wallet,
    'wallet-path': walletFlags['wallet-path'],
  }
  static summary = 'balances, stakes and registrations of a wallet and its hotkeys'

  async run(): Promise<OverviewResult> {
    const {flags} = await this.parseCommand(WalletOverviewCommand)
    const [{overview}, {renderOverview}] = await Promise.all([import('../../services/wallet/overview.js'), import('../../cli/render/wallet.js')])
    const result = await overview(await this.client(), {all: flags.all, wallet: await this.walletRef(flags)}, this.ui())
    this.out(renderOverview(result))
    return result
  }
}
