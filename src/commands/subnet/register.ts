import {Flags} from '@oclif/core'

import type {RegisterPlan, RegisterResult} from '../../subnet/register.js'

import {BaseCommand, txFlags, walletFlags} from '../../base-command.js'
import {renderKeyValues} from '../../output/table.js'
import {formatTao} from '../../util/amount.js'

export interface SubnetRegisterResult extends RegisterResult {
  /** the burn the pre-check read and showed before asking */
  quotedBurnRao: bigint
  burnTao: string
  feeTao: string
  spentTao: string
}

export default class SubnetRegister extends BaseCommand<SubnetRegisterResult> {
  static description = `register a hotkey on a subnet by burning TAO (burned_register; register_limit where the runtime has it).
Shows the burn and the coldkey balance and asks first (--yes to skip). Refuses without submitting what the chain would refuse: subnet missing, hotkey already registered or owned by another coldkey, registration disabled, registrations full this interval/block, balance below burn + fee, or a burn above --max-burn (exit 5, coded as the chain's error).
exit codes: 0 registered (or dry run accepted), 2 bad input or not confirmed, 3 wallet or hotkey missing, 4 network, 5 the chain refused or would refuse.`
  static examples = [
    '<%= config.bin %> subnet register --netuid 1 --wallet mywallet --hotkey miner1',
    '<%= config.bin %> subnet register --netuid 1 -w mywallet -H miner1 --max-burn 0.5 --yes --json',
  ]
  static flags = {
    ...walletFlags,
    ...txFlags,
    'max-burn': Flags.string({description: 'refuse if the burn is above this many TAO (for scripts that retry)'}),
    netuid: Flags.string({description: 'subnet to register on', required: true}),
  }
  static summary = 'register a hotkey on a subnet (burned registration)'

  async run(): Promise<SubnetRegisterResult> {
    const {flags} = await this.parseCommand(SubnetRegister)
    const [{parseNetuid}, {planRegistration, register}, {parseTao}, wallet] = await Promise.all([
      import('../../subnet/read.js'),
      import('../../subnet/register.js'),
      import('../../util/amount.js'),
      import('../../wallet/wallet.js'),
    ])
    const netuid = parseNetuid(flags.netuid, '--netuid')
    const maxBurnRao = flags['max-burn'] === undefined ? undefined : parseTao(flags['max-burn'], '--max-burn')
    const ref = await this.walletRef(flags)
    const [coldkey, hotkey] = await Promise.all([wallet.coldkeyAddress(ref), wallet.hotkeyAddress(ref)])
    const chain = await this.chain()
    const plan = await planRegistration(chain, {coldkey, hotkey, maxBurnRao, netuid})
    this.showPlan(plan, ref.name, ref.hotkey)
    if (!flags['dry-run']) await this.confirmOrAbort(`burn ${formatTao(plan.burnRao)} TAO to register hotkey "${ref.hotkey}" on subnet ${netuid}?`)
    const signer = await this.coldkeySigner(flags)
    const result = await register(chain, plan, signer, {dryRun: flags['dry-run'], ui: {progress: (m: string) => this.progress(m)}, waitFor: flags['wait-for'] as 'inBlock' | 'finalized'})
    if (result.dryRun) {
      this.out(`dry run: the node accepts ${result.call}; fee ${formatTao(result.feeRao)} TAO; nothing was submitted`)
    } else {
      this.out(
        renderKeyValues([
          ['registered', `hotkey "${ref.hotkey}" on subnet ${netuid} as uid ${result.uid ?? '?'}`],
          ['burned', `${formatTao(result.burnRao)} TAO`],
          ['fee', `${formatTao(result.feeRao)} TAO`],
          ['spent', `${formatTao(result.spentRao)} TAO`],
          ['balance now', `${formatTao(result.balanceAfterRao)} TAO`],
          ['block', `${result.blockNumber} (${result.blockHash})`],
        ]),
      )
    }
    return {
      ...result,
      burnTao: formatTao(result.burnRao),
      feeTao: formatTao(result.feeRao),
      quotedBurnRao: plan.burnRao,
      spentTao: formatTao(result.spentRao),
    }
  }

  private showPlan(plan: RegisterPlan, walletName: string, hotkeyName: string): void {
    this.out(
      renderKeyValues([
        ['subnet', `${plan.netuid} (${plan.neurons} of ${plan.maxNeurons} neurons)`],
        ['hotkey', `${hotkeyName} ${plan.hotkey}`],
        ['coldkey', `${walletName} ${plan.coldkey}`],
        ['burn now', `${formatTao(plan.burnRao)} TAO`],
        ['fee (estimate)', `${formatTao(plan.feeEstimateRao)} TAO`],
        ['coldkey balance', `${formatTao(plan.balanceRao)} TAO`],
        ['at block', plan.block],
      ]),
    )
    if (plan.subnetFull) this.warning(`subnet ${plan.netuid} is full: registering replaces the lowest-scoring neuron outside its immunity period`)
  }
}
