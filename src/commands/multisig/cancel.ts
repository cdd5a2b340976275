import * as Args from '@oclif/core/args'
import * as Flags from '@oclif/core/flags'

import type {CancelResult} from '../../multisig/ops.js'

import {BaseCommand, txFlags} from '../../cli/base-command.js'
import {coldkeyFlags} from '../../cli/flags.js'
import {txOptions} from '../../cli/stake-flags.js'

export default class MultisigCancel extends BaseCommand<CancelResult> {
  static args = {name: Args.string({description: 'the multisig (its `multisig create` name or address)', required: true})}
  static description = 'cancels a pending operation (Multisig.cancel_as_multi), signed by the wallet\'s coldkey, which must be the signatory that started it; its deposit is returned.'
  static examples = ['<%= config.bin %> multisig cancel treasury -w alice --call-hash 0x3f…']
  static fieldFlags = {callHash: 'call-hash'}
  static flags = {...coldkeyFlags, ...txFlags, 'call-hash': Flags.string({description: 'the pending operation (`multisig pending`)', required: true})}
  static summary = 'cancel a pending multisig operation'

  async run(): Promise<CancelResult> {
    const {args, flags} = await this.parseCommand(MultisigCancel)
    const {dryRun, waitFor} = txOptions(flags)
    const [{cancel}, {renderCancel}] = await Promise.all([import('../../services/multisig/cancel.js'), import('../../cli/render/multisig.js')])
    const result = await cancel(await this.client(), {callHash: flags['call-hash'], dryRun, name: args.name, waitFor, wallet: await this.walletRef(flags)}, this.ui({renderPlan: renderCancel}))
    this.out(renderCancel(result))
    return result
  }
}
