import * as Flags from '@oclif/core/flags'

import type {TransferResult} from '../../services/wallet/transfer.js'

import {BaseCommand} from '../../cli/base-command.js'
import {proxyFlags, txFlags, walletFlags} from '../../cli/flags.js'

export default class WalletTransfer extends BaseCommand<TransferResult> {
  static description = `sends TAO from the wallet's coldkey with balances.transfer_keep_alive (the sender stays above the existential deposit); --allow-death uses transfer_allow_death.
--dest is an ss58 address, or the name of a wallet in the wallets folder (its coldkeypub.txt).
the address, amount and balance (amount + quoted fee) are checked before anything is signed (exit 2 on bad input); the fee is quoted and confirmed (--yes skips the question); the fee actually paid is printed.`
  static examples = [
    '<%= config.bin %> wallet transfer -w my-wallet --dest 5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty --amount 1.5',
    '<%= config.bin %> wallet transfer -w my-wallet --dest my-other-wallet --amount 1.5',
    'TAO_PASSWORD_FILE=pw <%= config.bin %> wallet transfer -w ops --dest 5F… --amount 0.1 --yes --json',
    '<%= config.bin %> wallet transfer -w my-wallet --dest 5F… --amount 10 --dry-run',
  ]
  static flags = {
    ...walletFlags,
    ...txFlags,
    ...proxyFlags,
    'allow-death': Flags.boolean({description: 'allow the transfer to empty the account below the existential deposit (transfer_allow_death)'}),
    amount: Flags.string({description: 'TAO to send (decimal, up to 9 places)', required: true}),
    dest: Flags.string({aliases: ['destination'], description: 'ss58 address of the recipient, or the name of a wallet in the wallets folder', required: true}),
  }
  static summary = 'send TAO to an address or a wallet'

  async run(): Promise<TransferResult> {
    const {flags} = await this.parseCommand(WalletTransfer)
    const [{transfer}, {renderTransfer}] = await Promise.all([import('../../services/wallet/transfer.js'), import('../../cli/render/wallet.js')])
    const options = {
      allowDeath: flags['allow-death'],
      announceOnly: flags['announce-only'],
      amount: flags.amount,
      dest: flags.dest,
      dryRun: flags['dry-run'],
      multisig: flags.multisig,
      proxy: flags.proxy,
      waitFor: flags['wait-for'] as 'finalized' | 'inBlock',
      wallet: await this.walletRef(flags),
    }
    const result = await transfer(await this.client(), options, this.ui())
    this.out(renderTransfer(result))
    return result
  }
}
