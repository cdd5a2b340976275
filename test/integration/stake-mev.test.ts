/**
 * The MEV shield on the spec-218 chain, which has none: a stake trade by default goes in the clear and its plan
 * and --json say the shield is absent on this runtime; an explicit --mev-shield is refused in one line with
 * nothing submitted (nonce and balance read independently); --no-mev-shield says it is off.
 */
import type {ApiPromise} from '@polkadot/api'
import type {KeyringPair} from '@polkadot/keyring/types'

import {afterAll, beforeAll, describe, expect, inject, it} from 'vitest'

import {allowSubnetRegistration, createSubnet, devApi, fund, seedPool, send, TAO, writePlainWallet} from '../helpers/dev-chain.js'
import {runTao, tempHome} from '../helpers/run-tao.js'

const endpoint = inject('endpoint')

async function account(api: ApiPromise, address: string) {
  const acc: any = await api.query.system.account(address)
  return {free: acc.data.free.toBigInt() as bigint, nonce: acc.nonce.toNumber() as number}
}

describe.skipIf(!endpoint)('the MEV shield on the spec-218 chain (no shield)', () => {
  let api: ApiPromise
  const home = tempHome('tao-mev-')
  let A: {coldkey: KeyringPair; hotkeys: Record<string, KeyringPair>}
  let netuid: number
  const tao = (args: string[]) => runTao([...args, '--network', endpoint], {env: home.env})

  beforeAll(async () => {
    api = await devApi(endpoint)
    await allowSubnetRegistration(api)
    A = await writePlainWallet(home.env.TAO_WALLET_PATH!, 'mev', ['validator'])
    await fund(api, A.coldkey.address, 50n * TAO)
    netuid = await createSubnet(api, '//Alice', '//Alice//mev-owner-1')
    const reg = await send(api, api.tx.subtensorModule.burnedRegister(netuid, A.hotkeys.validator!.address), A.coldkey)
    expect(reg.error).toBeUndefined()
    await seedPool(api, netuid)
  })
  afterAll(async () => api?.disconnect())

  it('explicit --mev-shield: one line, exit 2, nothing submitted', async () => {
    const a0 = await account(api, A.coldkey.address)
    const r = await tao(['stake', 'add', '-w', 'mev', '--hotkey', 'validator', '--netuid', String(netuid), '--amount', '1', '--mev-shield', '--yes'])
    expect(r.code, r.stderr).toBe(2)
    expect(r.stderr.trim()).toBe('error: this runtime has no MEV shield (MevShield.submit_encrypted); drop --mev-shield; nothing was submitted')
    expect(r.stdout.trim()).toBe('')
    expect(await account(api, A.coldkey.address)).toEqual(a0)
    const rm = await tao(['stake', 'remove', '-w', 'mev', '--hotkey', 'validator', '--netuid', String(netuid), '--all', '--mev-shield', '--yes', '--json'])
    expect(rm.code, rm.stderr).toBe(2)
    expect(rm.stderr.trim().split('\n')).toHaveLength(1)
    expect(await account(api, A.coldkey.address)).toEqual(a0)
  })

  it('the default: the dry run\'s plan says the shield is absent; the trade then lands in the clear', async () => {
    const dry = await tao(['stake', 'add', '-w', 'mev', '--hotkey', 'validator', '--netuid', String(netuid), '--amount', '2', '--dry-run'])
    expect(dry.code, dry.stderr).toBe(0)
    expect(dry.stdout).toMatch(/MEV shield\s*│?\s*absent on this runtime: submitted in the clear/)
    const a0 = await account(api, A.coldkey.address)
    const r = await tao(['stake', 'add', '-w', 'mev', '--hotkey', 'validator', '--netuid', String(netuid), '--amount', '2', '--yes', '--json'])
    expect(r.code, r.stderr).toBe(0)
    expect(r.json.mevShield).toEqual({enabled: false, note: 'absent on this runtime: submitted in the clear'})
    expect(r.json.tx.shield).toBeUndefined()
    // in the clear: the add_stake itself is the extrinsic in the block, signed by the coldkey with the next nonce
    const block = await api.rpc.chain.getBlock(r.json.tx.blockHash)
    const xt = block.block.extrinsics.find((x) => x.hash.toHex() === r.json.tx.txHash)!
    expect(`${xt.method.section}.${xt.method.method}`).toBe('subtensorModule.addStake')
    expect(xt.signer.toString()).toBe(A.coldkey.address)
    const a1 = await account(api, A.coldkey.address)
    expect(a1.nonce).toBe(a0.nonce + 1)
    expect(a0.free - a1.free).toBeGreaterThanOrEqual(2n * TAO)
  })

  it('--no-mev-shield: the plan says it is off', async () => {
    const r = await tao(['stake', 'add', '-w', 'mev', '--hotkey', 'validator', '--netuid', String(netuid), '--amount', '1', '--no-mev-shield', '--dry-run', '--json'])
    expect(r.code, r.stderr).toBe(0)
    expect(r.json.mevShield).toEqual({enabled: false, note: 'off (--no-mev-shield): submitted in the clear'})
  })
})
