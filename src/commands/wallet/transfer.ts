import {Flags} from '@oclif/core'

import type {TransferResult} from '../../wallet/onchain.js'

import {BaseCommand, txFlags, walletFlags} from '../../base-command.js'
import {renderKeyValues} from '../../output/table.js'

export default class WalletTransfer extends BaseCommand<TransferResult> {
  static description = `sends TAO from the wallet's coldkey with balances.transfer_keep_alive (the sender stays above the existential deposit); --allow-death uses transfer_allow_death.
the address, amount and balance (amount + quoted fee) are checked before anything is signed (exit 2 on bad input); the fee is quoted and confirmed (--yes skips the question); the fee actually paid is printed.`
  static examples = [
    '<%= config.bin %> wallet transfer -w my-wallet --dest 5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty --amount 1.5',
    'TAO_PASSWORD_FILE=pw <%= config.bin %> wallet transfer -w ops --dest 5F… --amount 0.1 --yes --json',
    '<%= config.bin %> wallet transfer -w my-wallet --dest 5F… --amount 10 --dry-run',
  ]
  static flags = {
    ...walletFlags,
    ...txFlags,
    'allow-death': Flags.boolean({description: 'allow the transfer to empty the account below the existential deposit (transfer_allow_death)'}),
    amount: Flags.string({description: 'TAO to send (decimal, up to 9 places)', required: true}),
    dest: Flags.string({aliases: ['destination'], description: 'ss58 address of the recipient', required: true}),
  }
  static summary = 'send TAO to an address'

  async run(): Promise<TransferResult> {
    const {flags} = await this.parseCommand(WalletTransfer)
    const [{checkAddress}, {parseTao, formatTao}, {coldkeyAddress}, {planTransfer, sendTransfer}] = await Promise.all([
      import('../../wallet/keys.js'),
      import('../../util/amount.js'),
      import('../../wallet/wallet.js'),
      import('../../wallet/onchain.js'),
    ])
    // bad input fails here, before connecting or unlocking anything
    const dest = await checkAddress(flags.dest, '--dest')
    const amountRao = parseTao(flags.amount, '--amount')
    if (amountRao <= 0n) {
      const {InputError} = await import('../../errors.js')
      throw new InputError('--amount must be more than 0', {code: 'BadAmount'})
    }
    const ref = await this.walletRef(flags)
    const from = await coldkeyAddress(ref)
    const chain = await this.chain()
    const planned = await planTransfer(chain, from, dest, amountRao, !flags['allow-death'])
    const p = planned.plan
    if (dest === from) this.warning('the destination is the sending coldkey itself')
    this.progress(`transfer ${formatTao(amountRao)} τ ${from} → ${dest} (${p.call}), fee ≈ ${formatTao(p.feeEstimateRao)} τ`)
    if (!flags['dry-run']) await this.confirmOrAbort(`send ${formatTao(amountRao)} τ to ${dest}? the fee is about ${formatTao(p.feeEstimateRao)} τ`)
    const signer = await this.coldkeySigner(flags)
    const result = await sendTransfer(chain, planned, signer, {
      dryRun: flags['dry-run'],
      onProgress: (m: string) => this.progress(m),
      waitFor: flags['wait-for'] as 'finalized' | 'inBlock',
    })
    this.out(
      renderKeyValues([
        ['from', result.from],
        ['to', result.dest],
        ['amount', `${result.amountTao} τ`],
        [result.dryRun ? 'fee (quoted)' : 'fee paid', `${result.feeTao} τ`],
        ['call', p.call],
        [result.dryRun ? 'dry run' : 'block', result.dryRun ? 'valid; nothing was submitted' : `${result.blockNumber} ${result.blockHash}`],
        ['tx hash', result.txHash],
      ]),
    )
    return result
  }
}
