import {mkdtempSync} from 'node:fs'
import {tmpdir} from 'node:os'
import path from 'node:path'
import {describe, expect, it} from 'vitest'

import {classify} from '../../../src/cli/base-command.js'
import {resolveNetworkName, validateSetting} from '../../../src/config/settings.js'
import {ChainError, ExitCode, InputError, NetworkError} from '../../../src/errors.js'
import {stringifyJson} from '../../../src/output/json.js'

describe('--json serialisation', () => {
  it('writes bigint amounts as exact decimal strings and bytes as hex', () => {
    const doc = JSON.parse(stringifyJson({balanceRao: 21_000_000_000_000_000_123n, key: new Uint8Array([1, 255]), n: 5, nested: [{x: 1n}], skip: undefined}, false))
    expect(doc).toEqual({balanceRao: '21000000000000000123', key: '0x01ff', n: 5, nested: [{x: '1'}]})
  })
  it('is one line when not pretty', () => {
    expect(stringifyJson({a: {b: [1, 2]}}, false)).not.toContain('\n')
  })
})

describe('error taxonomy', () => {
  it('maps each error class to its fixed exit code', () => {
    expect(classify(new InputError('bad')).exitCode).toBe(ExitCode.USAGE)
    expect(classify(new NetworkError('down')).exitCode).toBe(ExitCode.NETWORK)
    expect(classify(new ChainError('no', {code: 'SubtensorModule.X'}))).toMatchObject({code: 'SubtensorModule.X', exitCode: 5})
    expect(classify(Object.assign(new Error('x'), {name: 'ExitPromptError'})).exitCode).toBe(130)
    expect(classify(new Error('boom'))).toMatchObject({code: 'Bug', exitCode: 1})
  })
})

describe('network names', () => {
  it('knows btcli names and accepts ws/wss URLs', () => {
    expect(resolveNetworkName('finney')).toBe('wss://entrypoint-finney.opentensor.ai:443')
    expect(resolveNetworkName('test')).toMatch(/^wss:\/\/test\./)
    // with no localnet recorded in the data folder (a running `tao localnet start` records its own port)
    const saved = process.env.TAO_DATA_DIR
    process.env.TAO_DATA_DIR = mkdtempSync(path.join(tmpdir(), 'tao-no-localnet-'))
    try {
      expect(resolveNetworkName('local')).toBe('ws://127.0.0.1:9944')
    } finally {
      if (saved === undefined) delete process.env.TAO_DATA_DIR
      else process.env.TAO_DATA_DIR = saved
    }
    expect(resolveNetworkName('ws://127.0.0.1:1')).toBe('ws://127.0.0.1:1')
  })
  it('refuses anything else as bad input', () => {
    expect(() => resolveNetworkName('http://x')).toThrow(/unknown network/)
    expect(() => resolveNetworkName('ws://')).toThrow(/not a valid websocket URL/)
  })
  it('validates settings', () => {
    expect(() => validateSetting('colour', 'x')).toThrow(/unknown setting/)
    expect(() => validateSetting('timeout', '-1')).toThrow(/positive/)
    expect(validateSetting('network', 'local')).toBe('network')
  })
})
