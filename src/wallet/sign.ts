/** Sign and verify messages as btwallet's Keypair does (sr25519, "substrate" context). */
import {InputError} from '../errors.js'
import {readSecretFile} from './input.js'
import {checkAddress} from './keys.js'

/** The bytes to sign: UTF-8 of the text, or the hex bytes when it starts with 0x (btwallet's rule). */
export async function messageBytes(message?: string, file?: string): Promise<{bytes: Uint8Array; text: string}> {
  let text: string
  if (file !== undefined) {
    text = file === '-' ? await readSecretFile('-', '«messageFile»') : await readFileRaw(file)
  } else if (message !== undefined) text = message
  else throw new InputError('give «message» or «messageFile»', {code: 'Usage', field: 'message'})
  if (/^0x([0-9a-fA-F]{2})*$/.test(text)) return {bytes: new Uint8Array(Buffer.from(text.slice(2), 'hex')), text}
  return {bytes: new Uint8Array(Buffer.from(text, 'utf8')), text}
}

async function readFileRaw(file: string): Promise<string> {
  const {readFile} = await import('node:fs/promises')
  try {
    return await readFile(file, 'utf8')
  } catch (error) {
    throw new InputError(`cannot read «messageFile» ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, {code: 'BadMessageFile', field: 'messageFile'})
  }
}

export interface VerifyResult {
  address: string
  valid: boolean
  /** true when the signature is over <Bytes>message</Bytes> (polkadot-js signRaw) */
  wrapped: boolean
}

export async function verifyMessage(bytes: Uint8Array, signature: string, address: string): Promise<VerifyResult> {
  const addr = await checkAddress(address, '«address»', 'address')
  const sig = signature.trim()
  if (!/^0x[0-9a-fA-F]{128}$/.test(sig)) throw new InputError('signature must be 0x followed by 128 hex digits (64 bytes)', {code: 'BadSignature', field: 'signature'})
  const uc = await import('@polkadot/util-crypto')
  await uc.cryptoWaitReady()
  const pub = uc.decodeAddress(addr)
  const sigBytes = Buffer.from(sig.slice(2), 'hex')
  if (uc.sr25519Verify(bytes, sigBytes, pub)) return {address: addr, valid: true, wrapped: false}
  const wrapped = Buffer.concat([Buffer.from('<Bytes>'), Buffer.from(bytes), Buffer.from('</Bytes>')])
  if (uc.sr25519Verify(wrapped, sigBytes, pub)) return {address: addr, valid: true, wrapped: true}
  return {address: addr, valid: false, wrapped: false}
}
