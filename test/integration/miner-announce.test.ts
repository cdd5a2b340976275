/**
 * `tao miner announce` on the local chain: serve_axon built from metadata and sent through submit(); the stored
 * Axons entry is read back independently. 8.8.8.8 and 2001:db8::1 are only stored, never contacted.
 */
import type {ApiPromise} from '@polkadot/api'

import {afterAll, beforeAll, describe, expect, inject, it} from 'vitest'

import {TAO, allowSubnetRegistration, burnedRegister, createSubnet, devApi, devKey, fund, sudo} from '../helpers/dev-chain.js'
import {runTao, tempHome} from '../helpers/run-tao.js'
import {keyFor, writeHotkey} from '../unit/miner/fixtures/wallets.js'

const endpoint = inject('endpoint')
const COLD = '//Alice//miner-ann-cold'

describe.skipIf(!endpoint)('tao miner announce', () => {
  const home = tempHome('tao-announce-')
  const env = home.env
  let api: ApiPromise
  let netuid: number
  let hotkey: string
  const stored = async () => {
    const v: any = await api.query.subtensorModule.axons(netuid, hotkey)
    if (v.isNone) return null
    const a = v.isSome ? v.unwrap() : v
    return {block: a.block.toNumber(), ip: a.ip.toBigInt(), ipType: a.ipType.toNumber(), port: a.port.toNumber(), protocol: a.protocol.toNumber(), version: a.version.toNumber()}
  }
  const announce = (...args: string[]) => runTao(['miner', 'announce', '--network', endpoint, '--netuid', String(netuid), '-w', 'announcer', ...args], {env})

  beforeAll(async () => {
    api = await devApi(endpoint)
    const cost = ((await (api.call as any).subnetRegistrationRuntimeApi.getNetworkRegistrationCost()) as any).toBigInt() as bigint
    await fund(api, devKey(COLD).address, cost + 1000n * TAO)
    await allowSubnetRegistration(api)
    netuid = await createSubnet(api, COLD, '//Alice//miner-ann-owner')
    const pair = await writeHotkey(env.TAO_WALLET_PATH!, 'announcer', 'default', 'miner-ann-hotkey')
    hotkey = pair.address
    await writeHotkey(env.TAO_WALLET_PATH!, 'unregistered', 'default', 'miner-ann-unregistered')
    // the hotkey signs serve_axon: it needs an account (no fee is charged)
    await fund(api, hotkey, TAO)
    await fund(api, (await keyFor('miner-ann-unregistered')).address, TAO)
    await burnedRegister(api, netuid, hotkey, COLD)
  })

  afterAll(async () => {
    await api?.disconnect()
  })

  it('refuses 127.0.0.1 before submitting (exit 2, naming the rule); nothing is stored', async () => {
    const r = await announce('--ip', '127.0.0.1', '--port', '8091')
    expect(r.code).toBe(2)
    expect(r.stderr.trim().split('\n').filter((l) => l.startsWith('error'))).toEqual([
      expect.stringMatching(/^error: cannot announce 127\.0\.0\.1: the chain refuses loopback addresses in serve_axon \(127\.0\.0\.1 is invalid on chain\)/),
    ])
    expect(r.stderr).not.toMatch(/connecting/)
    expect(await stored()).toBeNull()
    const port0 = await announce('--ip', '8.8.8.8', '--port', '0')
    expect(port0.code).toBe(2)
    expect(port0.stderr).toMatch(/port must be 1…65535/)
    const junk = await announce('--ip', 'localhost', '--port', '8091', '--json')
    expect(junk.code).toBe(2)
    expect(junk.json.error.code).toBe('BadAxonAddress')
  })

  it('--dry-run validates with the runtime and stores nothing', async () => {
    const r = await announce('--ip', '8.8.8.8', '--port', '8091', '--dry-run', '--json')
    expect(r.code).toBe(0)
    expect(r.json).toMatchObject({dryRun: true, hotkey, ip: '8.8.8.8', ipInt: '134744072', netuid})
    expect(await stored()).toBeNull()
  })

  it('announces 8.8.8.8:8091 and the chain stores it as upstream encodes it', async () => {
    const r = await announce('--ip', '8.8.8.8', '--port', '8091', '--json')
    expect(r.stderr).not.toMatch(/^error/m)
    expect(r.code).toBe(0)
    expect(r.json).toMatchObject({dryRun: false, hotkey, ip: '8.8.8.8', ipInt: '134744072', ipType: 4, port: 8091, protocol: 4, version: 10_002_000})
    expect(r.json.stored).toMatchObject({ipText: '8.8.8.8', port: 8091})
    const s = await stored()
    expect(s).toMatchObject({ip: 134744072n, ipType: 4, port: 8091, protocol: 4, version: 10_002_000})
    expect(s!.block).toBe(r.json.blockNumber)
  })

  it('a second announcement within the serving rate limit is refused by the chain (exit 5), then IPv6 works', async () => {
    const limit = Number(((await api.query.subtensorModule.servingRateLimit(netuid)) as any).toString())
    const r = await announce('--ip', '2001:db8::1', '--port', '9000', '--json')
    if (limit > 1) {
      expect(r.code).toBe(5)
      expect(r.json.error.code).toMatch(/ServingRateLimitExceeded/)
      expect((await stored())!.ip).toBe(134744072n)
      // waiting out `limit` blocks works too (newBlocks) but is slow; lift the limit instead
      await sudo(api, api.tx.adminUtils.sudoSetServingRateLimit(netuid, 0))
    }
    const ok = limit > 1 ? await announce('--ip', '2001:db8::1', '--port', '9000', '--protocol', '4', '--json') : r
    expect(ok.code).toBe(0)
    expect(ok.json.stored).toMatchObject({ipText: '2001:db8::1', port: 9000})
    expect(await stored()).toMatchObject({ip: 42540766411282592856903984951653826561n, ipType: 6, port: 9000})
  })

  it('a hotkey that is not registered on the subnet is refused before submitting (exit 5)', async () => {
    const r = await runTao(['miner', 'announce', '--network', endpoint, '--netuid', String(netuid), '-w', 'unregistered', '--ip', '8.8.4.4', '--port', '8091', '--json'], {env})
    expect(r.code).toBe(5)
    expect(r.json.error.code).toBe('SubtensorModule.HotKeyNotRegisteredInNetwork')
    expect(r.json.error.message).toMatch(/not registered on subnet/)
  })

  it('human output names the stored axon', async () => {
    const r = await announce('--ip', '8.8.8.8', '--port', '8091', '--dry-run')
    expect(r.code).toBe(0)
    expect(r.stdout).toMatch(/8\.8\.8\.8:8091/)
    expect(r.stdout).toMatch(/valid; nothing submitted/)
  })
})
