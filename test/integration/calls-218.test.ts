import {afterAll, beforeAll, describe, expect, inject, it} from 'vitest'
import type {ApiPromise} from '@polkadot/api'

import {CALL_SAMPLES} from '../helpers/call-samples.js'
import {devApi} from '../helpers/dev-chain.js'

const endpoint = inject('endpoint')

describe.skipIf(!endpoint)('every call tao builds encodes against the running spec-218 runtime', () => {
  let api: ApiPromise
  beforeAll(async () => {
    api = await devApi(endpoint)
  })
  afterAll(async () => api?.disconnect())

  it('covers every sample', async () => {
    for (const sample of CALL_SAMPLES) {
      if (sample.expect[218] === null) {
        expect(() => sample.build(api.tx as any), sample.name).toThrow()
        continue
      }
      const call = sample.build(api.tx as any)
      expect(`${call.method.section}.${call.method.method}`, sample.name).toBe(sample.expect[218])
      const decoded = api.registry.createType('Call', call.method.toU8a())
      expect(decoded.toHex(), sample.name).toBe(call.method.toHex())
      // the node can quote a fee for it, so it decodes in the runtime itself
      const info = await call.paymentInfo('5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY')
      expect(info.partialFee.toBigInt() >= 0n, sample.name).toBe(true)
    }
  })
})
