/**
 * `tao wallet transfer / balance / overview` against the spec-218 chain. Wallets are --no-password (encryption is
 * tested in wallet-files.test.ts); keys are derived as //Alice//wallet-<n> so no other file's accounts are touched.
 * Every amount is checked against chain state read independently (test/helpers/dev-chain.ts).
 */
import type {ApiPromise} from '@polkadot/api'

import {afterAll, beforeAll, describe, expect, inject, it} from 'vitest'

import {connect} from '../../src/chain/client.js'
import {stakeSource} from '../../src/chain/reads.js'
import {stakesOf} from '../../src/chain/reads.js'
import {TAO, bestBlock, createSubnet, devApi, devKey, freeBalance, fund, newBlocks, seedPool, send} from '../helpers/dev-chain.js'
import {runTao, tempHome} from '../helpers/run-tao.js'

const endpoint = inject('endpoint')

describe.skipIf(!endpoint)('tao wallet on the spec-218 chain', () => {
  const home = tempHome('tao-wallet-chain-')
  const env = {...home.env, TAO_NETWORK: endpoint}
  let api: ApiPromise
  let a: string
  let b: string

  beforeAll(async () => {
    api = await devApi(endpoint)
    for (const [name, uri] of [
      ['sender', '//Alice//wallet-1'],
      ['receiver', '//Alice//wallet-2'],
    ]) {
      const r = await runTao(['wallet', 'new-coldkey', '-w', name, '--uri', uri, '--json'], {env})
      expect(r.code, r.stderr).toBe(0)
      expect(r.json.coldkeyEncrypted).toBe(false) // --uri keys are written unencrypted, as btcli does
    }
    a = devKey('//Alice//wallet-1').address
    b = devKey('//Alice//wallet-2').address
    await fund(api, a, 100n * TAO)
  })

  afterAll(async () => {
    await api?.disconnect()
  })

  it('transfer moves exactly the amount, and the sender pays amount + the fee shown', async () => {
    const [a0, b0] = [await freeBalance(api, a), await freeBalance(api, b)]
    const r = await runTao(['wallet', 'transfer', '-w', 'sender', '--dest', b, '--amount', '12.345678901', '--yes', '--json'], {env})
    expect(r.code, r.stderr).toBe(0)
    expect(r.json).toMatchObject({amountRao: '12345678901', call: 'balances.transferKeepAlive', dest: b, dryRun: false, from: a, keepAlive: true})
    const fee = BigInt(r.json.feeRao)
    expect(fee).toBeGreaterThan(0n)
    expect(r.json.blockNumber).toBeGreaterThan(0)
    const [a1, b1] = [await freeBalance(api, a), await freeBalance(api, b)]
    expect(b1 - b0).toBe(12_345_678_901n)
    expect(a0 - a1).toBe(12_345_678_901n + fee)

    // human output shows the fee actually paid
    const h = await runTao(['wallet', 'transfer', '-w', 'sender', '--dest', b, '--amount', '0.5', '--yes'], {env})
    expect(h.code, h.stderr).toBe(0)
    const shown = /fee paid\s*│\s*([\d.]+) τ/.exec(h.stdout)
    expect(shown, h.stdout).not.toBeNull()
    const a2 = await freeBalance(api, a)
    const paid = a1 - a2 - 500_000_000n
    expect(shown![1]).toBe(`0.${paid.toString().padStart(9, '0')}`.replace(/^0\.(\d+?)0*$/, '0.$1'))
  })

  it('balance --json matches the chain', async () => {
    const r = await runTao(['wallet', 'balance', '--all', '--json'], {env})
    expect(r.code, r.stderr).toBe(0)
    const byName = Object.fromEntries(r.json.balances.map((x: any) => [x.wallet, x]))
    expect(BigInt(byName.sender.freeRao)).toBe(await freeBalance(api, a))
    expect(BigInt(byName.receiver.freeRao)).toBe(await freeBalance(api, b))
    expect(byName.receiver.totalRao).toBe(byName.receiver.freeRao)
  })

  it('--dry-run validates and quotes the fee, and moves nothing', async () => {
    const [a0, b0] = [await freeBalance(api, a), await freeBalance(api, b)]
    const r = await runTao(['wallet', 'transfer', '-w', 'sender', '--dest', b, '--amount', '1', '--dry-run', '--json'], {env})
    expect(r.code, r.stderr).toBe(0)
    expect(r.json.dryRun).toBe(true)
    expect(BigInt(r.json.feeRao)).toBeGreaterThan(0n)
    expect([await freeBalance(api, a), await freeBalance(api, b)]).toEqual([a0, b0])
  })

  it('insufficient balance (and keep-alive) is refused with exit 2 before anything is signed', async () => {
    const a0 = await freeBalance(api, a)
    const tooMuch = await runTao(['wallet', 'transfer', '-w', 'sender', '--dest', b, '--amount', '1000', '--yes'], {env})
    expect(tooMuch.code).toBe(2)
    expect(tooMuch.stderr.trim().split('\n').at(-1)).toMatch(/^error: insufficient balance/)
    // everything that is there: keep-alive refuses (the existential deposit must stay)
    const all = `${a0 / TAO}.${(a0 % TAO).toString().padStart(9, '0')}`
    const keep = await runTao(['wallet', 'transfer', '-w', 'sender', '--dest', b, '--amount', all, '--yes'], {env})
    expect(keep.code).toBe(2)
    expect(keep.stderr).toMatch(/existential deposit/)
    expect(await freeBalance(api, a)).toBe(a0)
    // without --yes and without a terminal: refused before signing
    const noConfirm = await runTao(['wallet', 'transfer', '-w', 'sender', '--dest', b, '--amount', '1'], {env})
    expect(noConfirm.code).toBe(2)
    expect(noConfirm.stderr).toMatch(/confirmation needed/)
    expect(await freeBalance(api, a)).toBe(a0)
  })

  it('--allow-death uses transfer_allow_death', async () => {
    const b0 = await freeBalance(api, b)
    const r = await runTao(['wallet', 'transfer', '-w', 'sender', '--dest', b, '--amount', '0.25', '--allow-death', '--yes', '--json'], {env})
    expect(r.code, r.stderr).toBe(0)
    expect(r.json.call).toBe('balances.transferAllowDeath')
    expect((await freeBalance(api, b)) - b0).toBe(250_000_000n)
  })

  it('overview shows registrations and stake (raw StakeInfo bytes at 218), matching the Alpha share storage within I96F32 precision', async () => {
    const coldUri = '//Alice//wallet-3'
    const hotUri = '//Alice//wallet-3-hot'
    for (const args of [
      ['wallet', 'new-coldkey', '-w', 'staker', '--uri', coldUri, '--json'],
      ['wallet', 'new-hotkey', '-w', 'staker', '-H', 'main', '--uri', hotUri, '--json'],
    ]) {
      const r = await runTao(args, {env})
      expect(r.code, r.stderr).toBe(0)
    }
    const cold = devKey(coldUri)
    const hot = devKey(hotUri)
    await fund(api, cold.address, 5_000n * TAO)
    // spec 218 has no first-time exemption from NetworkRateLimit: make enough blocks pass (no state is changed)
    const q = api.query.subtensorModule as any
    const wait = BigInt((await q.networkRateLimit()).toString()) - (BigInt(await bestBlock(api)) - BigInt((await q.networkLastRegistered()).toString()))
    if (wait >= 0n) await newBlocks(api, Number(wait) + 1)
    const netuid = await createSubnet(api, coldUri, hotUri)
    await seedPool(api, netuid)
    const staked = await send(api, api.tx.subtensorModule.addStake(hot.address, netuid, 50n * TAO), cold)
    expect(staked.error).toBeUndefined()
    // what the stake bought (StakeAdded: coldkey, hotkey, tao, alpha, netuid), read from the event, not from tao
    const bought = BigInt(staked.events.find((e) => e.method === 'StakeAdded')!.data[3].toString())
    expect(bought).toBeGreaterThan(0n)
    // the coldkey's amount from storage: Alpha holds its shares of the hotkey's pool
    const q0 = api.query.subtensorModule as any
    const amountNow = async () => {
      const [sh, tot, totSh] = await Promise.all([q0.alpha(hot.address, cold.address, netuid), q0.totalHotkeyAlpha(hot.address, netuid), q0.totalHotkeyShares(hot.address, netuid)])
      return (BigInt(sh.toString()) * BigInt(tot.toString())) / BigInt(totSh.toString())
    }
    const alpha = await amountNow()
    expect(alpha).toBeGreaterThanOrEqual(bought)
    const uid = Number(((await api.query.subtensorModule.uids(netuid, hot.address)) as any).unwrap().toString())

    const r = await runTao(['wallet', 'overview', '-w', 'staker', '--json'], {env})
    expect(r.code, r.stderr).toBe(0)
    const w = r.json.wallets[0]
    expect(w.stakeSource).toBe('raw-api')
    const h = w.hotkeys.find((x: any) => x.address === hot.address)
    expect(h.name).toBe('main')
    expect(h.owner).toBe(cold.address)
    // the registration (it also carries the metagraph's stake columns, checked against storage in journey.test.ts)
    expect(h.registrations).toContainEqual(expect.objectContaining({alphaStakeRao: expect.any(String), netuid, totalAlphaRao: expect.any(String), uid}))
    const stake = h.stakes.find((s: any) => s.netuid === netuid)
    // the runtime computes shares × total / total_shares in I96F32 (32 fractional bits), so it can differ from
    // exact integer division of the same storage by up to amount / 2^32 (+1 for flooring): ~12 rao on 50 TAO;
    // emission may also add to the pool between the two reads
    const fixedPointSlack = (x: bigint) => x / 2n ** 32n + 1n
    const alphaAfter = await amountNow()
    expect(BigInt(stake.stakeRao)).toBeGreaterThanOrEqual(alpha - fixedPointSlack(alpha))
    expect(BigInt(stake.stakeRao)).toBeLessThanOrEqual(alphaAfter)
    expect(BigInt(w.balance.stakedRao)).toBeGreaterThan(0n)
    expect(BigInt(w.balance.freeRao)).toBe(await freeBalance(api, cold.address))
    expect(BigInt(w.balance.totalRao)).toBe(BigInt(w.balance.freeRao) + BigInt(w.balance.reservedRao) + BigInt(w.balance.stakedRao))

    // the inspect alias gives the same document
    const ins = await runTao(['wallet', 'inspect', '-w', 'staker', '--json'], {env})
    expect(ins.json.wallets[0].hotkeys).toEqual(w.hotkeys)

    // the storage fallback reads the same stake as the runtime API
    const chain = await connect({cacheDir: home.env.TAO_CACHE_DIR, endpoint})
    try {
      expect(stakeSource(chain)).toBe('raw-api')
      const viaApi = await stakesOf(chain, cold.address)
      const viaStorage = await stakesOf(chain, cold.address, 'storage')
      expect(viaStorage.map((s) => [s.hotkey, s.netuid])).toEqual(viaApi.map((s) => [s.hotkey, s.netuid]))
      viaApi.forEach((s, i) => {
        const d = viaStorage[i]!.stakeRao - s.stakeRao
        const slack = s.stakeRao / 2n ** 32n + 1n
        expect(d >= -slack && d <= slack, `${s.stakeRao} vs ${viaStorage[i]!.stakeRao}`).toBe(true)
      })
      expect(viaApi.find((s) => s.netuid === netuid)?.stakeRao).toBeGreaterThanOrEqual(bought)
    } finally {
      await chain.disconnect()
    }
  })
})
