import * as Args from '@oclif/core/args'
import * as Flags from '@oclif/core/flags'

import type {TxStatusResult} from '../../services/tx/status.js'

import {BaseCommand} from '../../cli/base-command.js'

export default class TxStatus extends BaseCommand<TxStatusResult> {
  static args = {hash: Args.string({description: 'extrinsic hash (0x…); omitted: every unresolved submission in the journal'})}
  static description = `finds a submission in the blocks of its mortality window (from tao's journal: signer, nonce, anchor block): in block B and succeeded or failed; or proves it can no longer land (era over, or its nonce used by another transaction: safe to retry); or says it may still land, and until which block.
exit 0: succeeded; 5: failed in a block, or can never land; 4: may still land or not found`
  static examples = ['<%= config.bin %> tx status 0x3f…', '<%= config.bin %> tx status --json']
  static flags = {'search-blocks': Flags.integer({default: 256, description: 'blocks to search back for a hash the journal does not know', min: 1})}
  static summary = 'what happened to a submission'

  async run(): Promise<TxStatusResult> {
    const {args, flags} = await this.parseCommand(TxStatus)
    const [{status}, {renderTxReports}] = await Promise.all([import('../../services/tx/status.js'), import('../../cli/render/tx.js')])
    const result = await status(await this.client(), {hash: args.hash, searchBlocks: flags['search-blocks']}, this.ui())
    this.out(renderTxReports(result.reports))
    const states = new Set(result.reports.map((r) => r.status))
    if (states.has('pending') || states.has('not-found')) process.exitCode = 4
    else if (states.has('failed') || states.has('expired') || states.has('superseded')) process.exitCode = 5
    return result
  }
}
