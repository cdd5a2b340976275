import type {ListResult} from '../../services/wallet/list.js'

import {BaseCommand} from '../../cli/base-command.js'
import {walletFlags} from '../../cli/flags.js'
import {walletList} from '../../cli/offline.js'

export default class WalletList extends BaseCommand<ListResult> {
  static baseFlags = BaseCommand.offlineFlags()
  static description = 'reads only public data (coldkeypub.txt, hotkey files and <hotkey>pub.txt): never asks for a password. --wallet shows one wallet.'
  static examples = ['<%= config.bin %> wallet list', '<%= config.bin %> wallet list --wallet-path /srv/wallets --json', '<%= config.bin %> wallet list -w my-validator']
  static flags = {wallet: walletFlags.wallet, 'wallet-path': walletFlags['wallet-path']}
  static summary = 'list wallets and their hotkeys with addresses'

  async run(): Promise<ListResult> {
    // the body is shared with the start-up fast path (src/cli/fast.ts)
    return walletList(this.rt, await this.parseCommand(WalletList))
  }
}
