/**
 * Writing wallets as btcli/btwallet lay them out (wallet-format §1, §2): coldkey ($NACL by default),
 * coldkeypub.txt, hotkeys/<name> (plaintext by default) and hotkeys/<name>pub.txt. Files are 0600, folders tao
 * creates are 0700, every write is atomic (temp file in the same folder, fsync, rename). Nothing is replaced
 * unless the caller passed `overwrite` (the service asks for a confirmation first); all targets are checked
 * before anything is written, so a refused run changes nothing.
 */
import {chmod, lstat, mkdir, open, readdir, readFile, rename, rm, rmdir, stat, unlink} from 'node:fs/promises'
import path from 'node:path'

import {fileWriteError, writeFileAtomic as writeAtomic} from '../util/fs.js'

import {InputError, WalletError} from '../errors.js'
import {
  type KeyfileEncoding,
  PUBLIC_KEY_FIELDS,
  addressFromPublicFile,
  detectEncoding,
  encodeKeyfile,
  readKeyfile,
} from './keyfile.js'
import type {KeyfileJson} from './keys.js'
import {
  type PasswordSource,
  type WalletRef,
  coldkeyFile,
  coldkeypubFile,
  hotkeyFile,
  hotkeypubFile,
  walletDir,
} from './wallet.js'

export const FILE_MODE = 0o600
export const DIR_MODE = 0o700

async function exists(p: string): Promise<boolean> {
  try {
    await lstat(p)
    return true
  } catch {
    return false
  }
}

/** mkdir -p, new folders 0700 (existing ones are left as they are). */
export async function ensureDir(dir: string): Promise<void> {
  const missing: string[] = []
  let d = path.resolve(dir)
  while (!(await exists(d))) {
    missing.unshift(d)
    const up = path.dirname(d)
    if (up === d) break
    d = up
  }
  for (const m of missing) {
    await mkdir(m, {mode: DIR_MODE}).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'EEXIST') throw error
    })
    await chmod(m, DIR_MODE)
  }
  const s = await stat(dir)
  if (!s.isDirectory()) throw new WalletError(`not a folder: ${dir}`, {code: 'NotADirectory'})
}

/** Atomic 0600 write (src/util/fs.ts) into a 0700 wallet folder. Refuses to write through a symlink. */
export async function writeFileAtomic(file: string, data: Uint8Array | string): Promise<void> {
  await ensureDir(path.dirname(file))
  try {
    if ((await lstat(file)).isSymbolicLink()) throw new InputError(`refusing to replace a symlink: ${file}`, {code: 'Symlink'})
  } catch (error) {
    if (error instanceof InputError) throw error
  }
  await writeAtomic(file, data, {dirMode: DIR_MODE, mode: FILE_MODE})
}

export type KeyKind = 'coldkey' | 'coldkeypub' | 'hotkey' | 'hotkeypub'

export function fileFor(ref: WalletRef, kind: KeyKind): string {
  switch (kind) {
    case 'coldkey':
      return coldkeyFile(ref)
    case 'coldkeypub':
      return coldkeypubFile(ref)
    case 'hotkey':
      return hotkeyFile(ref)
    case 'hotkeypub':
      return hotkeypubFile(ref)
  }
}

/** The files among `kinds` that already exist. */
export async function existingTargets(ref: WalletRef, kinds: KeyKind[]): Promise<string[]> {
  const out: string[] = []
  for (const k of kinds) if (await exists(fileFor(ref, k))) out.push(fileFor(ref, k))
  return out
}

/** Refuse (exit 2) when any target exists and `overwrite` is off. Call before asking for passwords or writing. */
export async function assertWritable(ref: WalletRef, kinds: KeyKind[], overwrite: boolean): Promise<string[]> {
  const found = await existingTargets(ref, kinds)
  if (found.length > 0 && !overwrite) {
    const list = found.map((f) => path.relative(ref.path, f)).join(', ')
    throw new InputError(`wallet "${ref.name}" already has ${list} in ${ref.path}; nothing was changed`, {
      code: 'KeyExists',
      hint: 'use «overwrite» to replace it',
    })
  }
  return found
}

export interface WriteKeyOptions {
  /** encrypt as $NACL with this password; undefined = plaintext JSON */
  password?: string
  /** shown while the KDF runs */
  progress?: (message: string) => () => void
}

async function encode(json: KeyfileJson, what: string, opts: WriteKeyOptions): Promise<Buffer> {
  if (opts.password === undefined) return encodeKeyfile(json)
  const stop = opts.progress?.(`encrypting ${what}…`)
  try {
    return await encodeKeyfile(json, opts.password)
  } finally {
    stop?.()
  }
}

export interface PlannedWrite {
  file: string
  data: Uint8Array | string
}

/**
 * Write a set of wallet files as a whole or not at all. A wallet folder that does not exist yet is built in a
 * temporary folder beside it and renamed into place. Into an existing wallet each file is written atomically,
 * and on a failure every file this call wrote is put back as it was (removed, or its old bytes restored).
 * A disk condition (full, read-only, permission) is WalletError exit 3 "cannot write …: disk full".
 */
export async function writeWalletFiles(ref: WalletRef, writes: PlannedWrite[]): Promise<void> {
  const dir = walletDir(ref)
  const what = `wallet "${ref.name}" in ${dir}`
  if (!(await exists(dir))) {
    // node:crypto only here: `wallet list` starts without it
    const {randomBytes} = await import('node:crypto')
    const tmp = path.join(path.dirname(dir), `.${path.basename(dir)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`)
    let made = false
    try {
      await ensureDir(path.dirname(dir))
      await mkdir(tmp, {mode: DIR_MODE})
      made = true
      for (const w of writes) await writeAtomic(path.join(tmp, path.relative(dir, w.file)), w.data, {dirMode: DIR_MODE, mode: FILE_MODE})
      await rename(tmp, dir)
      made = false
    } catch (error) {
      if (made) await rm(tmp, {force: true, recursive: true}).catch(() => {})
      if (['EEXIST', 'ENOTEMPTY'].includes((error as NodeJS.ErrnoException).code ?? '')) {
        throw new WalletError(`${what} appeared while it was being written; nothing was written`, {code: 'KeyExists'})
      }
      throw fileWriteError(error, what, 'nothing was written')
    }
    await syncDir(path.dirname(dir))
    return
  }
  const done: {file: string; old?: Buffer}[] = []
  const madeDirs: string[] = []
  let current = dir
  try {
    for (const w of writes) {
      current = w.file
      const parent = path.dirname(w.file)
      if (!(await exists(parent))) madeDirs.unshift(parent)
      const old = await readFile(w.file).catch(() => undefined)
      await writeFileAtomic(w.file, w.data)
      done.push({file: w.file, old})
    }
  } catch (error) {
    for (const d of done.reverse()) {
      await (d.old ? writeAtomic(d.file, d.old, {mode: FILE_MODE}) : unlink(d.file)).catch(() => {})
    }
    for (const m of madeDirs) await rmdir(m).catch(() => {})
    throw fileWriteError(error, current, done.length > 0 ? 'nothing was changed (the files written were put back)' : 'nothing was changed')
  }
}

async function syncDir(dir: string): Promise<void> {
  try {
    const fh = await open(dir, 'r')
    await fh.sync().catch(() => {})
    await fh.close()
  } catch {}
}

/** Write coldkey (+ coldkeypub.txt). Encode first, then write both, so a failed KDF writes nothing. */
export async function writeColdkey(ref: WalletRef, json: KeyfileJson, opts: WriteKeyOptions = {}): Promise<void> {
  const key = await encode(json, 'coldkey', opts)
  const pub = await encodeKeyfile(json, undefined, PUBLIC_KEY_FIELDS)
  await writeWalletFiles(ref, [{data: key, file: coldkeyFile(ref)}, {data: pub, file: coldkeypubFile(ref)}])
}

/** Write hotkeys/<name> (+ <name>pub.txt, as btwallet ≥ 4.0). */
export async function writeHotkey(ref: WalletRef, json: KeyfileJson, opts: WriteKeyOptions = {}): Promise<void> {
  const key = await encode(json, 'hotkey', opts)
  const pub = await encodeKeyfile(json, undefined, PUBLIC_KEY_FIELDS)
  await writeWalletFiles(ref, [{data: key, file: hotkeyFile(ref)}, {data: pub, file: hotkeypubFile(ref)}])
}

export async function writeColdkeypub(ref: WalletRef, json: KeyfileJson): Promise<void> {
  await writeWalletFiles(ref, [{data: await encodeKeyfile(json, undefined, PUBLIC_KEY_FIELDS), file: coldkeypubFile(ref)}])
}

export async function writeHotkeypub(ref: WalletRef, json: KeyfileJson): Promise<void> {
  await writeWalletFiles(ref, [{data: await encodeKeyfile(json, undefined, PUBLIC_KEY_FIELDS), file: hotkeypubFile(ref)}])
}

// ---- listing ------------------------------------------------------------------------------------

export type KeyState = KeyfileEncoding | 'missing' | 'unreadable'

export interface HotkeyEntry {
  name: string
  address: string | null
  /** how hotkeys/<name> is stored; `missing` for a lone <name>pub.txt */
  encryption: KeyState
  publicOnly: boolean
}

export interface WalletEntry {
  name: string
  path: string
  coldkeyAddress: string | null
  /** how the coldkey file is stored (`missing` on a hotkey-only host) */
  coldkeyEncryption: KeyState
  hotkeys: HotkeyEntry[]
}

async function keyState(file: string): Promise<KeyState> {
  try {
    const fh = await open(file, 'r')
    try {
      const buf = Buffer.alloc(16)
      const {bytesRead} = await fh.read(buf, 0, 16, 0)
      return detectEncoding(buf.subarray(0, bytesRead))
    } finally {
      await fh.close()
    }
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'missing' : 'unreadable'
  }
}

async function publicAddressOf(files: string[]): Promise<string | null> {
  for (const f of files) {
    try {
      const addr = await addressFromPublicFile(await readFile(f), f)
      if (addr) return addr
    } catch {}
  }
  return null
}

/**
 * Wallets under `root` (btcli's `wallet list`): a folder counts as a wallet when it holds a coldkey,
 * coldkeypub.txt or a hotkeys/ folder. Reads only public data; never asks for a password.
 */
export async function listWallets(root: string, only?: string): Promise<WalletEntry[]> {
  let names: string[]
  try {
    names = (await readdir(root, {withFileTypes: true})).filter((d) => d.isDirectory() && !d.name.startsWith('.')).map((d) => d.name)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') names = []
    else throw new WalletError(`cannot read the wallets folder ${root}: ${(error as Error).message}`, {code: 'UnreadableWalletPath'})
  }
  if (only !== undefined) {
    if (!names.includes(only)) throw new WalletError(`wallet "${only}" not found in ${root}`, {code: 'NoWallet'})
    names = [only]
  }
  const out: WalletEntry[] = []
  for (const name of names.sort()) {
    const dir = path.join(root, name)
    const coldkeyEncryption = await keyState(path.join(dir, 'coldkey'))
    const hasPub = await exists(path.join(dir, 'coldkeypub.txt'))
    const hotDir = path.join(dir, 'hotkeys')
    let entries: string[] = []
    try {
      entries = (await readdir(hotDir, {withFileTypes: true})).filter((d) => d.isFile() && !d.name.startsWith('.')).map((d) => d.name)
    } catch {}
    if (coldkeyEncryption === 'missing' && !hasPub && entries.length === 0 && !(await exists(hotDir))) continue
    const coldkeyAddress = await publicAddressOf([path.join(dir, 'coldkeypub.txt'), path.join(dir, 'coldkey')])
    const set = new Set(entries)
    const hotkeys: HotkeyEntry[] = []
    for (const e of entries.sort()) {
      if (e.endsWith('pub.txt') && e !== 'pub.txt') {
        const base = e.slice(0, -'pub.txt'.length)
        if (set.has(base)) continue // shown with its key file
        hotkeys.push({address: await publicAddressOf([path.join(hotDir, e)]), encryption: 'missing', name: base, publicOnly: true})
        continue
      }
      const encryption = await keyState(path.join(hotDir, e))
      const address = await publicAddressOf([path.join(hotDir, `${e}pub.txt`), path.join(hotDir, e)])
      if (address === null && encryption === 'plaintext') continue // unrelated file (btcli skips these silently)
      hotkeys.push({address, encryption, name: e, publicOnly: false})
    }
    out.push({coldkeyAddress, coldkeyEncryption, hotkeys, name, path: dir})
  }
  return out
}

// ---- re-encryption -----------------------------------------------------------------------------

export interface ReencryptResult {
  file: string
  from: KeyfileEncoding
  to: KeyfileEncoding
  changed: boolean
}

/**
 * Rewrite a key file as `$NACL`: legacy ansible-vault/Fernet files keep their password; plaintext files get a
 * new one (`passwords.getNew`). Already-$NACL files are left alone. Atomic; the old bytes stay until rename.
 */
export async function reencryptKeyfile(file: string, what: string, passwords: PasswordSource, progress?: (m: string) => () => void): Promise<ReencryptResult> {
  let bytes: Buffer
  try {
    bytes = await readFile(file)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new WalletError(`${what} not found: ${file}`, {code: 'NoKeyfile'})
    throw error
  }
  const from = detectEncoding(bytes)
  if (from === 'nacl') return {changed: false, file, from, to: 'nacl'}
  let password: string | undefined
  const capture: PasswordSource = {
    ...passwords,
    get: async (f, w) => {
      password = await passwords.get(f, w)
      return password
    },
  }
  const {json} = await readKeyfile(bytes, file, what, from === 'plaintext' ? undefined : capture)
  // check the content is a usable key before rewriting it
  const {pairFromKeyfile} = await import('./keys.js')
  await pairFromKeyfile(json, `${what} ${file}`)
  if (from === 'plaintext') {
    if (!passwords.getNew) throw new InputError('a new password is needed to encrypt a plaintext key file', {code: 'PasswordNeeded'})
    password = await passwords.getNew(file, what)
  }
  const out = await encode(json, what.split(' ')[0]!, {password, progress})
  password = undefined
  try {
    await writeFileAtomic(file, out)
  } catch (error) {
    throw fileWriteError(error, file, 'the key file is unchanged')
  }
  return {changed: true, file, from, to: 'nacl'}
}

export {walletDir}

// ---- creating keys -----------------------------------------------------------------------------

export interface KeyPlan {
  source: import('./input.js').KeySource
  /** encrypt as $NACL (password from the source's getNew) */
  encrypt: boolean
}

export interface CreateKeysOptions {
  ref: WalletRef
  coldkey?: KeyPlan
  hotkey?: KeyPlan
  /** write only the public file(s) from these (regen-coldkeypub / regen-hotkeypub) */
  coldkeypub?: KeyfileJson
  hotkeypub?: KeyfileJson
  overwrite: boolean
  passwords?: PasswordSource
  progress?: (message: string) => () => void
}

export interface CreatedKey {
  address: string
  publicKey: string
  file: string
  encrypted: boolean
  /** only when tao generated it: the caller shows it once */
  mnemonic?: string
}

export interface CreateKeysResult {
  wallet: string
  path: string
  hotkey: string
  coldkey?: CreatedKey
  hotkeyKey?: CreatedKey
  coldkeypub?: {address: string; file: string}
  hotkeypub?: {address: string; file: string}
}

export function kindsFor(o: {coldkey?: unknown; hotkey?: unknown; coldkeypub?: unknown; hotkeypub?: unknown}): KeyKind[] {
  const kinds: KeyKind[] = []
  if (o.coldkey) kinds.push('coldkey', 'coldkeypub')
  if (o.coldkeypub) kinds.push('coldkeypub')
  if (o.hotkey) kinds.push('hotkey', 'hotkeypub')
  if (o.hotkeypub) kinds.push('hotkeypub')
  return kinds
}

/**
 * Create or restore keys. Order matters for "nothing changes on bad input": existing files are checked first,
 * then key material is derived and validated (bad mnemonic/seed → exit 2), then passwords are obtained, then
 * everything is encrypted, and only then are files written.
 */
export async function createKeys(o: CreateKeysOptions): Promise<CreateKeysResult> {
  await assertWritable(o.ref, kindsFor(o), o.overwrite)
  const {keyfileFromSource} = await import('./input.js')
  const cold = o.coldkey ? await keyfileFromSource(o.coldkey.source) : undefined
  const hot = o.hotkey ? await keyfileFromSource(o.hotkey.source) : undefined
  const needPassword = (plan?: KeyPlan) => {
    if (!plan?.encrypt) return undefined
    if (!o.passwords?.getNew) throw new InputError('no password source for a new encrypted key', {code: 'PasswordNeeded'})
    return o.passwords.getNew
  }
  const coldPw = needPassword(o.coldkey) ? await o.passwords!.getNew!(coldkeyFile(o.ref), 'coldkey') : undefined
  const hotPw = needPassword(o.hotkey) ? await o.passwords!.getNew!(hotkeyFile(o.ref), 'hotkey') : undefined
  const coldBytes = cold ? await encode(cold.json, 'coldkey', {password: coldPw, progress: o.progress}) : undefined
  const hotBytes = hot ? await encode(hot.json, 'hotkey', {password: hotPw, progress: o.progress}) : undefined
  const pubOf = (j: KeyfileJson) => encodeKeyfile(j, undefined, PUBLIC_KEY_FIELDS)

  const result: CreateKeysResult = {hotkey: o.ref.hotkey, path: o.ref.path, wallet: o.ref.name}
  const writes: PlannedWrite[] = []
  if (cold && coldBytes) {
    writes.push({data: coldBytes, file: coldkeyFile(o.ref)}, {data: await pubOf(cold.json), file: coldkeypubFile(o.ref)})
    result.coldkey = {
      address: cold.json.ss58Address as string,
      encrypted: coldPw !== undefined,
      file: coldkeyFile(o.ref),
      mnemonic: cold.generatedMnemonic,
      publicKey: cold.json.publicKey as string,
    }
  }
  if (o.coldkeypub) {
    writes.push({data: await pubOf(o.coldkeypub), file: coldkeypubFile(o.ref)})
    result.coldkeypub = {address: o.coldkeypub.ss58Address as string, file: coldkeypubFile(o.ref)}
  }
  if (hot && hotBytes) {
    writes.push({data: hotBytes, file: hotkeyFile(o.ref)}, {data: await pubOf(hot.json), file: hotkeypubFile(o.ref)})
    result.hotkeyKey = {
      address: hot.json.ss58Address as string,
      encrypted: hotPw !== undefined,
      file: hotkeyFile(o.ref),
      mnemonic: hot.generatedMnemonic,
      publicKey: hot.json.publicKey as string,
    }
  }
  if (o.hotkeypub) {
    writes.push({data: await pubOf(o.hotkeypub), file: hotkeypubFile(o.ref)})
    result.hotkeypub = {address: o.hotkeypub.ss58Address as string, file: hotkeypubFile(o.ref)}
  }
  await writeWalletFiles(o.ref, writes)
  return result
}
