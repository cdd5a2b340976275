import type {BurnCost} from '../../subnet/read.js'

import {BaseCommand} from '../../base-command.js'
import {renderKeyValues} from '../../output/table.js'
import {formatTao} from '../../util/amount.js'
import {netuidArg} from './metagraph.js'

export type BurnCostResult = BurnCost & {burnTao: string}

export default class SubnetBurnCost extends BaseCommand<BurnCostResult> {
  static args = netuidArg
  static description = 'the TAO burned to register a hotkey on a subnet now, its bounds, and (where the runtime caps them) registrations left this interval'
  static examples = ['<%= config.bin %> subnet burn-cost 1 --network local', '<%= config.bin %> subnet burn-cost 1 --json']
  static summary = 'show the registration burn of a subnet'

  async run(): Promise<BurnCostResult> {
    const {args} = await this.parseCommand(SubnetBurnCost)
    const {burnCost, parseNetuid} = await import('../../subnet/read.js')
    const b = await burnCost(await this.chain(), parseNetuid(args.netuid))
    this.out(
      renderKeyValues([
        ['netuid', b.netuid],
        ['burn', `${formatTao(b.burnRao)} TAO`],
        ['min / max burn', `${formatTao(b.minBurnRao)} / ${formatTao(b.maxBurnRao)} TAO`],
        ['registration', b.registrationAllowed ? 'open' : 'disabled'],
        ...(b.registrationsThisInterval === null
          ? []
          : ([
              ['registrations this interval', `${b.registrationsThisInterval} of ${b.maxRegistrationsThisInterval}`],
              ['next adjustment', `block ${b.nextAdjustmentBlock}`],
            ] as [string, string][])),
        ['at block', b.block],
      ]),
    )
    return {...b, burnTao: formatTao(b.burnRao)}
  }
}
