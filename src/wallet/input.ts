/**
 * Secrets typed or piped in by the operator (mnemonics, seeds): never from a flag value. They come from a file
 * (the `mnemonicFile` option, `-` = stdin), from stdin when it is piped, or from a hidden prompt the CLI supplies.
 */
import {readFile} from 'node:fs/promises'

import {InputError} from '../errors.js'
import type {KeyfileJson} from './keys.js'

export type KeySource =
  | {kind: 'generate'; words: number}
  | {kind: 'mnemonic'; value: string}
  | {kind: 'seed'; value: string}
  | {kind: 'uri'; value: string}
  /** key file JSON made elsewhere (a decrypted polkadot.js export) */
  | {kind: 'keyfile'; json: KeyfileJson}

let stdinText: Promise<string> | undefined

/** All of stdin (read once). */
export function readStdin(): Promise<string> {
  stdinText ??= new Promise<string>((resolve, reject) => {
    let text = ''
    process.stdin.setEncoding('utf8')
    process.stdin.on('data', (d: string) => (text += d))
    process.stdin.on('end', () => resolve(text))
    process.stdin.on('error', reject)
  })
  return stdinText
}

/** Read a secret from a file, or stdin for `-`. Trimmed. `option` names the file's option in messages (`«mnemonicFile»`). */
export async function readSecretFile(spec: string, option: string): Promise<string> {
  if (spec === '-') return (await readStdin()).trim()
  try {
    return (await readFile(spec, 'utf8')).trim()
  } catch (error) {
    throw new InputError(`cannot read ${option} ${spec}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, {code: 'BadSecretFile', field: /^«(.+)»$/.exec(option)?.[1]})
  }
}

/** A mnemonic, or a seed when the text is 0x-hex. */
export function classifySecret(text: string): KeySource {
  const t = text.trim()
  if (/^0x[0-9a-fA-F]+$/.test(t)) return {kind: 'seed', value: t}
  return {kind: 'mnemonic', value: t}
}

/** Dev URIs (`//Alice`, `//Alice//stash`) are public and may be flags; anything else is a secret. */
export function checkPublicUri(uri: string): KeySource {
  if (!uri.startsWith('/')) {
    throw new InputError('«uri» takes only derivation paths of the public dev phrase (e.g. //Alice); put secret phrases in a file («mnemonicFile»)', {
      code: 'SecretInArgv',
      field: 'uri',
    })
  }
  return {kind: 'uri', value: uri}
}

export interface SecretInputOptions {
  mnemonicFile?: string
  seedFile?: string
  /** hidden prompt, when a terminal is there */
  prompt?: (message: string) => Promise<string>
  what: string
}

/** The key material for a regen: the mnemonic file, the seed file, else the prompt (TTY), else piped stdin. */
export async function secretInput(opts: SecretInputOptions): Promise<KeySource> {
  if (opts.mnemonicFile && opts.seedFile) throw new InputError('give «mnemonicFile» or «seedFile», not both', {code: 'Usage', field: 'seedFile'})
  if (opts.mnemonicFile) {
    const text = await readSecretFile(opts.mnemonicFile, '«mnemonicFile»')
    if (!text) throw new InputError(`mnemonic is invalid: «mnemonicFile» ${opts.mnemonicFile} is empty`, {code: 'BadMnemonic', field: 'mnemonicFile'})
    return {kind: 'mnemonic', value: text}
  }
  if (opts.seedFile) {
    const text = await readSecretFile(opts.seedFile, '«seedFile»')
    if (!text) throw new InputError(`«seedFile» ${opts.seedFile} is empty`, {code: 'BadSeed', field: 'seedFile'})
    return {kind: 'seed', value: text}
  }
  if (opts.prompt) {
    const text = (await opts.prompt(`mnemonic (or 0x seed) of the ${opts.what}:`)).trim()
    if (!text) throw new InputError('no mnemonic was entered', {code: 'BadMnemonic'})
    return classifySecret(text)
  }
  if (!process.stdin.isTTY) {
    const text = (await readStdin()).trim()
    if (text) return classifySecret(text)
  }
  throw new InputError(`no mnemonic for the ${opts.what}: pipe it on stdin, use «mnemonicFile»/«seedFile», or run on a terminal`, {
    code: 'NoMnemonic',
  })
}

/** Key file JSON plus the mnemonic when one was generated (to show once). */
export async function keyfileFromSource(src: KeySource): Promise<{json: KeyfileJson; generatedMnemonic?: string}> {
  const keys = await import('./keys.js')
  switch (src.kind) {
    case 'generate': {
      const m = await keys.generateMnemonic(src.words)
      return {generatedMnemonic: m, json: await keys.keyfileFromMnemonic(m)}
    }
    case 'mnemonic':
      return {json: await keys.keyfileFromMnemonic(src.value)}
    case 'seed':
      return {json: await keys.keyfileFromSeed(src.value)}
    case 'uri':
      return {json: await keys.keyfileFromUri(src.value)}
    case 'keyfile':
      return {json: src.json}
  }
}
