/**
 * The create / new / regen flows shared by the `tao wallet` commands, written against small hooks so that
 * no oclif or prompt library is imported here. Order: refuse or confirm overwrites, read the key material,
 * derive and validate it, ask for passwords, encrypt, write; the mnemonic of a generated key is shown once.
 */
import path from 'node:path'

import type {KeyfileJson} from './keys.js'
import type {PasswordSource, WalletRef} from './wallet.js'

import {InputError} from '../errors.js'
import type {KeySource} from './input.js'
import {type CreateKeysResult, assertWritable, createKeys, existingTargets, kindsFor} from './manage.js'

export interface FlowHooks {
  /** ask before replacing files (honours --yes; fails at once without a terminal) */
  confirm(message: string): Promise<void>
  passwords(): Promise<PasswordSource>
  spinner(message: string): () => void
  /** write to the terminal (stderr) */
  tell(text: string): void
  /**
   * A writer that reaches a person's terminal and nothing else (stderr when it is a TTY, else /dev/tty),
   * or undefined when there is none: a new mnemonic must never land in a log file.
   */
  secretWriter(): ((text: string) => void) | undefined
}

export interface KeyRequest {
  /** resolved after the overwrite check, so a refused run never prompts for a mnemonic */
  source: () => Promise<KeySource>
  encrypt: boolean
}

export interface WriteRequest {
  ref: WalletRef
  coldkey?: KeyRequest
  hotkey?: KeyRequest
  coldkeypub?: () => Promise<KeyfileJson>
  hotkeypub?: () => Promise<KeyfileJson>
  overwrite: boolean
  /** put generated mnemonics in the result (for --json --show-mnemonic) instead of on the terminal */
  showMnemonicInResult: boolean
}

export interface WalletWriteResult {
  wallet: string
  walletPath: string
  hotkey?: string
  coldkeyAddress?: string
  coldkeyEncrypted?: boolean
  hotkeyAddress?: string
  hotkeyEncrypted?: boolean
  files: string[]
  replaced: string[]
  coldkeyMnemonic?: string
  hotkeyMnemonic?: string
}

export function mnemonicNotice(what: string, mnemonic: string): string {
  return [
    '',
    `IMPORTANT: store this mnemonic in a secure (preferably offline) place; anyone who has it can regenerate the ${what} and use it.`,
    `The mnemonic of the new ${what} is:`,
    '',
    `    ${mnemonic}`,
    '',
    `It is shown only once. Restore the key with \`tao wallet regen-${what}\` (or btcli) if it is lost.`,
    '',
  ].join('\n')
}

export async function writeKeys(req: WriteRequest, hooks: FlowHooks): Promise<WalletWriteResult> {
  const kinds = kindsFor(req)
  const existing = await existingTargets(req.ref, kinds)
  if (existing.length > 0) {
    await assertWritable(req.ref, kinds, req.overwrite) // throws without --overwrite
    await hooks.confirm(`replace ${existing.map((f) => path.relative(req.ref.path, f)).join(', ')}? the old keys are lost unless backed up`)
  }
  const coldSource = req.coldkey ? await req.coldkey.source() : undefined
  const hotSource = req.hotkey ? await req.hotkey.source() : undefined
  const coldkeypub = req.coldkeypub ? await req.coldkeypub() : undefined
  const hotkeypub = req.hotkeypub ? await req.hotkeypub() : undefined
  // a generated mnemonic is shown once, on a terminal only; with none (cron, pipes, CI) refuse before writing
  let showSecret: ((text: string) => void) | undefined
  if (!req.showMnemonicInResult && [coldSource, hotSource].some((s) => s?.kind === 'generate')) {
    showSecret = hooks.secretWriter()
    if (!showSecret) {
      throw new InputError('no terminal to show the new mnemonic on (it is never written to logs); run this in a terminal, add --json --show-mnemonic to receive it in the output, or restore a known one with --mnemonic-file', {
        code: 'NoTerminalForMnemonic',
      })
    }
  }
  const needsPw = Boolean(req.coldkey?.encrypt || req.hotkey?.encrypt)
  const passwords = needsPw ? await hooks.passwords() : undefined
  const r: CreateKeysResult = await createKeys({
    coldkey: coldSource && {encrypt: req.coldkey!.encrypt, source: coldSource},
    coldkeypub,
    hotkey: hotSource && {encrypt: req.hotkey!.encrypt, source: hotSource},
    hotkeypub,
    overwrite: true,
    passwords,
    progress: (m) => hooks.spinner(m),
    ref: req.ref,
  })
  const files: string[] = []
  const out: WalletWriteResult = {files, replaced: existing, wallet: r.wallet, walletPath: r.path}
  if (r.coldkey) {
    out.coldkeyAddress = r.coldkey.address
    out.coldkeyEncrypted = r.coldkey.encrypted
    files.push(r.coldkey.file, path.join(path.dirname(r.coldkey.file), 'coldkeypub.txt'))
  }
  if (r.coldkeypub) {
    out.coldkeyAddress = r.coldkeypub.address
    files.push(r.coldkeypub.file)
  }
  if (r.hotkeyKey || r.hotkeypub) out.hotkey = r.hotkey
  if (r.hotkeyKey) {
    out.hotkeyAddress = r.hotkeyKey.address
    out.hotkeyEncrypted = r.hotkeyKey.encrypted
    files.push(r.hotkeyKey.file, `${r.hotkeyKey.file}pub.txt`)
  }
  if (r.hotkeypub) {
    out.hotkeyAddress = r.hotkeypub.address
    files.push(r.hotkeypub.file)
  }
  for (const [what, m, key] of [
    ['coldkey', r.coldkey?.mnemonic, 'coldkeyMnemonic'],
    ['hotkey', r.hotkeyKey?.mnemonic, 'hotkeyMnemonic'],
  ] as const) {
    if (!m) continue
    if (req.showMnemonicInResult) out[key] = m
    else showSecret!(mnemonicNotice(what, m))
  }
  return out
}

/** --n-words as a number (12/15/18/21/24). */
export function wordCount(raw: string | undefined): number {
  const n = Number(raw ?? '12')
  if (![12, 15, 18, 21, 24].includes(n)) throw new InputError(`--n-words must be 12, 15, 18, 21 or 24: ${raw}`, {code: 'BadWordCount'})
  return n
}
