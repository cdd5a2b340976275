import {afterAll, beforeAll, describe, expect, inject, it} from 'vitest'
import type {ApiPromise} from '@polkadot/api'

import {bestBlock, createSubnet, devApi, freeBalance, newBlocks, rpc, TAO} from '../helpers/dev-chain.js'

const endpoint = inject('endpoint')

// The chain the suite runs on was started by `tao localnet start --spec … --port 0` (global setup).
describe.skipIf(!endpoint)('tao localnet start: a chain ready for the flows at once', () => {
  let api: ApiPromise
  beforeAll(async () => {
    api = await devApi(endpoint)
  })
  afterAll(async () => api?.disconnect())

  /** Has the localnet's watcher seeded the subnet's pool, asked every 250 ms up to `tries` times? */
  const seeded = async (netuid: number, tries: number) => {
    for (let i = 0; i < tries; i++) {
      if (((await api.query.subtensorModule.subnetTAO(netuid)) as any).toBigInt() >= 1000n * TAO) return true
      await new Promise((r) => setTimeout(r, 250))
    }
    return false
  }

  it('runs the spec-218 runtime with //Alice as sudo and the dev accounts funded', async () => {
    expect(api.runtimeVersion.specVersion.toNumber()).toBe(218)
    expect((await api.query.sudo.key()).toString()).toBe('5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY')
    for (const addr of ['5FLSigC9HGRKVhB9FiEo4Y3koPsNmBmLJbpXg2mp1hXcS59Y', '5CiPPseXPECbkjWCa6MnjNokrgYjMqmKndv2rSnekmSK2DjL']) {
      expect(await freeBalance(api, addr)).toBeGreaterThan(100_000n * TAO)
    }
  })

  it('has the rate limits that block a fresh chain lowered', async () => {
    const q = api.query.subtensorModule
    expect((await q.networkRateLimit()).toString()).toBe('0')
    for (const netuid of [1, 2, 7, 63]) expect((await q.weightsSetRateLimit(netuid)).toString()).toBe('0')
  })

  it('gives a new subnet a seeded pool and room for registrations', async () => {
    const netuid = await createSubnet(api, '//Charlie', '//Charlie//localnet-test-owner')
    await newBlocks(api, 2)
    const q = api.query.subtensorModule
    expect(await seeded(netuid, 20)).toBe(true)
    expect(((await q.subnetAlphaIn(netuid)) as any).toBigInt()).toBeGreaterThanOrEqual(1000n * TAO)
    expect(((await q.targetRegistrationsPerInterval(netuid)) as any).toNumber()).toBe(64)
    expect((await q.weightsSetRateLimit(netuid)).toString()).toBe('0')
    expect(await bestBlock(api)).toBeGreaterThan(1)
  })

  it('after the head is set back (dev_setHead), a new subnet under a netuid seen before is seeded again', async () => {
    const q = api.query.subtensorModule
    const before = (await api.rpc.chain.getBlockHash()).toHex()
    const first = await createSubnet(api, '//Dave', '//Dave//localnet-rewind-owner')
    expect(await seeded(first, 40)).toBe(true)
    await rpc(api, 'dev_setHead', [before])
    await newBlocks(api, 1)
    expect(((await q.networksAdded(first)) as any).isTrue).toBe(false)
    const again = await createSubnet(api, '//Dave', '//Dave//localnet-rewind-owner')
    expect(again).toBe(first)
    expect(await seeded(again, 40)).toBe(true)
    expect(((await q.targetRegistrationsPerInterval(again)) as any).toNumber()).toBe(64)
  })
})
