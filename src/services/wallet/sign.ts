/** `wallet sign`: sign a message with the sr25519 coldkey (or hotkey), as btwallet's Keypair does. */
import type {TaoClient} from '../../client.js'
import type {Ui} from '../../ui.js'
import type {WalletRef} from '../../wallet/wallet.js'

import {messageBytes} from '../../wallet/sign.js'
import {coldkeySigner, hotkeySigner} from '../../wallet/signer.js'

export interface SignOptions {
  wallet: WalletRef
  /** the message (0x… is taken as hex bytes); or `messageFile` */
  message?: string
  /** read the message from this file (`-` = stdin) */
  messageFile?: string
  /** sign with the hotkey instead of the coldkey */
  useHotkey?: boolean
}

export interface SignResult {
  address: string
  key: 'coldkey' | 'hotkey'
  message: string
  signature: string
}

export async function sign(client: TaoClient, options: SignOptions, ui: Ui): Promise<SignResult> {
  const {bytes, text} = await messageBytes(options.message, options.messageFile)
  const pair = options.useHotkey ? await hotkeySigner(options.wallet, client.passwords) : await coldkeySigner(options.wallet, client.passwords, ui)
  const signature = `0x${Buffer.from(pair.sign(bytes)).toString('hex')}`
  return {address: pair.address, key: options.useHotkey ? 'hotkey' : 'coldkey', message: text, signature}
}
