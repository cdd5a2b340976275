/**
 * Which axon addresses a dendrite may contact. Loopback and private ranges are fine (a local test axon); a port
 * outside 1…65535, 0.0.0.0/8, multicast, broadcast/reserved and `::` are never contacted.
 */
import {isIPv4, isIPv6} from 'node:net'

/** Why a target address must not be contacted (undefined when it may be). */
export function unusableAddress(ip: string, port: number): string | undefined {
  if (!Number.isInteger(port) || port < 1 || port > 65535) return `port ${port} is not a valid TCP port`
  const s = ip.trim().replace(/^\[(.*)\]$/, '$1')
  if (isIPv4(s)) {
    const first = Number(s.split('.')[0])
    if (first === 0) return `${ip} is in 0.0.0.0/8 (not a host)`
    if (first >>> 4 === 0xe) return `${ip} is a multicast address`
    if (first >>> 4 === 0xf) return `${ip} is reserved or broadcast`
    return undefined
  }
  if (!isIPv6(s) || s.includes('%')) return `"${ip}" is not an IP address`
  // every hex digit zero (`::`, `0:0::0`, `::0.0.0.0`): the unspecified address
  if (/^[0:.]*$/.test(s)) return ':: is not a host'
  // the first byte 0xff: ff00::/8
  if (/^ff[0-9a-f]{2}:/i.test(s)) return `${ip} is a multicast address`
  return undefined
}
