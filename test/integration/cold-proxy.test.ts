/**
 * Proxies on the spec-218 chain through the real binary: a coldkey (encrypted, and never unlocked after it adds
 * the proxy) lets a hot wallet stake for it; the type filter, an unknown proxy and a missing relation are refused
 * before anything is signed; a delayed proxy's call is announced and runs only once its delay has passed.
 * Every effect is read back from the chain's own storage (test/helpers/dev-chain.ts).
 */
import type {ApiPromise} from '@polkadot/api'
import type {KeyringPair} from '@polkadot/keyring/types'

import {readFileSync, writeFileSync} from 'node:fs'
import path from 'node:path'
import {afterAll, beforeAll, describe, expect, inject, it} from 'vitest'

import {naclEncrypt} from '../../src/wallet/nacl.js'
import {allowSubnetRegistration, createSubnet, devApi, fund, newBlocks, seedPool, send, TAO, writePlainWallet} from '../helpers/dev-chain.js'
import {runTao, tempHome, type TaoResult} from '../helpers/run-tao.js'

const endpoint = inject('endpoint')
const PW = 'cold storage 1'

async function nonceOf(api: ApiPromise, address: string): Promise<number> {
  return ((await api.query.system.account(address)) as any).nonce.toNumber()
}
async function freeOf(api: ApiPromise, address: string): Promise<bigint> {
  return ((await api.query.system.account(address)) as any).data.free.toBigInt()
}
async function proxiesOf(api: ApiPromise, real: string): Promise<{delegate: string; proxyType: string; delay: number}[]> {
  const [defs] = (await api.query.proxy.proxies(real)) as any
  return defs.map((d: any) => ({delay: d.delay.toNumber(), delegate: d.delegate.toString(), proxyType: d.proxyType.toString()}))
}
/** alpha shares of (hotkey, coldkey, netuid) at spec 218 */
async function alphaOf(api: ApiPromise, hotkey: string, coldkey: string, netuid: number): Promise<bigint> {
  return ((await api.query.subtensorModule.alpha(hotkey, coldkey, netuid)) as any).toBigInt()
}
function oneLine(r: TaoResult, code: number, re: RegExp) {
  expect(r.code, r.stderr).toBe(code)
  const lines = r.stderr.trim().split('\n')
  expect(lines, r.stderr).toHaveLength(1)
  expect(lines[0]).toMatch(re)
}

describe.skipIf(!endpoint)('tao proxy on the spec-218 chain', () => {
  let api: ApiPromise
  const home = tempHome('tao-proxy-')
  const env = {...home.env, TAO_NETWORK: endpoint}
  const withPw = {...env, TAO_PASSWORD: PW}
  const tao = (args: string[], e: Record<string, string> = env) => runTao(args, {env: e})
  let R: {coldkey: KeyringPair; hotkeys: Record<string, KeyringPair>}
  let D: {coldkey: KeyringPair; hotkeys: Record<string, KeyringPair>}
  let X: {coldkey: KeyringPair; hotkeys: Record<string, KeyringPair>}
  let netuid: number
  let validator: string

  beforeAll(async () => {
    api = await devApi(endpoint)
    await allowSubnetRegistration(api)
    const wallets = home.env.TAO_WALLET_PATH!
    R = await writePlainWallet(wallets, 'real', ['validator'])
    D = await writePlainWallet(wallets, 'hot', ['default'])
    X = await writePlainWallet(wallets, 'other', ['default'])
    // the real coldkey is $NACL-encrypted: it can only be used with its password
    const file = path.join(wallets, 'real', 'coldkey')
    writeFileSync(file, await naclEncrypt(readFileSync(file), PW))
    validator = R.hotkeys.validator!.address
    await fund(api, R.coldkey.address, 200n * TAO)
    await fund(api, D.coldkey.address, 10n * TAO)
    await fund(api, X.coldkey.address, 10n * TAO)
    netuid = await createSubnet(api, '//Alice', '//Alice//proxy-owner-1')
    const reg = await send(api, api.tx.subtensorModule.burnedRegister(netuid, validator), R.coldkey)
    expect(reg.error).toBeUndefined()
    await seedPool(api, netuid)
  })
  afterAll(async () => api?.disconnect())

  it('an unknown proxy type is refused with the runtime\'s types, nothing submitted', async () => {
    const n0 = await nonceOf(api, R.coldkey.address)
    const r = await tao(['proxy', 'add', '-w', 'real', '--delegate', 'hot', '--type', 'Bogus', '--yes'], withPw)
    oneLine(r, 2, /^error: unknown proxy type "Bogus"; this runtime defines: Any, .*Staking/)
    expect(await nonceOf(api, R.coldkey.address)).toBe(n0)
  })

  it('the coldkey adds a Staking proxy (saved in the address book); the chain holds the relation', async () => {
    const r = await tao(['proxy', 'add', '-w', 'real', '--delegate', 'hot', '--type', 'staking', '--save-as', 'vali', '--yes', '--json'], withPw)
    expect(r.code, r.stderr).toBe(0)
    expect(r.json).toMatchObject({action: 'add', delay: 0, delegate: D.coldkey.address, proxyType: 'Staking', real: R.coldkey.address, savedAs: 'vali'})
    expect(await proxiesOf(api, R.coldkey.address)).toEqual([{delay: 0, delegate: D.coldkey.address, proxyType: 'Staking'}])
    const again = await tao(['proxy', 'add', '-w', 'real', '--delegate', 'hot', '--type', 'Staking', '--yes'], withPw)
    oneLine(again, 2, /is already a Staking proxy of/)
    const list = await tao(['proxy', 'list', '-w', 'real', '--json'])
    expect(list.code, list.stderr).toBe(0)
    expect(list.json.proxies).toEqual([{delay: 0, delegate: D.coldkey.address, proxyType: 'Staking'}])
    expect(list.json.book).toEqual([{delay: 0, delegate: D.coldkey.address, name: 'vali', proxyType: 'Staking', real: R.coldkey.address}])
  })

  it('stake add --proxy moves the real coldkey\'s stake, signed by the proxy; the real coldkey stays locked', async () => {
    const [r0, d0, a0] = [await freeOf(api, R.coldkey.address), await nonceOf(api, D.coldkey.address), await alphaOf(api, validator, R.coldkey.address, netuid)]
    // no password source at all: unlocking the real coldkey would fail (PasswordNeeded)
    const plan = await tao(['stake', 'add', '-w', 'hot', '--proxy', 'vali', '--hotkey', validator, '--netuid', String(netuid), '--amount', '10', '--dry-run'])
    expect(plan.code, plan.stderr).toBe(0)
    expect(plan.stdout).toMatch(new RegExp(`on behalf of\\s*│?\\s*${R.coldkey.address} \\(signed by proxy ${D.coldkey.address}\\)`))
    const r = await tao(['stake', 'add', '-w', 'hot', '--proxy', 'vali', '--hotkey', validator, '--netuid', String(netuid), '--amount', '10', '--yes', '--json'])
    expect(r.code, r.stderr).toBe(0)
    expect(r.json).toMatchObject({coldkey: R.coldkey.address, onBehalfOf: R.coldkey.address, proxy: D.coldkey.address})
    expect(r.json.tx.proxied).toMatchObject({onBehalfOf: R.coldkey.address, proxy: D.coldkey.address, proxyType: 'Staking'})
    // the real account paid the 10 TAO and no fee; the proxy signed (its nonce moved) and paid the fee
    expect(r0 - (await freeOf(api, R.coldkey.address))).toBe(10n * TAO)
    expect(await nonceOf(api, D.coldkey.address)).toBe(d0 + 1)
    expect(await alphaOf(api, validator, R.coldkey.address, netuid)).toBeGreaterThan(a0)
    const block = await api.rpc.chain.getBlock(r.json.tx.blockHash)
    const signed = block.block.extrinsics.filter((x) => x.isSigned)
    expect(signed.map((x) => x.signer.toString())).toEqual([D.coldkey.address])
    expect(`${signed[0]!.method.section}.${signed[0]!.method.method}`).toBe('proxy.proxy')
  })

  it('stake remove --proxy sells the real coldkey\'s alpha back to it', async () => {
    const [r0, a0] = [await freeOf(api, R.coldkey.address), await alphaOf(api, validator, R.coldkey.address, netuid)]
    const r = await tao(['stake', 'remove', '-w', 'hot', '--proxy', R.coldkey.address, '--hotkey', validator, '--netuid', String(netuid), '--amount', '1', '--yes', '--json'])
    expect(r.code, r.stderr).toBe(0)
    expect(await alphaOf(api, validator, R.coldkey.address, netuid)).toBeLessThan(a0)
    expect(await freeOf(api, R.coldkey.address)).toBeGreaterThan(r0)
  })

  it('a call the proxy type does not allow, an unknown proxy, or a wallet that is not a proxy: one line, nothing submitted', async () => {
    const [d0, x0] = [await nonceOf(api, D.coldkey.address), await nonceOf(api, X.coldkey.address)]
    const wrongType = await tao(['wallet', 'transfer', '-w', 'hot', '--proxy', 'vali', '--dest', X.coldkey.address, '--amount', '1', '--yes'])
    oneLine(wrongType, 2, new RegExp(`^error: proxy ${D.coldkey.address} of ${R.coldkey.address} is of type Staking, which does not allow balances\\.transferKeepAlive; nothing was submitted$`))
    const unknown = await tao(['stake', 'add', '-w', 'hot', '--proxy', 'nobody', '--hotkey', validator, '--netuid', String(netuid), '--amount', '1', '--yes'])
    oneLine(unknown, 2, /^error: unknown proxy "nobody": not an ss58 address nor a name in the proxy address book/)
    const notProxy = await tao(['stake', 'add', '-w', 'other', '--proxy', 'vali', '--hotkey', validator, '--netuid', String(netuid), '--amount', '1', '--yes'])
    oneLine(notProxy, 2, new RegExp(`^error: ${X.coldkey.address} \\(this wallet's coldkey\\) is not a proxy of ${R.coldkey.address} on this chain; nothing was submitted`))
    expect(await nonceOf(api, D.coldkey.address)).toBe(d0)
    expect(await nonceOf(api, X.coldkey.address)).toBe(x0)
  })

  it('a delayed proxy announces; the call runs only after the delay (proxy execute)', async () => {
    const add = await tao(['proxy', 'add', '-w', 'real', '--delegate', 'other', '--type', 'Any', '--delay', '3', '--yes', '--json'], withPw)
    expect(add.code, add.stderr).toBe(0)
    expect(await proxiesOf(api, R.coldkey.address)).toContainEqual({delay: 3, delegate: X.coldkey.address, proxyType: 'Any'})
    const x0 = await nonceOf(api, X.coldkey.address)
    const direct = await tao(['wallet', 'transfer', '-w', 'other', '--proxy', R.coldkey.address, '--dest', D.coldkey.address, '--amount', '1.5', '--yes'])
    oneLine(direct, 2, /has a delay of 3 blocks: announce the call with --announce-only/)
    expect(await nonceOf(api, X.coldkey.address)).toBe(x0)

    const [r0, dest0] = [await freeOf(api, R.coldkey.address), await freeOf(api, D.coldkey.address)]
    const ann = await tao(['wallet', 'transfer', '-w', 'other', '--proxy', R.coldkey.address, '--announce-only', '--dest', D.coldkey.address, '--amount', '1.5', '--yes', '--json'])
    expect(ann.code, ann.stderr).toBe(0)
    const {callHash, executableFromBlock} = ann.json.proxied.announced
    expect(executableFromBlock).toBe(ann.json.blockNumber + 3)
    const [pending] = (await api.query.proxy.announcements(X.coldkey.address)) as any
    expect(pending.map((a: any) => a.callHash.toHex())).toEqual([callHash])
    expect(await freeOf(api, D.coldkey.address)).toBe(dest0) // announced, not executed

    const early = await tao(['proxy', 'execute', '-w', 'other', '--yes'])
    oneLine(early, 5, new RegExp(`^error: the announced call ${callHash.slice(0, 10)}… can run from block ${executableFromBlock} \\(now \\d+\\); retry in \\d+ blocks? \\(nothing was submitted\\)$`))
    expect(await nonceOf(api, X.coldkey.address)).toBe(x0 + 1)

    await newBlocks(api, 3)
    const ex = await tao(['proxy', 'execute', '-w', 'other', '--yes', '--json'])
    expect(ex.code, ex.stderr).toBe(0)
    expect(ex.json).toMatchObject({call: 'balances.transferKeepAlive', callHash, real: R.coldkey.address})
    expect((await freeOf(api, D.coldkey.address)) - dest0).toBe(1_500_000_000n)
    expect(r0 - (await freeOf(api, R.coldkey.address))).toBe(1_500_000_000n)
    const [left] = (await api.query.proxy.announcements(X.coldkey.address)) as any
    expect(left.length).toBe(0)
    // it ran once: nothing left to execute
    const again = await tao(['proxy', 'execute', '-w', 'other', '--yes'])
    oneLine(again, 2, /^error: no pending announcement by /)
  })

  it('proxy remove ends the relation', async () => {
    const r = await tao(['proxy', 'remove', '-w', 'real', '--delegate', 'hot', '--type', 'Staking', '--yes', '--json'], withPw)
    expect(r.code, r.stderr).toBe(0)
    expect((await proxiesOf(api, R.coldkey.address)).some((d) => d.delegate === D.coldkey.address)).toBe(false)
  })
})
