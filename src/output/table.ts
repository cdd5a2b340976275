import type TableType from 'cli-table3'

import {createRequire} from 'node:module'

import {isColor} from './style.js'

// cli-table3 (CommonJS) is loaded when the first table is drawn: commands that draw none start without it
let TableClass: typeof TableType | undefined
const Table = function (this: unknown, options?: TableType.TableConstructorOptions) {
  TableClass ??= createRequire(import.meta.url)('cli-table3') as typeof TableType
  return new TableClass(options)
} as unknown as typeof TableType

export type Cell = string | number | bigint | boolean | null | undefined

export interface TableOptions {
  /** columns aligned to the right (numbers) by index */
  right?: number[]
}

/** Render rows as a cli-table3 table; borders and header colour follow the colour setting. */
export function renderTable(head: string[], rows: Cell[][], opts: TableOptions = {}): string {
  const color = isColor()
  if (!color) {
    const plain = plainTable(head, rows, opts)
    if (plain !== undefined) return plain
  }
  const table = new Table({
    head,
    style: {head: color ? ['cyan'] : [], border: color ? ['grey'] : [], compact: false},
    colAligns: head.map((_, i) => (opts.right?.includes(i) ? 'right' : 'left')),
  })
  for (const row of rows) table.push(row.map((v) => (v === null || v === undefined ? '' : String(v))))
  return table.toString()
}

/** Key/value listing for one resource. */
export function renderKeyValues(pairs: [string, Cell][]): string {
  const color = isColor()
  const table = new Table({style: {head: [], border: color ? ['grey'] : []}})
  for (const [k, v] of pairs) table.push({[k]: v === null || v === undefined ? '' : String(v)})
  return table.toString()
}

// printable ASCII and the few other characters tao's tables use, each one column wide for cli-table3 (string-width)
const ONE_COLUMN = /^[\x20-\x7E\u03B1\u03C4\u2026\u2014\u2013\u00B7\u2192\u00F7]*$/u

/**
 * The table cli-table3 draws without colour, drawn directly, where every cell is one line of printable ASCII or the few
 * one-column characters tao's tables use (α τ … — – · → ÷; its width is its length) and every row has a cell per column; undefined otherwise (cli-table3 draws it). cli-table3 measures
 * and lays out every cell through several generic passes, which was most of rendering a 256-neuron metagraph; the
 * output is byte for byte the same (test/unit/output/table-plain.test.ts compares the two).
 */
export function plainTable(head: string[], rows: Cell[][], opts: TableOptions = {}): string | undefined {
  if (head.length === 0) return undefined
  const cells: string[][] = [head]
  for (const row of rows) {
    if (row.length !== head.length) return undefined
    cells.push(row.map((v) => (v === null || v === undefined ? '' : String(v))))
  }
  const widths = head.map(() => 0)
  for (const row of cells) {
    for (let i = 0; i < row.length; i++) {
      const c = row[i]!
      if (!ONE_COLUMN.test(c)) return undefined
      if (c.length > widths[i]!) widths[i] = c.length
    }
  }
  const right = head.map((_, i) => opts.right?.includes(i) ?? false)
  const rule = (l: string, m: string, r: string) => l + widths.map((w) => '─'.repeat(w + 2)).join(m) + r
  const line = (row: string[]) => '│' + row.map((c, i) => ' ' + (right[i] ? c.padStart(widths[i]!) : c.padEnd(widths[i]!)) + ' ').join('│') + '│'
  const mid = rule('├', '┼', '┤')
  const out = [rule('┌', '┬', '┐'), line(cells[0]!)]
  for (let r = 1; r < cells.length; r++) out.push(mid, line(cells[r]!))
  out.push(rule('└', '┴', '┘'))
  return out.join('\n')
}
