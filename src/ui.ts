/**
 * The one way the library talks back to a person. Every service takes a `Ui`; the CLI implements it with
 * spinners, colour and prompts (src/cli/terminal-ui.ts), a validator script with plain callbacks
 * (`callbackUi`) or not at all (`silentUi`). Nothing here knows about flags, oclif or a terminal.
 *
 * Texts may name an option of the service as «option» (e.g. «maxBurn»): the CLI shows the flag that sets it,
 * a script sees the option's name (`plainText`).
 */
import type {MetricsRegistry} from './util/metrics.js'

import {ExitCode, type Suggestion, TaoError} from './errors.js'

export interface Ui {
  /** a passing status line ("connecting…", "waiting for block…"); shown to a person, never part of a result */
  progress(message: string): void
  /**
   * Something the operator should know; the CLI also collects warnings into the --json result. With `suggest`,
   * the message ends where the command that helps goes ("…; convert it with").
   */
  warn(message: string, suggest?: Suggestion): void
  /**
   * Ask before something irreversible. `plan` is the data the decision rests on (the CLI renders it with the
   * command's renderer). Resolves to go on; throws a TaoError (`Cancelled`, `PromptNotAllowed`) to stop.
   */
  confirm(question: string, plan?: unknown): Promise<void>
  /**
   * Would `confirm` be answered (yes assumed, or a person can answer)? Services ask this before connecting so a
   * run that will need an answer it cannot get fails at once, with nothing sent.
   */
  canConfirm(): boolean
  /** a hidden prompt for a secret (password, mnemonic), or undefined when no person can answer */
  secretPrompt(): ((message: string) => Promise<string>) | undefined
  /** a status for slow local work (a key derivation); returns the function that ends it */
  busy(message: string): () => void
  /**
   * A writer that reaches a person's terminal and nothing else, or undefined when there is none: a new
   * mnemonic must never land in a log file or a pipe.
   */
  terminal(): ((text: string) => void) | undefined
  /** text for the person before a decision (a plan, a notice at a prompt); never part of a result */
  notice(text: string): void
  /**
   * A structured event from a long-running service (an axon request, a validator round, a reconnect): one
   * line a monitor can read. `level` is info unless said.
   */
  event(name: string, fields?: Record<string, unknown>, level?: 'info' | 'warn' | 'error'): void
  /**
   * The figures of a long-running service that exposes metrics (`--metrics`), absent otherwise: library code counts
   * through it (a submission's outcome) without knowing how, or whether, they are served.
   */
  metrics?: MetricsRegistry
}

/** Render «option» markers as the option's own name (for scripts and logs outside the CLI). */
export function plainText(text: string): string {
  return text.replaceAll(/«([A-Za-z][\w.-]*)»/g, '$1')
}

export interface CallbackUiOptions {
  /** answer every confirm with yes (a script decides for itself before calling) [default: true] */
  yes?: boolean
  onProgress?: (message: string) => void
  onWarn?: (message: string) => void
  onNotice?: (text: string) => void
  onEvent?: (name: string, fields: Record<string, unknown>, level: 'info' | 'warn' | 'error') => void
  /** a hidden prompt, when the script has a person to ask */
  secretPrompt?: (message: string) => Promise<string>
}

/** A Ui made of plain callbacks, for validator code that imports tao. */
export function callbackUi(opts: CallbackUiOptions = {}): Ui {
  const yes = opts.yes ?? true
  return {
    busy: (message) => {
      opts.onProgress?.(message)
      return () => {}
    },
    canConfirm: () => yes,
    async confirm(question) {
      if (!yes) throw new TaoError(`confirmation needed (${plainText(question)}) and this Ui answers no`, ExitCode.USAGE, {code: 'PromptNotAllowed'})
    },
    event: (name, fields = {}, level = 'info') => opts.onEvent?.(name, fields, level),
    notice: (text) => opts.onNotice?.(plainText(text)),
    progress: (message) => opts.onProgress?.(plainText(message)),
    secretPrompt: () => opts.secretPrompt,
    terminal: () => undefined,
    warn: (message, suggest) => opts.onWarn?.(plainText(suggest ? `${message} ${suggestionPlain(suggest)}` : message)),
  }
}

/** A suggested command in words, for scripts: `wallet reencrypt (wallet=legacy)`. */
export function suggestionPlain(s: Suggestion): string {
  const opts = Object.entries(s.options ?? {}).map(([k, v]) => (v === true ? k : `${k}=${v}`))
  return [s.command, ...(s.args ?? []).map(String)].join(' ') + (opts.length ? ` (${opts.join(', ')})` : '')
}

/** A Ui that says nothing and answers yes: the library default. */
export const silentUi: Ui = callbackUi({yes: true})
