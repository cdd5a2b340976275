import {Flags} from '@oclif/core'

import type {CreateResult} from '../../subnet/register.js'
import type {SubnetIdentityInput} from '../../chain/calls/subnet.js'

import {BaseCommand, txFlags, walletFlags} from '../../base-command.js'
import {renderKeyValues} from '../../output/table.js'
import {formatTao} from '../../util/amount.js'

export interface SubnetCreateResult extends CreateResult {
  quotedLockCostRao: bigint
  lockCostTao: string
  feeTao: string
  spentTao: string
}

const identity = (description: string) => Flags.string({description, helpGroup: 'IDENTITY'})

export default class SubnetCreate extends BaseCommand<SubnetCreateResult> {
  static description = `create a subnet owned by the wallet's coldkey, with its hotkey as uid 0, paying the lock cost (register_network; register_network_with_identity when identity flags are given; mechid where the runtime takes one).
Shows the lock cost and the coldkey balance and asks first (--yes to skip). Refuses without submitting what the chain would refuse: network registration rate limit, balance below cost + fee, a hotkey owned by another coldkey, or a cost above --max-cost (exit 5).
exit codes: 0 created (or dry run accepted), 2 bad input (identity field unknown to this runtime or too long) or not confirmed, 3 wallet or hotkey missing, 4 network, 5 the chain refused or would refuse.`
  static examples = [
    '<%= config.bin %> subnet create --wallet owner --hotkey default --network local',
    '<%= config.bin %> subnet create -w owner -H default --max-cost 2 --name "my subnet" --github https://github.com/me/sn --yes --json',
  ]
  static flags = {
    ...walletFlags,
    ...txFlags,
    additional: identity('subnet identity: additional text (newer runtimes)'),
    contact: identity('subnet identity: contact'),
    description: identity('subnet identity: description (newer runtimes)'),
    discord: identity('subnet identity: discord (newer runtimes)'),
    github: identity('subnet identity: github repository'),
    'logo-url': identity('subnet identity: logo url (newer runtimes)'),
    'max-cost': Flags.string({description: 'refuse if the lock cost is above this many TAO'}),
    mechid: Flags.integer({description: 'subnet mechanism, on runtimes whose register_network takes one [default: 1]', min: 0, max: 65_535}),
    name: identity('subnet identity: name'),
    url: identity('subnet identity: url (newer runtimes)'),
  }
  static summary = 'create a subnet (pays the lock cost)'

  async run(): Promise<SubnetCreateResult> {
    const {flags} = await this.parseCommand(SubnetCreate)
    const [{planCreate, createSubnet}, {parseTao}, wallet] = await Promise.all([
      import('../../subnet/register.js'),
      import('../../util/amount.js'),
      import('../../wallet/wallet.js'),
    ])
    const maxCostRao = flags['max-cost'] === undefined ? undefined : parseTao(flags['max-cost'], '--max-cost')
    const id: SubnetIdentityInput = {
      additional: flags.additional,
      contact: flags.contact,
      description: flags.description,
      discord: flags.discord,
      github: flags.github,
      logoUrl: flags['logo-url'],
      name: flags.name,
      url: flags.url,
    }
    const hasIdentity = Object.values(id).some((v) => v !== undefined)
    const ref = await this.walletRef(flags)
    const [coldkey, hotkey] = await Promise.all([wallet.coldkeyAddress(ref), wallet.hotkeyAddress(ref)])
    const chain = await this.chain()
    const plan = await planCreate(chain, {coldkey, hotkey, identity: hasIdentity ? id : undefined, maxCostRao, mechid: flags.mechid})
    this.out(
      renderKeyValues([
        ['owner coldkey', `${ref.name} ${plan.coldkey}`],
        ['owner hotkey', `${ref.hotkey} ${plan.hotkey}`],
        ['lock cost now', `${formatTao(plan.lockCostRao)} TAO`],
        ['fee (estimate)', `${formatTao(plan.feeEstimateRao)} TAO`],
        ['coldkey balance', `${formatTao(plan.balanceRao)} TAO`],
        ['call', plan.call + (plan.mechid === null ? '' : ` (mechid ${plan.mechid})`)],
        ['at block', plan.block],
      ]),
    )
    if (!flags['dry-run']) await this.confirmOrAbort(`lock ${formatTao(plan.lockCostRao)} TAO to create a subnet owned by wallet "${ref.name}"?`)
    const signer = await this.coldkeySigner(flags)
    const result = await createSubnet(chain, plan, signer, {dryRun: flags['dry-run'], ui: {progress: (m: string) => this.progress(m)}, waitFor: flags['wait-for'] as 'inBlock' | 'finalized'})
    if (result.dryRun) {
      this.out(`dry run: the node accepts ${result.call}; fee ${formatTao(result.feeRao)} TAO; nothing was submitted`)
    } else {
      this.out(
        renderKeyValues([
          ['created', `subnet ${result.netuid ?? '?'} (owner hotkey "${ref.hotkey}" is uid 0)`],
          ['lock cost', `${formatTao(result.lockCostRao)} TAO`],
          ['fee', `${formatTao(result.feeRao)} TAO`],
          ['spent', `${formatTao(result.spentRao)} TAO`],
          ['balance now', `${formatTao(result.balanceAfterRao)} TAO`],
          ['block', `${result.blockNumber} (${result.blockHash})`],
        ]),
      )
    }
    return {
      ...result,
      feeTao: formatTao(result.feeRao),
      lockCostTao: formatTao(result.lockCostRao),
      quotedLockCostRao: plan.lockCostRao,
      spentTao: formatTao(result.spentRao),
    }
  }
}
