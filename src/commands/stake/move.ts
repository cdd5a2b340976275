import * as Flags from '@oclif/core/flags'

import type {StakeResult} from '../../stake/types.js'

import {mevFlags, proxyFlags} from '../../cli/flags.js'
import {BaseCommand, netuidArgs, netuidFlag, txFlags, walletFlags} from '../../cli/base-command.js'
import {allFlag, hotkeyFlag, txOptions} from '../../cli/stake-flags.js'

export default class StakeMove extends BaseCommand<StakeResult> {
  static args = {...netuidArgs({description: 'origin subnet (or --netuid)'})}
  static description = 'move your stake from one hotkey to another (same coldkey), on the same subnet or into another one (across subnets it trades through both pools; move_stake has no price limit)'
  static examples = [
    '<%= config.bin %> stake move --wallet alice --hotkey old-validator --to-hotkey 5F...new --netuid 3 --amount 10',
    '<%= config.bin %> stake move 3 --wallet alice --hotkey 5F...a --to-hotkey 5F...b --to-netuid 5 --all --yes',
  ]
  static flags = {
    ...walletFlags,
    ...hotkeyFlag('origin '),
    ...txFlags,
    ...proxyFlags,
    ...mevFlags,
    ...allFlag,
    amount: Flags.string({description: 'ALPHA to move (origin subnet token units, not TAO), or "all"'}),
    ...netuidFlag({description: 'origin subnet'}),
    'to-hotkey': Flags.string({description: 'destination hotkey: SS58 address or a hotkey name of your wallet', required: true}),
    'to-netuid': Flags.integer({description: 'destination subnet [default: the origin subnet]', max: 65_535, min: 0}),
  }
  static summary = 'move stake to another hotkey'

  async run(): Promise<StakeResult> {
    const parsed = await this.parseCommand(StakeMove)
    const {flags} = parsed
    const options = {
      ...txOptions(flags),
      all: flags.all,
      amount: flags.amount,
      hotkey: flags.hotkey,
      netuid: this.netuidOf(parsed, true),
      toHotkey: flags['to-hotkey'],
      toNetuid: flags['to-netuid'],
      wallet: await this.walletRef(flags),
    }
    const [{move}, {renderStakePlan, renderStakeResult}] = await Promise.all([import('../../services/stake/move.js'), import('../../cli/render/stake.js')])
    const result = await move(await this.client(), options, this.ui({renderPlan: (p) => renderStakePlan(p)}))
    this.out(renderStakeResult(result))
    return result
  }
}
