/**
 * serve_axon and the Axons storage, encoded from the spec-381 metadata, against the shared vectors' bytes
 * (computed from the subtensor struct definitions): call bytes, AxonInfo SCALE layout, storage key.
 */
import {Metadata, TypeRegistry, expandMetadata} from '@polkadot/types'
import {compactStripLength} from '@polkadot/util'
import {readFileSync} from 'node:fs'
import path from 'node:path'
import {describe, expect, it} from 'vitest'

import {serveAxonCall} from '../../../src/chain/calls/serve.js'
import {endpointOf, validateAnnounce} from '../../../src/miner/chain.js'
import {parsePyJson, PyDict} from '../../../src/protocol/pyvalue.js'
import {SIGNED_EXTENSIONS} from '../../../src/chain/extensions.js'
import {SHARED} from '../../helpers/paths.js'
import {tx381} from '../../helpers/metadata.js'

const V = parsePyJson(readFileSync(path.join(SHARED, 'vectors', 'dendrite.json'), 'utf8')) as PyDict
const chainV = V.get('chain') as PyDict
const get = (d: PyDict, k: string) => d.get(k) as any

describe('serve_axon and Axons encoding (spec 381 metadata)', () => {
  it('serve_axon call bytes match the vector', () => {
    const {tx} = tx381()
    const ex = get(chainV, 'serve_axon_call_args_scale_example') as PyDict
    const params = validateAnnounce({ip: '1.2.3.4', netuid: Number(get(ex, 'netuid')), port: 8091, protocol: 4, version: 10_002_000})
    expect(params).toEqual({ip: 16909060n, ipType: 4, netuid: 1, port: 8091, protocol: 4, version: 10_002_000})
    const call = serveAxonCall(tx, params)
    expect(call.toHex()).toBe('0x' + get(ex, 'call_hex_with_pallet_and_call_index'))
  })

  it('AxonInfo decodes from the vector SCALE bytes; Axons key layout matches', () => {
    const file = path.join(SHARED, 'chain', 'subtensor-spec381.metadata.scale')
    const registry = new TypeRegistry()
    const metadata = new Metadata(registry, new Uint8Array(readFileSync(file)))
    registry.setMetadata(metadata, undefined, SIGNED_EXTENSIONS as never)
    const query = expandMetadata(registry, metadata).query as any
    const ex = get(chainV, 'AxonInfo_scale_example') as PyDict
    const valueType = query.subtensorModule.axons.meta.type.asMap.value
    const info: any = registry.createType(registry.createLookupType(valueType) as never, '0x' + get(ex, 'scale_hex'))
    expect(info.ip.toBigInt()).toBe(16909060n)
    expect(info.port.toNumber()).toBe(8091)
    expect(info.ipType.toNumber()).toBe(4)
    expect(info.version.toNumber()).toBe(10_002_000)
    expect(info.block.toBigInt()).toBe(4_000_000n)
    const keyEx = get(chainV, 'axons_storage_key_example') as PyDict
    const key = query.subtensorModule.axons(Number(get(keyEx, 'netuid')), get(keyEx, 'hotkey'))
    // the creator returns the key with its SCALE length prefix
    expect('0x' + Buffer.from(compactStripLength(key)[1]).toString('hex')).toBe(get(keyEx, 'key_hex'))
  })

  it('chain entries become dendrite targets, with a reason when they cannot be queried', () => {
    const base = {block: 1n, ipType: 4, protocol: 4, version: 1}
    expect(endpointOf(3, 'hk', {...base, ip: 16909060n, port: 8091})).toMatchObject({ip: '1.2.3.4', port: 8091, uid: 3})
    expect(endpointOf(3, 'hk', {...base, ip: 0n, port: 0}).notServing).toBe(true)
    expect(endpointOf(3, 'hk', {...base, ip: 16909060n, port: 0}).problem).toMatch(/port 0/)
    expect(endpointOf(3, 'hk', {...base, ip: 42540766411282592856903984951653826561n, ipType: 6, port: 1}).ip).toBe('2001:db8::1')
  })

  it('refuses what the chain refuses, before anything is sent', () => {
    expect(() => validateAnnounce({ip: '127.0.0.1', netuid: 1, port: 8091})).toThrow(/loopback/)
    expect(() => validateAnnounce({ip: '8.8.8.8', netuid: 1, port: 0})).toThrow(/port 0/)
    expect(() => validateAnnounce({ip: '8.8.8', netuid: 1, port: 1})).toThrow(/not an IPv4 or IPv6/)
    expect(() => validateAnnounce({ip: '::1', netuid: 1, port: 1})).toThrow(/loopback/)
    expect(validateAnnounce({ip: '2001:db8::1', netuid: 2, port: 1})).toMatchObject({ipType: 6, netuid: 2})
  })
})
