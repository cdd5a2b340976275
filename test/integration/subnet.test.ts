import type {ApiPromise} from '@polkadot/api'

import {afterAll, beforeAll, describe, expect, inject, it} from 'vitest'

import {TAO, devApi, freeBalance, fund, sudo, writePlainWallet} from '../helpers/dev-chain.js'
import {runTao, tempHome} from '../helpers/run-tao.js'

const endpoint = inject('endpoint')

/** A btcli-format wallet with plaintext key files (dev-chain's writePlainWallet), as addresses. */
async function writeWallet(root: string, name: string, hotkeys: string[]): Promise<{coldkey: string; hotkeys: Record<string, string>}> {
  const w = await writePlainWallet(root, name, hotkeys)
  return {coldkey: w.coldkey.address, hotkeys: Object.fromEntries(Object.entries(w.hotkeys).map(([k, p]) => [k, p.address]))}
}

const DEC = /^\d+$/

describe.skipIf(!endpoint)('tao subnet against the spec-218 chain', () => {
  const home = tempHome('tao-subnet-')
  const env = home.env
  const net = ['--network', endpoint]
  let api: ApiPromise
  let w: {coldkey: string; hotkeys: Record<string, string>}
  let netuid: number
  const q = () => api.query.subtensorModule as any
  const nonce = async (a: string) => ((await api.query.system.account(a)) as any).nonce.toNumber()

  beforeAll(async () => {
    api = await devApi(endpoint)
    // the 218 genesis has NetworkRateLimit 10 and no first-time exemption; other test files may have registered subnets
    await sudo(api, api.tx.adminUtils.sudoSetNetworkRateLimit(0))
    w = await writeWallet(env.TAO_WALLET_PATH!, 'owner', ['default', 'miner'])
    await fund(api, w.coldkey, 1000n * TAO)
  })
  afterAll(async () => api?.disconnect())

  it('lock-cost quotes the runtime API value as an exact decimal string', async () => {
    const r = await runTao(['subnet', 'lock-cost', ...net, '--json'], {env})
    expect(r.code, r.stderr).toBe(0)
    expect(r.json.lockCostRao).toMatch(DEC)
    const expected = ((await api.call.subnetRegistrationRuntimeApi.getNetworkRegistrationCost()) as any).toBigInt()
    expect(BigInt(r.json.lockCostRao)).toBe(expected)
    expect(r.json.nextRegistrationBlock).toBeNull()
  })

  it('create --max-cost below the lock cost refuses without submitting', async () => {
    const [before, n0] = [await freeBalance(api, w.coldkey), await nonce(w.coldkey)]
    const r = await runTao(['subnet', 'create', '-w', 'owner', '-H', 'default', '--max-cost', '0.5', '--yes', '--json', ...net], {env})
    expect(r.code).toBe(5)
    expect(r.json.error.code).toBe('LockCostAboveLimit')
    expect(r.stderr).toMatch(/above --max-cost 0.5 TAO; nothing was submitted/)
    expect(await freeBalance(api, w.coldkey)).toBe(before)
    expect(await nonce(w.coldkey)).toBe(n0)
  })

  it('create: a new funded wallet creates a subnet; the coldkey pays exactly the lock cost shown plus the fee shown', async () => {
    const before = await freeBalance(api, w.coldkey)
    const r = await runTao(['subnet', 'create', '-w', 'owner', '-H', 'default', '--yes', '--json', ...net], {env})
    expect(r.code, r.stderr).toBe(0)
    expect(r.json.lockCostRao).toMatch(DEC)
    expect(r.json.feeRao).toMatch(DEC)
    expect(r.json.call).toBe('subtensorModule.registerNetwork')
    expect(r.json.mechid).toBe(1)
    netuid = r.json.netuid
    expect(Number.isInteger(netuid)).toBe(true)
    const after = await freeBalance(api, w.coldkey)
    expect(before - after).toBe(BigInt(r.json.lockCostRao) + BigInt(r.json.feeRao))
    // the quote is the runtime's cost at the head; the lock charged is computed in the inclusion block, where a
    // cost raised by an earlier registration has decayed by one more block (never up)
    expect(BigInt(r.json.lockCostRao) <= BigInt(r.json.quotedLockCostRao)).toBe(true)
    expect(BigInt(r.json.lockCostRao) > 0n).toBe(true)
    expect((await q().networksAdded(netuid)).isTrue).toBe(true)
    expect((await q().subnetOwner(netuid)).toString()).toBe(w.coldkey)
    expect((await q().uids(netuid, w.hotkeys.default)).unwrap().toNumber()).toBe(0)
  })

  it('register without --yes and without a terminal refuses (exit 2) and submits nothing', async () => {
    const n0 = await nonce(w.coldkey)
    const r = await runTao(['subnet', 'register', '--netuid', String(netuid), '-w', 'owner', '-H', 'miner', ...net], {env})
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/confirmation needed .*--yes/)
    expect(r.stdout).toMatch(/burn now/)
    expect(await nonce(w.coldkey)).toBe(n0)
  })

  it('register --max-burn below the burn refuses without submitting (balance and nonce unchanged)', async () => {
    const [before, n0] = [await freeBalance(api, w.coldkey), await nonce(w.coldkey)]
    const burn = ((await q().burn(netuid)) as any).toBigInt()
    const below = (Number(burn - 1n) / 1e9).toFixed(9)
    const r = await runTao(['subnet', 'register', '--netuid', String(netuid), '-w', 'owner', '-H', 'miner', '--max-burn', below, '--yes', '--json', ...net], {env})
    expect(r.code).toBe(5)
    expect(r.json.error.code).toBe('SubtensorModule.RegistrationPriceLimitExceeded')
    expect(r.json.error.data.burnRao).toBe(String(burn))
    expect(r.stderr).toMatch(/RegistrationPriceLimitExceeded: the burn is .* above --max-burn .*nothing was submitted/)
    expect(await freeBalance(api, w.coldkey)).toBe(before)
    expect(await nonce(w.coldkey)).toBe(n0)
    expect((await q().uids(netuid, w.hotkeys.miner)).isNone).toBe(true)
  })

  it('register --yes: the coldkey pays exactly the burn shown plus the fee shown, and gets a uid', async () => {
    const before = await freeBalance(api, w.coldkey)
    const r = await runTao(['subnet', 'register', '--netuid', String(netuid), '-w', 'owner', '-H', 'miner', '--max-burn', '1000', '--yes', '--json', ...net], {env})
    expect(r.code, r.stderr).toBe(0)
    for (const k of ['burnRao', 'feeRao', 'spentRao', 'quotedBurnRao', 'balanceBeforeRao', 'balanceAfterRao']) expect(r.json[k], k).toMatch(DEC)
    const after = await freeBalance(api, w.coldkey)
    expect(before - after).toBe(BigInt(r.json.burnRao) + BigInt(r.json.feeRao))
    // the burn charged is the subnet's Burn in the inclusion block (218 moves it only at interval boundaries)
    const burnThen = ((await (await api.at(r.json.blockHash)).query.subtensorModule.burn(netuid)) as any).toBigInt()
    expect(BigInt(r.json.burnRao)).toBe(burnThen)
    expect(BigInt(r.json.burnRao) > 0n).toBe(true)
    expect(BigInt(r.json.balanceAfterRao)).toBe(after)
    const uid = (await q().uids(netuid, w.hotkeys.miner)).unwrap().toNumber()
    expect(r.json.uid).toBe(uid)
    expect(r.json.hotkey).toBe(w.hotkeys.miner)
  })

  it('metagraph --json lists both hotkeys with their uids; --validators and --sort work', async () => {
    const r = await runTao(['subnet', 'metagraph', String(netuid), ...net, '--json'], {env})
    expect(r.code, r.stderr).toBe(0)
    expect(r.json.source).toBe('get_neurons_lite')
    const byHotkey = Object.fromEntries(r.json.neurons.map((n: any) => [n.hotkey, n]))
    expect(byHotkey[w.hotkeys.default!].uid).toBe(0)
    expect(byHotkey[w.hotkeys.miner!].uid).toBe((await q().uids(netuid, w.hotkeys.miner)).unwrap().toNumber())
    expect(byHotkey[w.hotkeys.miner!].coldkey).toBe(w.coldkey)
    expect(r.json.neurons.length).toBe((await q().subnetworkN(netuid)).toNumber())
    for (const n of r.json.neurons) expect(n.stakeRao).toMatch(DEC)
    const sorted = await runTao(['subnet', 'metagraph', String(netuid), ...net, '--json', '--sort', 'uid', '--reverse'], {env})
    expect(sorted.json.neurons.map((n: any) => n.uid)).toEqual([...r.json.neurons.map((n: any) => n.uid)].sort((a, b) => b - a))
    const human = await runTao(['subnet', 'metagraph', String(netuid), ...net], {env})
    expect(human.code).toBe(0)
    expect(human.stdout).toMatch(new RegExp(`${r.json.neurons.length} neurons on subnet ${netuid}`))
  })

  it('registering again fails with the chain-refusal exit code naming HotKeyAlreadyRegisteredInSubNet and changes nothing', async () => {
    const [before, n0, count] = [await freeBalance(api, w.coldkey), await nonce(w.coldkey), (await q().subnetworkN(netuid)).toNumber()]
    const r = await runTao(['subnet', 'register', '--netuid', String(netuid), '-w', 'owner', '-H', 'miner', '--yes', ...net], {env})
    expect(r.code).toBe(5)
    const lines = r.stderr.trim().split('\n').filter((l) => l.startsWith('error:'))
    expect(lines).toHaveLength(1)
    expect(lines[0]).toMatch(/HotKeyAlreadyRegisteredInSubNet: this hotkey is already registered on subnet \d+ as uid \d+; nothing was submitted/)
    const j = await runTao(['subnet', 'register', '--netuid', String(netuid), '-w', 'owner', '-H', 'miner', '--yes', '--json', ...net], {env})
    expect(j.code).toBe(5)
    expect(j.json.error.code).toBe('SubtensorModule.HotKeyAlreadyRegisteredInSubNet')
    expect(await freeBalance(api, w.coldkey)).toBe(before)
    expect(await nonce(w.coldkey)).toBe(n0)
    expect((await q().subnetworkN(netuid)).toNumber()).toBe(count)
  })

  it('list --json: every subnet, amounts as exact decimal strings, ours with its owner', async () => {
    const r = await runTao(['subnet', 'list', ...net, '--json'], {env})
    expect(r.code, r.stderr).toBe(0)
    const total = (await q().totalNetworks()).toNumber()
    expect(r.json.subnets).toHaveLength(total)
    const ours = r.json.subnets.find((s: any) => s.netuid === netuid)
    expect(ours.owner).toBe(w.coldkey)
    expect(ours.neurons).toBe(2)
    expect(ours.burnRao).toBe(String(((await q().burn(netuid)) as any).toBigInt()))
    expect(ours.taoInRao).toBe(String(((await q().subnetTAO(netuid)) as any).toBigInt()))
    for (const s of r.json.subnets) {
      expect(s.burnRao).toMatch(DEC)
      expect(s.burnTao).toMatch(/^\d+(\.\d+)?$/)
    }
    expect(r.json.subnets.find((s: any) => s.netuid === 0).priceRao).toBe('1000000000')
    const human = await runTao(['subnet', 'list', ...net], {env})
    expect(human.stdout).toMatch(/netuid.*name.*symbol.*owner/)
  })

  it('show --json: the subnet and its neurons at one block', async () => {
    const r = await runTao(['subnet', 'show', String(netuid), ...net, '--json', '--validators'], {env})
    expect(r.code, r.stderr).toBe(0)
    expect(r.json.subnet.netuid).toBe(netuid)
    expect(r.json.subnet.owner).toBe(w.coldkey)
    expect(r.json.subnet.tempo).toBe((await q().tempo(netuid)).toNumber())
    expect(r.json.neurons.every((n: any) => n.validatorPermit)).toBe(true)
    expect(typeof r.json.block).toBe('number')
  })

  it('hyperparameters --json: every value exact, with human units', async () => {
    const r = await runTao(['subnet', 'hyperparameters', String(netuid), ...net, '--json'], {env})
    expect(r.code, r.stderr).toBe(0)
    const by = Object.fromEntries(r.json.hyperparameters.map((h: any) => [h.name, h]))
    expect(r.json.hyperparameters.length).toBe(27)
    expect(by.tempo.value).toBe(String((await q().tempo(netuid)).toNumber()))
    expect(by.tempo.human).toMatch(/blocks \(~/)
    expect(by.min_burn.value).toBe(String(((await q().minBurn(netuid)) as any).toBigInt()))
    expect(by.min_burn.human).toMatch(/ TAO$/)
    expect(by.kappa.unit).toBe('fraction')
    expect(by.registration_allowed.value).toBe((await q().networkRegistrationAllowed(netuid)).isTrue)
  })

  it('burn-cost --json matches Burn storage', async () => {
    const r = await runTao(['subnet', 'burn-cost', String(netuid), ...net, '--json'], {env})
    expect(r.code, r.stderr).toBe(0)
    expect(r.json.burnRao).toBe(String(((await q().burn(netuid)) as any).toBigInt()))
    expect(r.json.registrationsThisInterval).toBe((await q().registrationsThisInterval(netuid)).toNumber())
  })

  it('bad netuids: malformed is exit 2, a missing subnet is exit 2 for reads and the chain refusal (5) for register', async () => {
    const bad = await runTao(['subnet', 'show', 'abc', ...net], {env})
    expect(bad.code).toBe(2)
    expect(bad.stderr.trim().split('\n').filter((l) => l.startsWith('error:'))).toEqual(['error: netuid must be a whole number 0-65535: "abc"'])
    const missing = await runTao(['subnet', 'metagraph', '9999', ...net, '--json'], {env})
    expect(missing.code).toBe(2)
    expect(missing.json.error.code).toBe('SubnetNotFound')
    const hp = await runTao(['subnet', 'hyperparameters', '9999', ...net], {env})
    expect(hp.code).toBe(2)
    expect(hp.stderr).toMatch(/subnet 9999 does not exist/)
    const n0 = await nonce(w.coldkey)
    const reg = await runTao(['subnet', 'register', '--netuid', '9999', '-w', 'owner', '-H', 'miner', '--yes', '--json', ...net], {env})
    expect(reg.code).toBe(5)
    expect(reg.json.error.code).toBe('SubtensorModule.SubNetworkDoesNotExist')
    const neg = await runTao(['subnet', 'register', '--netuid', '-1', '-w', 'owner', '-H', 'miner', '--yes', ...net], {env})
    expect(neg.code).toBe(2)
    expect(await nonce(w.coldkey)).toBe(n0)
  })

  it('a missing wallet or hotkey is exit 3 and never touches the chain', async () => {
    const r = await runTao(['subnet', 'register', '--netuid', String(netuid), '-w', 'nosuch', '-H', 'miner', '--yes', ...net], {env})
    expect(r.code).toBe(3)
    expect(r.stderr).toMatch(/coldkeypub.txt of wallet "nosuch" not found/)
    const h = await runTao(['subnet', 'create', '-w', 'owner', '-H', 'nosuch', '--yes', ...net], {env})
    expect(h.code).toBe(3)
    expect(h.stderr).toMatch(/hotkey "nosuch" of wallet "owner" not found/)
  })

  it('a coldkey that cannot pay the burn is refused before signing (NotEnoughBalanceToStake)', async () => {
    const poor = await writeWallet(env.TAO_WALLET_PATH!, 'poor', ['default'])
    await fund(api, poor.coldkey, TAO / 2n)
    const n0 = await nonce(poor.coldkey)
    const r = await runTao(['subnet', 'register', '--netuid', String(netuid), '-w', 'poor', '--yes', '--json', ...net], {env})
    expect(r.code).toBe(5)
    expect(r.json.error.code).toBe('SubtensorModule.NotEnoughBalanceToStake')
    expect(r.json.error.message).toMatch(/has 0.5 TAO free; the burn/)
    expect(await nonce(poor.coldkey)).toBe(n0)
  })

  it('create with an identity (V1 fields at 218) and the mechid checks', async () => {
    const url = await runTao(['subnet', 'create', '-w', 'owner', '-H', 'miner', '--url', 'https://x.example', '--yes', ...net], {env})
    expect(url.code).toBe(2)
    expect(url.stderr).toMatch(/no subnetUrl field/)
    const mech = await runTao(['subnet', 'create', '-w', 'owner', '-H', 'miner', '--mechid', '2', '--yes', '--json', ...net], {env})
    expect(mech.code).toBe(5)
    expect(mech.json.error.code).toBe('SubtensorModule.MechanismDoesNotExist')
    const before = await freeBalance(api, w.coldkey)
    const r = await runTao(['subnet', 'create', '-w', 'owner', '-H', 'miner', '--name', 'apex', '--github', 'https://github.com/example/apex', '--contact', 'ops@example.com', '--mechid', '1', '--yes', '--json', ...net], {env})
    expect(r.code, r.stderr).toBe(0)
    expect(r.json.call).toBe('subtensorModule.registerNetworkWithIdentity')
    expect(before - (await freeBalance(api, w.coldkey))).toBe(BigInt(r.json.lockCostRao) + BigInt(r.json.feeRao))
    const id = (await q().subnetIdentities(r.json.netuid)).unwrap()
    expect(Buffer.from(id.subnetName.toU8a(true)).toString()).toBe('apex')
    const list = await runTao(['subnet', 'list', ...net, '--json'], {env})
    expect(list.json.subnets.find((s: any) => s.netuid === r.json.netuid).name).toBe('apex')
  })

  it('register --dry-run validates with the node and changes nothing', async () => {
    const extra = await writeWallet(env.TAO_WALLET_PATH!, 'dry', ['default'])
    await fund(api, extra.coldkey, 10n * TAO)
    const [before, n0] = [await freeBalance(api, extra.coldkey), await nonce(extra.coldkey)]
    const r = await runTao(['subnet', 'register', '--netuid', String(netuid), '-w', 'dry', '--dry-run', '--yes', '--json', ...net], {env})
    expect(r.code, r.stderr).toBe(0)
    expect(r.json.dryRun).toBe(true)
    expect(r.json.uid).toBeNull()
    expect(await freeBalance(api, extra.coldkey)).toBe(before)
    expect(await nonce(extra.coldkey)).toBe(n0)
    expect((await q().uids(netuid, extra.hotkeys.default)).isNone).toBe(true)
  })

  it('an encrypted coldkey (tao wallet create --password) signs with TAO_PASSWORD; without a password source it is exit 2 and nothing is sent', async () => {
    const pw = {...env, TAO_PASSWORD: 'subnet-test-pw-1'}
    const made = await runTao(['wallet', 'create', '-w', 'enc', '--password', '--yes', '--json', '--show-mnemonic'], {env: pw})
    expect(made.code, made.stderr).toBe(0)
    expect(made.json.coldkeyEncrypted).toBe(true)
    const cold = made.json.coldkeyAddress
    await fund(api, cold, 10n * TAO)
    const n0 = await nonce(cold)
    const locked = await runTao(['subnet', 'register', '--netuid', String(netuid), '-w', 'enc', '--yes', '--json', ...net], {env})
    expect(locked.code).toBe(2)
    expect(locked.json.error.code).toBe('PasswordNeeded')
    expect(await nonce(cold)).toBe(n0)
    const before = await freeBalance(api, cold)
    const r = await runTao(['subnet', 'register', '--netuid', String(netuid), '-w', 'enc', '--yes', '--json', ...net], {env: pw})
    expect(r.code, r.stderr).toBe(0)
    expect(r.json.uid).toBe((await q().uids(netuid, made.json.hotkeyAddress)).unwrap().toNumber())
    expect(before - (await freeBalance(api, cold))).toBe(BigInt(r.json.burnRao) + BigInt(r.json.feeRao))
  })
})
