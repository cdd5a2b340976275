import * as Flags from '@oclif/core/flags'

import type {StakeResult} from '../../stake/types.js'

import {mevFlags, proxyFlags} from '../../cli/flags.js'
import {BaseCommand, netuidArgs, netuidFlag, txFlags, walletFlags} from '../../cli/base-command.js'
import {allFlag, hotkeyFlag, txOptions} from '../../cli/stake-flags.js'

export default class StakeTransfer extends BaseCommand<StakeResult> {
  static args = {...netuidArgs({description: 'origin subnet (or --netuid)'})}
  static description = 'give stake to another coldkey: the stake stays on the same hotkey and changes owner (transfer_stake; not on runtimes without it, e.g. spec 218)'
  static examples = [
    '<%= config.bin %> stake transfer --wallet alice --hotkey 5F...validator --netuid 3 --to-coldkey 5G...friend --amount 10',
    '<%= config.bin %> stake transfer 3 --wallet alice --hotkey 5F...validator --to-coldkey 5G...friend --all --yes --json',
  ]
  static flags = {
    ...walletFlags,
    ...hotkeyFlag(),
    ...txFlags,
    ...proxyFlags,
    ...mevFlags,
    ...allFlag,
    amount: Flags.string({description: 'ALPHA to transfer (subnet token units, not TAO), or "all"'}),
    ...netuidFlag({description: 'origin subnet'}),
    'to-coldkey': Flags.string({description: 'the receiving coldkey: SS58 address, or the name of a wallet in the wallets folder', required: true}),
    'to-netuid': Flags.integer({description: 'destination subnet [default: the origin subnet]', max: 65_535, min: 0}),
  }
  static summary = 'transfer stake to another coldkey'

  async run(): Promise<StakeResult> {
    const parsed = await this.parseCommand(StakeTransfer)
    const {flags} = parsed
    const options = {
      ...txOptions(flags),
      all: flags.all,
      amount: flags.amount,
      hotkey: flags.hotkey,
      netuid: this.netuidOf(parsed, true),
      toColdkey: flags['to-coldkey'],
      toNetuid: flags['to-netuid'],
      wallet: await this.walletRef(flags),
    }
    const [{transfer}, {renderStakePlan, renderStakeResult}] = await Promise.all([import('../../services/stake/transfer.js'), import('../../cli/render/stake.js')])
    const result = await transfer(await this.client(), options, this.ui({renderPlan: (p) => renderStakePlan(p)}))
    this.out(renderStakeResult(result))
    return result
  }
}
