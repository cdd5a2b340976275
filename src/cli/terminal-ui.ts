/**
 * The CLI's Ui: progress and spinners on stderr for a person at a terminal (or --verbose), warnings always,
 * confirmations with inquirer on a terminal (or --yes), hidden prompts for secrets, and long-running services'
 * events as text or JSON lines. Options named «option» in library texts become the command's flags.
 */
import {openSync, writeSync} from 'node:fs'

import type {Suggestion} from '../errors.js'
import type {Ui} from '../ui.js'

import {ExitCode, InputError, TaoError} from '../errors.js'
import {c} from '../output/style.js'

export interface TerminalUiOptions {
  /** answer every confirm with yes (--yes) */
  yes: boolean
  /** --json: stdout is the result; prompts still go to stderr but confirmations need --yes */
  json: boolean
  quiet: boolean
  verbose: boolean
  /** `--log-format json` for events of long-running commands */
  logFormat?: 'json' | 'text'
  /** the command's spelling of an option: «amountRao» → --amount */
  flagText: (text: string) => string
  /** renders a confirm's plan for the person (the command's renderer); nothing when omitted */
  renderPlan?: (plan: unknown) => string | undefined
  /** a suggested command as the person types it */
  suggestionText: (s: Suggestion) => string
  /** collects warnings for --json */
  onWarning?: (message: string) => void
}

export function terminalUi(o: TerminalUiOptions): Ui {
  const showsProgress = () => !o.quiet && (Boolean(process.stderr.isTTY) || o.verbose)
  const interactive = () => !o.json && !o.yes && Boolean(process.stdin.isTTY)
  const ui: Ui = {
    busy(message) {
      if (!showsProgress()) return () => {}
      if (!process.stderr.isTTY) {
        process.stderr.write(c().dim(o.flagText(message)) + '\n')
        return () => {}
      }
      const frames = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏']
      const started = Date.now()
      let i = 0
      const draw = () => process.stderr.write(`\r${c().cyan(frames[i++ % frames.length]!)} ${o.flagText(message)} ${c().dim(`${((Date.now() - started) / 1000).toFixed(1)} s`)}`)
      draw()
      const timer = setInterval(draw, 80)
      return () => {
        clearInterval(timer)
        process.stderr.write('\r\u001B[2K')
      }
    },
    canConfirm: () => o.yes || interactive(),
    async confirm(question, plan) {
      if (o.yes) return
      const q = o.flagText(question)
      if (!interactive()) {
        throw new InputError(`confirmation needed (${q}); re-run with --yes to proceed without a prompt`, {code: 'PromptNotAllowed'})
      }
      const shown = plan === undefined ? undefined : o.renderPlan?.(plan)
      if (shown) process.stderr.write(shown.endsWith('\n') ? shown : shown + '\n')
      const {confirm} = await import('@inquirer/prompts')
      const ok = await confirm({default: false, message: q}, {output: process.stderr})
      if (!ok) throw new TaoError('cancelled; nothing was submitted', ExitCode.USAGE, {code: 'Cancelled'})
    },
    event(name, fields = {}, level = 'info') {
      if (o.logFormat === 'json') {
        // bigints anywhere in the fields (rao, version keys) as decimal strings
        process.stderr.write(JSON.stringify({time: new Date().toISOString(), level, event: name, ...fields}, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v)) + '\n')
        return
      }
      if (o.quiet && level === 'info') return
      // an event with a `message` is that line as written; otherwise its name and fields
      const text = typeof fields.message === 'string' ? fields.message : `${name} ${Object.entries(fields).map(([k, v]) => `${k}=${String(v)}`).join(' ')}`.trim()
      const line = `${new Date().toISOString()} ${o.flagText(text)}`
      process.stderr.write((level === 'info' ? line : level === 'warn' ? c().yellow(line) : c().red(line)) + '\n')
    },
    notice(text) {
      if (o.quiet && !interactive()) return
      const t = o.flagText(text)
      process.stderr.write(t.endsWith('\n') ? t : t + '\n')
    },
    progress(message) {
      if (showsProgress()) process.stderr.write(c().dim(o.flagText(message)) + '\n')
    },
    secretPrompt() {
      if (o.yes || !process.stdin.isTTY) return undefined
      return async (message) => {
        const {password} = await import('@inquirer/prompts')
        return password({message: o.flagText(message)}, {output: process.stderr})
      }
    },
    terminal: terminalWriter,
    warn(message, suggest) {
      const m = o.flagText(message) + (suggest ? ` \`${o.suggestionText(suggest)}\`` : '')
      o.onWarning?.(m)
      // a log read by a machine stays one JSON object per line
      if (o.logFormat === 'json') process.stderr.write(JSON.stringify({time: new Date().toISOString(), level: 'warn', event: 'warning', message: m}) + '\n')
      else process.stderr.write(c().yellow(`warning: ${m}`) + '\n')
    },
  }
  return ui
}

/** Write to a person's terminal only: stderr when it is a TTY, else the controlling terminal; undefined if none. */
export function terminalWriter(): ((text: string) => void) | undefined {
  const line = (t: string) => (t.endsWith('\n') ? t : t + '\n')
  if (process.stderr.isTTY) return (t) => void process.stderr.write(line(t))
  try {
    const fd = openSync('/dev/tty', 'w')
    return (t) => {
      writeSync(fd, line(t))
    }
  } catch {
    return undefined
  }
}
