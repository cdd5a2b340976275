/**
 * The spending policy (tao's config policy.json) on the spec-218 chain through the real binary: caps per command
 * and per day (summed from the ledger of succeeded submissions), allowed destinations and subnets. A refusal is
 * one line naming the rule, exit 5, and nothing reaches the chain (nonce and balances read independently).
 */
import type {ApiPromise} from '@polkadot/api'
import type {KeyringPair} from '@polkadot/keyring/types'

import {mkdirSync, writeFileSync} from 'node:fs'
import path from 'node:path'
import {afterAll, beforeAll, describe, expect, inject, it} from 'vitest'

import {allowSubnetRegistration, createSubnet, devApi, devKey, fund, seedPool, send, TAO, writePlainWallet} from '../helpers/dev-chain.js'
import {runTao, tempHome, type TaoResult} from '../helpers/run-tao.js'

const endpoint = inject('endpoint')

async function account(api: ApiPromise, address: string) {
  const a: any = await api.query.system.account(address)
  return {free: a.data.free.toBigInt() as bigint, nonce: a.nonce.toNumber() as number}
}
function refused(r: TaoResult, re: RegExp) {
  expect(r.code, r.stderr).toBe(5)
  const lines = r.stderr.trim().split('\n')
  expect(lines, r.stderr).toHaveLength(1)
  expect(lines[0]).toMatch(re)
}

describe.skipIf(!endpoint)('the spending policy on the spec-218 chain', () => {
  let api: ApiPromise
  const home = tempHome('tao-policy-')
  const env = {...home.env, TAO_NETWORK: endpoint}
  const tao = (args: string[]) => runTao(args, {env})
  let A: {coldkey: KeyringPair; hotkeys: Record<string, KeyringPair>}
  const allowed = devKey('//Alice//policy-dest-ok').address
  const other = devKey('//Alice//policy-dest-other').address
  let netuid: number

  beforeAll(async () => {
    api = await devApi(endpoint)
    await allowSubnetRegistration(api)
    A = await writePlainWallet(home.env.TAO_WALLET_PATH!, 'ops', ['validator'])
    await fund(api, A.coldkey.address, 100n * TAO)
    netuid = await createSubnet(api, '//Alice', '//Alice//policy-owner-1')
    const reg = await send(api, api.tx.subtensorModule.burnedRegister(netuid, A.hotkeys.validator!.address), A.coldkey)
    expect(reg.error).toBeUndefined()
    await seedPool(api, netuid)
    mkdirSync(home.env.TAO_CONFIG_DIR!, {recursive: true})
    writeFileSync(
      path.join(home.env.TAO_CONFIG_DIR!, 'policy.json'),
      JSON.stringify({allowedDestinations: [allowed], allowedNetuids: [netuid + 1000], maxSpendPerCommand: '5', maxSpendPerDay: '8'}),
    )
  })
  afterAll(async () => api?.disconnect())

  it('a transfer above the per-command cap is refused, naming the rule; nothing sent', async () => {
    const [a0, d0] = [await account(api, A.coldkey.address), await account(api, allowed)]
    const r = await tao(['wallet', 'transfer', '-w', 'ops', '--dest', allowed, '--amount', '6', '--yes'])
    refused(r, /^error: refused by the spending policy \(maxSpendPerCommand\): 6\.\d+ TAO \(6 \+ fee [\d.]+\) is above maxSpendPerCommand 5 TAO; nothing was submitted$/)
    const j = await tao(['wallet', 'transfer', '-w', 'ops', '--dest', allowed, '--amount', '6', '--yes', '--json'])
    expect(j.code).toBe(5)
    expect(j.json.error).toMatchObject({code: 'Policy.maxSpendPerCommand'})
    expect(await account(api, A.coldkey.address)).toEqual(a0)
    expect((await account(api, allowed)).free).toBe(d0.free)
  })

  it('a destination not in allowedDestinations is refused', async () => {
    const a0 = await account(api, A.coldkey.address)
    const r = await tao(['wallet', 'transfer', '-w', 'ops', '--dest', other, '--amount', '1', '--yes'])
    refused(r, new RegExp(`^error: refused by the spending policy \\(allowedDestinations\\): destination ${other} is not in allowedDestinations; nothing was submitted$`))
    expect(await account(api, A.coldkey.address)).toEqual(a0)
  })

  it('stake on a subnet outside allowedNetuids is refused before signing', async () => {
    const a0 = await account(api, A.coldkey.address)
    const r = await tao(['stake', 'add', '-w', 'ops', '--hotkey', 'validator', '--netuid', String(netuid), '--amount', '1', '--yes'])
    refused(r, new RegExp(`^error: refused by the spending policy \\(allowedNetuids\\): subnet ${netuid} is not in allowedNetuids \\[${netuid + 1000}\\]; nothing was submitted$`))
    expect(await account(api, A.coldkey.address)).toEqual(a0)
  })

  it('--dry-run shows the verdict; allowed transfers count toward the day; the day cap then refuses', async () => {
    const dry = await tao(['wallet', 'transfer', '-w', 'ops', '--dest', allowed, '--amount', '3', '--dry-run'])
    expect(dry.code, dry.stderr).toBe(0)
    expect(dry.stdout).toMatch(/policy\s*│?\s*allowed: spends 3\.\d+ TAO with the fee, 0 TAO spent today/)
    const t1 = await tao(['wallet', 'transfer', '-w', 'ops', '--dest', allowed, '--amount', '3', '--yes', '--json'])
    expect(t1.code, t1.stderr).toBe(0)
    expect(t1.json.policy).toMatchObject({allowed: true})
    const t2 = await tao(['wallet', 'transfer', '-w', 'ops', '--dest', allowed, '--amount', '4', '--yes', '--json'])
    expect(t2.code, t2.stderr).toBe(0)
    const spent = 7n * TAO + BigInt(t1.json.feeRao) + BigInt(t2.json.feeRao)
    const show = await tao(['policy', 'show', '--json'])
    expect(show.code, show.stderr).toBe(0)
    expect(show.json).toMatchObject({inForce: true, maxSpendPerCommand: '5', maxSpendPerDay: '8', spentTodayRao: spent.toString()})

    const a0 = await account(api, A.coldkey.address)
    const r = await tao(['wallet', 'transfer', '-w', 'ops', '--dest', allowed, '--amount', '1', '--yes'])
    refused(r, /^error: refused by the spending policy \(maxSpendPerDay\): 1\.\d+ TAO more would bring today's spending to 8\.\d+ TAO, above maxSpendPerDay 8 TAO; nothing was submitted$/)
    expect(await account(api, A.coldkey.address)).toEqual(a0)
  })

  it('--mev-shield on 218: one line says the runtime has no shield; nothing submitted', async () => {
    const a0 = await account(api, A.coldkey.address)
    const r = await tao(['stake', 'add', '-w', 'ops', '--hotkey', 'validator', '--netuid', String(netuid), '--amount', '1', '--mev-shield', '--yes'])
    expect(r.code, r.stderr).toBe(2)
    expect(r.stderr.trim()).toBe('error: this runtime has no MEV shield (MevShield.submit_encrypted); drop --mev-shield; nothing was submitted')
    expect(await account(api, A.coldkey.address)).toEqual(a0)
  })
})
