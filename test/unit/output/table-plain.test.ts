import type TableType from 'cli-table3'

import {createRequire} from 'node:module'
import {describe, expect, it} from 'vitest'

import {type Cell, plainTable} from '../../../src/output/table.js'

const Table = createRequire(import.meta.url)('cli-table3') as typeof TableType

/** What renderTable drew before the direct path: cli-table3 with the no-colour style. */
function viaCliTable3(head: string[], rows: Cell[][], right: number[]): string {
  const table = new Table({colAligns: head.map((_, i) => (right.includes(i) ? 'right' : 'left')), head, style: {border: [], compact: false, head: []}})
  for (const row of rows) table.push(row.map((v) => (v === null || v === undefined ? '' : String(v))))
  return table.toString()
}

// a small deterministic generator (no Math.random: a failure must reproduce)
function lcg(seed: number): () => number {
  let s = seed >>> 0
  return () => {
    s = (Math.imul(s, 1_664_525) + 1_013_904_223) >>> 0
    return s / 2 ** 32
  }
}

const ASCII = 'ατ…—–·→÷ !"#$%&\'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~'

describe('plainTable: cli-table3 without colour, drawn directly', () => {
  it('draws byte for byte what cli-table3 draws, for random tables of ASCII and α τ … — – · → ÷ with either alignment', () => {
    const rnd = lcg(16)
    const word = () => Array.from({length: Math.floor(rnd() * 12)}, () => ASCII[Math.floor(rnd() * ASCII.length)]).join('')
    for (let t = 0; t < 300; t++) {
      const cols = 1 + Math.floor(rnd() * 6)
      const head = Array.from({length: cols}, word)
      const right = Array.from({length: cols}, (_, i) => i).filter(() => rnd() < 0.5)
      const rows: Cell[][] = Array.from({length: Math.floor(rnd() * 5)}, () =>
        Array.from({length: cols}, () => {
          const k = rnd()
          return k < 0.1 ? null : k < 0.2 ? undefined : k < 0.3 ? BigInt(Math.floor(rnd() * 1e6)) : k < 0.4 ? rnd() < 0.5 : k < 0.5 ? Math.floor(rnd() * 1000) / 7 : word()
        }),
      )
      expect(plainTable(head, rows, {right})).toBe(viaCliTable3(head, rows, right))
    }
  })

  it('draws a 256-row metagraph-like table as cli-table3 does', () => {
    const head = ['uid', 'hotkey', 'stake τ', 'trust', 'vpermit']
    const rows = Array.from({length: 256}, (_, i) => [i, `5F${'x'.repeat(i % 46)}`, `${i * 1000}.123456789`, (i / 256).toFixed(5), i % 3 === 0 ? 'yes' : ''])
    const drawn = plainTable(head, rows, {right: [0, 2, 3]})
    expect(drawn).toBeDefined()
    expect(drawn).toBe(viaCliTable3(head, rows, [0, 2, 3]))
  })

  it('leaves to cli-table3 what it would measure differently: non-ASCII, control characters, ragged rows', () => {
    expect(plainTable(['a'], [['é']])).toBeUndefined()
    expect(plainTable(['a'], [['漢']])).toBeUndefined()
    expect(plainTable(['a'], [['x\ny']])).toBeUndefined()
    expect(plainTable(['a'], [['\u001B[31mred\u001B[39m']])).toBeUndefined()
    expect(plainTable(['a', 'b'], [['x']])).toBeUndefined()
    expect(plainTable([], [])).toBeUndefined()
  })
})
