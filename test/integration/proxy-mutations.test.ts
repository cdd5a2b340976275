/**
 * --proxy / --announce-only / --multisig on the coldkey mutations beyond stake add and transfer, through the real
 * binary on the spec-218 chain. One set-up: a real coldkey (its wallet file encrypted, and no password ever given:
 * any attempt to unlock it fails) with a validator hotkey and a second hotkey on one subnet, and proxies of the
 * types the 218 runtime filters by (NonTransfer, Staking, Registration, a delayed NonTransfer). Every effect is read
 * back from storage with test/helpers/dev-chain.ts; every refusal is one line with the signer's nonce unchanged.
 */
import type {ApiPromise} from '@polkadot/api'
import type {KeyringPair} from '@polkadot/keyring/types'

import {readFileSync, writeFileSync} from 'node:fs'
import path from 'node:path'
import {afterAll, beforeAll, describe, expect, inject, it} from 'vitest'

import {naclEncrypt} from '../../src/wallet/nacl.js'
import {allowSubnetRegistration, createSubnet, devApi, fund, newBlocks, seedPool, send, sudo, TAO, writePlainWallet} from '../helpers/dev-chain.js'
import {runTao, tempHome, type TaoResult} from '../helpers/run-tao.js'

const endpoint = inject('endpoint')

type W = {coldkey: KeyringPair; hotkeys: Record<string, KeyringPair>}

const nonceOf = async (api: ApiPromise, a: string): Promise<number> => ((await api.query.system.account(a)) as any).nonce.toNumber()
const freeOf = async (api: ApiPromise, a: string): Promise<bigint> => ((await api.query.system.account(a)) as any).data.free.toBigInt()
/** The alpha a coldkey holds on (hotkey, netuid): at 218 `Alpha` holds shares of the hotkey's pool, worth shares × TotalHotkeyAlpha / TotalHotkeyShares. */
async function alphaOf(api: ApiPromise, hk: string, ck: string, netuid: number): Promise<bigint> {
  const q = api.query.subtensorModule
  const [shares, total, totalShares] = (await Promise.all([q.alpha(hk, ck, netuid), q.totalHotkeyAlpha(hk, netuid), q.totalHotkeyShares(hk, netuid)])).map((v: any) => v.toBigInt() as bigint)
  return totalShares === 0n ? 0n : (((total! << 32n) / totalShares!) * shares!) >> 32n
}
const takeOf = async (api: ApiPromise, hk: string): Promise<number> => ((await api.query.subtensorModule.delegates(hk)) as any).toNumber()
const childrenOf = async (api: ApiPromise, hk: string, netuid: number): Promise<[bigint, string][]> =>
  ((await api.query.subtensorModule.childKeys(hk, netuid)) as any).map(([p, c]: any) => [p.toBigInt(), c.toString()])

/** `got` is `want` up to rounding and what other subnets' emissions could add (under 1%; this subnet runs no epoch). */
function about(got: bigint, want: bigint) {
  expect(got, `${got} vs ${want}`).toBeGreaterThan((want * 99n) / 100n)
  expect(got, `${got} vs ${want}`).toBeLessThan((want * 101n) / 100n)
}

/** The alpha of the submission's StakeRemoved/StakeAdded event for `hotkey` (at 218: coldkey, hotkey, tao, alpha, netuid). */
function alphaEvent(r: TaoResult, method: 'StakeAdded' | 'StakeRemoved', hotkey: string): bigint {
  const e = r.json.tx.events.find((x: any) => x.section === 'subtensorModule' && x.method === method && x.data[1] === hotkey)
  expect(e, `${method} for ${hotkey} in ${JSON.stringify(r.json.tx.events)}`).toBeDefined()
  return BigInt(e.data[3])
}

function oneLine(r: TaoResult, code: number, re: RegExp) {
  expect(r.code, r.stderr).toBe(code)
  const lines = r.stderr.trim().split('\n')
  expect(lines, r.stderr).toHaveLength(1)
  expect(lines[0]).toMatch(re)
}

/** The block's one signed extrinsic: its signer and call. */
async function signedIn(api: ApiPromise, blockHash: string): Promise<{signer: string; call: string}[]> {
  const block = await api.rpc.chain.getBlock(blockHash)
  return block.block.extrinsics.filter((x) => x.isSigned).map((x) => ({call: `${x.method.section}.${x.method.method}`, signer: x.signer.toString()}))
}

describe.skipIf(!endpoint)('--proxy and --multisig on coldkey mutations (spec 218)', () => {
  let api: ApiPromise
  const home = tempHome('tao-proxy-mut-')
  const env = {...home.env, TAO_NETWORK: endpoint}
  // no password source at all: a command that tried to unlock the real (encrypted) coldkey would fail
  const tao = (args: string[]) => runTao(args, {env})
  let R: W, NT: W, ST: W, RG: W, LATE: W, OW: W
  let netuid: number
  let validator: string
  let second: string
  let real: string

  beforeAll(async () => {
    api = await devApi(endpoint)
    await allowSubnetRegistration(api)
    const wallets = home.env.TAO_WALLET_PATH!
    R = await writePlainWallet(wallets, 'real', ['validator', 'second'])
    NT = await writePlainWallet(wallets, 'nontransfer', ['default'])
    ST = await writePlainWallet(wallets, 'staker', ['default'])
    RG = await writePlainWallet(wallets, 'registrar', ['newbie'])
    LATE = await writePlainWallet(wallets, 'late', ['default'])
    OW = await writePlainWallet(wallets, 'ownerproxy', ['default'])
    const file = path.join(wallets, 'real', 'coldkey')
    writeFileSync(file, await naclEncrypt(readFileSync(file), 'never typed'))
    real = R.coldkey.address
    validator = R.hotkeys.validator!.address
    second = R.hotkeys.second!.address
    await fund(api, real, 300n * TAO)
    for (const w of [NT, ST, RG, LATE, OW]) await fund(api, w.coldkey.address, 10n * TAO)
    netuid = await createSubnet(api, '//Alice', '//Alice//proxy-mut-owner')
    for (const hk of [validator, second]) expect((await send(api, api.tx.subtensorModule.burnedRegister(netuid, hk), R.coldkey)).error).toBeUndefined()
    await seedPool(api, netuid)
    // no epoch on this subnet while the tests run: stakes change only by what the commands do
    await sudo(api, api.tx.adminUtils.sudoSetTempo(netuid, 65_000))
    expect((await send(api, api.tx.subtensorModule.addStake(validator, netuid, 50n * TAO), R.coldkey)).error).toBeUndefined()
    // the relations, set up with the real key directly (not through tao: tao never holds it)
    const add = (w: W, type: string, delay = 0) => api.tx.proxy.addProxy(w.coldkey.address, type, delay)
    expect((await send(api, api.tx.utility.batchAll([add(NT, 'NonTransfer'), add(ST, 'Staking'), add(RG, 'Registration'), add(LATE, 'NonTransfer', 2), add(OW, 'Owner')]), R.coldkey)).error).toBeUndefined()
  })
  afterAll(async () => api?.disconnect())

  it('stake move --proxy (NonTransfer): the real coldkey\'s alpha moves; the proxy signs proxy.proxy and pays the fee', async () => {
    const [a0, b0, n0] = [await alphaOf(api, validator, real, netuid), await alphaOf(api, second, real, netuid), await nonceOf(api, NT.coldkey.address)]
    const r = await tao(['stake', 'move', String(netuid), '-w', 'nontransfer', '--proxy', real, '--hotkey', validator, '--to-hotkey', second, '--amount', '5', '--yes', '--json'])
    expect(r.code, r.stderr).toBe(0)
    expect(r.json.tx.proxied).toMatchObject({onBehalfOf: real, proxy: NT.coldkey.address, proxyType: 'NonTransfer'})
    expect(r.json.tx.events.map((e: any) => `${e.section}.${e.method}`)).toEqual(expect.arrayContaining(['subtensorModule.StakeMoved', 'proxy.ProxyExecuted']))
    // exactly 5 alpha left the validator's pool for the second hotkey's (the chain's own events: StakeRemoved/StakeAdded
    // carry the alpha), and storage moved that way (the pools' share prices drift with the suite's history, so storage
    // is checked by direction)
    expect(alphaEvent(r, 'StakeRemoved', validator)).toBe(5n * TAO)
    about(alphaEvent(r, 'StakeAdded', second), 5n * TAO)
    expect(await alphaOf(api, validator, real, netuid)).toBeLessThan(a0)
    expect(await alphaOf(api, second, real, netuid)).toBeGreaterThan(b0)
    expect(await nonceOf(api, NT.coldkey.address)).toBe(n0 + 1)
    expect(await signedIn(api, r.json.tx.blockHash)).toEqual([{call: 'proxy.proxy', signer: NT.coldkey.address}])
  })

  it('a Staking proxy cannot move stake on this runtime (its filter has add/remove only): one line, nothing submitted', async () => {
    const [a0, n0] = [await alphaOf(api, validator, real, netuid), await nonceOf(api, ST.coldkey.address)]
    const r = await tao(['stake', 'move', String(netuid), '-w', 'staker', '--proxy', real, '--hotkey', validator, '--to-hotkey', second, '--amount', '1', '--yes'])
    oneLine(r, 2, new RegExp(`^error: proxy ${ST.coldkey.address} of ${real} is of type Staking, which does not allow subtensorModule\\.moveStake; nothing was submitted$`))
    expect(await nonceOf(api, ST.coldkey.address)).toBe(n0)
    expect(await alphaOf(api, validator, real, netuid)).toBeGreaterThanOrEqual(a0) // nothing moved (emissions only add)
    // the same proxy may remove stake: the real coldkey gets the TAO, the proxy pays the fee
    const [f0, s0] = [await freeOf(api, real), await alphaOf(api, second, real, netuid)]
    const rm = await tao(['stake', 'remove', String(netuid), '-w', 'staker', '--proxy', real, '--hotkey', second, '--amount', '1', '--yes', '--json'])
    expect(rm.code, rm.stderr).toBe(0)
    expect(alphaEvent(rm, 'StakeRemoved', second)).toBe(TAO)
    expect(await alphaOf(api, second, real, netuid)).toBeLessThan(s0)
    expect(await freeOf(api, real)).toBeGreaterThan(f0)
  })

  it('stake swap and stake transfer --proxy: this runtime has neither call, one line, nothing submitted', async () => {
    const n0 = await nonceOf(api, NT.coldkey.address)
    const swap = await tao(['stake', 'swap', String(netuid), '-w', 'nontransfer', '--proxy', real, '--hotkey', validator, '--to-netuid', '0', '--amount', '1', '--yes'])
    oneLine(swap, 2, /swap_stake/)
    const transfer = await tao(['stake', 'transfer', String(netuid), '-w', 'nontransfer', '--proxy', real, '--hotkey', validator, '--to-coldkey', ST.coldkey.address, '--amount', '1', '--yes'])
    oneLine(transfer, 2, /transfer_stake/)
    expect(await nonceOf(api, NT.coldkey.address)).toBe(n0)
  })

  it('delegate take --proxy sets the real coldkey\'s validator take', async () => {
    const r = await tao(['delegate', 'take', '-w', 'nontransfer', '--proxy', real, '--hotkey', validator, '--set', '10', '--yes', '--json'])
    expect(r.code, r.stderr).toBe(0)
    expect(r.json.tx.proxied).toMatchObject({onBehalfOf: real, proxyType: 'NonTransfer'})
    expect(await takeOf(api, validator)).toBe(Math.round(0.1 * 65_535))
  })

  it('subnet register --proxy (Registration): the new hotkey is registered and owned by the real coldkey, which pays the burn', async () => {
    const newbie = RG.hotkeys.newbie!.address
    const [f0, g0] = [await freeOf(api, real), await freeOf(api, RG.coldkey.address)]
    // a type that does not allow burned_register is refused first, nothing sent
    const n0 = await nonceOf(api, ST.coldkey.address)
    const bad = await tao(['subnet', 'register', String(netuid), '-w', 'staker', '--proxy', real, '--yes'])
    oneLine(bad, 2, /is of type Staking, which does not allow subtensorModule\.burnedRegister; nothing was submitted$/)
    expect(await nonceOf(api, ST.coldkey.address)).toBe(n0)
    // the plan says for whom, and a dry run sends nothing
    const g1 = await nonceOf(api, RG.coldkey.address)
    const plan = await tao(['subnet', 'register', String(netuid), '-w', 'registrar', '-H', 'newbie', '--proxy', real, '--dry-run'])
    expect(plan.code, plan.stderr).toBe(0)
    expect(plan.stdout).toMatch(new RegExp(`on behalf of\\s*│?\\s*${real} \\(signed by proxy ${RG.coldkey.address}\\)`))
    expect(await nonceOf(api, RG.coldkey.address)).toBe(g1)
    const r = await tao(['subnet', 'register', String(netuid), '-w', 'registrar', '-H', 'newbie', '--proxy', real, '--yes', '--json'])
    expect(r.code, r.stderr).toBe(0)
    expect(r.json).toMatchObject({coldkey: real, hotkey: newbie, netuid})
    expect(r.json.proxied).toMatchObject({onBehalfOf: real, proxy: RG.coldkey.address, proxyType: 'Registration'})
    expect(((await api.query.subtensorModule.owner(newbie)) as any).toString()).toBe(real)
    expect(((await api.query.subtensorModule.uids(netuid, newbie)) as any).isSome).toBe(true)
    const burn = BigInt(r.json.burnRao)
    expect(burn).toBeGreaterThan(0n)
    expect(f0 - (await freeOf(api, real))).toBe(burn) // the burn only; the fee was the proxy's
    expect(g0 - (await freeOf(api, RG.coldkey.address))).toBe(BigInt(r.json.feeRao))
  })

  it('stake child set --proxy (NonTransfer; 218 has no ChildKeys type) sets the real validator\'s children', async () => {
    const dry = await tao(['stake', 'child', 'set', String(netuid), '-w', 'nontransfer', '--proxy', real, '--hotkey', validator, '--child', `${second}=50%`, '--dry-run'])
    expect(dry.code, dry.stderr).toBe(0)
    expect(dry.stdout).toMatch(new RegExp(`on behalf of\\s*│?\\s*${real} \\(signed by proxy ${NT.coldkey.address}, NonTransfer\\)`))
    expect(await childrenOf(api, validator, netuid)).toEqual([])
    const r = await tao(['stake', 'child', 'set', String(netuid), '-w', 'nontransfer', '--proxy', real, '--hotkey', validator, '--child', `${second}=50%`, '--yes', '--json'])
    expect(r.code, r.stderr).toBe(0)
    expect(r.json.tx.proxied).toMatchObject({onBehalfOf: real, proxyType: 'NonTransfer'})
    const kids = await childrenOf(api, validator, netuid)
    expect(kids.map(([, c]) => c)).toEqual([second])
  })

  it('delegate take --announce-only runs with proxy execute only after the delay', async () => {
    const before = await takeOf(api, validator)
    const direct = await tao(['delegate', 'take', '-w', 'late', '--proxy', real, '--hotkey', validator, '--set', '9', '--yes'])
    oneLine(direct, 2, /has a delay of 2 blocks: announce the call with --announce-only/)
    const ann = await tao(['delegate', 'take', '-w', 'late', '--proxy', real, '--announce-only', '--hotkey', validator, '--set', '9', '--yes', '--json'])
    expect(ann.code, ann.stderr).toBe(0)
    const {callHash, executableFromBlock} = ann.json.tx.proxied.announced
    expect(executableFromBlock).toBe(ann.json.tx.blockNumber + 2)
    const [pending] = (await api.query.proxy.announcements(LATE.coldkey.address)) as any
    expect(pending.map((a: any) => a.callHash.toHex())).toEqual([callHash])
    expect(await takeOf(api, validator)).toBe(before) // announced, not run
    const early = await tao(['proxy', 'execute', '-w', 'late', '--yes'])
    oneLine(early, 5, /can run from block \d+ \(now \d+\); retry in \d+ blocks?/)
    expect(await takeOf(api, validator)).toBe(before)
    await newBlocks(api, 2)
    const ex = await tao(['proxy', 'execute', '-w', 'late', '--yes', '--json'])
    expect(ex.code, ex.stderr).toBe(0)
    expect(ex.json).toMatchObject({call: 'subtensorModule.decreaseTake', callHash, real})
    expect(await takeOf(api, validator)).toBe(Math.round(0.09 * 65_535))
  })

  it('stake add --multisig (2 of 3) needs two approvals and stakes once', async () => {
    const wallets = home.env.TAO_WALLET_PATH!
    const S = [await writePlainWallet(wallets, 'm1'), await writePlainWallet(wallets, 'm2'), await writePlainWallet(wallets, 'm3')]
    for (const s of S) await fund(api, s.coldkey.address, 5n * TAO)
    const c = await tao(['multisig', 'create', 'vault', '--signatories', 'm1,m2,m3', '--threshold', '2', '--json'])
    expect(c.code, c.stderr).toBe(0)
    const ms: string = c.json.address
    await fund(api, ms, 30n * TAO)
    const args = [String(netuid), '--multisig', 'vault', '--hotkey', validator, '--amount', '7', '--yes', '--json']
    const [m0, a0] = [await freeOf(api, ms), await alphaOf(api, validator, ms, netuid)]
    const first = await tao(['stake', 'add', '-w', 'm1', ...args])
    expect(first.code, first.stderr).toBe(0)
    expect(first.json.tx.multisig).toMatchObject({action: 'start', approvals: 1, threshold: 2})
    expect(await alphaOf(api, validator, ms, netuid)).toBe(a0) // not yet
    expect(await freeOf(api, ms)).toBe(m0)
    const second2 = await tao(['stake', 'add', '-w', 'm3', ...args])
    expect(second2.code, second2.stderr).toBe(0)
    expect(second2.json.tx.multisig).toMatchObject({action: 'execute', approvals: 2})
    expect(m0 - (await freeOf(api, ms))).toBe(7n * TAO) // once; the signatories paid the fees
    expect(await alphaOf(api, validator, ms, netuid)).toBeGreaterThan(a0)
    expect(((await api.query.multisig.multisigs(ms, first.json.tx.multisig.callHash)) as any).isSome).toBe(false)
  })

  it('subnet create --proxy makes the real coldkey the owner (it pays the lock); identity and hyperparameters set through proxies', async () => {
    await fund(api, real, 1000n * TAO)
    const f0 = await freeOf(api, real)
    const c = await tao(['subnet', 'create', '-w', 'nontransfer', '-H', 'default', '--proxy', real, '--yes', '--json'])
    expect(c.code, c.stderr).toBe(0)
    expect(c.json.proxied).toMatchObject({onBehalfOf: real, proxy: NT.coldkey.address, proxyType: 'NonTransfer'})
    const mine: number = c.json.netuid
    expect(((await api.query.subtensorModule.subnetOwner(mine)) as any).toString()).toBe(real)
    expect(f0 - (await freeOf(api, real))).toBe(BigInt(c.json.lockCostRao)) // the lock only; the proxy paid the fee
    const id = await tao(['subnet', 'identity', 'set', String(mine), '-w', 'nontransfer', '--proxy', real, '--name', 'cold-owned', '--yes', '--json'])
    expect(id.code, id.stderr).toBe(0)
    expect(id.json.tx.proxied).toMatchObject({onBehalfOf: real})
    expect(((await api.query.subtensorModule.subnetIdentities(mine)) as any).unwrap().subnetName.toUtf8()).toBe('cold-owned')
    // an Owner proxy may make AdminUtils calls only: the hyperparameter, not a stake move
    const set = await tao(['subnet', 'set', String(mine), '-w', 'ownerproxy', '--proxy', real, '--param', 'immunity_period=4321', '--yes', '--json'])
    expect(set.code, set.stderr).toBe(0)
    expect(set.json.tx.proxied).toMatchObject({onBehalfOf: real, proxyType: 'Owner'})
    expect(((await api.query.subtensorModule.immunityPeriod(mine)) as any).toNumber()).toBe(4321)
    const o0 = await nonceOf(api, OW.coldkey.address)
    const bad = await tao(['stake', 'move', String(netuid), '-w', 'ownerproxy', '--proxy', real, '--hotkey', validator, '--to-hotkey', second, '--amount', '1', '--yes'])
    oneLine(bad, 2, /is of type Owner, which does not allow subtensorModule\.moveStake; nothing was submitted$/)
    expect(await nonceOf(api, OW.coldkey.address)).toBe(o0)
  })

  it('the real coldkey\'s nonce never moved: every change above was signed by a proxy or a signatory', async () => {
    // set-up signed 4 extrinsics with the real key (2 registrations, add_stake, the batch of proxies); nothing since
    expect(await nonceOf(api, real)).toBe(4)
  })
})
