import * as Flags from '@oclif/core/flags'

import type {StakeListResult} from '../../stake/list.js'

import {BaseCommand, coldkeyFlags, netuidArgs, netuidFlag} from '../../cli/base-command.js'

export default class StakeList extends BaseCommand<StakeListResult> {
  static args = {...netuidArgs({description: 'only this subnet (or --netuid)'})}
  static description = 'every stake of a coldkey across hotkeys and subnets, in alpha and in TAO value (at the pool price, and what unstaking now would return), with totals; all read at one block'
  static examples = ['<%= config.bin %> stake list --wallet alice', '<%= config.bin %> stake list 3 --ss58 5F...coldkey --json']
  static flags = {
    ...coldkeyFlags,
    ...netuidFlag({description: 'only this subnet'}),
    ss58: Flags.string({aliases: ['coldkey'], description: 'a coldkey address to list instead of a wallet\'s'}),
  }
  static summary = 'list stakes of a coldkey'

  async run(): Promise<StakeListResult> {
    const parsed = await this.parseCommand(StakeList)
    const {flags} = parsed
    const options = {netuid: this.netuidOf(parsed), ss58: flags.ss58, wallet: flags.ss58 === undefined ? await this.walletRef(flags) : undefined}
    const [{list}, {renderStakeList}] = await Promise.all([import('../../services/stake/list.js'), import('../../cli/render/stake.js')])
    const result = await list(await this.client(), options, this.ui())
    this.out(renderStakeList(result))
    return result
  }
}
