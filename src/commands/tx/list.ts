import * as Flags from '@oclif/core/flags'

import type {TxListResult} from '../../services/tx/list.js'

import {BaseCommand} from '../../cli/base-command.js'

export default class TxList extends BaseCommand<TxListResult> {
  static description = "the submissions in tao's journal (written before each is sent): hash, call, signer, nonce, last known status, and the last block each can land in"
  static examples = ['<%= config.bin %> tx list', '<%= config.bin %> tx list --unresolved --json']
  static flags = {
    limit: Flags.integer({default: 20, description: 'at most this many, newest', min: 1}),
    unresolved: Flags.boolean({description: 'only submissions whose outcome is not known yet'}),
  }
  static summary = 'list recent submissions'

  async run(): Promise<TxListResult> {
    const {flags} = await this.parseCommand(TxList)
    const [{list}, {renderJournal}] = await Promise.all([import('../../services/tx/list.js'), import('../../cli/render/tx.js')])
    const result = await list(await this.client(), {limit: flags.limit, unresolved: flags.unresolved}, this.ui())
    this.out(renderJournal(result.entries))
    return result
  }
}
