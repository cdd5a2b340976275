import {mkdirSync, mkdtempSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import path from 'node:path'
import {describe, expect, it} from 'vitest'

import {decideGuard, DEFAULT_TOLERANCE_PPB} from '../../../src/stake/common.js'
import {looksLikeAddress, normaliseAddress, resolveColdkey, resolveHotkey, walletHotkeyNames} from '../../../src/stake/hotkey.js'
import {parseGuardInput} from '../../../src/stake/input.js'
import {buyLimitPrice} from '../../../src/stake/math.js'
import {resolveWalletRef} from '../../../src/wallet/wallet.js'
import {ALICE, BOB} from '../../helpers/call-samples.js'

const ALICE_KUSAMA = 'HNZata7iMYWmk5RvZRTiAsSDhV8366zq2YGb3tLH5Upf74F' // same key, prefix 2

function wallet() {
  const dir = mkdtempSync(path.join(tmpdir(), 'tao-stake-unit-'))
  mkdirSync(path.join(dir, 'w', 'hotkeys'), {recursive: true})
  const pub = {accountId: '0x', publicKey: '0x', ss58Address: BOB}
  writeFileSync(path.join(dir, 'w', 'hotkeys', 'validator'), JSON.stringify(pub))
  writeFileSync(path.join(dir, 'w', 'hotkeys', 'validatorpub.txt'), JSON.stringify(pub))
  writeFileSync(path.join(dir, 'w', 'hotkeys', 'onlypubpub.txt'), JSON.stringify({ss58Address: ALICE}))
  writeFileSync(path.join(dir, 'w', 'hotkeys', '.DS_Store'), 'junk')
  return resolveWalletRef({hotkey: 'validator', name: 'w', path: dir})
}

/** the message as the command line shows it: options marked «option» become their flags */
const cliText = (error: unknown) => ((error as {template?: string}).template ?? (error as Error).message).replaceAll(/«(\w+)»/g, (_, f: string) => `--${f}`)

const fail = async (p: Promise<unknown>) => {
  try {
    await p
  } catch (error) {
    return {code: (error as {code: string}).code, exit: (error as {exitCode: number}).exitCode, field: (error as {field?: string}).field, message: cliText(error)}
  }
  throw new Error('expected a failure')
}

describe('--hotkey: an SS58 address or a hotkey name of the wallet', () => {
  it('normalises any SS58 prefix to 42 and rejects a bad checksum', async () => {
    expect(await normaliseAddress(ALICE_KUSAMA)).toBe(ALICE)
    expect(await normaliseAddress(ALICE.slice(0, -1) + 'Z')).toBeUndefined()
    expect(looksLikeAddress('validator')).toBe(false)
    expect(looksLikeAddress(ALICE)).toBe(true)
  })

  it('resolves addresses and names, and fails with one bad-input line otherwise', async () => {
    const w = wallet()
    expect(await resolveHotkey(ALICE_KUSAMA, w)).toEqual({address: ALICE})
    expect(await resolveHotkey('validator', w)).toEqual({address: BOB, name: 'validator'})
    expect(await resolveHotkey(undefined, w)).toEqual({address: BOB, name: 'validator'}) // the wallet's configured hotkey
    expect(await fail(resolveHotkey(ALICE.slice(0, -1) + 'Z', w, 'to'))).toMatchObject({code: 'BadAddress', exit: 2, field: 'to', message: expect.stringMatching(/^--to is not a valid SS58 address/)})
    const unknown = await fail(resolveHotkey('nope', w))
    expect(unknown).toMatchObject({code: 'UnknownHotkey', exit: 2})
    expect(unknown.message).not.toMatch(/\n/)
    expect(await fail(resolveHotkey('../x', w))).toMatchObject({exit: 2})
  })

  it('takes a coldkey as SS58 or as the name of a wallet beside this one', async () => {
    const w = wallet()
    mkdirSync(path.join(w.path, 'friend'), {recursive: true})
    writeFileSync(path.join(w.path, 'friend', 'coldkeypub.txt'), JSON.stringify({ss58Address: ALICE}))
    expect(await resolveColdkey(ALICE_KUSAMA, w, 'toColdkey')).toBe(ALICE)
    expect(await resolveColdkey('friend', w, 'toColdkey')).toBe(ALICE)
    expect(await fail(resolveColdkey('nobody', w, 'toColdkey'))).toMatchObject({code: 'BadAddress', exit: 2, field: 'toColdkey', message: expect.stringMatching(/^--toColdkey "nobody" is neither/)})
  })

  it('labels the wallet hotkeys by address, skipping junk and reading lone pub files', async () => {
    const names = await walletHotkeyNames(wallet())
    expect(names.get(BOB)).toBe('validator')
    expect(names.get(ALICE)).toBe('onlypub')
    expect(names.size).toBe(2)
  })
})

describe('slippage guard decided from what the runtime has', () => {
  const limit = (tol: bigint) => buyLimitPrice(1_000_000_000n, tol)

  it('is on by default with 0.5% where the *_limit call exists', () => {
    const g = decideGuard(true, 'add_stake_limit', {}, limit, 'x')
    expect(g).toMatchObject({allowPartial: false, available: true, enabled: true, limitPriceRao: 1_005_000_000n, tolerance: '0.5%', tolerancePpb: DEFAULT_TOLERANCE_PPB})
    expect(decideGuard(true, 'add_stake_limit', {limitPriceRao: 7n}, limit, 'x')).toMatchObject({enabled: true, limitPriceRao: 7n, tolerance: undefined})
    expect(decideGuard(true, 'add_stake_limit', {allowPartial: true, tolerancePpb: 20_000_000n}, limit, 'x')).toMatchObject({allowPartial: true, limitPriceRao: 1_020_000_000n})
    expect(decideGuard(true, 'add_stake_limit', {unsafe: true}, limit, 'x')).toMatchObject({available: true, enabled: false})
  })

  it('uses a configured default tolerance where none is given, and never refuses it where the runtime lacks the call', () => {
    const configured = parseGuardInput({defaultTolerance: '2%'})
    expect(configured).toMatchObject({defaultTolerancePpb: 20_000_000n, tolerancePpb: undefined})
    expect(decideGuard(true, 'add_stake_limit', configured, limit, 'x')).toMatchObject({enabled: true, limitPriceRao: 1_020_000_000n, tolerance: '2%', tolerancePpb: 20_000_000n})
    expect(decideGuard(false, 'add_stake_limit', configured, limit, 'x')).toMatchObject({available: false, enabled: false})
    // an explicit tolerance wins over the configured one; an explicit limit price or unsafe needs no default at all
    expect(parseGuardInput({defaultTolerance: '2%', tolerance: '1%'})).toMatchObject({defaultTolerancePpb: undefined, tolerancePpb: 10_000_000n})
    expect(parseGuardInput({defaultTolerance: 'junk', unsafe: true})).toMatchObject({defaultTolerancePpb: undefined})
    expect(() => parseGuardInput({defaultTolerance: 'junk'})).toThrow(/configured default tolerance is not a percentage/)
  })

  it('says it is unavailable where the runtime lacks the call, and refuses an explicit limit it cannot honour', () => {
    const g = decideGuard(false, 'add_stake_limit', {}, limit, 'x')
    expect(g).toMatchObject({available: false, enabled: false})
    expect(g.note).toMatch(/unavailable: this runtime has no add_stake_limit/)
    expect(() => decideGuard(false, 'add_stake_limit', {tolerancePpb: 1n}, limit, 'x')).toThrow(/slippage guard unavailable/)
    expect(() => decideGuard(false, 'remove_stake_limit', {limitPriceRao: 1n}, limit, 'x')).toThrow(/remove_stake_limit/)
  })
})
