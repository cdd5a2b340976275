import type {PolicyShowResult} from '../../services/policy/show.js'

import {BaseCommand} from '../../cli/base-command.js'

export default class PolicyShow extends BaseCommand<PolicyShowResult> {
  static baseFlags = BaseCommand.offlineFlags()
  static description = `the spending policy is a file the operator writes: <config folder>/policy.json, e.g.
  {"maxSpendPerCommand": "5", "maxSpendPerDay": "20", "allowedNetuids": [1, 3], "allowedDestinations": ["5F…"]}
every submission is checked against it before it is signed (transfers, stake bought, registration burns, subnet locks, and the fee count as spending); a refusal names the rule and exits 5 with nothing submitted. no flag widens it. today's spending (UTC) comes from the ledger of succeeded submissions.`
  static examples = ['<%= config.bin %> policy show', '<%= config.bin %> policy show --json']
  static summary = 'show the spending policy and today\'s spending'

  async run(): Promise<PolicyShowResult> {
    await this.parseCommand(PolicyShow)
    const [{show}, {renderPolicy}] = await Promise.all([import('../../services/policy/show.js'), import('../../cli/render/policy.js')])
    const r = await show(await this.client(), {}, this.ui())
    this.out(renderPolicy(r))
    return r
  }
}
