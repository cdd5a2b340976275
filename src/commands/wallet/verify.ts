import * as Flags from '@oclif/core/flags'

import type {VerifyResult} from '../../wallet/sign.js'

import {BaseCommand} from '../../cli/base-command.js'
import {walletFlags} from '../../cli/flags.js'

export default class WalletVerify extends BaseCommand<VerifyResult> {
  static baseFlags = BaseCommand.offlineFlags()
  static description = `checks an sr25519 signature over the message (also the polkadot-js <Bytes>…</Bytes> wrapping). the signer is --address, else the wallet's coldkey (or hotkey with --use-hotkey) read from its public file. exit 0 when valid, 2 when not.`
  static examples = [
    '<%= config.bin %> wallet verify --message "hello" --signature 0x… --address 5F…',
    '<%= config.bin %> wallet verify -w my-validator --message-file claim.txt --signature 0x… --json',
  ]
  static flags = {
    ...walletFlags,
    address: Flags.string({description: 'ss58 address of the signer'}),
    message: Flags.string({description: 'the message', exactlyOne: ['message', 'message-file']}),
    'message-file': Flags.string({description: 'read the message from this file (- = stdin)', exactlyOne: ['message', 'message-file']}),
    signature: Flags.string({description: '0x signature (64 bytes)', required: true}),
    'use-hotkey': Flags.boolean({description: "verify against the wallet's hotkey"}),
  }
  static summary = 'verify a signed message'

  async run(): Promise<VerifyResult> {
    const {flags} = await this.parseCommand(WalletVerify)
    const [{verify}, {renderVerified}] = await Promise.all([import('../../services/wallet/verify.js'), import('../../cli/render/wallet.js')])
    const options = {
      address: flags.address,
      message: flags.message,
      messageFile: flags['message-file'],
      signature: flags.signature,
      useHotkey: flags['use-hotkey'],
      wallet: await this.walletRef(flags),
    }
    const result = await verify(await this.client(), options, this.ui())
    this.out(renderVerified(result))
    return result
  }
}
