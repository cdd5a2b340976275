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
