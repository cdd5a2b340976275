import {describe, expect, it} from 'vitest'

import {localEndpoint, localnetStateFile, resolveNetworkName} from '../../../src/config/settings.js'
import {announceAxonLocalDev, validateAnnounce} from '../../../src/miner/chain.js'
import {forgetLocalnet, recordLocalnet} from '../../../src/localnet/state.js'
import {mkdtempSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import path from 'node:path'

/** A chain whose RPC answers rpc_methods with `methods` and records every call. */
function fakeChain(methods: string[]) {
  const calls: string[] = []
  const chain = {
    api: {_rpcCore: {provider: {send: async (m: string) => (calls.push(m), m === 'rpc_methods' ? {methods} : null)}}},
    endpoint: 'wss://node.example:443',
    timeoutMs: 5000,
  }
  return {calls, chain}
}

describe('miner announce --local-dev', () => {
  it('accepts loopback only with localDev; the chain rules hold otherwise', () => {
    expect(() => validateAnnounce({ip: '127.0.0.1', netuid: 1, port: 8091})).toThrow(/loopback/)
    expect(validateAnnounce({ip: '127.0.0.1', localDev: true, netuid: 1, port: 8091})).toMatchObject({ip: 2130706433n, ipType: 4, port: 8091})
    expect(() => validateAnnounce({ip: '127.0.0.1', localDev: true, netuid: 1, port: 0})).toThrow(/port/)
    expect(() => validateAnnounce({ip: '0.0.0.0', localDev: true, netuid: 1, port: 8091})).toThrow(/0\.0\.0\.0/)
  })

  it('refuses, writing nothing, on a chain without dev_setStorage', async () => {
    const {calls, chain} = fakeChain(['system_health', 'author_submitExtrinsic'])
    const params = validateAnnounce({ip: '127.0.0.1', localDev: true, netuid: 1, port: 8091})
    await expect(announceAxonLocalDev(chain as never, '5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY', params)).rejects.toMatchObject({
      code: 'NotLocalnet',
      field: 'localDev',
      message: expect.stringMatching(/only on a tao localnet.*wss:\/\/node\.example:443 is not one: nothing was written/),
    })
    expect(calls).toEqual(['rpc_methods'])
  })
})

describe('-n local', () => {
  it('is the recorded localnet while its process lives, else ws://127.0.0.1:9944', () => {
    const before = process.env.TAO_DATA_DIR
    process.env.TAO_DATA_DIR = mkdtempSync(path.join(tmpdir(), 'tao-local-'))
    try {
      const file = localnetStateFile()
      expect(localEndpoint()).toBe('ws://127.0.0.1:9944')
      recordLocalnet(file, 'ws://127.0.0.1:40123', {warn: () => {}})
      expect(resolveNetworkName('local')).toBe('ws://127.0.0.1:40123')
      expect(resolveNetworkName('LOCAL')).toBe('ws://127.0.0.1:40123')
      forgetLocalnet(file)
      expect(resolveNetworkName('local')).toBe('ws://127.0.0.1:9944')
      // a record left by a process that is gone is ignored
      writeFileSync(file, JSON.stringify({endpoint: 'ws://127.0.0.1:40124', pid: 2 ** 22 + 7}))
      expect(resolveNetworkName('local')).toBe('ws://127.0.0.1:9944')
    } finally {
      if (before === undefined) delete process.env.TAO_DATA_DIR
      else process.env.TAO_DATA_DIR = before
    }
  })
})
