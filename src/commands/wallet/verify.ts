import {Flags} from '@oclif/core'

import type {VerifyResult} from '../../wallet/sign.js'

import {BaseCommand, walletFlags} from '../../base-command.js'

export default class WalletVerify extends BaseCommand<VerifyResult> {
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
    const [{messageBytes, verifyMessage}, wallet] = await Promise.all([import('../../wallet/sign.js'), import('../../wallet/wallet.js')])
    const {bytes} = await messageBytes(flags.message, flags['message-file'])
    let address = flags.address
    if (!address) {
      const ref = await this.walletRef(flags)
      address = flags['use-hotkey'] ? await wallet.hotkeyAddress(ref) : await wallet.coldkeyAddress(ref)
    }
    const result = await verifyMessage(bytes, flags.signature, address)
    if (!result.valid) {
      const {InputError} = await import('../../errors.js')
      throw new InputError(`signature is NOT valid for ${result.address}`, {code: 'BadSignature', data: {...result}})
    }
    this.out(`valid signature by ${result.address}${result.wrapped ? ' (over <Bytes>…</Bytes>)' : ''}`)
    return result
  }
}
