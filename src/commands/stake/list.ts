import {Flags} from '@oclif/core'

import type {StakeListResult} from '../../stake/list.js'

import {BaseCommand, walletFlags} from '../../base-command.js'
import {renderKeyValues, renderTable} from '../../output/table.js'

export default class StakeList extends BaseCommand<StakeListResult> {
  static description = 'every stake of a coldkey across hotkeys and subnets, in alpha and in TAO value (at the pool price, and what unstaking now would return), with totals; all read at one block'
  static examples = [
    '<%= config.bin %> stake list --wallet alice',
    '<%= config.bin %> stake list --ss58 5F...coldkey --netuid 3 --json',
  ]
  static flags = {
    wallet: walletFlags.wallet,
    'wallet-path': walletFlags['wallet-path'],
    netuid: Flags.integer({description: 'only this subnet', max: 65_535, min: 0}),
    ss58: Flags.string({aliases: ['coldkey'], description: 'a coldkey address to list instead of a wallet\'s'}),
  }
  static summary = 'list stakes of a coldkey'

  async run(): Promise<StakeListResult> {
    const {flags} = await this.parseCommand(StakeList)
    const {parseAddress, walletHotkeyNames} = await import('../../stake/hotkey.js')
    let coldkey: string
    let names: Map<string, string> | undefined
    if (flags.ss58) {
      coldkey = await parseAddress(flags.ss58, '--ss58')
    } else {
      const ref = await this.walletRef(flags)
      coldkey = await (await import('../../wallet/wallet.js')).coldkeyAddress(ref)
      names = await walletHotkeyNames(ref)
    }
    const [{listStakes}, {stakeListTable, stakeListTotals}] = await Promise.all([import('../../stake/list.js'), import('../../stake/present.js')])
    const r = await listStakes(await this.chain(), {coldkey, names, netuid: flags.netuid})
    const t = stakeListTable(r)
    this.out(r.stakes.length ? renderTable(t.head, t.rows, {right: t.right}) : 'no stake')
    this.out(renderKeyValues(stakeListTotals(r)))
    return r
  }
}
