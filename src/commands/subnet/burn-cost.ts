import type {BurnCostResult} from '../../services/subnet/burn-cost.js'

import {BaseCommand, netuidArgs, netuidFlag} from '../../cli/base-command.js'

export default class SubnetBurnCost extends BaseCommand<BurnCostResult> {
  static args = netuidArgs()
  static description = 'the TAO burned to register a hotkey on a subnet now, its bounds, and (where the runtime caps them) registrations left this interval'
  static examples = ['<%= config.bin %> subnet burn-cost 1 --network local', '<%= config.bin %> subnet burn-cost --netuid 1 --json']
  static flags = netuidFlag()
  static summary = 'show the registration burn of a subnet'

  async run(): Promise<BurnCostResult> {
    const parsed = await this.parseCommand(SubnetBurnCost)
    const [{burnCost}, {renderBurnCost}] = await Promise.all([import('../../services/subnet/burn-cost.js'), import('../../cli/render/subnet.js')])
    const result = await burnCost(await this.client(), {netuid: this.netuidOf(parsed, true)}, this.ui())
    this.out(renderBurnCost(result))
    return result
  }
}
