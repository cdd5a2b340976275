import {Command} from '@oclif/core/command'
import * as Flags from '@oclif/core/flags'
import type * as Interfaces from '@oclif/core/interfaces'

import type {TaoClient} from '../client.js'
import type {Suggestion} from '../errors.js'
import type {Ui} from '../ui.js'
import type {SettingsStore} from '../config/settings.js'
import type {RichPasswordSource} from '../wallet/passwords.js'
import type {WalletRef} from '../wallet/wallet.js'

import {CommandRuntime, type Globals} from './runtime.js'

export type BaseFlags<T extends typeof Command> = Interfaces.InferredFlags<(typeof BaseCommand)['baseFlags'] & T['flags']>
export interface Parsed<C extends typeof Command> {
  args: Interfaces.InferredArgs<C['args']>
  argv: unknown[]
  flags: BaseFlags<C>
}

export {classify} from './runtime.js'
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

  /** this command's runtime (src/cli/runtime.ts): everything around the service that does not need oclif */
  private runtimeOf?: CommandRuntime
  protected get rt(): CommandRuntime {
    this.runtimeOf ??= new CommandRuntime({
      argv: () => this.argv as string[],
      id: this.id,
      bin: this.config.bin,
      fieldFlags: (this.constructor as typeof BaseCommand).fieldFlags ?? {},
      json: () => this.jsonEnabled(),
      longRunning: (this.constructor as typeof BaseCommand).longRunning,
    })
    return this.runtimeOf
  }

  protected get globals(): Globals {
    return this.rt.globals
  }

  /** the warnings so far (also in the --json output) */
  protected get warnings(): string[] {
    return this.rt.warnings
  }

  /** Parse flags and args, and apply the global ones (colour, verbosity). */
  protected async parseCommand<C extends typeof Command>(cmd: C): Promise<Parsed<C>> {
    const parsed = await this.parse(cmd as never)
    this.rt.applyGlobals(parsed.flags as Record<string, unknown>)
    return parsed as unknown as Parsed<C>
  }

  override async init(): Promise<void> {
    await super.init()
    this.rt.init()
  }

  /** The persistent settings store (the config file), loaded on first use. */
  protected settings(): Promise<SettingsStore> {
    return this.rt.settings()
  }

  /** The wallet named by --wallet/--hotkey/--wallet-path (flag > env > config > default). */
  protected walletRef(flags: {hotkey?: string; wallet?: string; 'wallet-path'?: string}): Promise<WalletRef> {
    return this.rt.walletRef(flags)
  }

  /** Where passwords for encrypted key files come from (see CommandRuntime.passwordSource). */
  protected passwordSource(): Promise<RichPasswordSource> {
    return this.rt.passwordSource()
  }

  /** Network endpoints: flag > env > config > finney; several comma-separated are tried in order. */
  protected endpoint(): Promise<string> {
    return this.rt.endpoint()
  }

  protected timeoutMs(): Promise<number> {
    return this.rt.timeoutMs()
  }

  /** The client every service takes (see CommandRuntime.client). Connects on first use. */
  protected client(): Promise<TaoClient> {
    return this.rt.client()
  }

  /** The Ui for this command's service (see CommandRuntime.ui). */
  protected ui(opts: {renderPlan?: (plan: any) => string | undefined; logFormat?: string} = {}): Ui {
    return this.rt.ui(opts)
  }

  /** The flag that sets a service option: `fieldFlags`, else the option's kebab-case name. */
  protected flagName(field: string): string {
    return this.rt.flagName(field)
  }

  /** A library text with its «option» markers as this command's flags. */
  protected flagText(text: string): string {
    return this.rt.flagText(text)
  }

  /** A suggested command as the person types it. */
  protected suggestionText(s: Suggestion): string {
    return this.rt.suggestionText(s)
  }

  /**
   * The netuid given as the first argument or as --netuid (both accepted everywhere a netuid is taken).
   * Returns undefined when neither was given and it is optional.
   */
  protected netuidOf(parsed: {args: Record<string, unknown>; flags: Record<string, unknown>}, required: true): number
  protected netuidOf(parsed: {args: Record<string, unknown>; flags: Record<string, unknown>}, required?: false): number | undefined
  protected netuidOf(parsed: {args: Record<string, unknown>; flags: Record<string, unknown>}, required = false): number | undefined {
    return this.rt.netuidOf(parsed, required)
  }

  /**
   * Run a long-running service (an axon, a validator loop, a local chain) until it ends by itself or the first
   * SIGINT/SIGTERM, then stop it cleanly. Only the base command handles signals and exit codes.
   */
  protected untilStopped(service: {stop(): Promise<void>; done?: Promise<unknown>}): Promise<void> {
    return this.rt.untilStopped(service)
  }

  override async finally(err: Error | undefined): Promise<void> {
    await this.rt.closeChain()
    return super.finally(err)
  }

  /**
   * Progress is for a person at a terminal (or --verbose): piped or under cron, stderr carries only warnings and
   * the one error line, so a failure is exactly one line a monitor can read.
   */
  protected showsProgress(): boolean {
    return this.rt.showsProgress()
  }

  /** A warning on stderr, also collected for --json output. */
  protected warning(message: string): void {
    this.rt.warning(message)
  }

  /** Human output on stdout; nothing under --json (the returned result is printed instead). */
  protected out(text: string): void {
    this.rt.out(text)
  }

  override logJson(json: unknown): void {
    this.rt.logJson(json)
  }

  override toSuccessJson(result: unknown): T {
    return result as T
  }

  override async catch(err: Error & {exitCode?: number; oclif?: {exit?: number}; skipOclifErrorHandling?: boolean}): Promise<never> {
    const exitCode = this.rt.reportError(err)
    err.oclif = {...err.oclif, exit: exitCode}
    err.skipOclifErrorHandling = true
    throw err
  }
}
