import * as Flags from '@oclif/core/flags'

import type {SignResult} from '../../services/wallet/sign.js'

import {BaseCommand} from '../../cli/base-command.js'
import {walletFlags} from '../../cli/flags.js'

export default class WalletSign extends BaseCommand<SignResult> {
  static baseFlags = BaseCommand.offlineFlags()
  static description = `signs the UTF-8 bytes of the message (a message starting with 0x is taken as hex bytes, as btwallet does) with the sr25519 coldkey, or the hotkey with --use-hotkey. prints the 0x signature; check it with tao wallet verify.`
  static examples = ['<%= config.bin %> wallet sign -w my-validator --message "hello"', '<%= config.bin %> wallet sign -w v -H default --use-hotkey --message-file claim.txt --json']
  static flags = {
    ...walletFlags,
    message: Flags.string({description: 'the message', exactlyOne: ['message', 'message-file']}),
    'message-file': Flags.string({description: 'read the message from this file (- = stdin)', exactlyOne: ['message', 'message-file']}),
    'use-hotkey': Flags.boolean({description: 'sign with the hotkey instead of the coldkey'}),
  }
  static summary = 'sign a message with a coldkey or hotkey'

  async run(): Promise<SignResult> {
    const {flags} = await this.parseCommand(WalletSign)
    const [{sign}, {renderSignature}] = await Promise.all([import('../../services/wallet/sign.js'), import('../../cli/render/wallet.js')])
    const options = {message: flags.message, messageFile: flags['message-file'], useHotkey: flags['use-hotkey'], wallet: await this.walletRef(flags)}
    const result = await sign(await this.client(), options, this.ui())
    this.out(renderSignature(result))
    return result
  }
}
