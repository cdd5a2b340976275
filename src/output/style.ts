import type {ChalkInstance} from 'chalk'

import {createRequire} from 'node:module'

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

/** chalk at level 0: the text as given (one argument as a string, several joined by spaces), every style alike */
const styledText = (...text: unknown[]) => (text.length === 1 ? '' + text[0] : text.join(' '))
const emptyText = () => ''
const empty: ChalkInstance = new Proxy(emptyText, {get: (_, k) => (k === 'level' ? 0 : empty)}) as unknown as ChalkInstance
const styled: ChalkInstance = new Proxy(styledText, {get: (_, k) => (k === 'level' ? 0 : k === 'visible' ? empty : styled)}) as unknown as ChalkInstance
/** What chalk at level 0 does (its styles give the text as given), without loading chalk (~10 ms of start-up). */
export const plain: ChalkInstance = new Proxy((...text: unknown[]) => text.join(' '), {get: (_, k) => (k === 'level' ? 0 : k === 'visible' ? empty : styled)}) as unknown as ChalkInstance

// Where colour is possible (a terminal, no NO_COLOR), chalk is loaded with this module; otherwise only if colour is
// turned on later (setColor(true)), synchronously.
const loaded: typeof import('chalk') | undefined = colorWanted() ? await import('chalk') : undefined
let coloured: ChalkInstance | undefined

/** The chalk instance to style human output with; plain text when colour is off. */
export function c(): ChalkInstance {
  const on = colorEnabled ?? colorWanted()
  if (!on) return plain
  coloured ??= new (loaded ?? (createRequire(import.meta.url)('chalk') as typeof import('chalk'))).Chalk({level: 1})
  return coloured
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
