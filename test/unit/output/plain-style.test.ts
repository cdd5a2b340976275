/**
 * Without colour, output is styled by a stand-in for chalk at level 0 (src/output/style.ts `plain`), so that
 * piped, NO_COLOR and --json runs need not load chalk. It gives what chalk at level 0 gives.
 */
import {Chalk} from 'chalk'
import {describe, expect, it} from 'vitest'

import {c, plain, setColor} from '../../../src/output/style.js'

describe('plain style (no colour)', () => {
  const level0 = new Chalk({level: 0})
  const inputs: unknown[][] = [['text'], [''], [42], [0], [undefined], [null], ['a', 'b'], ['a', 2, 'c'], [], ['line\nnext'], ['\u001B[31mred\u001B[39m']]

  it('gives what chalk at level 0 gives, for every style and chain', () => {
    for (const style of ['dim', 'red', 'yellow', 'bold', 'cyan', 'green', 'gray', 'underline'] as const) {
      for (const args of inputs) {
        expect((plain[style] as (...a: unknown[]) => string)(...args)).toBe((level0[style] as (...a: unknown[]) => string)(...args))
        expect((plain.bold[style] as (...a: unknown[]) => string)(...args)).toBe((level0.bold[style] as (...a: unknown[]) => string)(...args))
      }
    }
    for (const args of inputs) {
      expect((plain as unknown as (...a: unknown[]) => string)(...args)).toBe((level0 as unknown as (...a: unknown[]) => string)(...args))
      expect((plain.visible as (...a: unknown[]) => string)(...args)).toBe((level0.visible as (...a: unknown[]) => string)(...args))
    }
    expect(plain.level).toBe(0)
  })

  it('c() is plain without colour and chalk with it', () => {
    setColor(false)
    expect(c().red('x')).toBe('x')
    setColor(true)
    expect(c().red('x')).toBe('\u001B[31mx\u001B[39m')
    setColor(false)
  })
})
