/**
 * Multisig on the spec-218 chain through the real binary: `multisig create` derives the address the pallet uses;
 * a 2-of-3 transfer needs two approvals and lands once (Multisig.Multisigs and balances read independently);
 * a threshold above the signatories and a repeated approval are refused with one line, nothing submitted.
 */
import type {ApiPromise} from '@polkadot/api'
import type {KeyringPair} from '@polkadot/keyring/types'

import {createKeyMulti, encodeAddress} from '@polkadot/util-crypto'
import {afterAll, beforeAll, describe, expect, inject, it} from 'vitest'

import {devApi, devKey, fund, TAO, writePlainWallet} from '../helpers/dev-chain.js'
import {runTao, tempHome, type TaoResult} from '../helpers/run-tao.js'

const endpoint = inject('endpoint')

async function account(api: ApiPromise, address: string) {
  const a: any = await api.query.system.account(address)
  return {free: a.data.free.toBigInt() as bigint, nonce: a.nonce.toNumber() as number}
}
function oneLine(r: TaoResult, code: number, re: RegExp) {
  expect(r.code, r.stderr).toBe(code)
  const lines = r.stderr.trim().split('\n')
  expect(lines, r.stderr).toHaveLength(1)
  expect(lines[0]).toMatch(re)
}

describe.skipIf(!endpoint)('tao multisig on the spec-218 chain', () => {
  let api: ApiPromise
  const home = tempHome('tao-multisig-')
  const env = {...home.env, TAO_NETWORK: endpoint}
  const tao = (args: string[]) => runTao(args, {env})
  const W: Record<string, {coldkey: KeyringPair}> = {}
  let ms: string
  const dest = devKey('//Alice//multisig-dest-1').address

  beforeAll(async () => {
    api = await devApi(endpoint)
    for (const n of ['s1', 's2', 's3']) {
      W[n] = await writePlainWallet(home.env.TAO_WALLET_PATH!, n)
      await fund(api, W[n]!.coldkey.address, 10n * TAO)
    }
  })
  afterAll(async () => api?.disconnect())

  it('a threshold above the signatories is refused; nothing saved', async () => {
    const r = await tao(['multisig', 'create', 'bad', '--signatories', 's1,s2', '--threshold', '3'])
    oneLine(r, 2, /^error: --threshold 3 is above the number of signatories \(2\); nothing was saved$/)
    const p = await tao(['multisig', 'pending', 'bad'])
    oneLine(p, 2, /^error: unknown multisig "bad"/)
  })

  it('multisig create derives the pallet\'s address from the signatories and threshold', async () => {
    const r = await tao(['multisig', 'create', 'treasury', '--signatories', `s1,s2,${W.s3!.coldkey.address}`, '--threshold', '2', '--json'])
    expect(r.code, r.stderr).toBe(0)
    ms = r.json.address
    const expected = encodeAddress(createKeyMulti([W.s1!.coldkey.address, W.s2!.coldkey.address, W.s3!.coldkey.address], 2), 42)
    expect(ms).toBe(expected)
    expect(r.json).toMatchObject({name: 'treasury', threshold: 2})
    await fund(api, ms, 50n * TAO)
  })

  it('a 2-of-3 transfer needs two approvals and lands once', async () => {
    const d0 = (await account(api, dest)).free
    const m0 = (await account(api, ms)).free
    const first = await tao(['wallet', 'transfer', '-w', 's1', '--multisig', 'treasury', '--dest', dest, '--amount', '2', '--yes', '--json'])
    expect(first.code, first.stderr).toBe(0)
    expect(first.json.from).toBe(ms)
    expect(first.json.multisig).toMatchObject({action: 'start', approvals: 1, multisig: ms, threshold: 2})
    const {callHash, timepoint} = first.json.multisig
    expect(timepoint.height).toBe(first.json.blockNumber)
    expect((await account(api, dest)).free).toBe(d0) // not yet
    const stored: any = await api.query.multisig.multisigs(ms, callHash)
    expect(stored.isSome).toBe(true)
    expect(stored.unwrap().approvals.map((a: any) => a.toString())).toEqual([W.s1!.coldkey.address])
    expect(stored.unwrap().when.height.toNumber()).toBe(timepoint.height)
    expect(stored.unwrap().when.index.toNumber()).toBe(timepoint.index)

    const pending = await tao(['multisig', 'pending', 'treasury', '--json'])
    expect(pending.code, pending.stderr).toBe(0)
    expect(pending.json.pending).toHaveLength(1)
    expect(pending.json.pending[0]).toMatchObject({approvals: [W.s1!.coldkey.address], callHash, depositor: W.s1!.coldkey.address})

    // the same signatory again: refused before signing
    const n1 = (await account(api, W.s1!.coldkey.address)).nonce
    const again = await tao(['wallet', 'transfer', '-w', 's1', '--multisig', 'treasury', '--dest', dest, '--amount', '2', '--yes'])
    oneLine(again, 2, /already approved call 0x[0-9a-f]{64} of multisig treasury \(1 of 2 approvals/)
    expect((await account(api, W.s1!.coldkey.address)).nonce).toBe(n1)

    const second = await tao(['wallet', 'transfer', '-w', 's2', '--multisig', 'treasury', '--dest', dest, '--amount', '2', '--yes', '--json'])
    expect(second.code, second.stderr).toBe(0)
    expect(second.json.multisig).toMatchObject({action: 'execute', approvals: 2, callHash, timepoint})
    expect((await account(api, dest)).free - d0).toBe(2n * TAO)
    expect(m0 - (await account(api, ms)).free).toBe(2n * TAO) // the multisig paid the amount once; the signers paid the fees
    expect(((await api.query.multisig.multisigs(ms, callHash)) as any).isSome).toBe(false)
    const none = await tao(['multisig', 'pending', 'treasury', '--json'])
    expect(none.json.pending).toEqual([])
  })

  it('a wallet that is not a signatory is refused; the starter can cancel its operation', async () => {
    const outsider = await writePlainWallet(home.env.TAO_WALLET_PATH!, 'outsider')
    const r = await tao(['wallet', 'transfer', '-w', 'outsider', '--multisig', 'treasury', '--dest', dest, '--amount', '1', '--yes'])
    oneLine(r, 2, new RegExp(`^error: this wallet's coldkey ${outsider.coldkey.address} is not a signatory of multisig treasury`))
    const start = await tao(['wallet', 'transfer', '-w', 's3', '--multisig', 'treasury', '--dest', dest, '--amount', '1', '--yes', '--json'])
    expect(start.code, start.stderr).toBe(0)
    const {callHash} = start.json.multisig
    const notMine = await tao(['multisig', 'cancel', 'treasury', '-w', 's1', '--call-hash', callHash, '--yes'])
    oneLine(notMine, 2, /only .* who started it, can cancel/)
    const c = await tao(['multisig', 'cancel', 'treasury', '-w', 's3', '--call-hash', callHash, '--yes', '--json'])
    expect(c.code, c.stderr).toBe(0)
    expect(((await api.query.multisig.multisigs(ms, callHash)) as any).isSome).toBe(false)
  })
})
