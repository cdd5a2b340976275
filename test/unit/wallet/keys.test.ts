import {describe, expect, it} from 'vitest'

import {addressFromPublicFile, parseKeyfileJson, serializeKeyfile} from '../../../src/wallet/keyfile.js'
import {
  btToPolkadotSecret,
  checkAddress,
  keyfileFromMnemonic,
  keyfileFromSeed,
  keyfileFromUri,
  normalizeMnemonic,
  pairFromKeyfile,
  polkadotToBtSecret,
  publicKeyfile,
} from '../../../src/wallet/keys.js'
import {hex, toHex, vector} from './vectors.js'

const mn = vector('01-mnemonic-derivation.json')
const pk = vector('02-privatekey-signing.json')
const plain = vector('11-legacy-plain-files.json')

describe('mnemonic → key file (01)', () => {
  it.each(mn.vectors.map((v: any) => [v.mnemonic.split(' ').slice(0, 3).join(' '), v]))('%s…', async (_n, v: any) => {
    const exp = {...v.expected_from_repo, ...v.computed_here}
    const kf = await keyfileFromMnemonic(v.mnemonic)
    expect(kf.secretPhrase).toBe(v.mnemonic)
    expect(kf.ss58Address).toBe(exp.ss58Address)
    expect(kf.publicKey).toBe(exp.publicKey)
    expect(kf.accountId).toBe(exp.publicKey)
    if (exp.secretSeed) expect(kf.secretSeed).toBe(exp.secretSeed)
    expect(kf.privateKey).toBe(exp.privateKey_btwallet ?? exp.privateKey)
    // every value a string: btwallet ≤ 4.0.1 cannot read anything else
    for (const val of Object.values(JSON.parse(serializeKeyfile(kf)))) expect(typeof val).toBe('string')
    const pair = await pairFromKeyfile(kf)
    expect(pair.address).toBe(exp.ss58Address)
  })

  it('refuses invalid mnemonics with exit 2 and accepts btcli\'s numbered form', async () => {
    await expect(normalizeMnemonic('old leopard transfer rib spatial phone calm indicate online fire caution caution')).rejects.toMatchObject({code: 'BadMnemonic', exitCode: 2})
    await expect(normalizeMnemonic('old leopard')).rejects.toMatchObject({code: 'BadMnemonic'})
    const words = mn.vectors[0].mnemonic.split(' ')
    const numbered = words.map((w: string, i: number) => `${i + 1}-${w}`).reverse().join(' ')
    expect(await normalizeMnemonic(numbered)).toBe(mn.vectors[0].mnemonic)
    expect(await normalizeMnemonic(`  ${words.join('   ').toUpperCase()} \n`)).toBe(mn.vectors[0].mnemonic)
  })
})

describe('privateKey forms (02)', () => {
  it.each(pk.vectors.map((v: any, i: number) => [i, v]))('fixture %i: ×8 conversion, signing and the round trip', async (_i, v: any) => {
    const expected = v.expected_publicKey ?? v.expected_publicKey_computed_here
    const pd = btToPolkadotSecret(hex(v.privateKey))
    if (v.secretKey_polkadotjs) expect(toHex(pd)).toBe(v.secretKey_polkadotjs.slice(2))
    expect(toHex(polkadotToBtSecret(pd))).toBe(v.privateKey.slice(2))
    const pair = await pairFromKeyfile({privateKey: v.privateKey})
    expect(toHex(pair.publicKey)).toBe(expected.slice(2))
    const {signatureVerify} = await import('@polkadot/util-crypto')
    const sig = pair.sign('hello')
    expect(signatureVerify('hello', sig, expected).isValid).toBe(true)
    expect(signatureVerify('hello', sig, v.wrong_publicKey_if_used_unconverted).isValid).toBe(false)
  })

  it('a 64-byte privateKey given as a seed gives the same key file as btwallet', async () => {
    const kf = await keyfileFromSeed(pk.vectors[0].privateKey)
    expect(kf.publicKey).toBe(pk.vectors[0].expected_publicKey)
    expect(kf.privateKey).toBe(pk.vectors[0].privateKey)
    expect(kf.secretSeed).toBeUndefined()
  })

  it('a 32-byte seed gives the mnemonic\'s key (without the phrase)', async () => {
    const v = mn.vectors[0]
    const kf = await keyfileFromSeed(v.computed_here.secretSeed)
    expect(kf.ss58Address).toBe(v.computed_here.ss58Address)
    expect(kf.privateKey).toBe(v.computed_here.privateKey_btwallet)
    expect(kf.secretPhrase).toBeUndefined()
    await expect(keyfileFromSeed('0x1234')).rejects.toMatchObject({code: 'BadSeed', exitCode: 2})
    await expect(keyfileFromSeed('zz')).rejects.toMatchObject({code: 'BadSeed'})
  })
})

describe('secret URIs (01 hdkd_uri_vectors_from_repo)', () => {
  it.each(mn.hdkd_uri_vectors_from_repo.items.map((i: any) => [i.uri, i.ss58]))('%s', async (uri, ss58) => {
    const kf = await keyfileFromUri(uri)
    expect(kf.ss58Address).toBe(ss58)
    expect((await pairFromKeyfile(kf)).address).toBe(ss58)
  })
})

describe('public-only keys (01 pubkey_only_vectors, 11)', () => {
  it('prefix-0 ss58 is accepted and rendered with prefix 42', async () => {
    const v = mn.pubkey_only_vectors[0]
    const kf = await publicKeyfile({ss58: v.ss58_prefix0})
    expect(kf.publicKey).toBe(v.publicKey)
    expect(kf.ss58Address).toBe('5HDvhV6WDCjCKyrXqGQSDYqQAzkzabNhctmiDYEqgBC66BsX')
    expect(await checkAddress(v.ss58_prefix0)).toBe('5HDvhV6WDCjCKyrXqGQSDYqQAzkzabNhctmiDYEqgBC66BsX')
  })

  it('from a public key in hex', async () => {
    const v = mn.pubkey_only_vectors[1]
    expect((await publicKeyfile({publicKey: v.publicKey})).ss58Address).toBe(v.ss58Address)
    await expect(publicKeyfile({publicKey: '0x1234'})).rejects.toMatchObject({code: 'BadPublicKey', exitCode: 2})
  })

  it('bad ss58 addresses are refused with exit 2', async () => {
    await expect(checkAddress('5HDvhV6WDCjCKyrXqGQSDYqQAzkzabNhctmiDYEqgBC66BsY')).rejects.toMatchObject({code: 'BadAddress', exitCode: 2})
    await expect(checkAddress('hello')).rejects.toMatchObject({code: 'BadAddress'})
    await expect(checkAddress(mn.pubkey_only_vectors[1].publicKey)).rejects.toMatchObject({code: 'BadAddress'})
    await expect(publicKeyfile({ss58: 'nope'})).rejects.toMatchObject({code: 'BadAddress'})
  })

  it('11: 2021 bare-hex coldkeypub, the Python and the Rust public files', async () => {
    const [bare, hot2021, legacyPub, styles] = plain.items
    expect(await addressFromPublicFile(Buffer.from(bare.content), 'coldkeypub.txt')).toBe('5EhghokF2zVxEoZMPb2nxzw197ZGjeZvF516SsjkW1yGtpvT')
    expect(await addressFromPublicFile(Buffer.from(legacyPub.rewritten_python_sdk), 'coldkeypub.txt')).toBe('5DD26kC2kxajmwfbbZmVmxhrY9VeeyR1Gpzy9i8wxLUg6zxm')
    expect(await addressFromPublicFile(Buffer.from(styles.python_sdk_coldkeypub), 'x')).toBe('5HDvhV6WDCjCKyrXqGQSDYqQAzkzabNhctmiDYEqgBC66BsX')
    expect(await addressFromPublicFile(Buffer.from(styles.btwallet_rust_coldkeypub_one_possible_key_order), 'x')).toBe('5HDvhV6WDCjCKyrXqGQSDYqQAzkzabNhctmiDYEqgBC66BsX')
    // the 2021 5-field hotkey (no privateKey) still loads and signs
    const pair = await pairFromKeyfile(parseKeyfileJson(hot2021.content, 'hotkeys/default'))
    expect(pair.address).toBe('5FcWiCiFoSspGGocSxzatNL5kT6cjxjXQ9LuAuYbvFNUqcfX')
    // the Python SDK and Rust full key files load to the same key
    expect((await pairFromKeyfile(parseKeyfileJson(styles.python_sdk_coldkey, 'c'))).address).toBe('5HDvhV6WDCjCKyrXqGQSDYqQAzkzabNhctmiDYEqgBC66BsX')
    expect((await pairFromKeyfile(parseKeyfileJson(styles.btwallet_rust_coldkey_one_possible_key_order, 'c'))).address).toBe('5HDvhV6WDCjCKyrXqGQSDYqQAzkzabNhctmiDYEqgBC66BsX')
  })

  it('our serialization parses to the same fields as the Rust output', () => {
    const styles = plain.items[3]
    const rust = JSON.parse(styles.btwallet_rust_coldkey_one_possible_key_order)
    expect(JSON.parse(serializeKeyfile(JSON.parse(styles.python_sdk_coldkey)))).toEqual(rust)
    expect(JSON.parse(serializeKeyfile(JSON.parse(styles.python_sdk_coldkeypub), ['accountId', 'publicKey', 'ss58Address']))).toEqual(
      JSON.parse(styles.btwallet_rust_coldkeypub_one_possible_key_order),
    )
  })

  it('numeric cryptoType 1 is read; other crypto types are refused', async () => {
    const kf = {...(await keyfileFromMnemonic(mn.vectors[0].mnemonic)), cryptoType: 1}
    expect((await pairFromKeyfile(kf)).address).toBe(mn.vectors[0].computed_here.ss58Address)
    await expect(pairFromKeyfile({...kf, cryptoType: 0})).rejects.toMatchObject({code: 'BadKeyfile'})
    expect(serializeKeyfile(kf)).not.toMatch(/cryptoType/)
  })
})
