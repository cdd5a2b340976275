/**
 * `tao wallet regen-coldkey|regen-hotkey --json-file`: polkadot.js exports (made here with @polkadot/keyring's
 * toJson) import to the right address as btcli-compatible key files, and the imported coldkey signs a transfer
 * on the spec-218 chain. Bad inputs (wrong password, a tampered address, an export fed as a mnemonic) are one
 * line, non-zero, and write nothing.
 */
import type {ApiPromise} from '@polkadot/api'

import {Keyring} from '@polkadot/keyring'
import {cryptoWaitReady} from '@polkadot/util-crypto'
import {existsSync, readFileSync, statSync, writeFileSync} from 'node:fs'
import path from 'node:path'
import {afterAll, beforeAll, describe, expect, inject, it} from 'vitest'

import {TAO, devApi, devKey, freeBalance, fund} from '../helpers/dev-chain.js'
import {runTao, tempHome} from '../helpers/run-tao.js'

const endpoint = inject('endpoint')

describe.skipIf(!endpoint)('polkadot.js JSON imports', () => {
  const home = tempHome('tao-cold-import-')
  const env = {...home.env, TAO_NETWORK: endpoint}
  const wallets = home.env.TAO_WALLET_PATH
  let api: ApiPromise
  let coldExport: string
  let hotExport: string
  let coldAddress: string
  let hotAddress: string
  const pwFile = path.join(home.dir, 'export-pw.txt')

  beforeAll(async () => {
    await cryptoWaitReady()
    api = await devApi(endpoint)
    const kr = new Keyring({ss58Format: 42, type: 'sr25519'})
    const cold = kr.addFromUri('//Alice//json-import-cold')
    const hot = kr.addFromUri('//Alice//json-import-hot')
    coldAddress = cold.address
    hotAddress = hot.address
    coldExport = path.join(home.dir, 'cold-export.json')
    hotExport = path.join(home.dir, 'hot-export.json')
    writeFileSync(coldExport, JSON.stringify(cold.toJson('export pass 1')))
    writeFileSync(hotExport, JSON.stringify(hot.toJson('hot-export-pw')))
    writeFileSync(pwFile, 'export pass 1\n', {mode: 0o600})
    await fund(api, coldAddress, 50n * TAO)
  })

  afterAll(async () => {
    await api?.disconnect()
  })

  it('a wrong export password is one line, exit 2, nothing written', async () => {
    const r = await runTao(['wallet', 'regen-coldkey', '-w', 'imported', '--json-file', coldExport, '--no-password'], {env: {...env, TAO_PASSWORD: 'not it'}})
    expect(r.code).toBe(2)
    const lines = r.stderr.trim().split('\n')
    expect(lines).toHaveLength(1)
    expect(lines[0]).toMatch(/^error: wrong password for the polkadot\.js export .*cold-export\.json \(password from TAO_PASSWORD\); nothing was written$/)
    expect(existsSync(path.join(wallets, 'imported'))).toBe(false)
  })

  it('an export whose address is not its key is refused, nothing written', async () => {
    const tampered = JSON.parse(readFileSync(coldExport, 'utf8'))
    tampered.address = devKey('//Bob').address
    const f = path.join(home.dir, 'tampered.json')
    writeFileSync(f, JSON.stringify(tampered))
    const r = await runTao(['wallet', 'regen-coldkey', '-w', 'imported', '--json-file', f, '--no-password'], {env: {...env, TAO_PASSWORD_FILE: pwFile}})
    expect(r.code).toBe(2)
    expect(r.stderr.trim().split('\n')).toHaveLength(1)
    expect(r.stderr).toContain(`the key in the export is ${coldAddress}, not the address the file names (${devKey('//Bob').address})`)
    expect(existsSync(path.join(wallets, 'imported'))).toBe(false)
  })

  it('an export given as a mnemonic says to use --json-file', async () => {
    const r = await runTao(['wallet', 'regen-coldkey', '-w', 'imported', '--mnemonic-file', coldExport, '--no-password'], {env})
    expect(r.code).toBe(2)
    expect(r.stderr.trim()).toBe('error: not a mnemonic; for a polkadot.js export use --json-file')
    const piped = await runTao(['wallet', 'regen-hotkey', '-w', 'imported', '-H', 'x'], {env, input: readFileSync(coldExport, 'utf8')})
    expect(piped.code).toBe(2)
    expect(piped.stderr.trim()).toBe('error: not a mnemonic; for a polkadot.js export use --json-file')
    expect(existsSync(path.join(wallets, 'imported'))).toBe(false)
  })

  it('the coldkey export imports to its address ($NACL, 0600) and signs a transfer on the chain', async () => {
    // the export's password and the new coldkey's password both come from TAO_PASSWORD_FILE
    const r = await runTao(['wallet', 'regen-coldkey', '-w', 'imported', '--json-file', coldExport, '--json'], {env: {...env, TAO_PASSWORD_FILE: pwFile}})
    expect(r.code, r.stderr).toBe(0)
    expect(r.json).toMatchObject({coldkeyAddress: coldAddress, coldkeyEncrypted: true, wallet: 'imported'})
    const keyFile = path.join(wallets, 'imported', 'coldkey')
    expect(readFileSync(keyFile).subarray(0, 5).toString('latin1')).toBe('$NACL')
    expect(statSync(keyFile).mode & 0o777).toBe(0o600)
    expect(JSON.parse(readFileSync(path.join(wallets, 'imported', 'coldkeypub.txt'), 'utf8')).ss58Address).toBe(coldAddress)

    const dest = devKey('//Alice//json-import-dest').address
    const [a0, d0] = [await freeBalance(api, coldAddress), await freeBalance(api, dest)]
    const t = await runTao(['wallet', 'transfer', '-w', 'imported', '--dest', dest, '--amount', '3.25', '--yes', '--json'], {env: {...env, TAO_PASSWORD_FILE: pwFile}})
    expect(t.code, t.stderr).toBe(0)
    expect(t.json.from).toBe(coldAddress)
    expect((await freeBalance(api, dest)) - d0).toBe(3_250_000_000n)
    expect(a0 - (await freeBalance(api, coldAddress))).toBe(3_250_000_000n + BigInt(t.json.feeRao))
  })

  it('the hotkey export imports unencrypted with btwallet fields (privateKey, no phrase); password from BT_PW_<export path>', async () => {
    const {encodeBtPassword, btPasswordEnvName} = await import('../../src/wallet/passwords.js')
    const name = btPasswordEnvName(hotExport)
    const r = await runTao(['wallet', 'regen-hotkey', '-w', 'imported', '-H', 'hk', '--json-file', hotExport, '--json'], {
      env: {...env, [name]: encodeBtPassword('hot-export-pw', name)},
    })
    expect(r.code, r.stderr).toBe(0)
    expect(r.json).toMatchObject({hotkey: 'hk', hotkeyAddress: hotAddress, hotkeyEncrypted: false})
    const file = path.join(wallets, 'imported', 'hotkeys', 'hk')
    const json = JSON.parse(readFileSync(file, 'utf8'))
    expect(Object.keys(json).sort()).toEqual(['accountId', 'privateKey', 'publicKey', 'ss58Address'])
    expect(json.ss58Address).toBe(hotAddress)
    expect(statSync(file).mode & 0o777).toBe(0o600)
    // the stored privateKey is the schnorrkel form (÷8) and signs as the hotkey
    const s = await runTao(['wallet', 'sign', '-w', 'imported', '-H', 'hk', '--use-hotkey', '--message', 'hello', '--json'], {env})
    expect(s.code, s.stderr).toBe(0)
    const {signatureVerify} = await import('@polkadot/util-crypto')
    expect(signatureVerify('hello', s.json.signature, hotAddress).isValid).toBe(true)
  })
})
