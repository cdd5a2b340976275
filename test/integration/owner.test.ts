/**
 * Child hotkeys and the subnet owner's commands against the spec-218 chain: the real binary, with storage read
 * independently (dev-chain.ts).
 */
import type {ApiPromise} from '@polkadot/api'
import type {KeyringPair} from '@polkadot/keyring/types'

import {afterAll, beforeAll, describe, expect, inject, it} from 'vitest'

import {TAO, devApi, fund, send, setStorage, sudo, writePlainWallet} from '../helpers/dev-chain.js'
import {runTao, tempHome} from '../helpers/run-tao.js'

const endpoint = inject('endpoint')
const U64_MAX = (1n << 64n) - 1n

describe.skipIf(!endpoint)('child hotkeys and subnet owner commands on the spec-218 chain', () => {
  const home = tempHome('tao-owner-')
  const env = home.env
  const net = ['--network', endpoint]
  let api: ApiPromise
  let owner: {coldkey: KeyringPair; hotkeys: Record<string, KeyringPair>}
  let other: {coldkey: KeyringPair; hotkeys: Record<string, KeyringPair>}
  let netuid: number
  const q = () => api.query.subtensorModule as any
  const nonce = async (a: string) => ((await api.query.system.account(a)) as any).nonce.toNumber()
  const errorLines = (stderr: string) => stderr.trim().split('\n').filter((l) => l.startsWith('error:'))
  const hk = (name: string) => owner.hotkeys[name]!.address

  /** a refusal before signing: exit `code`, one error line, the coldkey's nonce unchanged */
  async function refused(args: string[], exit: number, errorCode: string, signer = owner.coldkey.address) {
    const n0 = await nonce(signer)
    const r = await runTao([...args, '--yes', '--json', ...net], {env})
    expect(r.code, r.stderr).toBe(exit)
    expect(r.json.error.code).toBe(errorCode)
    expect(errorLines(r.stderr), r.stderr).toHaveLength(1)
    expect(await nonce(signer)).toBe(n0)
    return r
  }

  beforeAll(async () => {
    api = await devApi(endpoint)
    await sudo(api, api.tx.adminUtils.sudoSetNetworkRateLimit(0))
    owner = await writePlainWallet(env.TAO_WALLET_PATH!, 'owner', ['default', 'child1', 'child2'])
    other = await writePlainWallet(env.TAO_WALLET_PATH!, 'other', ['default'])
    await fund(api, owner.coldkey.address, 1000n * TAO)
    await fund(api, other.coldkey.address, 100n * TAO)
    const r = await runTao(['subnet', 'create', '-w', 'owner', '-H', 'default', '--yes', '--json', ...net], {env})
    expect(r.code, r.stderr).toBe(0)
    netuid = r.json.netuid
    for (const name of ['child1', 'child2']) {
      const reg = await send(api, api.tx.subtensorModule.burnedRegister(netuid, hk(name)), owner.coldkey)
      expect(reg.error).toBeUndefined()
    }
    const reg = await send(api, api.tx.subtensorModule.burnedRegister(netuid, other.hotkeys.default!.address), other.coldkey)
    expect(reg.error).toBeUndefined()
  })
  afterAll(async () => api?.disconnect())

  // ---- children --------------------------------------------------------------------------------------------

  it('refuses proportions over 100% before signing (one line, nothing submitted)', async () => {
    const r = await refused(['stake', 'child', 'set', String(netuid), '-w', 'owner', '-H', 'default', '--child', 'child1=70%', '--child', `${hk('child2')}=0.4`], 2, 'ProportionOverflow')
    expect(errorLines(r.stderr)[0]).toMatch(/add up to more than 100%/)
    expect((await q().childKeys(hk('default'), netuid)).length).toBe(0)
  })

  it('refuses a hotkey the wallet does not own (NonAssociatedColdKey), a self-child, the root subnet and six children', async () => {
    await refused(['stake', 'child', 'set', String(netuid), '-w', 'owner', '-H', other.hotkeys.default!.address, '--child', 'child1=10%'], 2, 'NonAssociatedColdKey')
    expect((await q().childKeys(other.hotkeys.default!.address, netuid)).length).toBe(0)
    await refused(['stake', 'child', 'set', String(netuid), '-w', 'owner', '-H', 'default', '--child', 'default=10%'], 2, 'InvalidChild')
    await refused(['stake', 'child', 'set', '0', '-w', 'owner', '-H', 'default', '--child', 'child1=10%'], 2, 'RegistrationNotPermittedOnRootSubnet')
    const six = Array.from({length: 6}, (_, i) => ['--child', `${i % 2 ? hk('child1') : hk('child2')}=1%`]).flat()
    await refused(['stake', 'child', 'set', String(netuid), '-w', 'owner', '-H', 'default', ...six], 2, 'TooManyChildren')
  })

  it('set: two children land in ChildKeys/ParentKeys with the exact u64 proportions', async () => {
    const r = await runTao(['stake', 'child', 'set', String(netuid), '-w', 'owner', '-H', 'default', '--child', 'child1=40%', '--child', `${hk('child2')}=0.25`, '--yes', '--json', ...net], {env})
    expect(r.code, r.stderr).toBe(0)
    expect(r.json.call).toBe('subtensorModule.setChildren')
    const p1 = (4n * U64_MAX) / 10n
    const p2 = U64_MAX / 4n
    expect(r.json.children.map((c: any) => [c.hotkey, c.proportion])).toEqual([
      [hk('child1'), p1.toString()],
      [hk('child2'), p2.toString()],
    ])
    expect(r.json.totalPercent).toBe('65%')
    const stored = (await q().childKeys(hk('default'), netuid)).map((t: any) => [t[0].toBigInt(), t[1].toString()])
    expect(stored).toEqual([
      [p1, hk('child1')],
      [p2, hk('child2')],
    ])
    const parents = (await q().parentKeys(hk('child1'), netuid)).map((t: any) => [t[0].toBigInt(), t[1].toString()])
    expect(parents).toEqual([[p1, hk('default')]])
    expect(r.json.after.children.map((c: any) => c.hotkey)).toEqual([hk('child1'), hk('child2')])
  })

  it('get: children with proportions and stake weights, the parent seen from a child', async () => {
    const r = await runTao(['stake', 'child', 'get', String(netuid), '-w', 'owner', '-H', 'default', '--json', ...net], {env})
    expect(r.code, r.stderr).toBe(0)
    const s = r.json.subnets[0]
    expect(s.netuid).toBe(netuid)
    expect(s.children.map((c: any) => [c.hotkey, c.proportionPercent])).toEqual([
      [hk('child1'), '40%'],
      [hk('child2'), '25%'],
    ])
    for (const c of s.children) {
      expect(c.uid).toBe(((await q().uids(netuid, c.hotkey)) as any).unwrap().toNumber())
      expect(c.stakeWeightRao).toMatch(/^\d+$/)
    }
    expect(s.pending).toBeNull()
    // every subnet of the child, seen from the child: its parent
    const c = await runTao(['stake', 'child', 'get', '-w', 'owner', '-H', 'child1', '--json', ...net], {env})
    expect(c.code, c.stderr).toBe(0)
    expect(c.json.subnets.find((x: any) => x.netuid === netuid).parents.map((p: any) => p.hotkey)).toEqual([hk('default')])
    const human = await runTao(['stake', 'child', 'get', String(netuid), '-w', 'owner', '-H', 'default', ...net], {env})
    expect(human.code).toBe(0)
    expect(human.stdout).toContain(hk('child1'))
    expect(human.stdout).toMatch(/40%/)
  })

  it('setting again within the rate limit is refused before signing (exit 5, TxRateLimitExceeded)', async () => {
    const r = await refused(['stake', 'child', 'revoke', String(netuid), '-w', 'owner', '-H', 'default'], 5, 'SubtensorModule.TxRateLimitExceeded')
    expect(errorLines(r.stderr)[0]).toMatch(/from block \d+/)
    expect((await q().childKeys(hk('default'), netuid)).length).toBe(2)
  })

  it('the same children again: nothing to do, nothing submitted', async () => {
    const n0 = await nonce(owner.coldkey.address)
    const r = await runTao(['stake', 'child', 'set', String(netuid), '-w', 'owner', '-H', 'default', '--child', 'child1=0.4', '--child', 'child2=25%', '--yes', '--json', ...net], {env})
    expect(r.code, r.stderr).toBe(0)
    expect(r.json.unchanged).toBe(true)
    expect(r.json.tx).toBeUndefined()
    expect(await nonce(owner.coldkey.address)).toBe(n0)
  })

  it('revoke (once the rate limit has passed) empties ChildKeys and the children\'s ParentKeys', async () => {
    // the rate-limit marker is cleared with dev_setStorage instead of building 150 blocks
    await setStorage(api, {SubtensorModule: {TransactionKeyLastBlock: [[[hk('default'), netuid, 0], null]]}})
    expect(((await q().transactionKeyLastBlock(hk('default'), netuid, 0)) as any).toNumber()).toBe(0)
    const r = await runTao(['stake', 'child', 'revoke', String(netuid), '-w', 'owner', '-H', 'default', '--yes', '--json', ...net], {env})
    expect(r.code, r.stderr).toBe(0)
    expect(r.json.children).toEqual([])
    expect((await q().childKeys(hk('default'), netuid)).length).toBe(0)
    expect((await q().parentKeys(hk('child1'), netuid)).length).toBe(0)
    expect((await q().parentKeys(hk('child2'), netuid)).length).toBe(0)
    expect(r.json.after.children).toEqual([])
  })

  it('take: sets the childkey take within the bounds, refuses outside them and within the rate limit', async () => {
    await refused(['stake', 'child', 'take', String(netuid), '-w', 'owner', '-H', 'default', '--set', '20%'], 2, 'InvalidChildkeyTake')
    const r = await runTao(['stake', 'child', 'take', String(netuid), '-w', 'owner', '-H', 'default', '--set', '5%', '--yes', '--json', ...net], {env})
    expect(r.code, r.stderr).toBe(0)
    expect(r.json.requestedTake).toBe(3277)
    expect(((await q().childkeyTake(hk('default'), netuid)) as any).toNumber()).toBe(3277)
    const show = await runTao(['stake', 'child', 'take', String(netuid), '-w', 'owner', '-H', 'default', '--json', ...net], {env})
    expect(show.json.takePercent).toBe('5%')
    expect(show.json.nextChangeBlock).toBeGreaterThan(show.json.block)
    await refused(['stake', 'child', 'take', String(netuid), '-w', 'owner', '-H', 'default', '--set', '6%'], 5, 'SubtensorModule.TxChildkeyTakeRateLimitExceeded')
  })

  // ---- subnet set --------------------------------------------------------------------------------------------

  it('set as owner: two parameters in one batch land in storage and in `subnet hyperparameters`', async () => {
    const r = await runTao(['subnet', 'set', String(netuid), '-w', 'owner', '--param', 'immunity_period=5000', '--param', 'min_burn=0.5', '--yes', '--json', ...net], {env})
    expect(r.code, r.stderr).toBe(0)
    expect(r.json.signedAs).toBe('owner')
    expect(r.json.call).toBe('utility.batchAll')
    expect(r.json.changes.map((c: any) => [c.name, c.value])).toEqual([
      ['immunity_period', '5000'],
      ['min_burn', '500000000'],
    ])
    expect(((await q().immunityPeriod(netuid)) as any).toNumber()).toBe(5000)
    expect(((await q().minBurn(netuid)) as any).toBigInt()).toBe(500_000_000n)
    const h = await runTao(['subnet', 'hyperparameters', String(netuid), '--json', ...net], {env})
    const by = new Map(h.json.hyperparameters.map((x: any) => [x.name, x]))
    expect((by.get('immunity_period') as any).value).toBe('5000')
    expect((by.get('min_burn') as any).human).toBe('0.5 TAO')
  })

  it('a root-only parameter says so in one line and submits nothing; --sudo on the localnet sets it', async () => {
    const r = await refused(['subnet', 'set', String(netuid), '-w', 'owner', '--param', 'commit_reveal_weights_enabled=yes'], 2, 'RootOnlyParameter')
    expect(errorLines(r.stderr)[0]).toMatch(/can only be set by root/)
    expect(((await q().commitRevealWeightsEnabled(netuid)) as any).isTrue).toBe(false)
    const s = await runTao(['subnet', 'set', String(netuid), '--sudo', '--param', 'commit_reveal_weights_enabled=yes', '--param', 'tempo=50', '--yes', '--json', ...net], {env})
    expect(s.code, s.stderr).toBe(0)
    expect(s.json.signedAs).toBe('sudo')
    expect(s.json.call).toBe('sudo.sudo')
    expect(((await q().commitRevealWeightsEnabled(netuid)) as any).isTrue).toBe(true)
    expect(((await q().tempo(netuid)) as any).toNumber()).toBe(50)
    const h = await runTao(['subnet', 'hyperparameters', String(netuid), '--json', ...net], {env})
    expect(h.json.hyperparameters.find((x: any) => x.name === 'commit_reveal_weights_enabled').value).toBe(true)
  })

  it('--sudo: a failed inner call is a failed submission with its decoded error, and the batch changes nothing', async () => {
    // at 218 sudo_set_alpha_values wants a signed subnet owner (ensure_signed), so root gets BadOrigin
    const r = await runTao(['subnet', 'set', String(netuid), '--sudo', '--param', 'liquid_alpha_enabled=yes', '--param', 'alpha_high=0.9', '--yes', '--json', ...net], {env})
    expect(r.code, r.stderr).toBe(5)
    expect(r.json.error.code).toBe('BadOrigin')
    expect(errorLines(r.stderr)[0]).toMatch(/sudo call failed: BadOrigin/)
    const h = await runTao(['subnet', 'hyperparameters', String(netuid), '--json', ...net], {env})
    expect(h.json.hyperparameters.find((x: any) => x.name === 'liquid_alpha_enabled').value).toBe(false)
  })

  it('--list: every settable hyperparameter with who may set it (from the runtime\'s metadata)', async () => {
    const r = await runTao(['subnet', 'set', String(netuid), '--list', '--json', ...net], {env})
    expect(r.code, r.stderr).toBe(0)
    const by = new Map(r.json.params.map((p: any) => [p.name, p]))
    expect((by.get('immunity_period') as any).origin).toBe('owner')
    expect((by.get('immunity_period') as any).method).toBe('sudoSetImmunityPeriod')
    expect((by.get('tempo') as any).origin).toBe('root')
    expect((by.get('commit_reveal_weights_enabled') as any).origin).toBe('root')
    expect((by.get('max_weights_limit') as any).method).toBe('sudoSetMaxWeightLimit')
    expect(r.json.otherSetters).toContain('sudoSetNetworkRateLimit')
    const human = await runTao(['subnet', 'set', String(netuid), '--list', ...net], {env})
    expect(human.stdout).toMatch(/tempo .*root only/)
  })

  it('unknown parameter, value out of range, not the owner: one line, exit 2, nothing submitted', async () => {
    const u = await refused(['subnet', 'set', String(netuid), '-w', 'owner', '--param', 'warp_speed=9'], 2, 'UnknownParam')
    expect(errorLines(u.stderr)[0]).toMatch(/unknown parameter "warp_speed"/)
    await refused(['subnet', 'set', String(netuid), '-w', 'owner', '--param', 'immunity_period=70000'], 2, 'ValueOutOfRange')
    await refused(['subnet', 'set', String(netuid), '-w', 'owner', '--param', 'kappa=1.5'], 2, 'ValueOutOfRange')
    await refused(['subnet', 'set', String(netuid), '-w', 'other', '--param', 'immunity_period=100'], 2, 'NotSubnetOwner', other.coldkey.address)
    expect(((await q().immunityPeriod(netuid)) as any).toNumber()).toBe(5000)
  })

  // ---- start, identity ------------------------------------------------------------------------------------------

  it('start / check-start: this runtime starts subnets at registration', async () => {
    const c = await runTao(['subnet', 'check-start', String(netuid), '--json', ...net], {env})
    expect(c.code, c.stderr).toBe(0)
    expect(c.json.available).toBe(false)
    expect(c.json.status).toMatch(/starts subnets at registration/)
    const s = await refused(['subnet', 'start', String(netuid), '-w', 'owner'], 2, 'Unsupported')
    expect(errorLines(s.stderr)[0]).toMatch(/starts subnets at registration/)
  })

  it('identity set/get: the 218 fields land in SubnetIdentities; a field over the limit is refused', async () => {
    await refused(['subnet', 'identity', 'set', String(netuid), '-w', 'owner', '--name', 'x'.repeat(257)], 2, 'InvalidIdentity')
    await refused(['subnet', 'identity', 'set', String(netuid), '-w', 'owner', '--discord', 'me#1'], 2, 'BadIdentity')
    const r = await runTao(['subnet', 'identity', 'set', String(netuid), '-w', 'owner', '--name', 'owner test', '--github', 'https://github.com/example/sn', '--yes', '--json', ...net], {env})
    expect(r.code, r.stderr).toBe(0)
    const stored: any = (await q().subnetIdentities(netuid)).unwrap()
    expect(stored.subnetName.toUtf8()).toBe('owner test')
    expect(stored.githubRepo.toUtf8()).toBe('https://github.com/example/sn')
    const g = await runTao(['subnet', 'identity', 'get', String(netuid), '--json', ...net], {env})
    expect(g.code, g.stderr).toBe(0)
    expect(g.json.identity.subnetName).toBe('owner test')
  })
})
