import {mkdirSync, mkdtempSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import path from 'node:path'
import {describe, expect, it} from 'vitest'

import {createPasswordSource} from '../../../src/wallet/passwords.js'
import {coldkeyAddress, hotkeyAddress, loadColdkey, loadColdkeyInfo, loadHotkey, resolveWalletRef} from '../../../src/wallet/wallet.js'
import {hex, vector} from './vectors.js'

const pynacl = vector('06-nacl-generated-pynacl.json')
const plain = vector('11-legacy-plain-files.json')

function walletDir() {
  const root = mkdtempSync(path.join(tmpdir(), 'tao-wallet-'))
  return {ref: (name: string, hotkey = 'default') => resolveWalletRef({hotkey, name, path: root}), root}
}

describe('loading keys from a btcli wallet folder', () => {
  it('an upstream $NACL coldkey unlocks with TAO_PASSWORD; the public address needs no password', async () => {
    const {ref, root} = walletDir()
    const v = pynacl.vectors[0]
    mkdirSync(path.join(root, 'w'), {recursive: true})
    writeFileSync(path.join(root, 'w', 'coldkey'), hex(v.file_hex))
    writeFileSync(path.join(root, 'w', 'coldkeypub.txt'), plain.items[3].python_sdk_coldkeypub)
    expect(await coldkeyAddress(ref('w'))).toBe('5HDvhV6WDCjCKyrXqGQSDYqQAzkzabNhctmiDYEqgBC66BsX')
    const progress: string[] = []
    const src = createPasswordSource({env: {TAO_PASSWORD: v.password}, progress: (m) => (progress.push(m), () => {})})
    const loaded = await loadColdkeyInfo(ref('w'), src)
    expect(loaded.encoding).toBe('nacl')
    expect(loaded.pair.address).toBe('5HDvhV6WDCjCKyrXqGQSDYqQAzkzabNhctmiDYEqgBC66BsX')
    expect(progress).toEqual(['unlocking coldkey…'])
    // without a password source: one usage error, no hang
    await expect(loadColdkey(ref('w'), createPasswordSource({env: {}}))).rejects.toMatchObject({code: 'PasswordNeeded', exitCode: 2})
  })

  it('a hotkey-only folder (no coldkey) loads the hotkey', async () => {
    const {ref, root} = walletDir()
    mkdirSync(path.join(root, 'v', 'hotkeys'), {recursive: true})
    writeFileSync(path.join(root, 'v', 'hotkeys', 'hk'), plain.items[1].content)
    const pair = await loadHotkey(ref('v', 'hk'))
    expect(pair.address).toBe('5FcWiCiFoSspGGocSxzatNL5kT6cjxjXQ9LuAuYbvFNUqcfX')
    expect(await hotkeyAddress(ref('v', 'hk'))).toBe('5FcWiCiFoSspGGocSxzatNL5kT6cjxjXQ9LuAuYbvFNUqcfX')
    await expect(loadColdkey(ref('v'))).rejects.toMatchObject({code: 'NoKeyfile', exitCode: 3})
  })

  it('a corrupt key file is exit 2', async () => {
    const {ref, root} = walletDir()
    mkdirSync(path.join(root, 'c'), {recursive: true})
    writeFileSync(path.join(root, 'c', 'coldkey'), '{"secretPhrase": "old leop')
    await expect(loadColdkey(ref('c'))).rejects.toMatchObject({code: 'BadKeyfile', exitCode: 2})
  })
})
