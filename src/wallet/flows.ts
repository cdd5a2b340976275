/**
 * The create / new / regen flows shared by the wallet services, talking to the person through the `Ui` only.
 * Order: refuse or confirm overwrites, read the key material, derive and validate it, ask for passwords,
 * encrypt, write; the mnemonic of a generated key is shown once, on a terminal (`ui.terminal()`).
 */
import path from 'node:path'

import type {Ui} from '../ui.js'
import type {KeyfileJson} from './keys.js'
import type {PasswordSource, WalletRef} from './wallet.js'

import {InputError} from '../errors.js'
import type {KeySource} from './input.js'
import {type CreateKeysResult, assertWritable, createKeys, existingTargets, kindsFor} from './manage.js'

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
  /** put generated mnemonics in the result instead of on the terminal */
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
    `It is shown only once. Restore the key with \`wallet regen-${what}\` (or btcli) if it is lost.`,
    '',
  ].join('\n')
}

/** Write the requested keys; `passwords` gives the new passwords of keys to encrypt. */
export async function writeKeys(req: WriteRequest, ui: Ui, passwords: PasswordSource): Promise<WalletWriteResult> {
  const kinds = kindsFor(req)
  const existing = await existingTargets(req.ref, kinds)
  if (existing.length > 0) {
    await assertWritable(req.ref, kinds, req.overwrite) // throws without overwrite
    await ui.confirm(`replace ${existing.map((f) => path.relative(req.ref.path, f)).join(', ')}? the old keys are lost unless backed up`)
  }
  const coldSource = req.coldkey ? await req.coldkey.source() : undefined
  const hotSource = req.hotkey ? await req.hotkey.source() : undefined
  const coldkeypub = req.coldkeypub ? await req.coldkeypub() : undefined
  const hotkeypub = req.hotkeypub ? await req.hotkeypub() : undefined
  // a generated mnemonic is shown once, on a terminal only; with none (cron, pipes, CI) refuse before writing
  let showSecret: ((text: string) => void) | undefined
  if (!req.showMnemonicInResult && [coldSource, hotSource].some((s) => s?.kind === 'generate')) {
    showSecret = ui.terminal()
    if (!showSecret) {
      throw new InputError('no terminal to show the new mnemonic on (it is never written to logs); run this in a terminal, ask for it in the result («showMnemonic»), or restore a known one with «mnemonicFile»', {
        code: 'NoTerminalForMnemonic',
        field: 'showMnemonic',
      })
    }
  }
  const needsPw = Boolean(req.coldkey?.encrypt || req.hotkey?.encrypt)
  const r: CreateKeysResult = await createKeys({
    coldkey: coldSource && {encrypt: req.coldkey!.encrypt, source: coldSource},
    coldkeypub,
    hotkey: hotSource && {encrypt: req.hotkey!.encrypt, source: hotSource},
    hotkeypub,
    overwrite: true,
    passwords: needsPw ? passwords : undefined,
    progress: (m) => ui.busy(m),
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

/** The words of a generated mnemonic (12/15/18/21/24), from a number or its text. */
export function wordCount(raw: number | string | undefined): number {
  const n = Number(raw ?? '12')
  if (![12, 15, 18, 21, 24].includes(n)) throw new InputError(`«nWords» must be 12, 15, 18, 21 or 24: ${raw}`, {code: 'BadWordCount', field: 'nWords'})
  return n
}
