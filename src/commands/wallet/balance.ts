import {Flags} from '@oclif/core'

import type {WalletBalance} from '../../wallet/onchain.js'

import {BaseCommand, walletFlags} from '../../base-command.js'
import {renderTable} from '../../output/table.js'
import {formatTao} from '../../util/amount.js'

interface BalanceResult {
  network: string
  specVersion: number
  balances: WalletBalance[]
  totalRao: bigint
  totalTao: string
}

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
    const [{listWallets}, {checkAddress}, {coldkeyAddress}, {walletBalances}] = await Promise.all([
      import('../../wallet/manage.js'),
      import('../../wallet/keys.js'),
      import('../../wallet/wallet.js'),
      import('../../wallet/onchain.js'),
    ])
    const ref = await this.walletRef(flags)
    let accounts: {wallet: string | null; address: string}[]
    if (flags.ss58?.length) accounts = await Promise.all(flags.ss58.map(async (a) => ({address: await checkAddress(a, '--ss58'), wallet: null})))
    else if (flags.all) {
      const wallets = await listWallets(ref.path)
      for (const w of wallets) if (!w.coldkeyAddress) this.warning(`wallet "${w.name}" has no readable coldkeypub.txt; skipped`)
      accounts = wallets.filter((w) => w.coldkeyAddress).map((w) => ({address: w.coldkeyAddress!, wallet: w.name}))
    } else accounts = [{address: await coldkeyAddress(ref), wallet: ref.name}]
    const chain = await this.chain()
    const balances = await walletBalances(chain, accounts)
    const totalRao = balances.reduce((s, b) => s + b.totalRao, 0n)
    const rows = balances.map((b) => [b.wallet ?? '', b.address, b.freeTao, b.reservedTao, b.stakedTao, b.totalTao])
    if (balances.length > 1) rows.push(['total', '', '', '', '', formatTao(totalRao)])
    this.out(renderTable(['wallet', 'coldkey', 'free τ', 'reserved τ', 'staked τ', 'total τ'], rows, {right: [2, 3, 4, 5]}))
    return {balances, network: chain.endpoint, specVersion: chain.specVersion, totalRao, totalTao: formatTao(totalRao)}
  }
}
