/**
 * Keys on chain and the small tools, without a chain: `explain` lookups against the CLI's own error table,
 * `utils convert` exactness offline, identity limits, claim-type parsing, the root pre-check rule, and the
 * 381 encodings of the new calls (argument by argument, beyond the round trip of calls-381.test.ts).
 */
import {describe, expect, it} from 'vitest'

import type {TaoClient} from '../../../src/client.js'

import {CHAIN_IDENTITY_MAX_BYTES, claimRootCall, identityFields, setIdentityCall, setRootClaimTypeCall, swapHotkeyCall, swapHotkeyTakesNetuid} from '../../../src/chain/calls/keys.js'
import {ERROR_MEANINGS, closestErrorNames, explainError} from '../../../src/chain/error-meanings.js'
import {ExitCode, InputError} from '../../../src/errors.js'
import {explain} from '../../../src/services/explain/explain.js'
import {convert} from '../../../src/services/utils/convert.js'
import {parseClaimType} from '../../../src/stake/root-claims.js'
import {type RootSnapshot, rootRefusal} from '../../../src/subnet/root.js'
import {silentUi} from '../../../src/ui.js'
import {checkChainIdentity} from '../../../src/wallet/chain-keys.js'
import {tx381} from '../../helpers/metadata.js'

const BOB = '5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty'
const CHARLIE = '5FLSigC9HGRKVhB9FiEo4Y3koPsNmBmLJbpXg2mp1hXcS59Y'

/** A client whose chain must not be touched (offline conversions). */
const offline = {chain: () => Promise.reject(new Error('offline: the chain was contacted')), endpoints: []} as unknown as TaoClient

describe('explain', () => {
  it('finds a name, Module.Error and any case, with the meaning and the advice from the CLI table', async () => {
    for (const q of ['StakeTooLowForRoot', 'SubtensorModule.StakeTooLowForRoot', 'staketoolowforroot']) {
      const r = await explain(undefined, {error: q})
      expect(r.matches).toHaveLength(1)
      expect(r.matches[0]).toMatchObject({kind: 'dispatch', name: 'StakeTooLowForRoot'})
      expect(`${r.matches[0]!.meaning}; ${r.matches[0]!.action}`).toBe(ERROR_MEANINGS.StakeTooLowForRoot)
    }
  })

  it('a pool code means different things on spec 218 and newer runtimes: both are given', () => {
    for (const q of ['Custom error: 5', 'custom 5', '{"custom":5}', '1010: Invalid Transaction: Custom error: 5']) {
      const m = explainError(q)
      expect(m.map((x) => [x.name, x.runtime])).toEqual([
        ['TooManyRegistrationsThisInterval', 'spec 218 (SubtensorSignedExtension)'],
        ['NotEnoughStakeToWithdraw', 'newer runtimes (CustomTransactionError)'],
      ])
    }
    expect(explainError('Custom error: 11').map((x) => x.name)).toEqual(['InvalidIpAddress'])
    expect(explainError('Pool.TooManyRegistrationsThisInterval')[0]).toMatchObject({custom: 5, kind: 'pool'})
  })

  it('an unknown name is one InputError (exit 2) with the closest known names', async () => {
    const err = await explain(undefined, {error: 'StakeToLowForRot'}).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(InputError)
    expect((err as InputError).exitCode).toBe(ExitCode.USAGE)
    expect((err as InputError).message).toBe('unknown chain error "StakeToLowForRot"; did you mean StakeTooLowForRoot?')
    expect(closestErrorNames('InvalidIp')).toContain('InvalidIpAddress')
    const custom = await explain(undefined, {error: 'Custom error: 99'}).catch((e: unknown) => e)
    expect((custom as InputError).message).toBe('no pool error is known with custom code 99')
  })
})

describe('utils convert (offline)', () => {
  it('TAO ↔ rao exactly, without touching a chain', async () => {
    expect(await convert(offline, {tao: '0.000000001'}, silentUi)).toEqual({from: 'tao', input: '0.000000001', rao: '1', tao: '0.000000001'})
    expect(await convert(offline, {tao: '18446744073.709551615'}, silentUi)).toMatchObject({rao: '18446744073709551615'})
    expect(await convert(offline, {rao: '1500000001'}, silentUi)).toMatchObject({tao: '1.500000001'})
  })

  it('refuses 10 decimals, junk, two amounts, and alpha without a netuid (exit 2), before any connection', async () => {
    for (const o of [{tao: '0.0000000001'}, {tao: '1e3'}, {rao: '1.5'}, {rao: '1', tao: '1'}, {alpha: '1'}, {tao: '18446744073.709551616'}]) {
      const err = await convert(offline, o, silentUi).catch((e: unknown) => e)
      expect(err, JSON.stringify(o)).toBeInstanceOf(InputError)
    }
  })
})

describe('identity limits', () => {
  it('byte limits (not characters) and fields the runtime lacks are refused', () => {
    const six = ['name', 'url', 'image', 'discord', 'description', 'additional']
    expect(() => checkChainIdentity(six, {name: 'a'.repeat(256)})).not.toThrow()
    expect(() => checkChainIdentity(six, {name: 'é'.repeat(129)})).toThrow(/258 bytes; the chain allows at most 256/)
    expect(() => checkChainIdentity(six, {description: 'x'.repeat(1025)})).toThrow(/1025 bytes/)
    expect(() => checkChainIdentity(six, {githubRepo: 'x/y'})).toThrow(/has no githubRepo field/)
    expect(CHAIN_IDENTITY_MAX_BYTES.image).toBe(1024)
  })
})

describe('claim types', () => {
  it('parses swap, keep and keep-subnets; refuses the rest', () => {
    expect(parseClaimType('swap')).toEqual({kind: 'Swap'})
    expect(parseClaimType('KEEP')).toEqual({kind: 'Keep'})
    expect(parseClaimType('keep-subnets', [3])).toEqual({kind: 'KeepSubnets', subnets: [3]})
    expect(() => parseClaimType('keep-subnets')).toThrow(InputError)
    expect(() => parseClaimType('swap', [1])).toThrow(InputError)
    expect(() => parseClaimType('burn')).toThrow(/swap, keep or keep-subnets/)
  })
})

describe('root registration pre-check (do_root_register order)', () => {
  const base: RootSnapshot = {
    balanceRao: 10n ** 9n,
    coldkey: 'C',
    exists: true,
    feeRao: 1000n,
    hotkeyOwner: null,
    lowest: {hotkey: 'L', stakeRao: 5n, uid: 7},
    maxNeurons: 64,
    maxRegsPerBlock: 1,
    maxRegsThisInterval: 3,
    neurons: 10,
    regsThisBlock: 0,
    regsThisInterval: 0,
    stakeRao: 0n,
    uid: null,
  }
  const code = (s: Partial<RootSnapshot>) => (rootRefusal({...base, ...s}) as {code?: string} | null)?.code ?? null
  it('refuses as the chain would, in its order', () => {
    expect(code({})).toBeNull()
    expect(code({exists: false})).toBe('SubtensorModule.RootNetworkDoesNotExist')
    expect(code({hotkeyOwner: 'OTHER'})).toBe('NotYourHotkey')
    expect(code({regsThisBlock: 1})).toBe('SubtensorModule.TooManyRegistrationsThisBlock')
    expect(code({regsThisInterval: 3})).toBe('SubtensorModule.TooManyRegistrationsThisInterval')
    expect(code({uid: 4})).toBe('SubtensorModule.HotKeyAlreadyRegisteredInSubNet')
    // full root: the new hotkey must have strictly more stake than the lowest
    expect(code({neurons: 64, stakeRao: 5n})).toBe('SubtensorModule.StakeTooLowForRoot')
    expect(code({neurons: 64, stakeRao: 6n})).toBeNull()
  })
})

describe('swap_hotkey arguments follow the runtime\'s metadata', () => {
  const fake = (method: string, names: string[]) => ({subtensorModule: {[method]: Object.assign((...args: unknown[]) => ({args, method}), {meta: {args: names.map((n) => ({name: n}))}})}}) as any
  it('swap_hotkey_v2 (netuid, keep_stake) is preferred where present; 218-style swap_hotkey refuses a netuid', () => {
    expect(swapHotkeyCall(fake('swapHotkeyV2', ['hotkey', 'new_hotkey', 'netuid', 'keep_stake']), {hotkey: BOB, netuid: 3, newHotkey: CHARLIE})).toEqual({args: [BOB, CHARLIE, 3, false], method: 'swapHotkeyV2'})
    expect(swapHotkeyCall(fake('swapHotkeyV2', ['hotkey', 'new_hotkey', 'netuid', 'keep_stake']), {hotkey: BOB, newHotkey: CHARLIE}).args).toEqual([BOB, CHARLIE, null, false])
    expect(swapHotkeyCall(fake('swapHotkey', ['hotkey', 'new_hotkey']), {hotkey: BOB, newHotkey: CHARLIE}).args).toEqual([BOB, CHARLIE])
    expect(() => swapHotkeyCall(fake('swapHotkey', ['hotkey', 'new_hotkey']), {hotkey: BOB, netuid: 1, newHotkey: CHARLIE})).toThrow(/takes no netuid/)
    expect(() => swapHotkeyCall(fake('swapHotkey', ['hotkey', 'new_hotkey', 'surprise']), {hotkey: BOB, newHotkey: CHARLIE})).toThrow(/does not know: surprise/)
  })
})

describe('new calls against the spec-381 metadata', () => {
  const {registry, tx} = tx381()
  const decode = (call: any) => registry.createType('Call', (typeof call.method === 'string' ? call : call.method).toU8a()).toHuman() as {args: Record<string, unknown>}

  it('swap_hotkey takes an optional netuid there: None for every subnet, Some(n) for one', () => {
    expect(swapHotkeyTakesNetuid(tx)).toBe(true)
    expect(decode(swapHotkeyCall(tx, {hotkey: BOB, newHotkey: CHARLIE})).args).toEqual({hotkey: BOB, netuid: null, new_hotkey: CHARLIE})
    expect(decode(swapHotkeyCall(tx, {hotkey: BOB, netuid: 3, newHotkey: CHARLIE})).args).toEqual({hotkey: BOB, netuid: '3', new_hotkey: CHARLIE})
  })

  it('set_identity has seven fields there (github_repo added); fields not given are empty', () => {
    expect(identityFields(tx)).toEqual(['name', 'url', 'githubRepo', 'image', 'discord', 'description', 'additional'])
    const args = decode(setIdentityCall(tx, {githubRepo: 'o/r', name: 'V'})).args
    expect(args).toEqual({additional: '', description: '', discord: '', github_repo: 'o/r', image: '', name: 'V', url: ''})
  })

  it('root claim type and claim_root: subnets sorted and deduplicated (a BTreeSet)', () => {
    expect(decode(setRootClaimTypeCall(tx, {kind: 'KeepSubnets', subnets: [8, 3, 3]})).args).toEqual({new_root_claim_type: {KeepSubnets: {subnets: ['3', '8']}}})
    expect(decode(setRootClaimTypeCall(tx, {kind: 'Swap'})).args).toEqual({new_root_claim_type: 'Swap'})
    expect(decode(claimRootCall(tx, [5, 1, 5])).args).toEqual({subnets: ['1', '5']})
  })
})
