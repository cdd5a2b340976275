/**
 * Axon addresses as the chain stores them: the IP as a big-endian integer in a u128 plus `ip_type` 4 or 6
 * (dendrite-protocol §9). The one parser (`parseIp`, the SDK's `ip_to_int`) and the one formatter (`formatIp`,
 * the SDK's `int_to_ip`, netaddr): any value ≤ 0xFFFFFFFF renders as IPv4 whatever `ip_type` says; IPv6 as
 * netaddr prints it (RFC 5952 compression, IPv4-mapped as ::ffff:a.b.c.d). Every topic renders addresses here.
 */
import {isIPv4, isIPv6} from 'node:net'

const U32_MAX = 0xffffffffn
const U128_MAX = (1n << 128n) - 1n

/** Parse a textual IPv4 or IPv6 address to its integer and type; undefined when it is not an address. */
export function parseIp(text: string): {value: bigint; type: 4 | 6} | undefined {
  const s = text.trim().replace(/^\[(.*)\]$/, '$1')
  if (isIPv4(s)) {
    const parts = s.split('.').map(Number)
    return {type: 4, value: BigInt(((parts[0]! << 24) >>> 0) + (parts[1]! << 16) + (parts[2]! << 8) + parts[3]!)}
  }
  if (!isIPv6(s) || s.includes('%')) return undefined
  let head = s
  let tailV4: number[] | undefined
  const m = /^(.*:)(\d+\.\d+\.\d+\.\d+)$/.exec(s)
  if (m) {
    head = m[1]!.endsWith('::') ? m[1]! : m[1]!.slice(0, -1)
    tailV4 = m[2]!.split('.').map(Number)
  }
  const groupsNeeded = tailV4 ? 6 : 8
  let groups: number[]
  if (head.includes('::')) {
    const [l, r] = head.split('::') as [string, string]
    const left = l ? l.split(':').map((g) => Number.parseInt(g, 16)) : []
    const right = r ? r.split(':').map((g) => Number.parseInt(g, 16)) : []
    groups = [...left, ...Array(groupsNeeded - left.length - right.length).fill(0), ...right]
  } else {
    groups = head.split(':').map((g) => Number.parseInt(g, 16))
  }
  if (tailV4) groups.push((tailV4[0]! << 8) | tailV4[1]!, (tailV4[2]! << 8) | tailV4[3]!)
  if (groups.length !== 8 || groups.some((g) => !(g >= 0 && g <= 0xffff))) return undefined
  let v = 0n
  for (const g of groups) v = (v << 16n) | BigInt(g)
  return {type: 6, value: v}
}

/**
 * Text of an IP integer, as the SDK shows it (values ≤ 0xFFFFFFFF are IPv4). `ipType` is accepted for callers
 * holding the stored pair; like the SDK, the value alone decides. Throws a RangeError outside 0 … 2^128-1.
 */
export function formatIp(value: bigint, _ipType?: number): string {
  if (value < 0n || value > U128_MAX) throw new RangeError('ip out of range')
  if (value <= U32_MAX) {
    const n = Number(value)
    return [n >>> 24, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff].join('.')
  }
  const groups: number[] = []
  for (let i = 7; i >= 0; i--) groups.push(Number((value >> BigInt(i * 16)) & 0xffffn))
  // IPv4-mapped: ::ffff:a.b.c.d
  if (groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff) {
    const lo = Number(value & U32_MAX)
    return `::ffff:${[lo >>> 24, (lo >>> 16) & 0xff, (lo >>> 8) & 0xff, lo & 0xff].join('.')}`
  }
  // RFC 5952: compress the longest run (≥ 2) of zero groups, the first one on ties
  let best = -1
  let bestLen = 0
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++
      continue
    }
    let j = i
    while (j < 8 && groups[j] === 0) j++
    if (j - i > bestLen && j - i >= 2) {
      best = i
      bestLen = j - i
    }
    i = j
  }
  const hex = groups.map((g) => g.toString(16))
  if (best < 0) return hex.join(':')
  return `${hex.slice(0, best).join(':')}::${hex.slice(best + bestLen).join(':')}`
}

/** The same formatter under the name the miner topic has always used. */


/** Why a target address must not be contacted (undefined when it may be). Loopback and private ranges are fine. */
export function unusableAddress(ip: string, port: number): string | undefined {
  if (!Number.isInteger(port) || port < 1 || port > 65535) return `port ${port} is not a valid TCP port`
  const p = parseIp(ip)
  if (!p) return `"${ip}" is not an IP address`
  if (p.type === 4) {
    const v = Number(p.value)
    if (v >>> 24 === 0) return `${ip} is in 0.0.0.0/8 (not a host)`
    if (v >>> 28 === 0xe) return `${ip} is a multicast address`
    if (v >>> 28 === 0xf) return `${ip} is reserved or broadcast`
    return undefined
  }
  if (p.value === 0n) return ':: is not a host'
  if (p.value >> 120n === 0xffn) return `${ip} is a multicast address`
  return undefined
}

/** Why `serve_axon` would refuse (or should not be given) this address; undefined when it is fine to announce. */
export function announceRefusal(ip: {value: bigint; type: 4 | 6}): string | undefined {
  if (ip.type === 4) {
    if (ip.value === 0n) return '0.0.0.0 is not an address validators can reach'
    if (ip.value >> 24n === 127n) return 'the chain refuses loopback addresses in serve_axon (127.0.0.1 is invalid on chain); announce the public IP validators can reach'
    if (ip.value >= U32_MAX) return '255.255.255.255 is refused by serve_axon (IPv4 must be below 2^32-1)'
    return undefined
  }
  if (ip.value === 0n) return ':: is not an address validators can reach'
  if (ip.value === 1n) return 'the chain refuses the IPv6 loopback ::1 in serve_axon; announce the public IP validators can reach'
  if (ip.value === U128_MAX) return 'the all-ones IPv6 address is refused by serve_axon'
  return undefined
}
