/**
 * Units of issue 14 that need no chain: the MEV shield's detection and the encoding of submit_encrypted against
 * the spec-381 metadata, the proxy-type filter, and the spending policy's verdicts.
 */
import {describe, expect, it} from 'vitest'

import {hasMevShield, submitEncryptedCall} from '../../src/chain/calls/mev.js'
import {judge} from '../../src/config/policy.js'
import {proxyTypeAllows} from '../../src/proxy/filter.js'
import {tx381} from '../helpers/metadata.js'

describe('MEV shield', () => {
  const {registry, tx} = tx381()

  it('is detected from the metadata: 381 has MevShield.submit_encrypted, a runtime without the pallet does not', () => {
    expect(hasMevShield(tx)).toBe(true)
    const {mevShield: _, ...without} = tx as Record<string, unknown>
    expect(hasMevShield(without as never)).toBe(false)
  })

  it('submit_encrypted(commitment, ciphertext) encodes as the 381 runtime decodes it', () => {
    const commitment = `0x${'ef'.repeat(32)}`
    const ciphertext = `0x0400${'aa'.repeat(4)}${'bb'.repeat(24)}${'cc'.repeat(3)}`
    const call = submitEncryptedCall(tx, {ciphertext, commitment})
    const bytes: Uint8Array = (typeof call.method === 'string' ? call : call.method).toU8a()
    const decoded: any = registry.createType('Call', bytes)
    expect(`${decoded.section}.${decoded.method}`).toBe('mevShield.submitEncrypted')
    expect(decoded.args[0].toHex()).toBe(commitment)
    expect(decoded.args[1].toHex()).toBe(ciphertext)
    // pallet index, call index 1 (announce_next_key is 0), the 32-byte hash, then the SCALE-compact-prefixed bytes
    const hex = Buffer.from(bytes).toString('hex')
    expect(hex.slice(2, 4)).toBe('01')
    expect(hex.slice(4, 68)).toBe('ef'.repeat(32))
    expect(hex.slice(68, 70)).toBe((33 * 4).toString(16)) // compact(33) = 33 << 2
  })
})

describe('proxy type filter', () => {
  const stake = {method: 'addStake', section: 'subtensorModule'}
  const transfer = {args: {value: 1_000_000_000n}, method: 'transferKeepAlive', section: 'balances'}
  it('follows subtensor\'s InstanceFilter for the types it knows', () => {
    expect(proxyTypeAllows('Any', transfer)).toBe('allowed')
    expect(proxyTypeAllows('Staking', stake)).toBe('allowed')
    expect(proxyTypeAllows('Staking', transfer)).toBe('forbidden')
    expect(proxyTypeAllows('NonTransfer', transfer)).toBe('forbidden')
    expect(proxyTypeAllows('NonTransfer', stake)).toBe('allowed')
    expect(proxyTypeAllows('Transfer', transfer)).toBe('allowed')
    expect(proxyTypeAllows('SmallTransfer', transfer)).toBe('forbidden')
    expect(proxyTypeAllows('SmallTransfer', {...transfer, args: {value: 499_999_999n}})).toBe('allowed')
    expect(proxyTypeAllows('Registration', {method: 'burnedRegister', section: 'subtensorModule'})).toBe('allowed')
    expect(proxyTypeAllows('SomethingNew', stake)).toBe('unknown')
  })

  // what the spec-218 chain answered (CallFiltered or not) for a proxy of each type, probed on chopsticks
  const T218 = ['Any', 'Owner', 'NonCritical', 'NonTransfer', 'Senate', 'NonFungibile', 'Triumvirate', 'Governance', 'Staking', 'Registration', 'Transfer', 'SmallTransfer', 'RootWeights']
  const sm = (method: string) => ({method, section: 'subtensorModule'})
  it('on a runtime without the ChildKeys type (218), Staking allows add/remove only; the registration calls as the chain filters them', () => {
    const at218 = (type: string, method: string) => proxyTypeAllows(type, sm(method), {types: T218})
    expect(at218('Staking', 'moveStake')).toBe('forbidden')
    expect(at218('Staking', 'removeStake')).toBe('allowed')
    expect(at218('NonTransfer', 'moveStake')).toBe('allowed')
    expect(at218('NonCritical', 'moveStake')).toBe('allowed')
    expect(at218('NonFungibile', 'moveStake')).toBe('allowed')
    expect(at218('Registration', 'moveStake')).toBe('forbidden')
    expect(at218('Registration', 'burnedRegister')).toBe('allowed')
    expect(at218('Registration', 'rootRegister')).toBe('forbidden')
    expect(at218('Registration', 'registerNetwork')).toBe('forbidden')
    expect(at218('NonCritical', 'burnedRegister')).toBe('forbidden')
    expect(at218('NonCritical', 'rootRegister')).toBe('forbidden')
    expect(at218('NonCritical', 'registerNetwork')).toBe('allowed')
    expect(at218('NonFungibile', 'burnedRegister')).toBe('forbidden')
    expect(at218('NonTransfer', 'rootRegister')).toBe('allowed')
    expect(at218('NonTransfer', 'setChildren')).toBe('allowed')
    expect(at218('Staking', 'setChildren')).toBe('forbidden')
    expect(at218('Transfer', 'setChildren')).toBe('forbidden')
    expect(at218('Owner', 'moveStake')).toBe('forbidden')
    expect(at218('Owner', 'setSubnetIdentity')).toBe('forbidden')
    expect(proxyTypeAllows('Owner', {method: 'sudoSetImmunityPeriod', section: 'adminUtils'}, {types: T218})).toBe('allowed')
    expect(proxyTypeAllows('Owner', {method: 'batchAll', section: 'utility'}, {types: T218})).toBe('forbidden')
  })

  it('where the runtime has ChildKeys, Staking allows the whole staking family and ChildKeys the children calls', () => {
    const newer = [...T218, 'ChildKeys']
    expect(proxyTypeAllows('Staking', sm('moveStake'), {types: newer})).toBe('allowed')
    expect(proxyTypeAllows('Staking', sm('swapStake'), {types: newer})).toBe('allowed')
    expect(proxyTypeAllows('ChildKeys', sm('setChildren'), {types: newer})).toBe('allowed')
    expect(proxyTypeAllows('ChildKeys', sm('setChildkeyTake'), {types: newer})).toBe('allowed')
    expect(proxyTypeAllows('ChildKeys', sm('addStake'), {types: newer})).toBe('forbidden')
    expect(proxyTypeAllows('Owner', sm('setSubnetIdentity'), {types: newer})).toBe('allowed')
    expect(proxyTypeAllows('Owner', {method: 'sudoSetSnOwnerHotkey', section: 'adminUtils'}, {types: newer})).toBe('forbidden')
  })
})

describe('spending policy verdicts', () => {
  const spend = (rao: bigint, extra: Partial<{netuids: number[]; destinations: string[]; bounded: boolean}> = {}) => ({
    bounded: true,
    call: 'balances.transferKeepAlive',
    destinations: [],
    netuids: [],
    rao,
    ...extra,
  })
  const policy = {allowedDestinations: ['5Dest'], allowedNetuids: [3], file: '/x/policy.json', maxSpendPerCommandRao: 5_000_000_000n}

  it('no policy: allowed, nothing named', async () => {
    expect(await judge(spend(10n ** 15n), 1n)).toMatchObject({allowed: true, file: null})
  })
  it('the fee counts toward the per-command cap', async () => {
    expect(await judge(spend(5_000_000_000n), 0n, policy)).toMatchObject({allowed: true})
    expect(await judge(spend(5_000_000_000n), 1n, policy)).toMatchObject({allowed: false, rule: 'maxSpendPerCommand'})
  })
  it('netuids, destinations, and amounts tao cannot bound', async () => {
    expect(await judge(spend(0n, {netuids: [3, 4]}), 0n, policy)).toMatchObject({allowed: false, rule: 'allowedNetuids'})
    expect(await judge(spend(1n, {destinations: ['5Other']}), 0n, policy)).toMatchObject({allowed: false, rule: 'allowedDestinations'})
    expect(await judge(spend(1n, {destinations: ['5Dest'], netuids: [3]}), 0n, policy)).toMatchObject({allowed: true})
    expect(await judge(spend(0n, {bounded: false}), 0n, policy)).toMatchObject({allowed: false, rule: 'maxSpendPerCommand'})
  })
})
