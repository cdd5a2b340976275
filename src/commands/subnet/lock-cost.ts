import type {LockCost} from '../../subnet/read.js'

import {BaseCommand} from '../../base-command.js'
import {renderKeyValues} from '../../output/table.js'
import {formatTao} from '../../util/amount.js'

export type LockCostResult = LockCost & {lockCostTao: string}

export default class SubnetLockCost extends BaseCommand<LockCostResult> {
  static description = 'the TAO locked to create a new subnet now (get_network_registration_cost), and the first block the network registration rate limit allows'
  static examples = ['<%= config.bin %> subnet lock-cost --network local', '<%= config.bin %> subnet lock-cost --json']
  static summary = 'show what creating a subnet costs'

  async run(): Promise<LockCostResult> {
    await this.parseCommand(SubnetLockCost)
    const {lockCost} = await import('../../subnet/read.js')
    const l = await lockCost(await this.chain())
    this.out(
      renderKeyValues([
        ['lock cost', `${formatTao(l.lockCostRao)} TAO`],
        ['can register', l.nextRegistrationBlock === null ? 'now' : `from block ${l.nextRegistrationBlock}`],
        ['at block', l.block],
      ]),
    )
    return {...l, lockCostTao: formatTao(l.lockCostRao)}
  }
}
