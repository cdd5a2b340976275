import Table from 'cli-table3'

import {isColor} from './style.js'

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
