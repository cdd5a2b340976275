import {Chalk, type ChalkInstance} from 'chalk'

let colorEnabled: boolean | undefined

/** Colour is on only for a TTY, without NO_COLOR, without --no-color, and never under --json. */
export function setColor(enabled: boolean): void {
  colorEnabled = enabled
}

export function colorWanted(opts: {noColor?: boolean; json?: boolean} = {}): boolean {
  if (opts.noColor || opts.json) return false
  if (process.env.NO_COLOR !== undefined && process.env.NO_COLOR !== '') return false
  if (process.env.FORCE_COLOR === '0') return false
  return Boolean(process.stdout.isTTY)
}

let instance: ChalkInstance | undefined
let instanceFor: boolean | undefined

/** The chalk instance to style human output with; level 0 when colour is off. */
export function c(): ChalkInstance {
  const on = colorEnabled ?? colorWanted()
  if (!instance || instanceFor !== on) {
    instance = new Chalk({level: on ? 1 : 0})
    instanceFor = on
  }
  return instance
}

export function isColor(): boolean {
  return colorEnabled ?? colorWanted()
}

let wideEnabled: boolean | undefined

/**
 * Wide tables: full numbers, addresses and hashes (nothing cut with `…`). On under --wide and whenever stdout is
 * not a terminal (piped, redirected, cron), where nobody reads a narrow screen and a script needs every digit.
 */
export function setWide(enabled: boolean): void {
  wideEnabled = enabled
}

export function isWide(): boolean {
  return wideEnabled ?? !process.stdout.isTTY
}

/** `5Grwva…utQY` on a terminal; the whole text when wide. */
export function shorten(text: string, head = 6, tail = 4): string {
  if (isWide() || text.length <= head + tail + 4) return text
  return `${text.slice(0, head)}…${tail ? text.slice(-tail) : ''}`
}
