import {Command} from '@oclif/core/command'
import * as Flags from '@oclif/core/flags'
import type * as Interfaces from '@oclif/core/interfaces'

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

export type BaseFlags<T extends typeof Command> = Interfaces.InferredFlags<(typeof BaseCommand)['baseFlags'] & T['flags']>
export interface Parsed<C extends typeof Command> {
  args: Interfaces.InferredArgs<C['args']>
  argv: unknown[]
  flags: BaseFlags<C>
}

export {coldkeyFlags, metricsFlags, netuidArgs, netuidFlag, serviceFlags, txFlags, walletFlags} from './flags.js'

export abstract class BaseCommand<T = unknown> extends Command {
  static baseFlags = {
    network: Flags.string({
      aliases: ['subtensor.network', 'chain', 'subtensor.chain_endpoint'],
      char: 'n',
      description: 'finney, test, local, or a ws:// / wss:// URL; several comma-separated are tried in order, the next taking over when a connection is lost [default: config "network", else finney]',
      env: 'TAO_NETWORK',
      helpGroup: 'GLOBAL',
    }),
    'no-color': Flags.boolean({description: 'no colour in output (also NO_COLOR)', helpGroup: 'GLOBAL'}),
    quiet: Flags.boolean({char: 'q', description: 'no progress on stderr', env: 'TAO_QUIET', helpGroup: 'GLOBAL'}),
    timeout: Flags.string({
      description: 'network timeout in seconds [default: config "timeout", else 30]',
      env: 'TAO_TIMEOUT',
      helpGroup: 'GLOBAL',
    }),
    verbose: Flags.boolean({description: 'stack traces and debug detail on stderr', env: 'TAO_VERBOSE', helpGroup: 'GLOBAL'}),
    wide: Flags.boolean({description: 'tables with full numbers, addresses and hashes (always so when stdout is not a terminal)', env: 'TAO_WIDE', helpGroup: 'GLOBAL'}),
    yes: Flags.boolean({
      aliases: ['no-prompt', 'no_prompt'],
      char: 'y',
      description: 'answer yes to confirmations; never prompt',
      env: 'TAO_YES',
      helpGroup: 'GLOBAL',
    }),
  }
  /**
   * The global flags of a command that never connects to a chain (wallet files, config, the localnet it starts):
   * no --network / --timeout in its help, and giving them is an unknown-flag error.
   * Use as `static baseFlags = BaseCommand.offlineFlags()`.
   */
  static offlineFlags(): typeof BaseCommand.baseFlags {
    // still accepted (and ignored), so `tao -n local …` aliases and scripts that pass them everywhere keep working
    const {network, timeout, ...rest} = BaseCommand.baseFlags
    return {...rest, network: {...network, hidden: true}, timeout: {...timeout, hidden: true}} as typeof BaseCommand.baseFlags
  }
  static enableJsonFlag = true
  /**
   * Service options whose flag is not their kebab-case name, e.g. {amountRao: 'amount'}. Errors and texts from
   * the library name options as «option»; the CLI shows the flag.
   */
  static fieldFlags: Record<string, string> = {}
  /**
   * A command that runs a service until stopped (`untilStopped`): the first SIGINT/SIGTERM at ANY point after start
   * stops it cleanly (exit 0), also one that arrives while the service is still being set up (it is stopped as soon
   * as it runs); only a second signal interrupts (130/143).
   */
  static longRunning = false

  protected globals: {network?: string; noColor: boolean; quiet: boolean; timeout?: string; verbose: boolean; yes: boolean} = {
    noColor: false,
    quiet: false,
    verbose: false,
    yes: false,
  }

  private clientPromise?: Promise<TaoClient>
  /** a long-running service in progress: the first signal stops it cleanly */
  private stopRequested?: () => void
  /** a long-running command got its first signal before its service ran: stop it as soon as it does */
  private stopPending = false
  private settingsPromise?: Promise<SettingsStore>

  /** Parse flags and args, and apply the global ones (colour, verbosity). */
  protected async parseCommand<C extends typeof Command>(cmd: C): Promise<Parsed<C>> {
    const parsed = await this.parse(cmd as never)
    const f = parsed.flags as Record<string, unknown>
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
    return parsed as unknown as Parsed<C>
  }

  override async init(): Promise<void> {
    await super.init()
    // stdout carries the result only: library chatter (e.g. @polkadot's `log` level) goes to stderr.
    // @polkadot's logger lines ("2026-… RPC-CORE: …", "API-WS: disconnected …") are detail for --verbose: a
    // failure is one stderr line a monitor can read.
    const verbose = this.argv.includes('--verbose') || Boolean(process.env.TAO_VERBOSE)
    const libraryLog = (args: unknown[]) => typeof args[0] === 'string' && /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d/.test(args[0]) && typeof args[1] === 'string' && /^\s*[A-Z][\w/-]*:$/.test(args[1])
    const toStderr = console.error.bind(console)
    console.error = (...args: unknown[]) => {
      if (verbose || !libraryLog(args)) toStderr(...args)
    }
    console.warn = console.error
    console.log = (...args: unknown[]) => console.error(...args)
    console.info = (...args: unknown[]) => console.error(...args)
    setColor(colorWanted({json: this.jsonEnabled(), noColor: this.argv.includes('--no-color')}))
    let signals = 0
    const onSignal = (signal: NodeJS.Signals) => {
      signals++
      if (signals === 1 && (this.stopRequested || (this.constructor as typeof BaseCommand).longRunning)) {
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
        `\ninterrupted (${signal}) after submitting ${e.call}: tx ${e.hash} (signer ${e.signer}, nonce ${e.nonce}) may still land until block ${e.lastValidBlock}; check with \`${this.config.bin} tx status ${e.hash}\` before retrying\n`,
      )
    }
    if (this.jsonEnabled()) {
      const e = sent.at(-1)!
      this.logJson({call: e.call, lastValidBlock: e.lastValidBlock, next: `${this.config.bin} tx status ${e.hash}`, nonce: e.nonce, signer: e.signer, status: 'unknown', txHash: e.hash})
    }
  }

  /** The persistent settings store (the config file), loaded on first use. */
  protected settings(): Promise<SettingsStore> {
    this.settingsPromise ??= import('../config/settings.js').then((m) => m.openSettings())
    return this.settingsPromise
  }

  /** The wallet named by --wallet/--hotkey/--wallet-path (flag > env > config > default). */
  protected async walletRef(flags: {hotkey?: string; wallet?: string; 'wallet-path'?: string}): Promise<WalletRef> {
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
  protected async passwordSource(): Promise<RichPasswordSource> {
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
  protected async endpoint(): Promise<string> {
    const {resolveEndpoints} = await import('../config/settings.js')
    const network = this.globals.network ?? (await this.settings()).get('network') ?? 'finney'
    return resolveEndpoints(network).join(',')
  }

  protected async timeoutMs(): Promise<number> {
    const raw = this.globals.timeout ?? (await this.settings()).get('timeout')?.toString() ?? '30'
    const n = Number(raw)
    if (!(n > 0) || !Number.isFinite(n)) throw new InputError(`--timeout must be a positive number of seconds: ${raw}`)
    return Math.round(n * 1000)
  }

  /**
   * The client every service takes: the endpoint (flag > env > config > finney), the timeout, the metadata cache
   * folder (config "cacheDir"), and passwords from the environment or a prompt. Connects on first use.
   */
  protected client(): Promise<TaoClient> {
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
    const args = (this.argv as string[]).filter((a) => network === undefined || (a !== network && !a.endsWith(`=${network}`)))
    return JSON.stringify([this.id, ...args])
  }

  private async closeChain(): Promise<void> {
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
  protected ui(opts: {renderPlan?: (plan: any) => string | undefined; logFormat?: string} = {}): Ui {
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
  protected flagName(field: string): string {
    const map = (this.constructor as typeof BaseCommand).fieldFlags ?? {}
    return map[field] ?? field.replaceAll(/[A-Z]/g, (ch) => `-${ch.toLowerCase()}`)
  }

  /** A library text with its «option» markers as this command's flags. */
  protected flagText(text: string): string {
    return text.replaceAll(/«([A-Za-z][\w.-]*)»/g, (_, field: string) => `--${this.flagName(field)}`)
  }

  /** A suggested command as the person types it. */
  protected suggestionText(s: Suggestion): string {
    const parts = [this.config.bin, s.command, ...(s.args ?? []).map(String)]
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
  protected netuidOf(parsed: {args: Record<string, unknown>; flags: Record<string, unknown>}, required: true): number
  protected netuidOf(parsed: {args: Record<string, unknown>; flags: Record<string, unknown>}, required?: false): number | undefined
  protected netuidOf(parsed: {args: Record<string, unknown>; flags: Record<string, unknown>}, required = false): number | undefined {
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
  protected async untilStopped(service: {stop(): Promise<void>; done?: Promise<unknown>}): Promise<void> {
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

  override async finally(err: Error | undefined): Promise<void> {
    await this.closeChain()
    return super.finally(err)
  }

  /** Progress line on stderr (never stdout); silent with --quiet. */
  private progress(message: string): void {
    if (this.showsProgress()) process.stderr.write(c().dim(message) + '\n')
  }

  /**
   * Progress is for a person at a terminal (or --verbose): piped or under cron, stderr carries only warnings and
   * the one error line, so a failure is exactly one line a monitor can read.
   */
  protected showsProgress(): boolean {
    return !this.globals.quiet && (Boolean(process.stderr.isTTY) || this.globals.verbose)
  }

  /** A warning on stderr, also collected for --json output. */
  protected warnings: string[] = []
  protected warning(message: string): void {
    this.warnings.push(message)
    process.stderr.write(c().yellow(`warning: ${message}`) + '\n')
  }

  /** Human output on stdout; nothing under --json (the returned result is printed instead). */
  protected out(text: string): void {
    if (!this.jsonEnabled()) process.stdout.write(text.endsWith('\n') ? text : text + '\n')
  }

  override logJson(json: unknown): void {
    process.stdout.write(stringifyJson(json, Boolean(process.stdout.isTTY)) + '\n')
  }

  override toSuccessJson(result: unknown): T {
    return result as T
  }

  override async catch(err: Error & {exitCode?: number; oclif?: {exit?: number}; skipOclifErrorHandling?: boolean}): Promise<never> {
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
    err.oclif = {...err.oclif, exit: info.exitCode}
    err.skipOclifErrorHandling = true
    throw err
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
