/**
 * Keys on chain against the spec-218 chain, with the real `tao` binary: root registration (`subnet register
 * --netuid 0`), hotkey swap, coldkey identity, axon reset, the calls spec 218 lacks (associate, root claims,
 * auto-stake), `explain` on the errors these flows report, `utils convert` and `utils latency`. Every result is
 * checked against storage read independently (@polkadot/api in test/helpers/dev-chain.ts), and every refusal
 * against the signer's nonce (nothing submitted).
 */
import type {ApiPromise} from '@polkadot/api'
import type {KeyringPair} from '@polkadot/keyring/types'

import {createServer, type Server} from 'node:net'
import {afterAll, beforeAll, describe, expect, inject, it} from 'vitest'

import {TAO, bestBlock, devApi, freeBalance, fund, newBlocks, send, setAxon, setStorage, sudo, writePlainWallet} from '../helpers/dev-chain.js'
import {runTao, tempHome} from '../helpers/run-tao.js'

const endpoint = inject('endpoint')

describe.skipIf(!endpoint)('keys on chain (spec 218)', () => {
  const home = tempHome('tao-keys-')
  const env = {...home.env, TAO_NETWORK: endpoint}
  let api: ApiPromise
  let cold: KeyringPair
  let hk: Record<string, KeyringPair>
  let netuid: number
  let minerUid: number
  const q = () => api.query.subtensorModule as any
  const nonce = async (a: string) => ((await api.query.system.account(a)) as any).nonce.toNumber()
  const uidOf = async (n: number, h: string) => {
    const v = await q().uids(n, h)
    return v.isSome ? v.unwrap().toNumber() : null
  }
  const tao = (args: string[]) => runTao(args, {env})
  /** the chain error codes this file saw, for `explain` */
  const seen = new Set<string>()

  beforeAll(async () => {
    api = await devApi(endpoint)
    // a transaction signed at block 0 has no birth block the runtime knows yet (badProof): start from block 1
    if ((await bestBlock(api)) === 0) await newBlocks(api, 1)
    await sudo(api, api.tx.adminUtils.sudoSetNetworkRateLimit(0))
    const w = await writePlainWallet(env.TAO_WALLET_PATH, 'keys', ['owner', 'miner', 'fresh', 'rooter', 'spare'])
    cold = w.coldkey
    hk = w.hotkeys
    await fund(api, cold.address, 1000n * TAO)
    await fund(api, hk.miner!.address, 1n * TAO)
    const args = api.tx.subtensorModule.registerNetwork.meta.args.length === 2 ? [hk.owner!.address, 1] : [hk.owner!.address]
    const created = await send(api, (api.tx.subtensorModule.registerNetwork as any)(...args), cold)
    expect(created.error).toBeUndefined()
    netuid = Number(created.events.find((e) => e.method === 'NetworkAdded')!.data[0].toString())
    const reg = await send(api, api.tx.subtensorModule.burnedRegister(netuid, hk.miner!.address), cold)
    expect(reg.error).toBeUndefined()
    minerUid = (await uidOf(netuid, hk.miner!.address))!
  })
  afterAll(async () => api?.disconnect())

  // ---- root ------------------------------------------------------------------------------------------------

  it('subnet register --netuid 0 shows the root plan, root_registers the hotkey, and its uid is in Uids/Keys of netuid 0', async () => {
    const dry = await tao(['subnet', 'register', '--netuid', '0', '-w', 'keys', '-H', 'rooter', '--dry-run'])
    expect(dry.code, dry.stderr).toBe(0)
    expect(dry.stdout).toMatch(/root \(netuid 0/)
    expect(dry.stdout).toMatch(/subtensorModule\.rootRegister \(no burn\)/)
    expect(await uidOf(0, hk.rooter!.address)).toBeNull()

    const r = await tao(['subnet', 'register', '--netuid', '0', '-w', 'keys', '-H', 'rooter', '--yes', '--json'])
    expect(r.code, r.stderr).toBe(0)
    expect(r.json.call).toBe('subtensorModule.rootRegister')
    expect(r.json.burnRao).toBe('0')
    const uid = await uidOf(0, hk.rooter!.address)
    expect(uid).not.toBeNull()
    expect(r.json.uid).toBe(uid)
    expect((await q().keys(0, uid)).toString()).toBe(hk.rooter!.address)
  })

  it('root_register refusals come before signing: already on root, and StakeTooLowForRoot when root is full', async () => {
    const n0 = await nonce(cold.address)
    const again = await tao(['subnet', 'register', '--netuid', '0', '-w', 'keys', '-H', 'rooter', '--yes', '--json'])
    expect(again.code).toBe(5)
    expect(again.json.error.code).toBe('SubtensorModule.HotKeyAlreadyRegisteredInSubNet')
    seen.add(again.json.error.code)

    // fill root: MaxAllowedUids[0] = SubnetworkN[0]; the spare hotkey has no root stake, nor has the lowest validator
    const n = (await q().subnetworkN(0)).toNumber()
    const max = (await q().maxAllowedUids(0)).toNumber()
    await setStorage(api, {SubtensorModule: {MaxAllowedUids: [[[0], n]]}})
    try {
      const full = await tao(['subnet', 'register', '--netuid', '0', '-w', 'keys', '-H', 'spare', '--yes'])
      expect(full.code).toBe(5)
      expect(full.stderr.trim().split('\n')).toHaveLength(1)
      expect(full.stderr).toMatch(/StakeTooLowForRoot: root is full .*nothing was submitted/)
      seen.add('SubtensorModule.StakeTooLowForRoot')
    } finally {
      await setStorage(api, {SubtensorModule: {MaxAllowedUids: [[[0], max]]}})
    }
    expect(await uidOf(0, hk.spare!.address)).toBeNull()
    expect(await nonce(cold.address)).toBe(n0)
  })

  // ---- axon reset --------------------------------------------------------------------------------------------

  it('miner announce --reset: spec 218 refuses ip 0, so the node says so before anything is submitted and the Axons row is unchanged', async () => {
    // an announced axon, and no serving rate limit in the way (the chain is younger than ServingRateLimit blocks)
    const limit = (await q().servingRateLimit(netuid)).toNumber()
    await setAxon(api, netuid, hk.miner!.address, {block: 1, ip: 0x08080808, port: 8091})
    await sudo(api, api.tx.adminUtils.sudoSetServingRateLimit(netuid, 0))
    const n0 = await nonce(hk.miner!.address)
    const r = await tao(['miner', 'announce', String(netuid), '--reset', '-w', 'keys', '-H', 'miner', '--yes', '--json']).finally(() => sudo(api, api.tx.adminUtils.sudoSetServingRateLimit(netuid, limit)))
    expect(r.code, r.stderr).toBe(5)
    expect(r.json.error.code, r.stderr).toBe('SubtensorModule.InvalidIpAddress')
    expect(r.json.error.message).toMatch(/refuses ip 0, so it cannot clear an axon.*nothing was submitted/)
    seen.add(r.json.error.code)
    expect(await nonce(hk.miner!.address)).toBe(n0)
    const row = (await q().axons(netuid, hk.miner!.address)).unwrap()
    expect(row.ip.toBigInt()).toBe(0x08080808n)
    expect(row.port.toNumber()).toBe(8091)
  })

  it('miner announce --reset within the serving rate limit is refused from storage; with no axon there is nothing to send', async () => {
    const block = await bestBlock(api)
    await setAxon(api, netuid, hk.miner!.address, {block, ip: 0x08080808, port: 8091})
    const n0 = await nonce(hk.miner!.address)
    const limited = await tao(['miner', 'announce', String(netuid), '--reset', '-w', 'keys', '-H', 'miner', '--yes'])
    expect(limited.code).toBe(5)
    expect(limited.stderr).toMatch(/ServingRateLimitExceeded: .*retry in \d+ blocks? \(nothing was submitted\)/)
    seen.add('SubtensorModule.ServingRateLimitExceeded')

    await setAxon(api, netuid, hk.miner!.address, {block: 0, ip: 0, port: 0})
    const clear = await tao(['miner', 'announce', String(netuid), '--reset', '-w', 'keys', '-H', 'miner', '--yes', '--json'])
    expect(clear.code, clear.stderr).toBe(0)
    expect(clear.json.alreadyClear).toBe(true)
    expect(clear.json.txHash).toBe('')
    expect(await nonce(hk.miner!.address)).toBe(n0)

    const both = await tao(['miner', 'announce', String(netuid), '--reset', '--ip', '8.8.8.8', '-w', 'keys', '-H', 'miner', '--yes'])
    expect(both.code).toBe(2)
    expect(both.stderr.trim().split('\n')).toHaveLength(1)
  })

  // ---- identity ----------------------------------------------------------------------------------------------

  it('wallet identity set stores the fields given (checked in Identities), identity get reads them back', async () => {
    const dry = await tao(['wallet', 'identity', 'set', '-w', 'keys', '--name', 'Keys Test', '--dry-run'])
    expect(dry.code, dry.stderr).toBe(0)
    expect(dry.stdout).toMatch(/name \(changes\)\s*│ Keys Test/)
    expect((await q().identities(cold.address)).isNone).toBe(true)

    const r = await tao(['wallet', 'identity', 'set', '-w', 'keys', '--name', 'Keys Test', '--url', 'https://example.org', '--description', 'ünïcode ✓', '--yes', '--json'])
    expect(r.code, r.stderr).toBe(0)
    expect(r.json.changed).toEqual(['name', 'url', 'description'])
    const stored = (await q().identities(cold.address)).unwrap()
    expect(Buffer.from(stored.name.toU8a(true)).toString('utf8')).toBe('Keys Test')
    expect(Buffer.from(stored.url.toU8a(true)).toString('utf8')).toBe('https://example.org')
    expect(Buffer.from(stored.description.toU8a(true)).toString('utf8')).toBe('ünïcode ✓')
    expect(r.json.stored.name).toBe('Keys Test')

    // only the field given changes; the rest is kept
    const r2 = await tao(['wallet', 'identity', 'set', '-w', 'keys', '--discord', 'keys#1', '--yes', '--json'])
    expect(r2.code, r2.stderr).toBe(0)
    const g = await tao(['wallet', 'identity', 'get', '-w', 'keys', '--json'])
    expect(g.code, g.stderr).toBe(0)
    expect(g.json).toMatchObject({coldkey: cold.address, identity: {description: 'ünïcode ✓', discord: 'keys#1', name: 'Keys Test', url: 'https://example.org'}, storage: 'identities'})
  })

  it('identity refusals before signing: a field over its byte limit, a field spec 218 lacks, nothing given', async () => {
    const n0 = await nonce(cold.address)
    const long = await tao(['wallet', 'identity', 'set', '-w', 'keys', '--name', 'é'.repeat(129), '--yes'])
    expect(long.code).toBe(2)
    expect(long.stderr.trim()).toMatch(/^error: identity name is 258 bytes; the chain allows at most 256 \(InvalidIdentity\); nothing was submitted/)
    expect(long.stderr.trim().split('\n')).toHaveLength(1)
    const github = await tao(['wallet', 'identity', 'set', '-w', 'keys', '--github', 'x/y', '--yes'])
    expect(github.code).toBe(2)
    expect(github.stderr).toMatch(/set_identity has no githubRepo field/)
    const none = await tao(['wallet', 'identity', 'set', '-w', 'keys', '--yes'])
    expect(none.code).toBe(2)
    expect(await nonce(cold.address)).toBe(n0)
  })

  // ---- hotkey swap -------------------------------------------------------------------------------------------

  it('swap-hotkey refusals before signing: same key, --netuid on a runtime whose swap_hotkey takes none, a new key already registered, a hotkey not owned', async () => {
    const n0 = await nonce(cold.address)
    const same = await tao(['wallet', 'swap-hotkey', '-w', 'keys', '-H', 'miner', '--new-hotkey', 'miner', '--yes'])
    expect(same.code).toBe(2)
    expect(same.stderr).toMatch(/NewHotKeyIsSameWithOld/)
    const one = await tao(['wallet', 'swap-hotkey', '-w', 'keys', '-H', 'miner', '--new-hotkey', 'fresh', '--netuid', String(netuid), '--yes'])
    expect(one.code).toBe(2)
    expect(one.stderr.trim()).toBe("error: this runtime's swap_hotkey swaps the hotkey on every subnet at once and takes no netuid: drop --netuid (nothing was submitted)")
    const taken = await tao(['wallet', 'swap-hotkey', '-w', 'keys', '-H', 'miner', '--new-hotkey', 'owner', '--yes', '--json'])
    expect(taken.code).toBe(5)
    expect(taken.json.error.code).toBe('SubtensorModule.HotKeyAlreadyRegisteredInSubNet')
    const alice = '5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY'
    const notMine = await tao(['wallet', 'swap-hotkey', '-w', 'keys', '-H', alice, '--new-hotkey', 'fresh', '--yes', '--json'])
    expect(notMine.code).toBe(5)
    expect(notMine.json.error.code).toBe('SubtensorModule.NonAssociatedColdKey')
    seen.add(notMine.json.error.code)
    expect(await nonce(cold.address)).toBe(n0)
  })

  it('swap-hotkey shows the cost and the uid that moves, then the uid is under the new hotkey and KeySwapCost was burned', async () => {
    const cost = BigInt((api.consts.subtensorModule as any).keySwapCost.toString())
    const dry = await tao(['wallet', 'swap-hotkey', '-w', 'keys', '-H', 'miner', '--new-hotkey', 'fresh', '--dry-run'])
    expect(dry.code, dry.stderr).toBe(0)
    expect(dry.stdout).toMatch(new RegExp(`cost \\(burned\\)\\s*│ ${Number(cost) / 1e9} TAO \\(KeySwapCost\\)`))
    expect(dry.stdout).toMatch(new RegExp(`│\\s*${netuid} │\\s*${minerUid} │`))
    const before = await freeBalance(api, cold.address)
    const r = await tao(['wallet', 'swap-hotkey', '-w', 'keys', '-H', 'miner', '--new-hotkey', 'fresh', '--yes', '--json'])
    expect(r.code, r.stderr).toBe(0)
    expect(r.json.moves).toEqual([{netuid, stake: expect.any(String), stakeRao: expect.any(String), uid: minerUid}])
    expect(await uidOf(netuid, hk.fresh!.address)).toBe(minerUid)
    expect(await uidOf(netuid, hk.miner!.address)).toBeNull()
    expect((await q().keys(netuid, minerUid)).toString()).toBe(hk.fresh!.address)
    expect((await q().owner(hk.fresh!.address)).toString()).toBe(cold.address)
    expect(r.json.after).toEqual([{netuid, newHotkeyUid: minerUid, oldHotkeyUid: null}])
    expect(before - (await freeBalance(api, cold.address))).toBe(cost + BigInt(r.json.tx.feeRao))
    expect(r.json.costPaidRao).toBe(cost.toString())
  })

  // ---- what spec 218 lacks ---------------------------------------------------------------------------------

  it('associate-hotkey, root claims and auto-stake say in one line that this runtime lacks them, and submit nothing', async () => {
    const n0 = await nonce(cold.address)
    for (const [args, call] of [
      [['wallet', 'associate-hotkey', '-w', 'keys', '-H', 'spare', '--yes'], 'try_associate_hotkey'],
      [['stake', 'claim-type', 'swap', '-w', 'keys', '--yes'], 'set_root_claim_type'],
      [['stake', 'claim', '--subnets', String(netuid), '-w', 'keys', '--yes'], 'claim_root'],
      [['stake', 'auto', String(netuid), '-w', 'keys'], 'set_coldkey_auto_stake_hotkey'],
      [['stake', 'auto', String(netuid), '-w', 'keys', '--set', 'owner', '--yes'], 'set_coldkey_auto_stake_hotkey'],
    ] as [string[], string][]) {
      const r = await tao(args)
      expect(r.code, args.join(' ')).toBe(2)
      const lines = r.stderr.trim().split('\n')
      expect(lines).toHaveLength(1)
      expect(lines[0]).toContain(`this runtime has no SubtensorModule.${call}`)
      expect(lines[0]).toContain('nothing was submitted')
    }
    expect(await nonce(cold.address)).toBe(n0)
  })

  // ---- explain on what these flows reported -----------------------------------------------------------------

  it('explain gives the meaning and what to do for every error code seen above', async () => {
    expect(seen.size).toBeGreaterThanOrEqual(4)
    for (const code of seen) {
      const r = await tao(['explain', code, '--json'])
      expect(r.code, code).toBe(0)
      expect(r.json.matches[0].name).toBe(code.split('.')[1])
      expect(r.json.matches[0].meaning.length).toBeGreaterThan(10)
    }
  })

  it('explain --chain: a name the table lacks is explained by the runtime\'s own error docs; a misspelt one gets the closest names', async () => {
    const r = await tao(['explain', 'System.CallFiltered', '--chain', '--json'])
    expect(r.code, r.stderr).toBe(0)
    const docs = (api.errors as any).system.CallFiltered.meta.docs.map(String).join(' ')
    expect(r.json.matches).toEqual([{action: '', kind: 'dispatch', meaning: docs.replace(/\.$/, ''), name: 'CallFiltered', pallet: 'System', source: 'runtime'}])
    const offline = await tao(['explain', 'System.CallFiltered'])
    expect(offline.code).toBe(2)
    const typo = await tao(['explain', 'SubtensorModule.InvalidSeel', '--chain'])
    expect(typo.code).toBe(2)
    expect(typo.stderr.trim()).toBe('error: unknown chain error "SubtensorModule.InvalidSeel"; did you mean InvalidSeal?')
  })

  // ---- utils -------------------------------------------------------------------------------------------------

  it('utils convert: alpha ↔ TAO at the price read from SubnetTAO/SubnetAlphaIn, rounded down to whole rao', async () => {
    await setStorage(api, {SubtensorModule: {SubnetAlphaIn: [[[netuid], (3n * TAO).toString()]], SubnetTAO: [[[netuid], (7n * TAO).toString()]]}})
    const price = (7n * TAO * TAO) / (3n * TAO) // rao per whole alpha, floor
    const a = await tao(['utils', 'convert', '--alpha', '1.5', '--netuid', String(netuid), '--json'])
    expect(a.code, a.stderr).toBe(0)
    expect(a.json.priceRao).toBe(price.toString())
    expect(a.json.rao).toBe(((1_500_000_000n * price) / TAO).toString())
    const t = await tao(['utils', 'convert', '--tao', '1', '--netuid', String(netuid), '--json'])
    expect(t.code, t.stderr).toBe(0)
    expect(t.json.alphaRao).toBe(((TAO * TAO) / price).toString())
    expect(t.json.roundedDown).toBe(true)
    const missing = await tao(['utils', 'convert', '--alpha', '1'])
    expect(missing.code).toBe(2)
  })

  it('utils latency: the local chain answers and is listed first; a loopback port that refuses is listed with its error', async () => {
    // accepts the TCP connection, then drops it before any websocket upgrade
    const server: Server = createServer((s) => s.destroy())
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()))
    const port = (server.address() as {port: number}).port
    try {
      const r = await tao(['utils', 'latency', '--configured-only', '--endpoint', endpoint, '--endpoint', `ws://127.0.0.1:${port}`, '--timeout', '10', '--json'])
      expect(r.code, r.stderr).toBe(0)
      expect(r.json.fastest).toBe(endpoint)
      expect(r.json.endpoints).toHaveLength(2)
      expect(r.json.endpoints[0]).toMatchObject({endpoint, ok: true})
      expect(r.json.endpoints[0].rttMs).toBeGreaterThan(0)
      expect(r.json.endpoints[1]).toMatchObject({endpoint: `ws://127.0.0.1:${port}`, ok: false})
      expect(r.json.endpoints[1].error).toMatch(/\S/)
      const h = await tao(['utils', 'latency', '--configured-only', '-n', `ws://127.0.0.1:${port}`, '--timeout', '10'])
      expect(h.code).toBe(4)
      expect(h.stderr).toMatch(/no endpoint answered: ws:\/\/127\.0\.0\.1:\d+ \(/)
    } finally {
      server.close()
    }
  })
})
