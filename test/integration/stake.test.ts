import type {ApiPromise} from '@polkadot/api'
import type {KeyringPair} from '@polkadot/keyring/types'

import {afterAll, beforeAll, describe, expect, inject, it} from 'vitest'

import {allowSubnetRegistration, bestBlock, createSubnet, devApi, devKey, freeBalance, fund, newBlocks, seedPool, send, TAO, writePlainWallet} from '../helpers/dev-chain.js'
import {readFileSync, writeFileSync} from 'node:fs'
import path from 'node:path'

import {naclEncrypt} from '../../src/wallet/nacl.js'
import {runTao, tempHome} from '../helpers/run-tao.js'

const endpoint = inject('endpoint')

/** Stake value of (hotkey, coldkey, netuid) from the chain's own storage at a block (spec 218 share pool, I96F32). */
async function storageStake(api: ApiPromise, blockHash: string, hotkey: string, coldkey: string, netuid: number) {
  const at = await api.at(blockHash)
  const q = at.query.subtensorModule
  const [a, tha, ths] = await Promise.all([q.alpha(hotkey, coldkey, netuid), q.totalHotkeyAlpha(hotkey, netuid), q.totalHotkeyShares(hotkey, netuid)])
  const shares = (a as any).toBigInt() as bigint
  const total = (tha as any).toBigInt() as bigint
  const totalShares = (ths as any).toBigInt() as bigint
  // at 218 `Alpha` holds the coldkey's shares of the hotkey's alpha; value = shares × TotalHotkeyAlpha / TotalHotkeyShares
  const value = totalShares === 0n ? 0n : (((total << 32n) / totalShares) * shares) >> 32n
  return {shares, total, totalShares, value}
}

async function account(api: ApiPromise, address: string) {
  const acc: any = await api.query.system.account(address)
  return {free: acc.data.free.toBigInt() as bigint, nonce: acc.nonce.toNumber() as number}
}

/** Signers of the extrinsics in a block. */
async function signersIn(api: ApiPromise, blockHash: string): Promise<string[]> {
  const block = await api.rpc.chain.getBlock(blockHash)
  return block.block.extrinsics.filter((x) => x.isSigned).map((x) => x.signer.toString())
}

describe.skipIf(!endpoint)('tao stake against the spec-218 chain', () => {
  let api: ApiPromise
  const home = tempHome('tao-stake-')
  let A: {coldkey: KeyringPair; hotkeys: Record<string, KeyringPair>}
  let B: {coldkey: KeyringPair; hotkeys: Record<string, KeyringPair>}
  let netuid: number
  let validator: string
  const ownerHot = devKey('//Alice//stake-owner-1').address
  const tao = (args: string[], extra: Record<string, string> = {}) => runTao([...args, '--network', endpoint], {env: {...home.env, ...extra}})

  beforeAll(async () => {
    api = await devApi(endpoint)
    await allowSubnetRegistration(api)
    A = await writePlainWallet(home.env.TAO_WALLET_PATH!, 'A', ['validator'])
    B = await writePlainWallet(home.env.TAO_WALLET_PATH!, 'B', ['default'])
    validator = A.hotkeys.validator!.address
    await fund(api, A.coldkey.address, 100n * TAO)
    await fund(api, B.coldkey.address, 1000n * TAO)
    netuid = await createSubnet(api, '//Alice', '//Alice//stake-owner-1')
    const reg = await send(api, api.tx.subtensorModule.burnedRegister(netuid, validator), A.coldkey)
    expect(reg.error).toBeUndefined()
    await seedPool(api, netuid)
  })
  afterAll(async () => api?.disconnect())

  it('B delegates 100 TAO to A\'s validator; stake list shows it and the chain\'s storage agrees', async () => {
    const before = await account(api, B.coldkey.address)
    const r = await tao(['stake', 'delegate', '--wallet', 'B', '--to', validator, '--netuid', String(netuid), '--amount', '100', '--yes', '--json'])
    expect(r.code, r.stderr).toBe(0)
    expect(r.json.call).toBe('subtensorModule.addStake')
    expect(r.json.amountRao).toBe('100000000000')
    expect(r.json.validator).toMatchObject({hotkey: validator, owner: A.coldkey.address, take: 11_796, takePercent: '18%'})
    expect(r.json.guard).toMatchObject({available: false, enabled: false})
    expect(r.stderr).toMatch(/warning: slippage guard unavailable: this runtime has no add_stake_limit/)
    expect(r.json.actual.taoRao).toBe('100000000000')
    expect(BigInt(r.json.actual.alphaRao)).toBeGreaterThan(90n * TAO) // the seeded pool (price ≈ 1) sold alpha
    const after = await account(api, B.coldkey.address)
    expect(before.free - after.free).toBe(100n * TAO + BigInt(r.json.tx.feeRao))
    expect(after.nonce).toBe(before.nonce + 1)
    expect(BigInt(r.json.after.freeRao)).toBe(after.free)
    // the "after" stake is the chain's own number at the inclusion block
    const s = await storageStake(api, r.json.tx.blockHash, validator, B.coldkey.address, netuid)
    expect(BigInt(r.json.after.positions[0].stakeAlphaRao)).toBe(s.value)

    const list = await tao(['stake', 'list', '--wallet', 'B', '--json'])
    expect(list.code, list.stderr).toBe(0)
    expect(list.json.coldkey).toBe(B.coldkey.address)
    expect(list.json.stakes).toHaveLength(1)
    const row = list.json.stakes[0]
    expect(row).toMatchObject({coldkey: B.coldkey.address, hotkey: validator, netuid, registered: true})
    const chain = await storageStake(api, list.json.blockHash, validator, B.coldkey.address, netuid)
    expect(chain.shares).toBeGreaterThan(0n)
    expect(BigInt(row.stakeAlphaRao)).toBe(chain.value)
    // price from the pool reserves at the same block, value = alpha × price
    const at = await api.at(list.json.blockHash)
    const [t, a] = await Promise.all([at.query.subtensorModule.subnetTAO(netuid), at.query.subtensorModule.subnetAlphaIn(netuid)])
    expect(BigInt(row.priceRao)).toBe(((t as any).toBigInt() * TAO) / (a as any).toBigInt())
    expect(BigInt(row.valueRao)).toBe((BigInt(row.stakeAlphaRao) * BigInt(row.priceRao)) / TAO)
    expect(BigInt(list.json.totals.totalRao)).toBe(BigInt(list.json.freeRao) + BigInt(row.valueRao))

    const human = await tao(['stake', 'list', '--wallet', 'B'])
    expect(human.code).toBe(0)
    expect(human.stdout).toContain(validator)
    expect(human.stdout).toMatch(/unstake now/)
  })

  it('removing half of the alpha returns TAO to B\'s balance', async () => {
    const list = await tao(['stake', 'list', '--wallet', 'B', '--json'])
    const stake = BigInt(list.json.stakes[0].stakeAlphaRao)
    const half = stake / 2n
    const halfText = `${half / TAO}.${(half % TAO).toString().padStart(9, '0')}`
    const before = await account(api, B.coldkey.address)
    const r = await tao(['stake', 'undelegate', '--wallet', 'B', '--from', validator, '--netuid', String(netuid), '--amount', halfText, '--yes', '--json'])
    expect(r.code, r.stderr).toBe(0)
    expect(r.json.call).toBe('subtensorModule.removeStake')
    expect(r.json.amountAlphaRao).toBe(half.toString())
    const returned = BigInt(r.json.actual.taoRao)
    expect(returned).toBeGreaterThan(45n * TAO)
    const after = await account(api, B.coldkey.address)
    expect(after.free - before.free).toBe(returned - BigInt(r.json.tx.feeRao))
    const events = (await (await api.at(r.json.tx.blockHash)).query.system.events()) as any
    const removed = events.find((e: any) => e.event.section === 'subtensorModule' && e.event.method === 'StakeRemoved')
    expect(removed.event.data[2].toBigInt()).toBe(returned)
    expect(removed.event.data[3].toBigInt()).toBe(half)
    const s = await storageStake(api, r.json.tx.blockHash, validator, B.coldkey.address, netuid)
    expect(BigInt(r.json.after.positions[0].stakeAlphaRao)).toBe(s.value)
    expect(s.value).toBeGreaterThanOrEqual(stake - half) // emission only adds
    expect(s.value).toBeLessThan(stake - half + TAO)
  })

  describe('bad input fails with exit 2, one line, and nothing submitted', () => {
    const unknownHotkey = devKey('//Alice//stake-never-registered').address
    const cases: [string, () => string[], RegExp][] = [
      ['an amount with 10 decimals', () => ['--amount', '1.0000000001'], /more than 9 decimals/],
      ['a negative amount', () => ['--amount', '-5'], /must not be negative/],
      ['an unknown hotkey', () => ['--amount', '1', '--to-override', unknownHotkey], /is not registered on this chain/],
      ['more than the balance', () => ['--amount', '1000000'], /is more than the free balance/],
      ['an amount that would leave less than the existential deposit', () => ['--amount', 'ED-LEFT'], /below the existential deposit/],
      ['an SS58 address with a bad checksum', () => ['--amount', '1', '--to-override', validator.slice(0, -1) + (validator.endsWith('a') ? 'b' : 'a')], /not a valid SS58 address/],
      ['an explicit tolerance the runtime cannot honour', () => ['--amount', '1', '--tolerance', '1%'], /slippage guard unavailable/],
      ['no --yes without a terminal', () => ['--amount', '1', '--no-yes'], /confirmation needed/],
    ]
    it.each(cases)('%s', async (_name, extra, message) => {
      const args = extra()
      let to = validator
      const i = args.indexOf('--to-override')
      if (i >= 0) {
        to = args[i + 1]!
        args.splice(i, 2)
      }
      const yes = args.includes('--no-yes') ? [] : ['--yes']
      if (!yes.length) args.splice(args.indexOf('--no-yes'), 1)
      const acc = await account(api, B.coldkey.address)
      const j = args.indexOf('ED-LEFT')
      if (j >= 0) args[j] = `${(acc.free - 100n) / TAO}.${((acc.free - 100n) % TAO).toString().padStart(9, '0')}`
      const head = await bestBlock(api)
      const r = await tao(['stake', 'delegate', '--wallet', 'B', '--to', to, '--netuid', String(netuid), ...args, ...yes, '--quiet'])
      expect(r.code, r.stderr).toBe(2)
      const lines = r.stderr.split('\n').filter((l) => l.trim())
      expect(lines, r.stderr).toHaveLength(1)
      expect(lines[0]).toMatch(/^error: /)
      expect(lines[0]).toMatch(message)
      expect(r.stdout).toBe('')
      // nothing was submitted: no block was built for it, and the next block holds nothing from B
      expect(await bestBlock(api)).toBe(head)
      await newBlocks(api, 1)
      const hash = (await api.rpc.chain.getBlockHash()).toHex()
      expect(await signersIn(api, hash)).not.toContain(B.coldkey.address)
      expect(await account(api, B.coldkey.address)).toEqual(acc)
    })

    it('under --json the error is one JSON document with the code', async () => {
      const r = await tao(['stake', 'delegate', '--wallet', 'B', '--to', validator, '--netuid', String(netuid), '--amount', '1000000', '--yes', '--json'])
      expect(r.code).toBe(2)
      expect(r.json.error).toMatchObject({code: 'InsufficientBalance', exitCode: 2})
    })

    it('removing more alpha than the stake, or from a hotkey with none, is refused before signing', async () => {
      const head = await bestBlock(api)
      const more = await tao(['stake', 'remove', '--wallet', 'B', '--hotkey', validator, '--netuid', String(netuid), '--amount', '100000', '--yes', '--json'])
      expect(more.code).toBe(2)
      expect(more.json.error.code).toBe('NotEnoughStake')
      expect(more.json.error.hint).toMatch(/ALPHA/)
      const none = await tao(['stake', 'remove', '--wallet', 'B', '--hotkey', ownerHot, '--netuid', String(netuid), '--amount', '1', '--yes', '--json'])
      expect(none.code).toBe(2)
      expect(none.json.error.code).toBe('NoStake')
      expect(await bestBlock(api)).toBe(head)
    })

    it('transfer and swap say the runtime lacks them', async () => {
      const t = await tao(['stake', 'transfer', '--wallet', 'B', '--hotkey', validator, '--netuid', String(netuid), '--to-coldkey', A.coldkey.address, '--amount', '1', '--yes', '--json'])
      expect(t.code).toBe(2)
      expect(t.json.error).toMatchObject({code: 'Unsupported'})
      expect(t.json.error.message).toMatch(/no transfer_stake/)
      const s = await tao(['stake', 'swap', '--wallet', 'B', '--hotkey', validator, '--netuid', String(netuid), '--to-netuid', '0', '--amount', '1', '--yes', '--json'])
      expect(s.code).toBe(2)
      expect(s.json.error.message).toMatch(/no swap_stake/)
    })
  })

  it('--dry-run validates and quotes without submitting', async () => {
    const acc = await account(api, B.coldkey.address)
    const head = await bestBlock(api)
    const r = await tao(['stake', 'add', '--wallet', 'B', '--hotkey', validator, '--netuid', String(netuid), '--amount', '1', '--dry-run', '--json'])
    expect(r.code, r.stderr).toBe(0)
    expect(r.json.tx.dryRun).toBe(true)
    expect(r.json.after).toBeUndefined()
    expect(await bestBlock(api)).toBe(head)
    expect(await account(api, B.coldkey.address)).toEqual(acc)
  })

  it('the netuid may be the first argument; --to takes a hotkey name; stake delegate --help lists only flags it uses', async () => {
    const r = await tao(['stake', 'delegate', String(netuid), '--wallet', 'A', '--to', 'validator', '--amount', '1', '--dry-run', '--json'])
    expect(r.code, r.stderr).toBe(0)
    expect(r.json).toMatchObject({hotkey: validator, netuid})
    expect(r.json.warnings.join(' ')).toMatch(/owned by your own coldkey/)
    const list = await tao(['stake', 'list', String(netuid), '--wallet', 'B', '--json'])
    expect(list.code, list.stderr).toBe(0)
    expect(list.json.stakes.every((x: any) => x.netuid === netuid)).toBe(true)
    const twice = await tao(['stake', 'list', String(netuid), '--netuid', String(netuid + 1), '--wallet', 'B'])
    expect(twice.code).toBe(2)
    const help = await tao(['stake', 'delegate', '--help'])
    expect(help.stdout).toMatch(/--to/)
    expect(help.stdout).not.toMatch(/--hotkey/)
  })

  it('without --tolerance the configured tolerance is the default: not refused where the runtime has no limit call, unlike an explicit one', async () => {
    const args = ['stake', 'add', String(netuid), '--wallet', 'B', '--hotkey', validator, '--amount', '1', '--dry-run', '--json']
    expect((await tao(['config', 'set', 'tolerance', 'junk'])).code).toBe(0)
    try {
      const bad = await tao(args)
      expect(bad.code).toBe(2)
      expect(bad.json.error).toMatchObject({code: 'BadTolerance', message: expect.stringMatching(/configured default tolerance is not a percentage/)})
      expect((await tao(['config', 'set', 'tolerance', '1%'])).code).toBe(0)
      const ok = await tao(args)
      expect(ok.code, ok.stderr).toBe(0)
      expect(ok.json.guard).toMatchObject({available: false, enabled: false})
      const explicit = await tao([...args, '--tolerance', '1%'])
      expect(explicit.code).toBe(2)
      expect(explicit.json.error.code).toBe('GuardUnavailable')
    } finally {
      await tao(['config', 'unset', 'tolerance'])
    }
  })

  it('--amount all stakes everything but the existential deposit', async () => {
    const C = await writePlainWallet(home.env.TAO_WALLET_PATH!, 'C', ['default'])
    await fund(api, C.coldkey.address, 10n * TAO)
    const r = await tao(['stake', 'add', '--wallet', 'C', '--hotkey', validator, '--netuid', String(netuid), '--amount', 'all', '--yes', '--json'])
    expect(r.code, r.stderr).toBe(0)
    const ed = (api.consts.balances.existentialDeposit as any).toBigInt()
    expect(BigInt(r.json.amountRao)).toBe(10n * TAO - ed - BigInt(r.json.feeEstimateRao))
    expect(await freeBalance(api, C.coldkey.address)).toBe(ed)
  })

  it('moves stake to another hotkey on the same subnet (move_stake exists at 218)', async () => {
    const r = await tao(['stake', 'move', '--wallet', 'B', '--hotkey', validator, '--to-hotkey', ownerHot, '--netuid', String(netuid), '--amount', '10', '--yes', '--json'])
    expect(r.code, r.stderr).toBe(0)
    expect(r.json.call).toBe('subtensorModule.moveStake')
    const [from, to] = r.json.after.positions
    expect(to.hotkey).toBe(ownerHot)
    const chainTo = await storageStake(api, r.json.tx.blockHash, ownerHot, B.coldkey.address, netuid)
    expect(BigInt(to.stakeAlphaRao)).toBe(chainTo.value)
    expect(chainTo.value).toBeGreaterThan(9n * TAO) // 10 alpha went through the pool and back
    const chainFrom = await storageStake(api, r.json.tx.blockHash, validator, B.coldkey.address, netuid)
    expect(BigInt(from.stakeAlphaRao)).toBe(chainFrom.value)
    const list = await tao(['stake', 'list', '--wallet', 'B', '--json'])
    expect(list.json.stakes.map((s: any) => s.hotkey).sort()).toEqual([validator, ownerHot].sort())
  })

  it('A sets its validator take; delegate list shows it with B as a nominator; an increase is rate limited', async () => {
    const notOwner = await tao(['delegate', 'take', '--wallet', 'B', '--hotkey', validator, '--set', '5', '--yes', '--json'])
    expect(notOwner.code).toBe(2)
    expect(notOwner.json.error.code).toBe('NotOwner')
    const set = await tao(['delegate', 'take', '--wallet', 'A', '--hotkey', 'validator', '--set', '10%', '--yes', '--json'])
    expect(set.code, set.stderr).toBe(0)
    expect(set.json).toMatchObject({call: 'subtensorModule.decreaseTake', changed: true, requestedTake: 6554})
    expect(((await api.query.subtensorModule.delegates(validator)) as any).toNumber()).toBe(6554)
    const show = await tao(['delegate', 'take', '--hotkey', validator, '--json'])
    expect(show.json).toMatchObject({listed: true, owner: A.coldkey.address, take: 6554, takePercent: '10%'})

    const head = await bestBlock(api)
    const up = await tao(['delegate', 'take', '--wallet', 'A', '--hotkey', 'validator', '--set', '12', '--yes', '--json'])
    expect(up.code).toBe(5)
    expect(up.json.error.code).toBe('SubtensorModule.DelegateTxRateLimitExceeded')
    expect(await bestBlock(api)).toBe(head)
    const tooHigh = await tao(['delegate', 'take', '--wallet', 'A', '--hotkey', 'validator', '--set', '19', '--yes', '--json'])
    expect(tooHigh.code).toBe(2)

    const list = await tao(['delegate', 'list', '--netuid', String(netuid), '--json'])
    expect(list.code, list.stderr).toBe(0)
    const d = list.json.delegates.find((x: any) => x.hotkey === validator)
    expect(d).toMatchObject({owner: A.coldkey.address, take: 6554, takePercent: '10%'})
    expect(d.nominators).toBeGreaterThanOrEqual(2) // B and C (A's own alpha from the take may add one)
    const at = await api.at(list.json.blockHash)
    const total = ((await at.query.subtensorModule.totalHotkeyAlpha(validator, netuid)) as any).toBigInt()
    expect(d.stakes.find((s: any) => s.netuid === netuid).alphaRao).toBe(total.toString())
    const human = await tao(['delegate', 'list'])
    expect(human.stdout).toContain(validator)
  })

  it('remove --all takes (nearly) everything back', async () => {
    const r = await tao(['stake', 'remove', '--wallet', 'B', '--hotkey', ownerHot, '--netuid', String(netuid), '--all', '--yes', '--json'])
    expect(r.code, r.stderr).toBe(0)
    const before = BigInt(r.json.before.positions[0].stakeAlphaRao)
    expect(r.json.amountAlphaRao).toBe(before.toString())
    expect(BigInt(r.json.after.positions[0].stakeAlphaRao)).toBeLessThan(before / 100n)
    expect(r.json.warnings.join(' ')).toMatch(/remainder/)
  })

  it('signs with an encrypted ($NACL) coldkey: password from TAO_PASSWORD; a wrong one is refused before submitting', async () => {
    const D = await writePlainWallet(home.env.TAO_WALLET_PATH!, 'D', ['default'])
    await fund(api, D.coldkey.address, 5n * TAO)
    const file = path.join(home.env.TAO_WALLET_PATH!, 'D', 'coldkey')
    writeFileSync(file, await naclEncrypt(readFileSync(file), 'correct horse'))
    const args = ['stake', 'add', '--wallet', 'D', '--hotkey', validator, '--netuid', String(netuid), '--amount', '1', '--yes', '--json']
    const head = await bestBlock(api)
    const wrong = await tao(args, {TAO_PASSWORD: 'nope'})
    expect(wrong.code, wrong.stderr).toBe(2)
    expect(await bestBlock(api)).toBe(head)
    const ok = await tao(args, {TAO_PASSWORD: 'correct horse'})
    expect(ok.code, ok.stderr).toBe(0)
    expect(ok.json.signer ?? ok.json.coldkey).toBe(D.coldkey.address)
    expect(await freeBalance(api, D.coldkey.address)).toBe(4n * TAO - BigInt(ok.json.tx.feeRao))
  })
})
