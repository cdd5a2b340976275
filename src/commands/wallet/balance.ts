import * as Flags from '@oclif/core/flags'

import type {BalanceResult} from '../../services/wallet/balance.js'

import {BaseCommand} from '../../cli/base-command.js'
import {walletFlags} from '../../cli/flags.js'
import {walletBalance} from '../../cli/offline.js'

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
    // the body is shared with the start-up fast path (src/cli/fast.ts)
    return walletBalance(this.rt, await this.parseCommand(WalletBalanceCommand))
  }
}
