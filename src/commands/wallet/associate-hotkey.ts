import type {AssociateResult} from '../../wallet/chain-keys.js'

import {proxyFlags} from '../../cli/flags.js'
import {BaseCommand, txFlags, walletFlags} from '../../cli/base-command.js'
import {txOptions} from '../../cli/stake-flags.js'

export default class WalletAssociateHotkey extends BaseCommand<AssociateResult> {
  static description = `make a hotkey this wallet's own on chain without registering it (try_associate_hotkey), signed by the coldkey.
Runtimes without the call (spec 218) say so in one line: there a hotkey is associated when it registers. A hotkey owned by
another coldkey is refused before signing; one already owned by this coldkey sends nothing.`
  static examples = ['<%= config.bin %> wallet associate-hotkey --wallet owner --hotkey miner2', '<%= config.bin %> wallet associate-hotkey -w owner -H 5F...xyz --dry-run --json']
  static flags = {...walletFlags, ...txFlags, ...proxyFlags}
  static summary = 'associate a hotkey with the coldkey'

  async run(): Promise<AssociateResult> {
    const {flags} = await this.parseCommand(WalletAssociateHotkey)
    const [{associateHotkey}, {renderAssociate}] = await Promise.all([import('../../services/wallet/associate-hotkey.js'), import('../../cli/render/keys.js')])
    const result = await associateHotkey(await this.client(), {...txOptions(flags), hotkey: flags.hotkey, wallet: await this.walletRef(flags)}, this.ui())
    this.out(renderAssociate(result))
    return result
  }
}
