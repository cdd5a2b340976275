import {Metadata, TypeRegistry} from '@polkadot/types'
import {readFileSync} from 'node:fs'
import path from 'node:path'
import {describe, expect, it} from 'vitest'

import {SHARED} from '../../helpers/paths.js'

/**
 * The staking library reads these from the connected runtime. Spec 218 is checked live by the integration
 * tests; here the spec-381 metadata shows that the newer runtime still has them under the same names (or that
 * the library's fallbacks apply).
 */
describe('what the staking reads need from a spec-381 runtime', () => {
  const registry = new TypeRegistry()
  const metadata = new Metadata(registry, new Uint8Array(readFileSync(path.join(SHARED, 'chain', 'subtensor-spec381.metadata.scale'))))
  registry.setMetadata(metadata)
  const latest = metadata.asLatest
  const storage = new Set(
    latest.pallets
      .find((p) => p.name.toString() === 'SubtensorModule')!
      .storage.unwrap()
      .items.map((i) => i.name.toString()),
  )
  const camel = (s: string) => s.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase())
  const apis = new Map(latest.apis.map((a) => [a.name.toString(), new Set(a.methods.map((m) => camel(m.name.toString())))]))

  it('has the storage items read for pre-checks, prices, takes and delegate totals', () => {
    for (const item of ['Owner', 'NetworksAdded', 'Uids', 'SubnetTAO', 'SubnetAlphaIn', 'SubnetMechanism', 'Delegates', 'TotalHotkeyAlpha', 'MinDelegateTake', 'MaxDelegateTake']) {
      expect(storage.has(item), item).toBe(true)
    }
  })

  it('has the runtime APIs used instead of raw Alpha shares (typed there)', () => {
    expect([...apis.get('StakeInfoRuntimeApi')!]).toEqual(expect.arrayContaining(['getStakeInfoForColdkey', 'getStakeInfoForHotkeyColdkeyNetuid']))
    expect([...apis.get('SwapRuntimeApi')!]).toEqual(expect.arrayContaining(['currentAlphaPrice', 'simSwapTaoForAlpha', 'simSwapAlphaForTao']))
    expect([...apis.get('DelegateInfoRuntimeApi')!]).toEqual(expect.arrayContaining(['getDelegates']))
  })

  it('still records the last take change per hotkey (the increase pre-check applies once a change is recorded)', () => {
    expect(storage.has('LastTxBlockDelegateTake')).toBe(true)
    expect(storage.has('TxDelegateTakeRateLimit')).toBe(true)
  })
})
