import {describe, expect, it} from 'vitest'

import {
  NACL_MEMLIMIT,
  NACL_OPSLIMIT,
  NACL_SALT,
  deriveNaclKey,
  naclDecrypt,
  naclEncrypt,
  naclOpenWithKey,
  naclSealWithKey,
  resolveBackend,
} from '../../../src/wallet/nacl.js'
import {hex, toHex, vector} from './vectors.js'

// Every distinct password is derived once (≈3 s and 512 MiB each with the real parameters).
const keyCache = new Map<string, Promise<Uint8Array>>()
const keyOf = (pw: string) => {
  if (!keyCache.has(pw)) keyCache.set(pw, deriveNaclKey(pw))
  return keyCache.get(pw)!
}

const kdf = vector('12-kdf-derived-keys.json')
const tenso = vector('04-nacl-fixed-nonce-tenso-rs.json')
const btt = vector('05-nacl-third-party-btt.json')
const pynacl = vector('06-nacl-generated-pynacl.json')

describe('$NACL parameters', () => {
  it('are argon2i13 t=8, m=512 MiB, with upstream\'s fixed salt', () => {
    expect(NACL_OPSLIMIT).toBe(8)
    expect(NACL_MEMLIMIT).toBe(536_870_912)
    expect(toHex(NACL_SALT)).toBe('137183dff15a09bc9c90b5518739e9b1')
  })

  it('uses the native binding here', () => {
    expect(resolveBackend('auto')).toBe('native')
  })
})

describe('argon2i key derivation (12-kdf-derived-keys.json, 05 kdf_vector)', () => {
  it.each(kdf.items.map((i: any) => [i.password, i.key_hex]))('password %j', async (pw, keyHex) => {
    expect(toHex(await keyOf(pw))).toBe(keyHex)
  })

  it('05 kdf vector (hello-btcli)', async () => {
    expect(toHex(await keyOf(btt.kdf_vector.password))).toBe(btt.kdf_vector.derived_key_hex)
  })

  it('the event loop keeps running during a derivation', async () => {
    let ticks = 0
    const timer = setInterval(() => ticks++, 50)
    await deriveNaclKey('event-loop-check')
    clearInterval(timer)
    expect(ticks).toBeGreaterThan(10)
  })

  it('the wasm fallback derives the same key, off the event loop', async () => {
    let ticks = 0
    const timer = setInterval(() => ticks++, 50)
    const key = await deriveNaclKey('Password1%', {backend: 'wasm'})
    clearInterval(timer)
    expect(toHex(key)).toBe(kdf.items.find((i: any) => i.password === 'Password1%').key_hex)
    expect(ticks).toBeGreaterThan(10)
  })
})

describe('$NACL files', () => {
  it('04 tenso-rs: "test" + "password" + nonce → exact file bytes, and back', async () => {
    const key = await keyOf(tenso.password)
    for (const backend of ['native', 'wasm'] as const) {
      const file = await naclSealWithKey(new TextEncoder().encode(tenso.plaintext_utf8), key, hex(tenso.nonce_hex), backend)
      expect(file.toString('hex')).toBe(tenso.expected_file_hex)
      const back = await naclOpenWithKey(hex(tenso.expected_file_hex), key, backend)
      expect(Buffer.from(back!).toString('utf8')).toBe(tenso.plaintext_utf8)
    }
  })

  it('05 btt: zero-nonce blob decrypts', async () => {
    const out = await naclOpenWithKey(hex(btt.blob_vector.file_hex), await keyOf(btt.blob_vector.password))
    expect(Buffer.from(out!).toString('utf8')).toBe(btt.blob_vector.expected_plaintext)
  })

  it.each(pynacl.vectors.map((v: any) => [v.name, v]))('06 PyNaCl: %s decrypts to the expected plaintext', async (_name, v: any) => {
    const key = await keyOf(v.password)
    if (v.derived_key_hex) expect(toHex(key)).toBe(v.derived_key_hex)
    const out = await naclOpenWithKey(hex(v.file_hex), key)
    expect(Buffer.from(out!).toString('utf8')).toBe(v.plaintext)
    if (v.file_base64) expect(Buffer.from(v.file_base64, 'base64').toString('hex')).toBe(v.file_hex)
  })

  it('06: re-encrypting with the fixed nonce is byte-identical to the PyNaCl file', async () => {
    const v = pynacl.vectors.find((x: any) => x.nonce_hex === '000102030405060708090a0b0c0d0e0f1011121314151617')
    const file = await naclSealWithKey(new TextEncoder().encode(v.plaintext), await keyOf(v.password), hex(v.nonce_hex))
    expect(file.toString('hex')).toBe(v.file_hex)
  })

  it('a wrong key fails the MAC (no plaintext), and naclDecrypt says "wrong password"', async () => {
    const v = pynacl.vectors[0]
    expect(await naclOpenWithKey(hex(v.file_hex), await keyOf('password'))).toBeUndefined()
    expect(await naclOpenWithKey(hex(v.file_hex), await keyOf('password'), 'wasm')).toBeUndefined()
    // one real end-to-end decrypt with the wrong password (cheap parameters are not used anywhere here)
    await expect(naclDecrypt(hex(tenso.expected_file_hex), 'not-the-password', {what: 'coldkey'})).rejects.toMatchObject({
      code: 'WrongPassword',
      exitCode: 2,
      message: 'wrong password for coldkey',
    })
  })

  it('a truncated or tampered file is refused', async () => {
    const file = hex(tenso.expected_file_hex)
    await expect(naclDecrypt(file.subarray(0, 40), 'password')).rejects.toMatchObject({code: 'BadKeyfile', exitCode: 2})
    const tampered = Uint8Array.from(file)
    tampered[tampered.length - 1] ^= 1
    expect(await naclOpenWithKey(tampered, await keyOf('password'))).toBeUndefined()
  })

  it('naclEncrypt uses a fresh random nonce each time and naclDecrypt round-trips', async () => {
    const pt = new TextEncoder().encode('{"a":"b"}')
    const a = await naclEncrypt(pt, 'password')
    const b = await naclSealWithKey(pt, await keyOf('password'))
    expect(a.subarray(0, 5).toString()).toBe('$NACL')
    expect(a.length).toBe(5 + 24 + 16 + pt.length)
    expect(a.subarray(5, 29).equals(b.subarray(5, 29))).toBe(false)
    expect(Buffer.from((await naclOpenWithKey(a, await keyOf('password')))!).toString()).toBe('{"a":"b"}')
  })
})
