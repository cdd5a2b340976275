import {describe, expect, it} from 'vitest'

import {adminCall, batchAllCall, callDocs, setSubnetIdentityCall, startCallCall, subnetIdentityCallFields, sudoCall} from '../../../src/chain/calls/owner.js'
import {TaoError} from '../../../src/errors.js'
import {U64_MAX} from '../../../src/util/amount.js'
import {convertValue, identityInput, originFromDocs, parseParamPairs, setterOf, settableParams} from '../../../src/subnet/owner.js'
import {HYPERPARAMETERS} from '../../../src/subnet/format.js'
import {tx381} from '../../helpers/metadata.js'

const err = (f: () => unknown) => {
  try {
    f()
  } catch (error) {
    return {code: (error as TaoError).code, exit: (error as TaoError).exitCode, message: (error as Error).message}
  }
  return undefined
}

describe('who may call a setter, from its documentation', () => {
  it('reads owner or root from the sentence that says so', () => {
    expect(originFromDocs('The extrinsic sets the kappa for a subnet. It is only callable by the root account or subnet owner. The extrinsic will call …')).toBe('owner')
    expect(originFromDocs('It is only callable by root and subnet owner.')).toBe('owner')
    expect(originFromDocs('The extrinsic sets the tempo for a subnet. It is only callable by the root account. The extrinsic will call …')).toBe('root')
    expect(originFromDocs('It is only callable by the root account, not changeable by the subnet owner.')).toBe('root')
    // 218's commit-reveal setter: the first origin sentence says root
    expect(originFromDocs('The extrinsic sets the target stake per interval. It is only callable by the root account. The extrinsic will call the Subtensor pallet to set target stake per interval. The extrinsic enabled/disables commit/reaveal for a given subnet. It is only callable by the root account or subnet owner.')).toBe('root')
    expect(originFromDocs('# Parameters - `origin`: The origin of the call, which must be the root account or subnet owner.')).toBe('owner')
    expect(originFromDocs('Sets values for liquid alpha', 'sudoSetAlphaValues')).toBe('owner')
    expect(originFromDocs('Sets something')).toBe('unknown')
  })

  it('classifies the 381 setters from that runtime\'s own docs', () => {
    const {tx} = tx381()
    const by = new Map(settableParams(tx, Object.keys(HYPERPARAMETERS)).map((s) => [s.name, s]))
    expect(by.get('immunity_period')?.origin).toBe('owner')
    expect(by.get('tempo')?.origin).toBe('root')
    expect(by.get('adjustment_interval')?.origin).toBe('root')
    expect(by.get('weights_version')?.method).toBe('sudoSetWeightsVersionKey')
    expect(by.get('registration_allowed')?.method).toBe('sudoSetNetworkRegistrationAllowed')
    expect(by.has('max_weights_limit')).toBe(false) // no setter at 381
    expect(callDocs(tx, 'adminUtils', 'sudoSetKappa')).toMatch(/subnet owner/)
  })
})

describe('values in human units, converted exactly', () => {
  const {tx} = tx381()
  const s = (n: string) => setterOf(tx, n)!
  it('TAO to rao, blocks and counts as integers, booleans', () => {
    expect(convertValue(s('min_burn'), '0.5')).toBe(500_000_000n)
    expect(convertValue(s('max_burn'), '100')).toBe(100_000_000_000n)
    expect(convertValue(s('immunity_period'), '5000')).toBe(5000n)
    expect(convertValue(s('serving_rate_limit'), '0')).toBe(0n)
    expect(convertValue(s('registration_allowed'), 'no')).toBe(false)
    expect(convertValue(s('commit_reveal_weights_enabled'), 'yes')).toBe(true)
    expect(convertValue(s('liquid_alpha_enabled'), 'true')).toBe(true)
  })
  it('fractions to the chain\'s scale', () => {
    expect(convertValue(s('kappa'), '0.5')).toBe(32_768n) // 0.5 × 65535 = 32767.5 → nearest, half up
    expect(convertValue(s('kappa'), '50%')).toBe(32_768n)
    expect(convertValue(s('kappa'), '1')).toBe(65_535n)
    expect(convertValue(s('kappa'), '0')).toBe(0n)
    expect(convertValue(s('bonds_moving_avg'), '0.975')).toBe(975_000n)
    expect(convertValue(s('adjustment_alpha'), '1')).toBe(U64_MAX)
    expect(convertValue(s('adjustment_alpha'), '0.5')).toBe(U64_MAX / 2n + 1n)
  })
  it('out of range and malformed values are exit 2, one line', () => {
    expect(err(() => convertValue(s('immunity_period'), '70000'))).toMatchObject({code: 'ValueOutOfRange', exit: 2})
    expect(err(() => convertValue(s('immunity_period'), '-1'))).toMatchObject({code: 'ValueOutOfRange', exit: 2})
    expect(err(() => convertValue(s('kappa'), '1.5'))).toMatchObject({code: 'ValueOutOfRange', exit: 2})
    expect(err(() => convertValue(s('bonds_moving_avg'), '0.1234567'))).toMatchObject({code: 'ValueOutOfRange', exit: 2})
    expect(err(() => convertValue(s('immunity_period'), '12.5'))).toMatchObject({code: 'BadValue', exit: 2})
    expect(err(() => convertValue(s('registration_allowed'), 'maybe'))).toMatchObject({code: 'BadValue', exit: 2})
    expect(err(() => convertValue(s('min_burn'), '1.0000000001'))?.exit).toBe(2)
    expect(err(() => convertValue(s('min_burn'), '18446744074'))?.exit).toBe(2)
    for (const e of [err(() => convertValue(s('immunity_period'), '70000'))!]) expect(e.message.split('\n')).toHaveLength(1)
  })
  it('NAME=VALUE pairs', () => {
    expect(parseParamPairs(['Immunity-Period=5000', 'kappa=0.5'])).toEqual([{input: '5000', name: 'immunity_period'}, {input: '0.5', name: 'kappa'}])
    for (const bad of [[], ['kappa'], ['=1'], ['kappa='], ['kappa=1', 'kappa=2']]) expect(err(() => parseParamPairs(bad))?.exit, JSON.stringify(bad)).toBe(2)
  })
})

describe('owner calls encode against the 381 metadata', () => {
  const {registry, tx} = tx381()
  const roundTrip = (call: any) => {
    const decoded = registry.createType('Call', call.toU8a()) as any
    expect(decoded.toHex()).toBe(call.toHex())
    return decoded
  }
  it('a setter found by name carries netuid and the exact value', () => {
    const d = roundTrip(adminCall(tx, setterOf(tx, 'min_burn')!.method, [3, 500_000_000n]))
    expect(`${d.section}.${d.method}`).toBe('adminUtils.sudoSetMinBurn')
    expect(d.args[0].toNumber()).toBe(3)
    expect(d.args[1].toBigInt()).toBe(500_000_000n)
  })
  it('sudo(batch_all(…)) nests the calls', () => {
    const inner = batchAllCall(tx, [adminCall(tx, 'sudoSetTempo', [3, 50n]), adminCall(tx, 'sudoSetCommitRevealWeightsEnabled', [3, true])])
    const d = roundTrip(sudoCall(tx, inner))
    expect(`${d.section}.${d.method}`).toBe('sudo.sudo')
    expect(`${d.args[0].section}.${d.args[0].method}`).toBe('utility.batchAll')
    expect(d.args[0].args[0].length).toBe(2)
    expect(d.args[0].args[0][1].args[1].isTrue).toBe(true)
  })
  it('start_call(netuid) and set_subnet_identity with the runtime\'s 8 fields', () => {
    expect(roundTrip(startCallCall(tx, {netuid: 7})).args[0].toNumber()).toBe(7)
    expect(subnetIdentityCallFields(tx)).toEqual(['subnetName', 'githubRepo', 'subnetContact', 'subnetUrl', 'discord', 'description', 'logoUrl', 'additional'])
    const d = roundTrip(setSubnetIdentityCall(tx, {netuid: 3, values: {discord: 'd#1', subnetName: 'example'}}))
    expect(d.args.length).toBe(9)
    expect(d.args[1].toUtf8()).toBe('example')
    expect(d.args[5].toUtf8()).toBe('d#1')
    expect(d.args[2].toUtf8()).toBe('')
  })
})

describe('subnet identity fields at 381, checked before signing', () => {
  const {tx} = tx381()
  it('takes the 8 V3 fields by operator names, within the byte limits', () => {
    expect(identityInput(tx, {discord: 'me#1', github: 'https://github.com/x/y', 'logo-url': 'https://x/logo.png', name: 'n'})).toEqual({discord: 'me#1', githubRepo: 'https://github.com/x/y', logoUrl: 'https://x/logo.png', subnetName: 'n'})
    expect(identityInput(tx, {name: 'é'.repeat(128)})).toEqual({subnetName: 'é'.repeat(128)}) // 256 bytes: the limit
    expect(err(() => identityInput(tx, {name: 'é'.repeat(129)}))).toMatchObject({code: 'InvalidIdentity', exit: 2})
    expect(err(() => identityInput(tx, {description: 'x'.repeat(1025)}))).toMatchObject({code: 'InvalidIdentity', exit: 2})
    expect(err(() => identityInput(tx, {twitter: '@x'}))).toMatchObject({code: 'BadIdentity', exit: 2})
  })
})
