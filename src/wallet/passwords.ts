/**
 * Where the password of an encrypted key file comes from. First match wins:
 *
 *  1. `BT_PW_<PATH>`: upstream's (btwallet ≥ 2) per-file variable, XOR+base64 obfuscated (wallet-format §3.5)
 *  2. `BT_COLD_PW_<WALLET>`: the Python SDK ≤ 7 plaintext coldkey variable (coldkeys only, name case-insensitive)
 *  3. `TAO_PASSWORD`: the password itself
 *  4. `TAO_PASSWORD_FILE`: a file holding the password (one trailing newline is stripped)
 *  5. systemd credentials: `$CREDENTIALS_DIRECTORY/tao-password` (`LoadCredential=tao-password:/path`)
 *  6. a hidden prompt on the terminal, when the caller supplied one (a TTY is there)
 *
 * Per-file variables come first because they are the most specific. Without any source and without a terminal
 * the source fails at once with the usage code (exit 2): it never hangs. No prompt code lives here (the library
 * imports no inquirer); the CLI passes a `prompt` function.
 */
import {readFileSync, statSync} from 'node:fs'
import path from 'node:path'

import {InputError} from '../errors.js'
import type {PasswordSource} from './wallet.js'

export const SYSTEMD_CREDENTIAL_NAME = 'tao-password'

/** `BT_PW_` + upper-case(absolute path with `/` and `.` replaced by `_`), as btwallet names it. */
export function btPasswordEnvName(file: string): string {
  return `BT_PW_${path.resolve(file).replaceAll('/', '_').replaceAll('.', '_').toUpperCase()}`
}

function xorWithName(data: Uint8Array, name: string): Buffer {
  const key = Buffer.from(name, 'utf8')
  const out = Buffer.alloc(data.length)
  for (let i = 0; i < data.length; i++) out[i] = data[i]! ^ key[i % key.length]!
  return out
}

/** Decode a `BT_PW_*` value: base64, then XOR with the variable name (cycled). */
export function decodeBtPassword(value: string, envName: string): string {
  return xorWithName(Buffer.from(value.trim(), 'base64'), envName).toString('utf8')
}

/** Encode a password the way btwallet's `save_password_to_env` does. */
export function encodeBtPassword(password: string, envName: string): string {
  return xorWithName(Buffer.from(password, 'utf8'), envName).toString('base64')
}

/** The Python SDK ≤ 7 variable name for a wallet: BT_COLD_PW_<NAME upper-cased, "-" → "_">. */
export function legacyColdPasswordEnvName(walletName: string): string {
  return `BT_COLD_PW_${walletName.toUpperCase().replaceAll('-', '_')}`
}

export interface PasswordSourceOptions {
  env?: NodeJS.ProcessEnv
  /** hidden prompt (returns what was typed); omit when there is no terminal */
  prompt?: (message: string) => Promise<string>
  /** warnings (e.g. a password file readable by others) */
  onWarning?: (message: string) => void
  /** shown while a slow key derivation runs; returns a function that ends the display */
  progress?: (message: string) => () => void
  /** messages to the person at the prompt (e.g. "wrong password, try again") */
  notice?: (message: string) => void
  /** minimum length of a NEW password typed at the prompt (upstream: 6) */
  minLength?: number
}

interface Found {
  password: string
  origin: string
}

function stripNewline(s: string): string {
  return s.replace(/\r?\n$/, '')
}

/** The non-interactive sources, in order, for `file`. */
export function passwordFromEnvironment(file: string, env: NodeJS.ProcessEnv = process.env, onWarning?: (m: string) => void): Found | undefined {
  const btName = btPasswordEnvName(file)
  const bt = env[btName]
  if (bt !== undefined && bt !== '') return {origin: btName, password: decodeBtPassword(bt, btName)}

  if (path.basename(file) === 'coldkey') {
    const legacy = legacyColdPasswordEnvName(path.basename(path.dirname(path.resolve(file))))
    const key = Object.keys(env).find((k) => k.toUpperCase() === legacy)
    if (key && env[key] !== undefined && env[key] !== '') return {origin: key, password: env[key]!}
  }

  if (env.TAO_PASSWORD !== undefined && env.TAO_PASSWORD !== '') return {origin: 'TAO_PASSWORD', password: env.TAO_PASSWORD}

  const readSecretFile = (f: string, origin: string): Found => {
    let text: string
    try {
      text = readFileSync(f, 'utf8')
    } catch (error) {
      throw new InputError(`cannot read the password file named by ${origin} (${f}): ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, {
        code: 'BadPasswordFile',
      })
    }
    try {
      const mode = statSync(f).mode & 0o777
      if (mode & 0o077 && origin === 'TAO_PASSWORD_FILE') onWarning?.(`password file ${f} is readable by group/others (mode ${mode.toString(8)}); chmod 600 it`)
    } catch {}
    return {origin, password: stripNewline(text)}
  }
  if (env.TAO_PASSWORD_FILE) return readSecretFile(env.TAO_PASSWORD_FILE, 'TAO_PASSWORD_FILE')

  if (env.CREDENTIALS_DIRECTORY) {
    const f = path.join(env.CREDENTIALS_DIRECTORY, SYSTEMD_CREDENTIAL_NAME)
    try {
      statSync(f)
      return readSecretFile(f, `systemd credential ${SYSTEMD_CREDENTIAL_NAME}`)
    } catch (error) {
      if (error instanceof InputError) throw error
    }
  }
  return undefined
}

export interface RichPasswordSource extends PasswordSource {
  getNew(file: string, what: string): Promise<string>
  interactive: boolean
  origin(file: string): string | undefined
  progress?: (message: string) => () => void
  notice?: (message: string) => void
}

const NO_SOURCE_HINT = 'set TAO_PASSWORD, TAO_PASSWORD_FILE, a systemd credential "tao-password" or BT_PW_<path>, or run on a terminal'

/** The standard source: environment/file/credentials, then the prompt (when given), else a usage error. */
export function createPasswordSource(opts: PasswordSourceOptions = {}): RichPasswordSource {
  const env = opts.env ?? process.env
  const origins = new Map<string, string>()
  const minLength = opts.minLength ?? 6
  return {
    async get(file: string, what: string): Promise<string> {
      const found = passwordFromEnvironment(file, env, opts.onWarning)
      if (found) {
        origins.set(file, found.origin)
        return found.password
      }
      if (!opts.prompt) {
        throw new InputError(`${what} is encrypted and no password is available without a prompt`, {code: 'PasswordNeeded', hint: NO_SOURCE_HINT})
      }
      origins.set(file, 'prompt')
      // btwallet trims prompted passwords
      return (await opts.prompt(`password for ${what}:`)).trim()
    },
    async getNew(file: string, what: string): Promise<string> {
      const found = passwordFromEnvironment(file, env, opts.onWarning)
      if (found) {
        origins.set(file, found.origin)
        return found.password
      }
      if (!opts.prompt) {
        throw new InputError(`a password is needed to encrypt the ${what} and no prompt is possible`, {
          code: 'PasswordNeeded',
          hint: `${NO_SOURCE_HINT}, or use «noPassword»`,
        })
      }
      for (let attempt = 0; attempt < 3; attempt++) {
        const first = (await opts.prompt(`new password for ${what}:`)).trim()
        if (first.length < minLength) {
          opts.notice?.(`the password must be at least ${minLength} characters`)
          continue
        }
        const second = (await opts.prompt('retype the password:')).trim()
        if (first !== second) {
          opts.notice?.('passwords do not match')
          continue
        }
        origins.set(file, 'prompt')
        return first
      }
      throw new InputError('no acceptable password after 3 attempts', {code: 'BadPassword'})
    },
    interactive: Boolean(opts.prompt),
    notice: opts.notice,
    origin: (file: string) => origins.get(file),
    progress: opts.progress,
  }
}

/** A fixed password (library use and tests). */
export function staticPasswordSource(password: string): RichPasswordSource {
  return {
    get: async () => password,
    getNew: async () => password,
    interactive: false,
    origin: () => 'caller',
  }
}
