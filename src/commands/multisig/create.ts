import * as Args from '@oclif/core/args'
import * as Flags from '@oclif/core/flags'

import type {MultisigEntry} from '../../config/multisigs.js'

import {BaseCommand} from '../../cli/base-command.js'

export default class MultisigCreate extends BaseCommand<MultisigEntry & {file: string}> {
  static args = {name: Args.string({description: 'a name for it (used as --multisig NAME)', required: true})}
  static baseFlags = BaseCommand.offlineFlags()
  static description = `derives the multisig account of --signatories (ss58 addresses or wallet names, any order) and --threshold, as the Multisig pallet does, and saves it under NAME in tao's config (multisigs.json). nothing is sent: fund the address, then run mutations with --multisig NAME from each signatory's wallet.`
  static examples = ['<%= config.bin %> multisig create treasury --signatories alice,bob,5F… --threshold 2']
  static flags = {
    overwrite: Flags.boolean({description: 'replace an entry of the same name'}),
    signatories: Flags.string({delimiter: ',', description: 'signatories: ss58 addresses or wallet names, comma-separated', multiple: true, required: true}),
    threshold: Flags.integer({description: 'approvals needed (1 … number of signatories)', required: true}),
    'wallet-path': Flags.string({char: 'p', description: 'wallets folder for names among the signatories [default: ~/.bittensor/wallets]', env: 'TAO_WALLET_PATH'}),
  }
  static summary = 'define a named multisig account'

  async run(): Promise<MultisigEntry & {file: string}> {
    const {args, flags} = await this.parseCommand(MultisigCreate)
    const [{create}, {renderMultisigEntry}] = await Promise.all([import('../../services/multisig/create.js'), import('../../cli/render/multisig.js')])
    const walletPath = (await this.walletRef({'wallet-path': flags['wallet-path']})).path
    const result = await create(await this.client(), {name: args.name, overwrite: flags.overwrite, signatories: flags.signatories, threshold: flags.threshold, walletPath}, this.ui())
    this.out(renderMultisigEntry(result))
    return result
  }
}
