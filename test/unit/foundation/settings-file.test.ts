/**
 * The config file is the one the `conf` package writes (read here with node:fs, written through conf): `<configDir>/config.json`, a JSON
 * object with tab indentation and no trailing newline; a file conf wrote reads back as it was; an unreadable file
 * is one "cannot read tao config" error; a setting that is not set reads as undefined.
 */
import {chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, statSync, symlinkSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import path from 'node:path'
import {afterEach, beforeEach, describe, expect, it} from 'vitest'

import {openSettings} from '../../../src/config/settings.js'

let dir: string
const saved = process.env.TAO_CONFIG_DIR

beforeEach(() => {
  dir = path.join(mkdtempSync(path.join(tmpdir(), 'tao-settings-file-')), 'nested', 'tao')
  process.env.TAO_CONFIG_DIR = dir
})
afterEach(() => {
  if (saved === undefined) delete process.env.TAO_CONFIG_DIR
  else process.env.TAO_CONFIG_DIR = saved
})

describe('config file', () => {
  it('is config.json in the config folder, tab-indented JSON, as conf wrote it', async () => {
    const store = await openSettings()
    expect(store.path).toBe(path.join(dir, 'config.json'))
    expect(store.get('network')).toBeUndefined()
    expect(store.all()).toEqual({})
    await store.set('network', 'local')
    await store.set('timeout', 12.5)
    expect(readFileSync(store.path, 'utf8')).toBe('{\n\t"network": "local",\n\t"timeout": 12.5\n}')
    expect(store.get('timeout')).toBe(12.5)
    await store.delete('network')
    expect(readFileSync(store.path, 'utf8')).toBe('{\n\t"timeout": 12.5\n}')
    expect(store.all()).toEqual({timeout: 12.5})
    // no temp file left beside it
    expect(readdirSync(dir)).toEqual(['config.json'])
    expect(statSync(store.path).mode & 0o777).toBe(0o666 & ~process.umask())
  })

  it('reads a file conf wrote, keeps keys it does not know, and sees changes made by others', async () => {
    mkdirSync(dir, {recursive: true})
    writeFileSync(path.join(dir, 'config.json'), '{\n\t"wallet": "validator",\n\t"__internal__": {"x": 1}\n}')
    const store = await openSettings()
    expect(store.get('wallet')).toBe('validator')
    await store.set('hotkey', 'h1')
    expect(JSON.parse(readFileSync(store.path, 'utf8'))).toEqual({__internal__: {x: 1}, hotkey: 'h1', wallet: 'validator'})
    writeFileSync(store.path, '{"wallet": "other"}')
    expect(store.get('wallet')).toBe('other')
  })

  it('a missing file is an empty store and its folder is made, as before', async () => {
    const store = await openSettings()
    expect(existsSync(dir)).toBe(true)
    expect(existsSync(store.path)).toBe(false)
  })

  it('a file that is not JSON is one BadConfig error naming the folder', async () => {
    mkdirSync(dir, {recursive: true})
    writeFileSync(path.join(dir, 'config.json'), '{"wallet": ')
    await expect(openSettings()).rejects.toMatchObject({code: 'BadConfig', message: expect.stringMatching(new RegExp(`^cannot read tao config in ${dir}: .*JSON`))})
  })

  it('writes through a symlinked config.json to its target', async () => {
    mkdirSync(dir, {recursive: true})
    const real = path.join(path.dirname(dir), 'real-config.json')
    writeFileSync(real, '{}')
    symlinkSync(real, path.join(dir, 'config.json'))
    const store = await openSettings()
    await store.set('wallet', 'w')
    expect(readFileSync(real, 'utf8')).toBe('{\n\t"wallet": "w"\n}')
  })

  it.skipIf(process.getuid?.() === 0)('a folder it cannot write to: exit 3, the setting unchanged, no temp file', async () => {
    mkdirSync(dir, {recursive: true})
    writeFileSync(path.join(dir, 'config.json'), '{\n\t"wallet": "a"\n}')
    chmodSync(dir, 0o555)
    try {
      const store = await openSettings()
      await expect(store.set('wallet', 'b')).rejects.toThrow(expect.objectContaining({code: 'Write.EACCES', exitCode: 3, message: `cannot write tao config ${store.path}: permission denied; the setting is unchanged`}))
      expect(store.get('wallet')).toBe('a')
      expect(readdirSync(dir)).toEqual(['config.json'])
    } finally {
      chmodSync(dir, 0o755)
    }
  })
})
