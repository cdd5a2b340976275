/**
 * `tao wallet` on disk, through the built binary (no chain needed): files exactly as btcli writes them,
 * upstream-compatible $NACL checked with an independent implementation (libsodium-wrappers-sumo used directly,
 * with upstream's constants), permissions, and the bad-input cases that must change nothing.
 * Encrypted unlocks cost ~3 s and 512 MiB each: only a handful here; --no-password wallets elsewhere.
 */
import sodium from 'libsodium-wrappers-sumo'
import {existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync} from 'node:fs'
import path from 'node:path'
import {describe, expect, it} from 'vitest'

import {SHARED} from '../helpers/paths.js'
import {runTao, runTaoInTerminal, tempHome, type TaoResult} from '../helpers/run-tao.js'

const vec = (name: string) => JSON.parse(readFileSync(path.join(SHARED, 'vectors', 'wallet', name), 'utf8'))
const mn = vec('01-mnemonic-derivation.json')
const pynacl = vec('06-nacl-generated-pynacl.json')
const ansible = vec('08-legacy-ansible-vault-generated.json')
const obf = vec('10-env-password-obfuscation.json')

const COLD = mn.vectors[0] // old leopard … → 5HDvhV6W…
const HOT = mn.vectors[1] // document usage … → 5FcWiCiF…

/** Upstream's algorithm, written from the Python SDK (nacl.pwhash.argon2i.kdf + SecretBox), not tao's module. */
async function upstreamDecrypt(file: Buffer, password: string): Promise<string> {
  await sodium.ready
  // bittensor keyfile.py: NACL_SALT = b"\x13q\x83\xdf\xf1Z\t\xbc\x9c\x90\xb5Q\x879\xe9\xb1"
  const salt = Buffer.from('\x13q\x83\xdf\xf1Z\t\xbc\x9c\x90\xb5Q\x879\xe9\xb1', 'latin1')
  expect(file.subarray(0, 5).toString('latin1')).toBe('$NACL')
  const key = sodium.crypto_pwhash(
    32,
    Buffer.from(password, 'utf8'),
    salt,
    sodium.crypto_pwhash_argon2i_OPSLIMIT_SENSITIVE,
    sodium.crypto_pwhash_argon2i_MEMLIMIT_SENSITIVE,
    sodium.crypto_pwhash_ALG_ARGON2I13,
  )
  return Buffer.from(sodium.crypto_secretbox_open_easy(file.subarray(29), file.subarray(5, 29), key)).toString('utf8')
}

/** Every file under `dir` with its bytes and mode: to prove a refused command changed nothing. */
function snapshot(dir: string): Record<string, {bytes: string; mode: number}> {
  const out: Record<string, {bytes: string; mode: number}> = {}
  const walk = (d: string) => {
    for (const e of readdirSync(d, {withFileTypes: true})) {
      const p = path.join(d, e.name)
      if (e.isDirectory()) walk(p)
      else out[path.relative(dir, p)] = {bytes: readFileSync(p).toString('base64'), mode: statSync(p).mode & 0o777}
    }
  }
  if (existsSync(dir)) walk(dir)
  return out
}

/** One line on stderr, the error (progress lines are silenced with --quiet). */
function oneErrorLine(r: TaoResult, re: RegExp) {
  expect(r.code).toBe(2)
  const lines = r.stderr.trim().split('\n')
  expect(lines).toHaveLength(1)
  expect(lines[0]).toMatch(/^error: /)
  expect(lines[0]).toMatch(re)
}

describe('tao wallet: files, formats and refusals', () => {
  const home = tempHome('tao-wallet-')
  const wp = home.env.TAO_WALLET_PATH
  const env = (extra: Record<string, string> = {}) => ({...home.env, ...extra})
  const mnemonicFile = path.join(home.dir, 'hot-mnemonic.txt')
  writeFileSync(mnemonicFile, `${HOT.mnemonic}\n`, {mode: 0o600})

  it('create with known mnemonics (stdin + file): upstream addresses, btcli files, 0600/0700, upstream-decryptable coldkey', async () => {
    const r = await runTao(['wallet', 'create', '-w', 'known', '--mnemonic-file', '-', '--hotkey-mnemonic-file', mnemonicFile, '--json'], {
      env: env({TAO_PASSWORD: 'known-Pw#1'}),
      input: `${COLD.mnemonic}\n`,
    })
    expect(r.code, r.stderr).toBe(0)
    expect(r.json.coldkeyAddress).toBe(COLD.computed_here.ss58Address)
    expect(r.json.hotkeyAddress).toBe(HOT.expected_from_repo.ss58Address)
    expect(r.json.coldkeyEncrypted).toBe(true)
    expect(r.json.hotkeyEncrypted).toBe(false)
    // known mnemonics are never echoed
    expect(r.stdout + r.stderr).not.toContain('leopard')
    expect(r.stdout + r.stderr).not.toContain('siren')

    const dir = path.join(wp, 'known')
    const mode = (p: string) => statSync(p).mode & 0o777
    for (const d of [wp, dir, path.join(dir, 'hotkeys')]) expect(mode(d).toString(8), d).toBe('700')
    for (const f of ['coldkey', 'coldkeypub.txt', 'hotkeys/default', 'hotkeys/defaultpub.txt']) expect(mode(path.join(dir, f)).toString(8), f).toBe('600')
    // no temp files left behind
    expect(readdirSync(dir).sort()).toEqual(['coldkey', 'coldkeypub.txt', 'hotkeys'])
    expect(readdirSync(path.join(dir, 'hotkeys')).sort()).toEqual(['default', 'defaultpub.txt'])

    const pub = JSON.parse(readFileSync(path.join(dir, 'coldkeypub.txt'), 'utf8'))
    expect(pub).toEqual({accountId: COLD.computed_here.publicKey, publicKey: COLD.computed_here.publicKey, ss58Address: COLD.computed_here.ss58Address})
    const hot = JSON.parse(readFileSync(path.join(dir, 'hotkeys', 'default'), 'utf8'))
    expect(hot).toEqual({
      accountId: HOT.expected_from_repo.publicKey,
      privateKey: HOT.computed_here.privateKey_btwallet,
      publicKey: HOT.expected_from_repo.publicKey,
      secretPhrase: HOT.mnemonic,
      secretSeed: HOT.expected_from_repo.secretSeed,
      ss58Address: HOT.expected_from_repo.ss58Address,
    })
    expect(JSON.parse(readFileSync(path.join(dir, 'hotkeys', 'defaultpub.txt'), 'utf8')).ss58Address).toBe(HOT.expected_from_repo.ss58Address)

    const plain = JSON.parse(await upstreamDecrypt(readFileSync(path.join(dir, 'coldkey')), 'known-Pw#1'))
    expect(plain).toEqual({
      accountId: COLD.computed_here.publicKey,
      privateKey: COLD.computed_here.privateKey_btwallet,
      publicKey: COLD.computed_here.publicKey,
      secretPhrase: COLD.mnemonic,
      secretSeed: COLD.computed_here.secretSeed,
      ss58Address: COLD.computed_here.ss58Address,
    })
    for (const v of Object.values(plain)) expect(typeof v).toBe('string')
  })

  it('list --json lists it with addresses, without any password', async () => {
    const r = await runTao(['wallet', 'list', '--json'], {env: env()})
    expect(r.code, r.stderr).toBe(0)
    const w = r.json.wallets.find((x: any) => x.name === 'known')
    expect(w).toMatchObject({coldkeyAddress: COLD.computed_here.ss58Address, coldkeyEncryption: 'nacl'})
    expect(w.hotkeys).toEqual([{address: HOT.expected_from_repo.ss58Address, encryption: 'plaintext', name: 'default', publicOnly: false}])
    const human = await runTao(['wallet', 'list', '-w', 'known'], {env: env()})
    expect(human.stdout).toMatch(new RegExp(`known\\s+${COLD.computed_here.ss58Address}`))
    expect(human.stdout).toMatch(new RegExp(`default\\s+${HOT.expected_from_repo.ss58Address}`))
  })

  it('a generated mnemonic goes to the terminal once, not into --json or a log; it restores the same key', async () => {
    // no terminal (cron, pipes): refused before anything is written, so the mnemonic can't end up in a log
    const noTty = await runTao(['wallet', 'create', '-w', 'fresh', '--no-password', '--n-words', '24', '--json'], {env: env()})
    expect(noTty.code).toBe(2)
    expect(noTty.json.error.code).toBe('NoTerminalForMnemonic')
    expect(noTty.stderr).toMatch(/^error: no terminal to show the new mnemonic on/m)
    expect(existsSync(path.join(wp, 'fresh'))).toBe(false)

    // at a terminal: shown once on the screen, not in the JSON document
    const r = await runTaoInTerminal(['wallet', 'create', '-w', 'fresh', '--no-password', '--n-words', '24', '--json', '--quiet'], {env: env()})
    expect(r.code, r.stdout).toBe(0)
    const shown = [...r.stdout.matchAll(/^ {4}([a-z]+(?: [a-z]+){11,23})$/gm)].map((m) => m[1]!)
    expect(shown).toHaveLength(2)
    expect(shown[0]!.split(' ')).toHaveLength(24)
    const doc = JSON.parse(r.stdout.slice(r.stdout.indexOf('{'), r.stdout.lastIndexOf('}') + 1))
    expect(JSON.stringify(doc)).not.toMatch(/Mnemonic|mnemonic/)
    const restored = await runTao(['wallet', 'regen-coldkey', '-w', 'fresh-copy', '--no-password', '--json'], {env: env(), input: shown[0]})
    expect(restored.code, restored.stderr).toBe(0)
    expect(restored.json.coldkeyAddress).toBe(doc.coldkeyAddress)

    const shownInJson = await runTao(['wallet', 'new-hotkey', '-w', 'fresh', '-H', 'second', '--json', '--show-mnemonic'], {env: env()})
    expect(shownInJson.code, shownInJson.stderr).toBe(0)
    expect(shownInJson.json.hotkeyMnemonic.split(' ')).toHaveLength(12)
    expect(shownInJson.stderr).not.toContain(shownInJson.json.hotkeyMnemonic)
  })

  it('bad input exits 2 with one line and leaves every file byte-identical', async () => {
    const before = snapshot(wp)
    const cases: [string[], Record<string, string>, string | undefined, RegExp][] = [
      // wrong password (one real unlock)
      [['wallet', 'sign', '-w', 'known', '--message', 'hi', '--quiet'], {TAO_PASSWORD: 'not-it'}, undefined, /wrong password for coldkey of wallet "known" \(password from TAO_PASSWORD\)/],
      // existing wallet without --overwrite
      [['wallet', 'create', '-w', 'known', '--no-password'], {}, undefined, /already has known\/coldkey.*use --overwrite/],
      // --overwrite without a terminal and without --yes
      [['wallet', 'create', '-w', 'known', '--no-password', '--overwrite'], {}, undefined, /confirmation needed/],
      // invalid mnemonic, even with --overwrite --yes: nothing is replaced
      [['wallet', 'regen-coldkey', '-w', 'known', '--no-password', '--overwrite', '--yes'], {}, 'old leopard transfer rib spatial phone calm indicate online fire caution caution', /mnemonic is invalid/],
      [['wallet', 'regen-hotkey', '-w', 'known', '--overwrite', '--yes', '--mnemonic-file', '-'], {}, 'not a mnemonic at all', /mnemonic is invalid/],
      // invalid ss58
      [['wallet', 'regen-coldkeypub', '-w', 'known', '--ss58', '5HDvhV6WDCjCKyrXqGQSDYqQAzkzabNhctmiDYEqgBC66BsY', '--overwrite', '--yes'], {}, undefined, /not a valid ss58 address/],
      [['wallet', 'transfer', '-w', 'known', '--dest', 'nonsense', '--amount', '1', '--network', 'ws://127.0.0.1:1'], {}, undefined, /--dest is not a valid ss58 address/],
      [['wallet', 'transfer', '-w', 'known', '--dest', COLD.computed_here.ss58Address, '--amount', '1.0000000001', '--network', 'ws://127.0.0.1:1'], {}, undefined, /more than 9 decimals/],
      // an encrypted key and no password source, no terminal: fails at once
      [['wallet', 'sign', '-w', 'known', '--message', 'hi'], {}, undefined, /encrypted and no password is available/],
    ]
    for (const [args, extra, input, re] of cases) {
      const r = await runTao(args, {env: env(extra), input})
      oneErrorLine(r, re)
      expect(snapshot(wp), args.join(' ')).toEqual(before)
    }
    // an invalid mnemonic for a new wallet creates no folder at all
    const r = await runTao(['wallet', 'regen-coldkey', '-w', 'never', '--no-password'], {env: env(), input: 'abandon abandon abandon'})
    oneErrorLine(r, /mnemonic is invalid/)
    expect(existsSync(path.join(wp, 'never'))).toBe(false)
  })

  it('a corrupt key file is exit 2 and stays as it was', async () => {
    const dir = path.join(wp, 'corrupt')
    mkdirSync(dir, {recursive: true})
    writeFileSync(path.join(dir, 'coldkey'), '{"secretPhrase": "old leopard tr')
    writeFileSync(path.join(dir, 'coldkeypub.txt'), '{"ss58Address": "5HDvhV6WDCjCKyrXqGQSDYqQAzkzabNhctmiDYEqgBC66BsX"}')
    const before = snapshot(wp)
    oneErrorLine(await runTao(['wallet', 'sign', '-w', 'corrupt', '--message', 'hi'], {env: env()}), /key file is corrupt/)
    // a truncated $NACL file
    writeFileSync(path.join(dir, 'coldkey'), Buffer.from('$NACL0123456789'))
    const before2 = snapshot(wp)
    oneErrorLine(await runTao(['wallet', 'sign', '-w', 'corrupt', '--message', 'hi', '--quiet'], {env: env({TAO_PASSWORD: 'whatever'})}), /truncated/)
    expect(snapshot(wp)).toEqual(before2)
    expect(Object.keys(before)).toEqual(Object.keys(before2))
  })

  it('a hotkey-only folder (no coldkey) signs with its hotkey; verify checks it', async () => {
    const r = await runTao(['wallet', 'regen-hotkey', '-w', 'validator-host', '-H', 'hk', '--json'], {env: env(), input: HOT.mnemonic})
    expect(r.code, r.stderr).toBe(0)
    expect(existsSync(path.join(wp, 'validator-host', 'coldkey'))).toBe(false)
    const signed = await runTao(['wallet', 'sign', '-w', 'validator-host', '-H', 'hk', '--use-hotkey', '--message', 'proof', '--json'], {env: env()})
    expect(signed.code, signed.stderr).toBe(0)
    expect(signed.json.address).toBe(HOT.expected_from_repo.ss58Address)
    const ok = await runTao(['wallet', 'verify', '-w', 'validator-host', '-H', 'hk', '--use-hotkey', '--message', 'proof', '--signature', signed.json.signature, '--json'], {env: env()})
    expect(ok.code, ok.stderr).toBe(0)
    expect(ok.json.valid).toBe(true)
    const bad = await runTao(['wallet', 'verify', '--address', COLD.computed_here.ss58Address, '--message', 'proof', '--signature', signed.json.signature], {env: env()})
    oneErrorLine(bad, /NOT valid/)
    const list = await runTao(['wallet', 'list', '-w', 'validator-host', '--json'], {env: env()})
    expect(list.json.wallets[0]).toMatchObject({coldkeyAddress: null, coldkeyEncryption: 'missing', hotkeys: [{address: HOT.expected_from_repo.ss58Address, name: 'hk'}]})
  })

  it('an upstream PyNaCl $NACL coldkey unlocks with TAO_PASSWORD', async () => {
    const v = pynacl.vectors[0]
    const dir = path.join(wp, 'upstream')
    mkdirSync(dir, {recursive: true})
    writeFileSync(path.join(dir, 'coldkey'), Buffer.from(v.file_hex, 'hex'))
    const r = await runTao(['wallet', 'sign', '-w', 'upstream', '--message', 'x', '--json', '--verbose'], {env: env({TAO_PASSWORD: v.password})})
    expect(r.code, r.stderr).toBe(0)
    expect(r.json.address).toBe('5HDvhV6WDCjCKyrXqGQSDYqQAzkzabNhctmiDYEqgBC66BsX')
    // progress is shown on a terminal or with --verbose; piped without --verbose, stderr stays empty
    expect(r.stderr).toMatch(/unlocking coldkey…/)
    const quiet = await runTao(['wallet', 'sign', '-w', 'upstream', '--message', 'x', '--json'], {env: env({TAO_PASSWORD: v.password})})
    expect(quiet.code, quiet.stderr).toBe(0)
    expect(quiet.stderr).toBe('')
  })

  it('a legacy ansible-vault coldkey works, is offered and converted to $NACL (same password), then BT_PW_<path> unlocks it', async () => {
    const dir = path.join(wp, 'legacy')
    mkdirSync(dir, {recursive: true})
    const file = path.join(dir, 'coldkey')
    writeFileSync(file, ansible.file_text)
    const pwFile = path.join(home.dir, 'pw.txt')
    writeFileSync(pwFile, `${ansible.password}\n`, {mode: 0o600})
    const signed = await runTao(['wallet', 'sign', '-w', 'legacy', '--message', 'x', '--json'], {env: env({TAO_PASSWORD_FILE: pwFile})})
    expect(signed.code, signed.stderr).toBe(0)
    expect(signed.json.address).toBe('5HDvhV6WDCjCKyrXqGQSDYqQAzkzabNhctmiDYEqgBC66BsX')
    expect(signed.stderr).toMatch(/legacy ansible-vault encryption; convert it with `tao wallet reencrypt -w legacy`/)

    const re = await runTao(['wallet', 'reencrypt', '-w', 'legacy', '--json'], {env: env({TAO_PASSWORD_FILE: pwFile})})
    expect(re.code, re.stderr).toBe(0)
    expect(re.json).toMatchObject({changed: true, from: 'ansible-vault', to: 'nacl'})
    expect((statSync(file).mode & 0o777).toString(8)).toBe('600')
    expect(JSON.parse(await upstreamDecrypt(readFileSync(file), ansible.password))).toEqual(JSON.parse(ansible.plaintext))

    // btwallet's BT_PW_<path> variable (XOR + base64 with the variable name), as existing automation sets it
    const name = `BT_PW_${file.replaceAll('/', '_').replaceAll('.', '_').toUpperCase()}`
    const xored = Buffer.from(ansible.password).map((b, i) => b ^ name.charCodeAt(i % name.length))
    const viaBt = await runTao(['wallet', 'sign', '-w', 'legacy', '--message', 'x', '--json'], {env: env({[name]: Buffer.from(xored).toString('base64')})})
    expect(viaBt.code, viaBt.stderr).toBe(0)
    expect(viaBt.json.address).toBe('5HDvhV6WDCjCKyrXqGQSDYqQAzkzabNhctmiDYEqgBC66BsX')
    expect(obf.computed_example.env_var).toMatch(/^BT_PW__HOME_ALICE/) // same naming rule as the vector
  })
})
