import {Flags} from '@oclif/core'

import {BaseCommand, walletFlags} from '../../base-command.js'
import {renderKeyValues} from '../../output/table.js'

interface SignResult {
  address: string
  key: 'coldkey' | 'hotkey'
  message: string
  signature: string
}

export default class WalletSign extends BaseCommand<SignResult> {
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
    const {messageBytes} = await import('../../wallet/sign.js')
    const {bytes, text} = await messageBytes(flags.message, flags['message-file'])
    const pair = flags['use-hotkey'] ? await this.hotkeySigner(flags) : await this.coldkeySigner(flags)
    const signature = `0x${Buffer.from(pair.sign(bytes)).toString('hex')}`
    const result: SignResult = {address: pair.address, key: flags['use-hotkey'] ? 'hotkey' : 'coldkey', message: text, signature}
    this.out(renderKeyValues([['signer', `${result.key} ${result.address}`], ['signature', signature]]))
    return result
  }
}
