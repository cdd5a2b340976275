import {existsSync, readFileSync, readdirSync, writeFileSync} from 'node:fs'
import path from 'node:path'
import {describe, expect, inject, it} from 'vitest'

import {runTao, tempHome} from '../helpers/run-tao.js'
import {recordingProxy} from '../helpers/ws-proxy.js'

const endpoint = inject('endpoint')

describe.skipIf(!endpoint)('tao chain info against the spec-218 chain', () => {
  const home = tempHome()

  it('reports the runtime and caches metadata so a second run does not download it', async () => {
    const first = await runTao(['chain', 'info', '--network', endpoint, '--json'], {env: home.env})
    expect(first.code).toBe(0)
    expect(first.json.specVersion).toBe(218)
    expect(first.json.tokenSymbol).toBe('TAO')
    expect(first.json.tokenDecimals).toBe(9)
    expect(first.json.genesisHash).toMatch(/^0x[0-9a-f]{64}$/)
    expect(first.json.bestBlock).toBeGreaterThanOrEqual(first.json.finalizedBlock)
    expect(first.json.metadataSource).toBe('network')
    const cached = readdirSync(path.join(home.env.TAO_CACHE_DIR, 'metadata'))
    expect(cached).toEqual([`${first.json.genesisHash}-218.hex`])

    const second = await runTao(['chain', 'info', '--network', endpoint, '--json'], {env: home.env})
    expect(second.code).toBe(0)
    expect(second.json.metadataSource).toBe('cache')
    expect(second.json.genesisHash).toBe(first.json.genesisHash)
  })

  it('human output is a table with the spec version and no colour when piped', async () => {
    const r = await runTao(['chain', 'info', '--network', endpoint], {env: home.env})
    expect(r.code).toBe(0)
    expect(r.stdout).toMatch(/node-subtensor spec 218/)
    expect(r.stdout).not.toMatch(/\u001B\[/)
  })

  it('takes the network from TAO_NETWORK and from the config file, flag first', async () => {
    const h = tempHome()
    const set = await runTao(['config', 'set', 'network', endpoint], {env: h.env})
    expect(set.code).toBe(0)
    const viaConfig = await runTao(['chain', 'info', '--json'], {env: h.env})
    expect(viaConfig.json.endpoint).toBe(endpoint)
    const viaEnvBad = await runTao(['chain', 'info', '--json'], {env: {...h.env, TAO_NETWORK: 'ws://127.0.0.1:1', TAO_TIMEOUT: '5'}})
    expect(viaEnvBad.code).toBe(4)
    const flagWins = await runTao(['chain', 'info', '--json', '--network', endpoint], {env: {...h.env, TAO_NETWORK: 'ws://127.0.0.1:1'}})
    expect(flagWins.code).toBe(0)
    expect(existsSync(path.join(h.env.TAO_CONFIG_DIR, 'config.json'))).toBe(true)
  })
  it('warns when the runtime differs from the one seen at the last run', async () => {
    const h = tempHome()
    const first = await runTao(['chain', 'info', '--network', endpoint, '--json'], {env: h.env})
    expect(first.stderr).not.toMatch(/runtime upgraded/)
    const seenFile = path.join(h.env.TAO_CACHE_DIR, 'runtime-seen.json')
    const seen = JSON.parse(readFileSync(seenFile, 'utf8'))
    seen[first.json.genesisHash].specVersion = 217
    writeFileSync(seenFile, JSON.stringify(seen))
    const second = await runTao(['chain', 'info', '--network', endpoint, '--json'], {env: h.env})
    expect(second.code).toBe(0)
    expect(second.stderr).toMatch(/warning: runtime upgraded since the last run: spec 217 -> 218/)
    const third = await runTao(['chain', 'info', '--network', endpoint, '--json'], {env: h.env})
    expect(third.stderr).not.toMatch(/runtime upgraded/)
  })
  it('a second run requests no runtime metadata (state_getMetadata or Metadata_* runtime calls), seen by a recording proxy', async () => {
    const h = tempHome()
    const proxy = await recordingProxy(endpoint)
    try {
      const first = await runTao(['chain', 'info', '--network', proxy.url, '--json'], {env: h.env})
      expect(first.code).toBe(0)
      const metadataFetches = (m: string[]) => m.filter((x) => x === 'state_getMetadata' || x.startsWith('state_call:Metadata_'))
      expect(metadataFetches(proxy.methods).length).toBeGreaterThan(0)
      proxy.methods.length = 0
      const second = await runTao(['chain', 'info', '--network', proxy.url, '--json'], {env: h.env})
      expect(second.code).toBe(0)
      expect(second.json.specVersion).toBe(218)
      expect(proxy.methods).toContain('state_getRuntimeVersion')
      expect(metadataFetches(proxy.methods)).toEqual([])
    } finally {
      await proxy.close()
    }
  })
})
