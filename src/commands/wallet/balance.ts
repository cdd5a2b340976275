import * as Flags from '@oclif/core/flags'

import type {BalanceResult} from '../../services/wallet/balance.js'

import {BaseCommand} from '../../cli/base-command.js'
import {walletFlags} from '../../cli/flags.js'

export default class WalletBalanceCommand extends BaseCommand<BalanceResult> {
  static description = `free, reserved and staked TAO per coldkey. staked is the indicative TAO value of all stake (alpha at the current pool price, root 1:1). reads only public files: no password.`
  static examples = [
    '<%= config.bin %> wallet balance -w my-validator',
    '<%= config.bin %> wallet balance --all --network local --json',
    '<%= config.bin %> wallet balance --ss58 5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY',
  ]
  static flags = {
    all: Flags.boolean({char: 'a', description: 'every wallet in the wallets folder'}),
    ss58: Flags.string({description: 'an address to show instead of a wallet (repeatable)', multiple: true}),
    wallet: walletFlags.wallet,
    'wallet-path': walletFlags['wallet-path'],
  }
  static summary = 'show free, reserved, staked and total balance'

  async run(): Promise<BalanceResult> {
    const {flags} = await this.parseCommand(WalletBalanceCommand)
    const [{balance}, {renderBalances}] = await Promise.all([import('../../services/wallet/balance.js'), import('../../cli/render/wallet.js')])
    const options = {all: flags.all, ss58: flags.ss58, wallet: await this.walletRef(flags)}
    const result = await balance(await this.client(), options, this.ui())
    this.out(renderBalances(result))
    return result
  }
}
