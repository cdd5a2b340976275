/** `wallet verify`: check an sr25519 signature over a message; an invalid signature is an InputError (exit 2). */
import type {TaoClient} from '../../client.js'
import type {Ui} from '../../ui.js'
import type {VerifyResult} from '../../wallet/sign.js'
import type {WalletRef} from '../../wallet/wallet.js'

import {InputError} from '../../errors.js'
import {messageBytes, verifyMessage} from '../../wallet/sign.js'
import {coldkeyAddress, hotkeyAddress} from '../../wallet/wallet.js'

export interface VerifyOptions {
  /** whose public file names the signer when `address` is not given */
  wallet: WalletRef
  /** ss58 address of the signer */
  address?: string
  /** the message; or `messageFile` */
  message?: string
  /** read the message from this file (`-` = stdin) */
  messageFile?: string
  /** 0x signature (64 bytes) */
  signature: string
  /** verify against the wallet's hotkey */
  useHotkey?: boolean
}

export async function verify(_client: TaoClient, options: VerifyOptions, _ui?: Ui): Promise<VerifyResult> {
  const {bytes} = await messageBytes(options.message, options.messageFile)
  const address = options.address || (options.useHotkey ? await hotkeyAddress(options.wallet) : await coldkeyAddress(options.wallet))
  const result = await verifyMessage(bytes, options.signature, address)
  if (!result.valid) throw new InputError(`signature is NOT valid for ${result.address}`, {code: 'BadSignature', data: {...result}})
  return result
}
