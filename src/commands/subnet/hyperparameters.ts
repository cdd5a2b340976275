import type {HyperparametersResult} from '../../services/subnet/hyperparameters.js'

import {BaseCommand, netuidArgs, netuidFlag} from '../../cli/base-command.js'

export default class SubnetHyperparameters extends BaseCommand<HyperparametersResult> {
  static args = netuidArgs()
  static description = 'every hyperparameter of a subnet with its exact value and the value in human units (blocks with time, TAO, fractions)'
  static examples = ['<%= config.bin %> subnet hyperparameters 1 --network local', '<%= config.bin %> subnet hyperparameters --netuid 1 --json']
  static flags = netuidFlag()
  static summary = 'show the hyperparameters of a subnet'

  async run(): Promise<HyperparametersResult> {
    const parsed = await this.parseCommand(SubnetHyperparameters)
    const [{hyperparameters}, {renderHyperparameters}] = await Promise.all([import('../../services/subnet/hyperparameters.js'), import('../../cli/render/subnet.js')])
    const result = await hyperparameters(await this.client(), {netuid: this.netuidOf(parsed, true)}, this.ui())
    this.out(renderHyperparameters(result))
    return result
  }
}
