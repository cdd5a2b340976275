/**
 * Differential tests of the weights pre-checks against the real spec-218 runtime: for each check, the same intent
 * sent raw with @polkadot/api (what the chain does) and through the real `tao weights set` (what tao does). A case
 * the chain accepts must not be refused by tao; a case the chain refuses must be refused by tao before signing
 * (nothing submitted: the hotkey's nonce and the chain's Weights row unchanged).
 */
import type {ApiPromise} from '@polkadot/api'
import type {KeyringPair} from '@polkadot/keyring/types'

import {Keyring} from '@polkadot/keyring'
import {mnemonicGenerate} from '@polkadot/util-crypto'
import {mkdirSync, writeFileSync} from 'node:fs'
import path from 'node:path'
import {afterAll, beforeAll, describe, expect, inject, it} from 'vitest'

import {TAO, allowSubnetRegistration, burnedRegister, createSubnet, devApi, devKey, fund, seedPool, send, sudo} from '../helpers/dev-chain.js'
import {runTao, tempHome} from '../helpers/run-tao.js'

const endpoint = inject('endpoint')
const home = tempHome('tao-wchecks-')

interface Hot {
  pair: KeyringPair
  args: string[]
}

/** A wallet with a fresh plaintext hotkey and nothing else: the hotkey holds no balance. */
function hotWallet(name: string): Hot {
  const mnemonic = mnemonicGenerate(12)
  const pair = new Keyring({ss58Format: 42, type: 'sr25519'}).addFromMnemonic(mnemonic)
  const dir = path.join(home.env.TAO_WALLET_PATH!, name, 'hotkeys')
  mkdirSync(dir, {recursive: true})
  const pub = '0x' + Buffer.from(pair.publicKey).toString('hex')
  writeFileSync(path.join(dir, 'default'), JSON.stringify({accountId: pub, publicKey: pub, secretPhrase: mnemonic, ss58Address: pair.address}), {mode: 0o600})
  writeFileSync(path.join(dir, 'defaultpub.txt'), JSON.stringify({accountId: pub, publicKey: pub, ss58Address: pair.address}))
  return {args: ['--network', endpoint, '--wallet', name, '--hotkey', 'default'], pair}
}

/** What the chain does with a raw self-weight set_weights: 'ok', the module error, or the pool's refusal. */
async function rawSet(api: ApiPromise, netuid: number, signer: KeyringPair, uid: number, versionKey = 0): Promise<string> {
  try {
    const r = await send(api, api.tx.subtensorModule.setWeights(netuid, [uid], [65535], versionKey), signer)
    return r.error ?? (r.events.some((e) => e.method === 'WeightsSet') ? 'ok' : 'no WeightsSet')
  } catch (error) {
    return `pool: ${(error as Error).message}`
  }
}

const nonceOf = async (api: ApiPromise, a: string) => Number(((await api.query.system.account(a)) as any).nonce.toString())
const rowOf = async (api: ApiPromise, netuid: number, uid: number) => JSON.stringify(await api.query.subtensorModule.weights(netuid, uid))

describe.skipIf(!endpoint)('weights pre-checks = the chain’s verdicts (spec 218)', () => {
  let api: ApiPromise
  let netuid: number
  const cold = '//Alice//wchecks-cold'

  beforeAll(async () => {
    api = await devApi(endpoint)
    await allowSubnetRegistration(api)
    await fund(api, devKey(cold).address, 1000n * TAO)
    netuid = await createSubnet(api, cold, '//Alice//wchecks-owner')
    await sudo(api, api.tx.adminUtils.sudoSetWeightsSetRateLimit(netuid, 0))
    await sudo(api, api.tx.adminUtils.sudoSetTargetRegistrationsPerInterval(netuid, 20))
    await sudo(api, api.tx.adminUtils.sudoSetMaxRegistrationsPerBlock(netuid, 20))
  })
  afterAll(async () => api?.disconnect())

  /** tao's verdict on a self-weight from `w` (uid given by hotkey so no other neuron is needed) */
  const taoSet = (w: Hot, uid: number, extra: string[] = []) => runTao(['weights', 'set', String(netuid), '--weights', `${uid}=1`, '--json', ...extra, ...w.args], {env: home.env})

  it('account: a registered hotkey with no balance can set weights (set_weights pays no fee); tao agrees', async () => {
    const raw = hotWallet('acct-raw')
    const mine = hotWallet('acct-tao')
    const rawUid = await burnedRegister(api, netuid, raw.pair.address, cold)
    const uid = await burnedRegister(api, netuid, mine.pair.address, cold)
    const acc: any = await api.query.system.account(mine.pair.address)
    expect(acc.providers.toNumber() + acc.sufficients.toNumber()).toBe(0)
    expect((await api.tx.subtensorModule.setWeights(netuid, [uid], [1], 0).paymentInfo(mine.pair.address)).partialFee.toBigInt()).toBe(0n)
    expect(await rawSet(api, netuid, raw.pair, rawUid)).toBe('ok')
    const status = await runTao(['weights', 'status', String(netuid), '--json', ...mine.args], {env: home.env})
    expect(status.code, status.stderr).toBe(0)
    expect(status.json.blocked).toBeUndefined()
    expect(status.json.next).toMatch(/set weights now/)
    const r = await taoSet(mine, uid)
    expect(r.code, r.stderr + r.stdout).toBe(0)
    expect(r.json.action).toBe('set')
    expect(await rowOf(api, netuid, uid)).toBe(JSON.stringify([[uid, 65535]]))
  })

  it('registered: the chain refuses an unregistered hotkey; tao refuses before signing', async () => {
    const raw = hotWallet('unreg-raw')
    const mine = hotWallet('unreg-tao')
    await fund(api, raw.pair.address, TAO)
    expect(await rawSet(api, netuid, raw.pair, 0)).toMatch(/HotKeyNotRegisteredInSubNet/)
    const status = await runTao(['weights', 'status', String(netuid), '--json', ...mine.args], {env: home.env})
    expect(status.json.blocked.check).toBe('registered')
    const r = await taoSet(mine, 0)
    expect(r.code).not.toBe(0)
    expect(r.stderr).toMatch(/registered check failed.*nothing was submitted/)
    expect(await nonceOf(api, mine.pair.address)).toBe(0)
  })

  it('stake: below WeightsMinStake the chain refuses (pool), at or above it accepts; tao the same', async () => {
    const poor = hotWallet('stake-poor')
    const rich = hotWallet('stake-rich')
    const poorUid = await burnedRegister(api, netuid, poor.pair.address, cold)
    const richUid = await burnedRegister(api, netuid, rich.pair.address, cold)
    await seedPool(api, netuid)
    const added = await send(api, api.tx.subtensorModule.addStake(rich.pair.address, netuid, 10n * TAO), devKey(cold))
    expect(added.error).toBeUndefined()
    const richAlpha = ((await api.query.subtensorModule.totalHotkeyAlpha(rich.pair.address, netuid)) as any).toBigInt() as bigint
    expect(richAlpha > 0n).toBe(true)
    await sudo(api, api.tx.adminUtils.sudoSetWeightsMinStake(richAlpha))
    try {
      // the chain's verdicts: a zero-stake registered hotkey is refused at the pool, the staked one is accepted
      const poorRaw = hotWallet('stake-poor-raw')
      const poorRawUid = await burnedRegister(api, netuid, poorRaw.pair.address, cold)
      expect(await rawSet(api, netuid, poorRaw.pair, poorRawUid)).toMatch(/pool: .*custom/i)
      expect(await rawSet(api, netuid, rich.pair, richUid)).toBe('ok')
      // tao: refused below, before signing
      const before = await rowOf(api, netuid, poorUid)
      const r = await taoSet(poor, poorUid)
      expect(r.code).not.toBe(0)
      expect(r.stderr).toMatch(/stake check failed.*nothing was submitted/)
      expect(await rowOf(api, netuid, poorUid)).toBe(before)
      expect(await nonceOf(api, poor.pair.address)).toBe(0)
      // at the minimum: tao sets, the chain stores
      const ok = await taoSet(rich, richUid)
      expect(ok.code, ok.stderr + ok.stdout).toBe(0)
      expect(await rowOf(api, netuid, richUid)).toBe(JSON.stringify([[richUid, 65535]]))
    } finally {
      await sudo(api, api.tx.adminUtils.sudoSetWeightsMinStake(0))
    }
  })

  it('version key: below WeightsVersionKey the chain refuses, at it accepts; tao the same', async () => {
    const raw = hotWallet('vk-raw')
    const mine = hotWallet('vk-tao')
    const rawUid = await burnedRegister(api, netuid, raw.pair.address, cold)
    const uid = await burnedRegister(api, netuid, mine.pair.address, cold)
    await sudo(api, api.tx.adminUtils.sudoSetWeightsVersionKey(netuid, 5))
    try {
      expect(await rawSet(api, netuid, raw.pair, rawUid, 4)).toMatch(/IncorrectWeightVersionKey/)
      expect(await rawSet(api, netuid, raw.pair, rawUid, 5)).toBe('ok')
      const refused = await taoSet(mine, uid, ['--version-key', '4'])
      expect(refused.code).not.toBe(0)
      expect(refused.stderr).toMatch(/version key check failed.*nothing was submitted/)
      expect(await nonceOf(api, mine.pair.address)).toBe(0)
      const ok = await taoSet(mine, uid, ['--version-key', '5'])
      expect(ok.code, ok.stderr + ok.stdout).toBe(0)
      expect(await rowOf(api, netuid, uid)).toBe(JSON.stringify([[uid, 65535]]))
    } finally {
      await sudo(api, api.tx.adminUtils.sudoSetWeightsVersionKey(netuid, 0))
    }
  })

  it('rate limit: inside WeightsSetRateLimit the chain refuses; tao submits nothing and says when; status agrees', async () => {
    const raw = hotWallet('rl-raw')
    const mine = hotWallet('rl-tao')
    const rawUid = await burnedRegister(api, netuid, raw.pair.address, cold)
    const uid = await burnedRegister(api, netuid, mine.pair.address, cold)
    expect(await rawSet(api, netuid, raw.pair, rawUid)).toBe('ok')
    expect((await taoSet(mine, uid)).json.action).toBe('set')
    await sudo(api, api.tx.adminUtils.sudoSetWeightsSetRateLimit(netuid, 1000))
    try {
      expect(await rawSet(api, netuid, raw.pair, rawUid)).toMatch(/SettingWeightsTooFast/)
      const nonce = await nonceOf(api, mine.pair.address)
      const status = await runTao(['weights', 'status', String(netuid), '--json', ...mine.args], {env: home.env})
      expect(status.json.rateLimit.allowed).toBe(false)
      const r = await taoSet(mine, uid)
      expect(r.code, r.stderr).toBe(0)
      expect(r.json.action).toBe('rate-limited')
      expect(r.json.nextAllowedBlock).toBe(status.json.rateLimit.nextAllowedBlock)
      expect(await nonceOf(api, mine.pair.address)).toBe(nonce)
    } finally {
      await sudo(api, api.tx.adminUtils.sudoSetWeightsSetRateLimit(netuid, 0))
    }
  })
})
