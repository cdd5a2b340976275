import {describe, expect, it} from 'vitest'

import {burnedRegisterCall, registerNetworkCall, subnetIdentityFields} from '../../../src/chain/calls/subnet.js'
import {type RegisterSnapshot, checkIdentity, registrationRefusal} from '../../../src/subnet/register.js'
import {ExitCode} from '../../../src/errors.js'
import {tx381} from '../../helpers/metadata.js'

const COLD = '5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY'
const OTHER = '5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty'
const TAO = 1_000_000_000n

const ok: RegisterSnapshot = {
  balanceRao: 10n * TAO,
  burnRao: TAO,
  coldkey: COLD,
  existentialDepositRao: 500n,
  exists: true,
  feeRao: 0n,
  hotkeyOwner: null,
  maxNeurons: 256,
  maxRegsPerBlock: 1,
  maxRegsThisInterval: 3,
  names: {subnetMissing: 'SubNetworkDoesNotExist'},
  netuid: 2,
  nextAdjustmentBlock: 360,
  nextBlock: 100,
  registrationAllowed: true,
  regsThisInterval: 0,
  uid: null,
}

function refused(patch: Partial<RegisterSnapshot>) {
  const e = registrationRefusal({...ok, ...patch})
  expect(e, JSON.stringify(patch, (_, v) => (typeof v === 'bigint' ? String(v) : v))).not.toBeNull()
  expect(e!.exitCode).toBe(ExitCode.CHAIN)
  expect(e!.message).toMatch(/nothing was submitted$/)
  expect(e!.data?.precheck).toBe(true)
  return e!
}

describe('registration pre-check (what the chain would refuse, exit 5, coded as the chain error)', () => {
  it('passes a registration the chain accepts', () => {
    expect(registrationRefusal(ok)).toBeNull()
    // the hotkey already belongs to this coldkey (registered elsewhere): fine
    expect(registrationRefusal({...ok, hotkeyOwner: COLD})).toBeNull()
    // 218: the interval is full but the adjustment at the next block resets it
    expect(registrationRefusal({...ok, nextBlock: 360, regsThisInterval: 3})).toBeNull()
    // newer runtimes have no interval cap
    expect(registrationRefusal({...ok, maxRegsPerBlock: null, maxRegsThisInterval: null, regsThisInterval: null})).toBeNull()
  })

  it('names each refusal', () => {
    expect(refused({uid: 4}).code).toBe('SubtensorModule.HotKeyAlreadyRegisteredInSubNet')
    expect(refused({uid: 4}).message).toMatch(/^HotKeyAlreadyRegisteredInSubNet: this hotkey is already registered on subnet 2 as uid 4/)
    expect(refused({exists: false}).code).toBe('SubtensorModule.SubNetworkDoesNotExist')
    expect(refused({exists: false, names: {subnetMissing: 'SubnetNotExists'}}).code).toBe('SubtensorModule.SubnetNotExists')
    expect(refused({netuid: 0}).code).toBe('SubtensorModule.RegistrationNotPermittedOnRootSubnet')
    expect(refused({hotkeyOwner: OTHER}).code).toBe('SubtensorModule.NonAssociatedColdKey')
    expect(refused({registrationAllowed: false}).code).toBe('SubtensorModule.SubNetRegistrationDisabled')
    expect(refused({maxRegsPerBlock: 0}).code).toBe('SubtensorModule.TooManyRegistrationsThisBlock')
    expect(refused({maxNeurons: 0}).code).toBe('SubtensorModule.NoNeuronIdAvailable')
    const interval = refused({regsThisInterval: 3})
    expect(interval.code).toBe('SubtensorModule.TooManyRegistrationsThisInterval')
    expect(interval.message).toMatch(/3 of 3 registrations this interval; retry in 261 blocks \(block 360\)/)
  })

  it('refuses a burn above --max-burn before looking at the balance', () => {
    const e = refused({balanceRao: 0n, maxBurnRao: TAO - 1n})
    expect(e.code).toBe('SubtensorModule.RegistrationPriceLimitExceeded')
    // the CLI shows the option «maxBurnRao» as --max-burn (the command's fieldFlags)
    expect(e.template.replaceAll('«maxBurnRao»', '--max-burn')).toMatch(/the burn is 1 TAO, above --max-burn 0.999999999 TAO/)
    expect(e.field).toBe('maxBurnRao')
    expect(registrationRefusal({...ok, maxBurnRao: TAO})).toBeNull()
  })

  it('needs burn + fee + existential deposit in the free balance, to the rao', () => {
    const need = TAO + 7n + 500n
    expect(registrationRefusal({...ok, balanceRao: need, feeRao: 7n})).toBeNull()
    const e = refused({balanceRao: need - 1n, feeRao: 7n})
    expect(e.code).toBe('SubtensorModule.NotEnoughBalanceToStake')
    expect(e.message).toMatch(/has 1.000000506 TAO free; the burn 1 TAO \+ fee 0.000000007 TAO \+ existential deposit 0.0000005 TAO need 1.000000507 TAO/)
  })
})

describe('subnet identity', () => {
  it('checks fields against the runtime and the chain length limits (exit 2)', () => {
    const v1 = ['subnetName', 'githubRepo', 'subnetContact']
    expect(() => checkIdentity(v1, {contact: 'x', github: 'y', name: 'z'})).not.toThrow()
    expect(() => checkIdentity(v1, {url: 'https://x'})).toThrow(/no subnetUrl field/)
    expect(() => checkIdentity(v1, {name: 'n'.repeat(257)})).toThrow(/257 bytes; the chain allows 256/)
    let caught: {exitCode?: number} | undefined
    try {
      checkIdentity(v1, {discord: 'd'})
    } catch (error) {
      caught = error as {exitCode: number}
    }
    expect(caught?.exitCode).toBe(ExitCode.USAGE)
  })
})

describe('subnet call builders against spec-381 metadata', () => {
  const {tx} = tx381()

  it('register_network takes no mechid since 233; the identity is V3 with 8 fields', () => {
    const call = registerNetworkCall(tx, {hotkey: OTHER, mechid: 1})
    expect(call.args.length).toBe(1)
    expect(subnetIdentityFields(tx)).toEqual(['subnetName', 'githubRepo', 'subnetContact', 'subnetUrl', 'discord', 'description', 'logoUrl', 'additional'])
    const withId = registerNetworkCall(tx, {hotkey: OTHER, identity: {name: 'apex', url: 'https://apex.example'}})
    expect(withId.args.length).toBe(2)
    const id = (withId.args[1] as any).unwrap()
    expect(Buffer.from(id.subnetName.toU8a(true)).toString()).toBe('apex')
    expect(Buffer.from(id.subnetUrl.toU8a(true)).toString()).toBe('https://apex.example')
    expect(id.discord.length).toBe(0)
  })

  it('burned_register carries netuid and hotkey', () => {
    const call = burnedRegisterCall(tx, {hotkey: OTHER, netuid: 9})
    expect(call.args[0].toNumber()).toBe(9)
    expect(call.args[1].toString()).toBe(OTHER)
  })
})

describe('register_limit where the runtime has it', () => {
  // a runtime with register_limit (397+): the --max-burn limit goes on chain
  const fn = (name: string) => Object.assign((...args: unknown[]) => ({args, name}), {meta: {args: []}})
  const tx = {subtensorModule: {burnedRegister: fn('burnedRegister'), registerLimit: fn('registerLimit')}} as any

  it('sends register_limit(netuid, hotkey, limit) with a limit, burned_register without', () => {
    expect(burnedRegisterCall(tx, {hotkey: OTHER, limitRao: 5n, netuid: 1})).toEqual({args: [1, OTHER, 5n], name: 'registerLimit'})
    expect(burnedRegisterCall(tx, {hotkey: OTHER, netuid: 1})).toEqual({args: [1, OTHER], name: 'burnedRegister'})
  })
})
