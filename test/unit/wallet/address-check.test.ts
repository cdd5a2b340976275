/**
 * The SS58 address check (src/wallet/keys.ts `checkAddress`, src/stake/hotkey.ts `normaliseAddress`) runs on the
 * small codec of src/chain/light/hash.ts, not @polkadot/util-crypto. Its verdicts must be util-crypto's: what the
 * check did before (`decodeAddress`, a 32-byte account, no hex) on valid addresses of any prefix, a bad checksum,
 * the wrong length, reserved and malformed prefixes, and random strings.
 *
 * One deliberate difference: util-crypto takes 35 decoded bytes with a two-byte prefix as a 32-byte account with a
 * ONE-byte checksum (its `isPublicKey` test fails, so it falls back to the short form's single checksum byte), so
 * about one random base58 string in 256 of that shape passes it. Substrate itself (sp-core's `from_ss58check`:
 * prefix, 32 bytes, two checksum bytes, else `BadLength`) refuses it, and so does tao: a one-byte checksum would
 * let one typo in 256 through. The oracle below says so (CI found such a string: `AW6WYZ8F…`).
 */
import {base58Decode, base58Encode, blake2AsU8a, decodeAddress, encodeAddress} from '@polkadot/util-crypto'
import fc from 'fast-check'
import {describe, expect, it} from 'vitest'

import {normaliseAddress} from '../../../src/stake/hotkey.js'
import {checkAddress} from '../../../src/wallet/keys.js'

/** The check as it was, on @polkadot/util-crypto: the address in prefix 42, or undefined when refused. */
function utilCryptoVerdict(address: string): string | undefined {
  try {
    const pub = decodeAddress(address.trim())
    if (pub.length !== 32 || /^0x/i.test(address.trim())) return undefined
    if (oneByteChecksum(address.trim())) return undefined // sp-core's rule, not util-crypto's (above)
    return encodeAddress(pub, 42)
  } catch {
    return undefined
  }
}

async function lightVerdict(address: string): Promise<string | undefined> {
  try {
    return await checkAddress(address, '«ss58»', 'ss58')
  } catch (error) {
    expect(error).toMatchObject({code: 'BadAddress', exitCode: 2, field: 'ss58'})
    expect((error as Error).message).toBe(`ss58 is not a valid ss58 address: ${JSON.stringify(address)}`)
    return undefined
  }
}

/** A two-byte prefix, a 32-byte account and a single checksum byte: what util-crypto accepts and Substrate refuses. */
function oneByteChecksum(address: string): boolean {
  try {
    const bytes = base58Decode(address)
    return bytes.length === 35 && (bytes[0]! & 0x40) !== 0
  } catch {
    return false
  }
}

/** An SS58 string from raw parts: any prefix bytes, any payload, a right or wrong checksum (`sumLen` bytes). */
function raw(prefix: number[], payload: Uint8Array, opts: {corrupt?: boolean; sumLen?: number} = {}): string {
  const body = Uint8Array.from([...prefix, ...payload])
  const sum = blake2AsU8a(Uint8Array.from([...new TextEncoder().encode('SS58PRE'), ...body]), 512).slice(0, opts.sumLen ?? 2)
  if (opts.corrupt) sum[0]! ^= 1
  return base58Encode(Uint8Array.from([...body, ...sum]))
}

/** The prefix bytes of an SS58 format (one byte below 64, two from 64 to 16383). */
const prefixOf = (f: number) => (f < 64 ? [f] : [((f & 0xfc) >> 2) | 0x40, (f >> 8) | ((f & 0x03) << 6)])

const account = fc.uint8Array({maxLength: 32, minLength: 32})

describe('SS58 address check without @polkadot/util-crypto', () => {
  it('valid addresses of every prefix are accepted and given in prefix 42, as util-crypto does', async () => {
    await fc.assert(
      fc.asyncProperty(account, fc.integer({max: 16_383, min: 0}).filter((f) => f !== 46 && f !== 47), async (key, f) => {
        const a = encodeAddress(key, f)
        expect(await lightVerdict(a)).toBe(utilCryptoVerdict(a))
        expect(await lightVerdict(a)).toBe(encodeAddress(key, 42))
        expect(await normaliseAddress(a)).toBe(utilCryptoVerdict(a))
      }),
      {numRuns: 200},
    )
  })

  it('a bad checksum, a wrong length, reserved or malformed prefixes: refused whenever util-crypto refuses', async () => {
    const cases = fc.oneof(
      // bad checksum
      fc.tuple(account, fc.integer({max: 16_383, min: 0})).map(([k, f]) => raw(prefixOf(f), k, {corrupt: true})),
      // wrong account length (33-byte keys are valid SS58 but not a 32-byte account; 31 and 34 are not SS58 at all)
      fc.tuple(fc.constantFrom(1, 20, 31, 33, 34, 64), fc.integer({max: 16_383, min: 0})).chain(([n, f]) => fc.uint8Array({maxLength: n, minLength: n}).map((k) => raw(prefixOf(f), k))),
      // any first byte: reserved prefixes 46/47, the top bit set, a two-byte prefix from any bytes
      fc.tuple(account, fc.integer({max: 255, min: 0}), fc.integer({max: 255, min: 0})).map(([k, b0, b1]) => raw((b0 & 0x40) === 0 ? [b0] : [b0, b1], k)),
      // a one-byte checksum on a 32-byte account, after a one- or a two-byte prefix
      fc.tuple(account, fc.integer({max: 16_383, min: 0})).map(([k, f]) => raw(prefixOf(f), k, {sumLen: 1})),
      // strings that are no address at all
      fc.string({maxLength: 60}),
      fc.stringMatching(/^[1-9A-HJ-NP-Za-km-z]{44,50}$/),
    )
    await fc.assert(
      fc.asyncProperty(cases, async (a) => {
        expect(await lightVerdict(a)).toBe(utilCryptoVerdict(a))
        const n = await normaliseAddress(a)
        if (n !== undefined) expect(n).toBe(utilCryptoVerdict(a))
      }),
      {numRuns: 600},
    )
  })

  it('the fixed cases: Alice, her Kusama address, a changed last letter, hex, reserved prefix 46', async () => {
    const alice = '5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY'
    const key = decodeAddress(alice)
    for (const a of [alice, encodeAddress(key, 2), encodeAddress(key, 0), alice.slice(0, -1) + 'Z', '0x' + Buffer.from(key).toString('hex'), raw([46], key), raw([47], key), raw([0x80], key), '', ' ' + alice + ' ']) {
      expect(await lightVerdict(a), a).toBe(utilCryptoVerdict(a))
    }
    expect(await lightVerdict(raw([46], key))).toBeUndefined()
    // the string CI's random run found: util-crypto reads it as an account with a one-byte checksum; tao refuses it
    const ci = 'AW6WYZ8F1DC2VReW7oSVG7crYoyvzuGWU91jWXoC7Z6KJnC6'
    expect(encodeAddress(decodeAddress(ci), 42)).toBe('5GxL4CAULkG9iLoi3oWjg3RsmSMdxparTCwWeuW7NHXnojR7')
    expect(await lightVerdict(ci)).toBeUndefined()
    expect(await normaliseAddress(ci)).toBeUndefined()
    // and the same account with a two-byte prefix and a proper two-byte checksum is accepted
    expect(await lightVerdict(encodeAddress(decodeAddress(ci), 14_716))).toBe('5GxL4CAULkG9iLoi3oWjg3RsmSMdxparTCwWeuW7NHXnojR7')
    expect(await lightVerdict(encodeAddress(key, 2))).toBe(alice)
  })
})
