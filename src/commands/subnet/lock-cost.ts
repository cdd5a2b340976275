import type {LockCostResult} from '../../services/subnet/lock-cost.js'

import {BaseCommand} from '../../cli/base-command.js'

export default class SubnetLockCost extends BaseCommand<LockCostResult> {
  static description = 'the TAO locked to create a new subnet now (get_network_registration_cost), and the first block the network registration rate limit allows'
  static examples = ['<%= config.bin %> subnet lock-cost --network local', '<%= config.bin %> subnet lock-cost --json']
  static summary = 'show what creating a subnet costs'

  async run(): Promise<LockCostResult> {
    await this.parseCommand(SubnetLockCost)
    const [{lockCost}, {renderLockCost}] = await Promise.all([import('../../services/subnet/lock-cost.js'), import('../../cli/render/subnet.js')])
    const result = await lockCost(await this.client(), {}, this.ui())
    this.out(renderLockCost(result))
    return result
  }
}
