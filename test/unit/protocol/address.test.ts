import {describe, expect, it} from 'vitest'

import {unusableAddress} from '../../../src/util/ip.js'

describe('addresses a dendrite never contacts', () => {
  it('refuses bad ports, 0.0.0.0/8, multicast, broadcast, :: and non-addresses', () => {
    expect(unusableAddress('127.0.0.1', 0)).toBe('port 0 is not a valid TCP port')
    expect(unusableAddress('0.1.2.3', 80)).toBe('0.1.2.3 is in 0.0.0.0/8 (not a host)')
    expect(unusableAddress('224.0.0.1', 1)).toBe('224.0.0.1 is a multicast address')
    expect(unusableAddress('255.255.255.255', 8091)).toBe('255.255.255.255 is reserved or broadcast')
    for (const ip of ['::', '0:0::0', '::0.0.0.0']) expect(unusableAddress(ip, 1)).toBe(':: is not a host')
    expect(unusableAddress('FF02::1', 1)).toBe('FF02::1 is a multicast address')
    expect(unusableAddress('fe80::1%eth0', 1)).toBe('"fe80::1%eth0" is not an IP address')
  })
  it('allows loopback, private, IPv4-mapped and ordinary IPv6 addresses', () => {
    for (const ip of ['127.0.0.1', '10.0.0.1', '::1', '::ffff:1.2.3.4', '[2001:db8::1]', 'ff::1']) expect(unusableAddress(ip, 8091)).toBeUndefined()
  })
})
