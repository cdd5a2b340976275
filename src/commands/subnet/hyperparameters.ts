import type {Hyperparams} from '../../subnet/read.js'

import {BaseCommand} from '../../base-command.js'
import {renderTable} from '../../output/table.js'
import {HYPER_HEAD, hyperRow} from '../../subnet/rows.js'
import {netuidArg} from './metagraph.js'

export default class SubnetHyperparameters extends BaseCommand<Hyperparams> {
  static args = netuidArg
  static description = 'every hyperparameter of a subnet with its exact value and the value in human units (blocks with time, TAO, fractions)'
  static examples = ['<%= config.bin %> subnet hyperparameters 1 --network local', '<%= config.bin %> subnet hyperparameters 1 --json']
  static summary = 'show the hyperparameters of a subnet'

  async run(): Promise<Hyperparams> {
    const {args} = await this.parseCommand(SubnetHyperparameters)
    const {hyperparameters, parseNetuid} = await import('../../subnet/read.js')
    const h = await hyperparameters(await this.chain(), parseNetuid(args.netuid))
    this.out(renderTable(HYPER_HEAD, h.hyperparameters.map(hyperRow)))
    this.out(`subnet ${h.netuid} at block ${h.block} (${h.source})`)
    return h
  }
}
