import {Flags} from '@oclif/core'

import type {DelegateListResult} from '../../stake/delegates.js'

import {BaseCommand} from '../../base-command.js'
import {renderTable} from '../../output/table.js'

export default class DelegateList extends BaseCommand<DelegateListResult> {
  static description = 'validators that accept delegated stake: take, total stake (TAO value of the alpha on the hotkey across subnets), number of nominators, stake per subnet'
  static examples = ['<%= config.bin %> delegate list', '<%= config.bin %> delegate list --netuid 3 --json']
  static flags = {
    netuid: Flags.integer({description: 'only delegates registered or holding stake on this subnet', max: 65_535, min: 0}),
  }
  static summary = 'list delegates'

  async run(): Promise<DelegateListResult> {
    const {flags} = await this.parseCommand(DelegateList)
    const [{listDelegates}, {delegateTable}] = await Promise.all([import('../../stake/delegates.js'), import('../../stake/present.js')])
    const r = await listDelegates(await this.chain(), {netuid: flags.netuid})
    const t = delegateTable(r)
    this.out(r.delegates.length ? renderTable(t.head, t.rows, {right: t.right}) : 'no delegates')
    return r
  }
}
