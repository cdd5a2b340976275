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
