import * as Flags from '@oclif/core/flags'

import type {SwapHotkeyPlan, SwapHotkeyResult} from '../../wallet/chain-keys.js'

import {proxyFlags} from '../../cli/flags.js'
import {BaseCommand, netuidArgs, netuidFlag, txFlags, walletFlags} from '../../cli/base-command.js'
import {showingPlan} from '../../cli/plan-ui.js'
import {txOptions} from '../../cli/stake-flags.js'

export default class WalletSwapHotkey extends BaseCommand<SwapHotkeyResult> {
  static description = `move a hotkey's registrations (uids), stake, take, axons and child keys to a new hotkey (the runtime's swap_hotkey), signed by
the coldkey that owns it. The plan shows the cost (KeySwapCost, burned from the coldkey) and each uid that moves before
anything is signed. Every subnet at once, or one with --netuid where the runtime's call takes a netuid (spec 218's does
not: it says so in one line). Refused before signing: the same hotkey, a hotkey this coldkey does not own, a new
hotkey that is already registered or owned by another coldkey, the coldkey's rate limit, a balance below cost + fee.`
  static examples = [
    '<%= config.bin %> wallet swap-hotkey --wallet owner --hotkey old --new-hotkey fresh',
    '<%= config.bin %> wallet swap-hotkey -w owner -H old --new-hotkey fresh --netuid 3 --dry-run --json',
  ]
  static fieldFlags = {newHotkey: 'new-hotkey'}
  static args = netuidArgs({description: 'swap on this subnet only (or --netuid; runtimes whose swap_hotkey takes a netuid)'})
  static flags = {
    ...walletFlags,
    ...txFlags,
    ...proxyFlags,
    'new-hotkey': Flags.string({description: 'the new hotkey: a hotkey name of the wallet, or an SS58 address', required: true}),
    ...netuidFlag({description: 'swap on this subnet only (runtimes whose swap_hotkey takes a netuid); the plan says which'}),
  }
  static summary = 'swap a hotkey for a new one on chain'

  async run(): Promise<SwapHotkeyResult> {
    const parsed = await this.parseCommand(WalletSwapHotkey)
    const {flags} = parsed
    const [{swapHotkey}, {renderSwapHotkeyPlan, renderSwapHotkeyResult}] = await Promise.all([import('../../services/wallet/swap-hotkey.js'), import('../../cli/render/keys.js')])
    const options = {...txOptions(flags), hotkey: flags.hotkey, netuid: this.netuidOf(parsed), newHotkey: flags['new-hotkey'], wallet: await this.walletRef(flags)}
    const result = await swapHotkey(await this.client(), options, showingPlan<SwapHotkeyPlan>(this.ui(), (t) => this.out(t), renderSwapHotkeyPlan))
    this.out(renderSwapHotkeyResult(result))
    return result
  }
}
