import * as Args from '@oclif/core/args'

import type {pending} from '../../services/multisig/pending.js'

import {BaseCommand} from '../../cli/base-command.js'

type Result = Awaited<ReturnType<typeof pending>>

export default class MultisigPending extends BaseCommand<Result> {
  static args = {name: Args.string({description: 'the multisig (its `multisig create` name or address)', required: true})}
  static description = 'operations of a multisig waiting for approvals (Multisig.Multisigs): call hash, timepoint, approvals so far, who started it and its deposit.'
  static examples = ['<%= config.bin %> multisig pending treasury --json']
  static summary = 'list a multisig\'s pending operations'

  async run(): Promise<Result> {
    const {args} = await this.parseCommand(MultisigPending)
    const [{pending}, {renderPending}] = await Promise.all([import('../../services/multisig/pending.js'), import('../../cli/render/multisig.js')])
    const result = await pending(await this.client(), {name: args.name}, this.ui())
    this.out(renderPending(result))
    return result
  }
}
