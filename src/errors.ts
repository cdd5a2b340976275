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

export interface TaoErrorOptions {
  /** a stable machine-readable code, e.g. `BadAmount`, `SubtensorModule.HotKeyAlreadyRegisteredInSubNet` */
  code?: string
  /** what the operator can do about it (printed on the same line) */
  hint?: string
  /** extra machine-readable data for --json */
  data?: Record<string, unknown>
  cause?: unknown
}

export class TaoError extends Error {
  readonly code: string
  readonly exitCode: number
  readonly hint?: string
  readonly data?: Record<string, unknown>

  constructor(message: string, exitCode: number, options: TaoErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : {cause: options.cause})
    this.name = new.target.name
    this.exitCode = exitCode
    this.code = options.code ?? new.target.name
    this.hint = options.hint
    this.data = options.data
  }
}

/** Bad input: exit 2. Nothing was submitted or written. */
export class InputError extends TaoError {
  constructor(message: string, options: TaoErrorOptions = {}) {
    super(message, ExitCode.USAGE, {code: 'BadInput', ...options})
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
