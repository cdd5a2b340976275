import {describe, expect, it} from 'vitest'

import {CALL_SAMPLES} from '../helpers/call-samples.js'
import {tx381} from '../helpers/metadata.js'

describe('every call tao builds encodes against the spec-381 runtime metadata', () => {
  const {registry, tx} = tx381()
  for (const sample of CALL_SAMPLES) {
    it(sample.name, () => {
      if (sample.expect[381] === null) {
        expect(() => sample.build(tx)).toThrow()
        return
      }
      const call = sample.build(tx)
      const method = typeof call.method === 'string' ? call : call.method
      expect(`${method.section}.${method.method}`).toBe(sample.expect[381])
      // round-trip: the bytes decode back to the same call under this runtime's registry
      const bytes: Uint8Array = method.toU8a()
      const decoded = registry.createType('Call', bytes)
      expect(decoded.toHex()).toBe(method.toHex())
    })
  }
})
