/**
 * What every tao command does around its service, without oclif: the global flags (colour, width, quiet,
 * verbose, --yes), stdout for the result only, signals, the settings store, the wallet, the client, the Ui, and
 * the one error line (and --json error document) with its exit code. `BaseCommand` (the oclif command) runs its
 * commands through one of these; so does the start-up fast path of the offline commands (src/cli/fast.ts), which
 * runs them without loading oclif. Nothing here imports oclif.
 */
import type {TaoClient} from '../client.js'
import type {Suggestion} from '../errors.js'
import type {Ui} from '../ui.js'
import type {SettingsStore} from '../config/settings.js'
import type {RichPasswordSource} from '../wallet/passwords.js'
import type {WalletRef} from '../wallet/wallet.js'

import {ExitCode, InputError, TaoError} from '../errors.js'
import {stringifyJson} from '../output/json.js'
import {diskWriteErrorOf} from '../util/fs.js'
import {c, colorWanted, setColor, setWide} from '../output/style.js'
import {terminalUi} from './terminal-ui.js'

/** What a runtime needs from the command it runs. */
export interface RuntimeHost {
  /** the command's arguments after its id (as given) */
  argv(): string[]
  /** the command's id (`subnet:metagraph`), for its read plan */
  id?: string
  /** the program name (`tao`) */
  bin: string
  /** --json in effect (oclif's `jsonEnabled()`) */
  json(): boolean
  /** service options whose flag is not their kebab-case name (the command's static `fieldFlags`) */
  fieldFlags: Record<string, string>
  /** the command's static `longRunning` */
  longRunning: boolean
}

export interface Globals {
  network?: string
  noColor: boolean
  quiet: boolean
  timeout?: string
  verbose: boolean
  yes: boolean
}

/** A command's parsed arguments and flags. */
export interface ParsedInput {
  args: Record<string, unknown>
  flags: Record<string, unknown>
}

export class CommandRuntime {
  globals: Globals = {noColor: false, quiet: false, verbose: false, yes: false}
  /** warnings so far, also collected for --json output */
  warnings: string[] = []

  private clientPromise?: Promise<TaoClient>
  /** a long-running service in progress: the first signal stops it cleanly */
  private stopRequested?: () => void
  /** a long-running command got its first signal before its service ran: stop it as soon as it does */
  private stopPending = false
  private settingsPromise?: Promise<SettingsStore>

  constructor(private readonly host: RuntimeHost) {}

  jsonEnabled(): boolean {
    return this.host.json()
  }

  /** Apply the parsed global flags (colour, verbosity, width). */
  applyGlobals(f: Record<string, unknown>): void {
    this.globals = {
      network: f.network as string | undefined,
      noColor: Boolean(f['no-color']),
      quiet: Boolean(f.quiet),
      timeout: f.timeout as string | undefined,
      verbose: Boolean(f.verbose),
      yes: Boolean(f.yes),
    }
    setColor(colorWanted({json: this.jsonEnabled(), noColor: this.globals.noColor}))
    setWide(Boolean(f.wide) || !process.stdout.isTTY)
  }

  /** Before parsing: stdout for the result only, colour, and the signal handlers. */
  init(): void {
    const argv = this.host.argv()
    // stdout carries the result only: library chatter (e.g. @polkadot's `log` level) goes to stderr.
    // @polkadot's logger lines ("2026-… RPC-CORE: …", "API-WS: disconnected …") are detail for --verbose: a
    // failure is one stderr line a monitor can read.
    const verbose = argv.includes('--verbose') || Boolean(process.env.TAO_VERBOSE)
    const libraryLog = (args: unknown[]) => typeof args[0] === 'string' && /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d/.test(args[0]) && typeof args[1] === 'string' && /^\s*[A-Z][\w/-]*:$/.test(args[1])
    const toStderr = console.error.bind(console)
    console.error = (...args: unknown[]) => {
      if (verbose || !libraryLog(args)) toStderr(...args)
    }
    console.warn = console.error
    console.log = (...args: unknown[]) => console.error(...args)
    console.info = (...args: unknown[]) => console.error(...args)
    setColor(colorWanted({json: this.jsonEnabled(), noColor: argv.includes('--no-color')}))
    let signals = 0
    const onSignal = (signal: NodeJS.Signals) => {
      signals++
      if (signals === 1 && (this.stopRequested || this.host.longRunning)) {
        // a long-running service: stop it cleanly, then the command returns (exit 0); before it runs, as soon as it does
        if (this.stopRequested) this.stopRequested()
        else this.stopPending = true
        return
      }
      const code = signal === 'SIGTERM' ? 143 : ExitCode.INTERRUPTED
      void this.reportInterrupted(signal)
        .catch(() => {})
        .finally(() => void this.closeChain().finally(() => process.exit(code)))
    }
    process.on('SIGINT', onSignal)
    process.on('SIGTERM', onSignal)
  }

  /**
   * On a signal: a submission already sent may still land, so say which (hash, signer, nonce, last block) and
   * how to resolve it, record it as `unknown` in the journal, and under --json print one document with status
   * `unknown`. Before any submission: "interrupted", nothing was sent.
   */
  private async reportInterrupted(signal: NodeJS.Signals): Promise<void> {
    const {appendJournalQuietly, inFlightEntries} = await import('../chain/journal.js')
    const sent = inFlightEntries()
    if (sent.length === 0) {
      process.stderr.write(`\ninterrupted (${signal}); nothing was submitted\n`)
      if (this.jsonEnabled()) this.logJson({error: {code: 'Interrupted', exitCode: signal === 'SIGTERM' ? 143 : 130, message: 'interrupted; nothing was submitted'}, status: 'interrupted'})
      return
    }
    const client = await this.clientPromise?.catch(() => undefined)
    const file = client?.connected() ? (await client.chain().catch(() => undefined))?.journalFile : undefined
    for (const e of sent) {
      if (file) appendJournalQuietly(file, {...e, at: new Date().toISOString(), status: 'unknown'})
      process.stderr.write(
        `\ninterrupted (${signal}) after submitting ${e.call}: tx ${e.hash} (signer ${e.signer}, nonce ${e.nonce}) may still land until block ${e.lastValidBlock}; check with \`${this.host.bin} tx status ${e.hash}\` before retrying\n`,
      )
    }
    if (this.jsonEnabled()) {
      const e = sent.at(-1)!
      this.logJson({call: e.call, lastValidBlock: e.lastValidBlock, next: `${this.host.bin} tx status ${e.hash}`, nonce: e.nonce, signer: e.signer, status: 'unknown', txHash: e.hash})
    }
  }

  /** The persistent settings store (the config file), loaded on first use. */
  settings(): Promise<SettingsStore> {
    this.settingsPromise ??= import('../config/settings.js').then((m) => m.openSettings())
    return this.settingsPromise
  }

  /** The wallet named by --wallet/--hotkey/--wallet-path (flag > env > config > default). */
  async walletRef(flags: {hotkey?: string; wallet?: string; 'wallet-path'?: string}): Promise<WalletRef> {
    const [{resolveWalletRef}, settings] = await Promise.all([import('../wallet/wallet.js'), this.settings()])
    return resolveWalletRef(
      {hotkey: flags.hotkey, name: flags.wallet, path: flags['wallet-path']},
      {hotkey: settings.get('hotkey'), wallet: settings.get('wallet'), walletPath: settings.get('walletPath')},
    )
  }

  /**
   * Where passwords for encrypted key files come from: BT_PW_<path>, TAO_PASSWORD, TAO_PASSWORD_FILE,
   * $CREDENTIALS_DIRECTORY/tao-password, else a hidden prompt on stderr when stdin is a terminal (and not --yes).
   * Without any of these it fails at once with exit 2 (never hangs). See docs/wallet.md.
   */
  async passwordSource(): Promise<RichPasswordSource> {
    const {createPasswordSource} = await import('../wallet/passwords.js')
    const ui = this.ui()
    return createPasswordSource({
      notice: (m) => process.stderr.write(`${m}\n`),
      onWarning: (m) => ui.warn(m),
      progress: (m) => ui.busy(m),
      prompt: ui.secretPrompt(),
    })
  }

  /** Network endpoints: flag > env > config > finney; several comma-separated are tried in order. */
  async endpoint(): Promise<string> {
    const {resolveEndpoints} = await import('../config/settings.js')
    const network = this.globals.network ?? (await this.settings()).get('network') ?? 'finney'
    return resolveEndpoints(network).join(',')
  }

  async timeoutMs(): Promise<number> {
    const raw = this.globals.timeout ?? (await this.settings()).get('timeout')?.toString() ?? '30'
    const n = Number(raw)
    if (!(n > 0) || !Number.isFinite(n)) throw new InputError(`--timeout must be a positive number of seconds: ${raw}`)
    return Math.round(n * 1000)
  }

  /**
   * The client every service takes: the endpoint (flag > env > config > finney), the timeout, the metadata cache
   * folder (config "cacheDir"), and passwords from the environment or a prompt. Connects on first use.
   */
  client(): Promise<TaoClient> {
    this.clientPromise ??= (async () => {
      const [{createClient}, endpoint, timeoutMs, settings, passwords] = await Promise.all([
        import('../client.js'),
        this.endpoint(),
        this.timeoutMs(),
        this.settings(),
        this.passwordSource(),
      ])
      const cacheDir = settings.get('cacheDir')
      return createClient({
        cacheDir: cacheDir ? (await import('node:path')).resolve(cacheDir) : undefined,
        network: endpoint,
        onConnect: (e) => this.progress(`connecting to ${e}`),
        // long-running services report their reconnects through the Ui (one `chain.reconnect` line each)
        onReconnect: (r) => {
          if (!this.stopRequested) this.warning(`connection to ${r.from} lost; reconnected to ${r.to}`)
        },
        onWarning: (m) => this.warning(m),
        passwords,
        readPlan: this.readPlanName(),
        timeoutMs,
      })
    })()
    return this.clientPromise
  }

  /**
   * The read plan's name (src/chain/light/plan.ts): the command and its arguments, less the endpoint (the chain's
   * genesis is checked instead, so a plan serves every endpoint of one chain). TAO_READ_PLAN=0: none.
   */
  private readPlanName(): string | undefined {
    if (process.env.TAO_READ_PLAN === '0') return undefined
    const network = this.globals.network
    const args = this.host.argv().filter((a) => network === undefined || (a !== network && !a.endsWith(`=${network}`)))
    return JSON.stringify([this.host.id, ...args])
  }

  async closeChain(): Promise<void> {
    const p = this.clientPromise
    this.clientPromise = undefined
    if (!p) return
    try {
      await (await p).close()
    } catch {
      // connecting failed: nothing to close
    }
  }

  /**
   * The Ui for this command's service: progress and warnings on stderr, confirmations (with the plan rendered by
   * `renderPlan`) on a terminal or by --yes, hidden prompts, and events of long-running services.
   */
  ui(opts: {renderPlan?: (plan: any) => string | undefined; logFormat?: string} = {}): Ui {
    return terminalUi({
      flagText: (t) => this.flagText(t),
      json: this.jsonEnabled(),
      logFormat: opts.logFormat === 'json' ? 'json' : 'text',
      onWarning: (m) => this.warnings.push(m),
      quiet: this.globals.quiet,
      renderPlan: opts.renderPlan,
      suggestionText: (sg) => this.suggestionText(sg),
      verbose: this.globals.verbose,
      yes: this.globals.yes,
    })
  }

  /** The flag that sets a service option: `fieldFlags`, else the option's kebab-case name. */
  flagName(field: string): string {
    return this.host.fieldFlags[field] ?? field.replaceAll(/[A-Z]/g, (ch) => `-${ch.toLowerCase()}`)
  }

  /** A library text with its «option» markers as this command's flags. */
  flagText(text: string): string {
    return text.replaceAll(/«([A-Za-z][\w.-]*)»/g, (_, field: string) => `--${this.flagName(field)}`)
  }

  /** A suggested command as the person types it. */
  suggestionText(s: Suggestion): string {
    const parts = [this.host.bin, s.command, ...(s.args ?? []).map(String)]
    const short: Record<string, string> = {hotkey: '-H', wallet: '-w'}
    for (const [k, v] of Object.entries(s.options ?? {})) {
      const flag = short[k] ?? `--${k.replaceAll(/[A-Z]/g, (ch) => `-${ch.toLowerCase()}`)}`
      if (v === true) parts.push(flag)
      else if (v !== false) parts.push(flag, String(v))
    }
    return parts.join(' ')
  }

  /**
   * The netuid given as the first argument or as --netuid (both accepted everywhere a netuid is taken).
   * Returns undefined when neither was given and it is optional.
   */
  netuidOf(parsed: ParsedInput, required = false): number | undefined {
    const a = parsed.args.netuid as number | undefined
    const f = parsed.flags.netuid as number | undefined
    if (a !== undefined && f !== undefined && a !== f) throw new InputError(`the netuid is given twice, ${a} and --netuid ${f}`, {code: 'BadNetuid'})
    const n = a ?? f
    if (n === undefined && required) throw new InputError('give the netuid as the first argument or with --netuid', {code: 'BadNetuid'})
    return n
  }

  /**
   * Run a long-running service (an axon, a validator loop, a local chain) until it ends by itself or the first
   * SIGINT/SIGTERM, then stop it cleanly. Only the base command handles signals and exit codes.
   */
  async untilStopped(service: {stop(): Promise<void>; done?: Promise<unknown>}): Promise<void> {
    const stopped = new Promise<void>((resolve) => {
      this.stopRequested = resolve
      // a signal that came while the service was being set up
      if (this.stopPending) resolve()
    })
    try {
      await Promise.race([stopped, service.done ?? new Promise(() => {})])
    } finally {
      this.stopRequested = undefined
      await service.stop()
    }
  }

  /** Progress line on stderr (never stdout); silent with --quiet. */
  private progress(message: string): void {
    if (this.showsProgress()) process.stderr.write(c().dim(message) + '\n')
  }

  /**
   * Progress is for a person at a terminal (or --verbose): piped or under cron, stderr carries only warnings and
   * the one error line, so a failure is exactly one line a monitor can read.
   */
  showsProgress(): boolean {
    return !this.globals.quiet && (Boolean(process.stderr.isTTY) || this.globals.verbose)
  }

  /** A warning on stderr, also collected for --json output. */
  warning(message: string): void {
    this.warnings.push(message)
    process.stderr.write(c().yellow(`warning: ${message}`) + '\n')
  }

  /** Human output on stdout; nothing under --json (the returned result is printed instead). */
  out(text: string): void {
    if (!this.jsonEnabled()) process.stdout.write(text.endsWith('\n') ? text : text + '\n')
  }

  logJson(json: unknown): void {
    process.stdout.write(stringifyJson(json, Boolean(process.stdout.isTTY)) + '\n')
  }

  /**
   * A failed command: the --json error document on stdout, one `error: …` line on stderr (the stack too under
   * --verbose or DEBUG), and the exit code (also set as process.exitCode).
   */
  reportError(err: Error): number {
    const info = classify(err)
    if (err instanceof TaoError) {
      info.message = this.flagText(err.template)
      const hint = err.hintTemplate === undefined ? undefined : this.flagText(err.hintTemplate)
      const next = err.suggest ? `run \`${this.suggestionText(err.suggest)}\`` : undefined
      info.hint = hint && next ? `${hint}; ${next}` : (hint ?? next)
      if (err.field) info.data = {...info.data, field: err.field, flag: `--${this.flagName(err.field)}`}
    }
    if (this.jsonEnabled()) {
      this.logJson({
        error: {code: info.code, exitCode: info.exitCode, hint: info.hint, message: info.message, data: info.data},
        warnings: this.warnings,
      })
    }
    const line = `error: ${info.message}${info.hint ? ` (${info.hint})` : ''}`
    process.stderr.write(c().red(line) + '\n')
    if (this.globals.verbose || process.env.DEBUG) process.stderr.write((err.stack ?? String(err)) + '\n')
    process.exitCode = info.exitCode
    return info.exitCode
  }
}

interface ErrorInfo {
  code: string
  data?: Record<string, unknown>
  exitCode: number
  hint?: string
  message: string
}

/** Map any thrown thing to one exit code and one line. */
export function classify(err: unknown): ErrorInfo {
  if (err instanceof TaoError) {
    return {code: err.code, data: err.data, exitCode: err.exitCode, hint: err.hint, message: err.message}
  }
  const disk = diskWriteErrorOf(err)
  if (disk) return classify(disk)
  const e = err as Error & {code?: string; oclif?: {exit?: number}; name?: string}
  if (e?.name === 'ExitPromptError' || e?.name === 'AbortPromptError') {
    return {code: 'Interrupted', exitCode: ExitCode.INTERRUPTED, message: 'interrupted'}
  }
  if (e?.oclif && typeof e.oclif.exit === 'number' && e.oclif.exit !== 1) {
    // oclif parse/usage errors (unknown flag, missing arg, bad option): one line. oclif's validation errors
    // (missing required flag, exclusive flags) start with a "The following errors occurred:" header: skip it.
    const message = usageLine(String(e.message ?? e))
    return {code: 'Usage', exitCode: e.oclif.exit === 0 ? 0 : ExitCode.USAGE, message}
  }
  if (e && (e.name === 'CLIError' || e.constructor?.name?.endsWith('Error')) && /Flag|flag|argument|Unexpected/.test(String(e.message))) {
    return {code: 'Usage', exitCode: ExitCode.USAGE, message: String(e.message).split('\n')[0]!}
  }
  return {code: 'Bug', exitCode: ExitCode.BUG, message: `unexpected error: ${e?.message ?? String(err)} (re-run with --verbose for details)`}
}

/** The useful part of an oclif usage error, on one line. */
function usageLine(raw: string): string {
  const lines = raw
    .split('\n')
    .map((l) => l.trim().replace(/^Error: /, ''))
    .filter((l) => l && !/^The following errors? occurred:?$/.test(l) && !/^See more help with/.test(l))
  return lines.length ? lines.join('; ') : raw.split('\n')[0]!
}
