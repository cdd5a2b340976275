/**
 * One error taxonomy for the whole tool. Domain modules throw these; the base command maps them to
 * exit codes and to one line on stderr (and one JSON document on stdout under --json).
 * No oclif import here: the library is usable without the CLI.
 */
export const ExitCode = {
  OK: 0,
  /** an unexpected bug */
  BUG: 1,
  /** bad input or usage: bad flag, amount, address, uid, weight, password, key file, prompt not allowed */
  USAGE: 2,
  /** wallet or config: missing wallet/hotkey/coldkey file, unreadable config */
  WALLET: 3,
  /** network: endpoint unreachable, timeout, connection lost */
  NETWORK: 4,
  /** the chain (or its transaction pool) refused the extrinsic */
  CHAIN: 5,
  /** part of a batch succeeded */
  PARTIAL: 6,
  /** weights were committed but did not land on chain (missed or failed reveal) */
  MISSED_REVEAL: 7,
  /** another run holds the lock */
  LOCKED: 8,
  INTERRUPTED: 130,
} as const

export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode]

/**
 * A next step that resolves the error, as a command of the tool with options by their service names. The CLI
 * renders it as `tao <command> --flag value`; a script reads it as data. Never a spelled-out CLI line.
 */
export interface Suggestion {
  /** the command path, e.g. `tx status`, `weights reveal` */
  command: string
  /** positional values, e.g. a transaction hash */
  args?: (string | number)[]
  /** options by their service names, e.g. {netuid: 3}; `true` is a switch */
  options?: Record<string, string | number | boolean>
}

export interface TaoErrorOptions {
  /** a stable machine-readable code, e.g. `BadAmount`, `SubtensorModule.HotKeyAlreadyRegisteredInSubNet` */
  code?: string
  /** what the operator can do about it (printed on the same line); may name options as «option» */
  hint?: string
  /** the option of the service call this error is about (the CLI names the flag that sets it) */
  field?: string
  /** a command that resolves it */
  suggest?: Suggestion
  /** extra machine-readable data for --json */
  data?: Record<string, unknown>
  cause?: unknown
}

/** «option» markers in a message, rendered as the option's own name. */
const plain = (text: string) => text.replaceAll(/«([A-Za-z][\w.-]*)»/g, '$1')

/**
 * Every foreseeable failure. `message` reads well on its own (options named plainly); `template` is the same
 * text with options marked «option», for a front end that names its own spelling of them (the CLI's flags).
 */
export class TaoError extends Error {
  readonly code: string
  readonly exitCode: number
  readonly hint?: string
  readonly data?: Record<string, unknown>
  readonly field?: string
  readonly suggest?: Suggestion
  /** the message with «option» markers */
  readonly template: string
  /** the hint with «option» markers */
  readonly hintTemplate?: string

  constructor(message: string, exitCode: number, options: TaoErrorOptions = {}) {
    super(plain(message), options.cause === undefined ? undefined : {cause: options.cause})
    this.name = new.target.name
    this.exitCode = exitCode
    this.code = options.code ?? new.target.name
    this.template = message
    this.hintTemplate = options.hint
    this.hint = options.hint === undefined ? undefined : plain(options.hint)
    this.data = options.data
    this.field = options.field
    this.suggest = options.suggest
  }
}

/** Bad input: exit 2. Nothing was submitted or written. */
export class InputError extends TaoError {
  constructor(message: string, options: TaoErrorOptions = {}) {
    super(message, ExitCode.USAGE, {code: 'BadInput', ...options})
  }
}

/** Cancelled by the person at a prompt, or a prompt was needed where none is possible: exit 2, nothing done. */
export class CancelledError extends TaoError {
  constructor(message = 'cancelled; nothing was submitted', options: TaoErrorOptions = {}) {
    super(message, ExitCode.USAGE, {code: 'Cancelled', ...options})
  }
}

/** Missing wallet/config: exit 3. */
export class WalletError extends TaoError {
  constructor(message: string, options: TaoErrorOptions = {}) {
    super(message, ExitCode.WALLET, {code: 'Wallet', ...options})
  }
}

/** Network failure: exit 4. */
export class NetworkError extends TaoError {
  constructor(message: string, options: TaoErrorOptions = {}) {
    super(message, ExitCode.NETWORK, {code: 'Network', ...options})
  }
}

/** The chain refused: exit 5. `code` is `Pallet.Error` or `Pool.<reason>`. */
export class ChainError extends TaoError {
  constructor(message: string, options: TaoErrorOptions = {}) {
    super(message, ExitCode.CHAIN, {code: 'ChainRefused', ...options})
  }
}

/** The local spending policy (tao's config policy.json) refuses a mutation before it is signed: exit 5, nothing submitted. */
export class PolicyError extends TaoError {
  constructor(message: string, options: TaoErrorOptions = {}) {
    super(message, ExitCode.CHAIN, {code: 'PolicyRefused', ...options})
  }
}

/** A commit whose weights never landed: exit 7. */
export class MissedRevealError extends TaoError {
  constructor(message: string, options: TaoErrorOptions = {}) {
    super(message, ExitCode.MISSED_REVEAL, {code: 'MissedReveal', ...options})
  }
}

/** Another run holds the lock: exit 8. */
export class LockedError extends TaoError {
  constructor(message: string, options: TaoErrorOptions = {}) {
    super(message, ExitCode.LOCKED, {code: 'Locked', ...options})
  }
}

export function isTaoError(err: unknown): err is TaoError {
  return err instanceof TaoError
}
