import {chmodSync, mkdtempSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import path from 'node:path'
import {describe, expect, it} from 'vitest'

import {
  btPasswordEnvName,
  createPasswordSource,
  decodeBtPassword,
  encodeBtPassword,
  legacyColdPasswordEnvName,
  passwordFromEnvironment,
} from '../../../src/wallet/passwords.js'
import {vector} from './vectors.js'

const v = vector('10-env-password-obfuscation.json')

describe('BT_PW_<path> (10-env-password-obfuscation.json)', () => {
  it('names the variable from the absolute path and decodes the computed example', () => {
    const ex = v.computed_example
    expect(btPasswordEnvName(ex.keyfile_path)).toBe(ex.env_var)
    expect(decodeBtPassword(ex.value, ex.env_var)).toBe(ex.password)
    expect(encodeBtPassword(ex.password, ex.env_var)).toBe(ex.value)
  })

  it('the repo pairs encode with a BT_PW__US… (macOS /Users) name', () => {
    const name = btPasswordEnvName('/Users/someone/tmp/wallets/w/coldkey')
    expect(name.startsWith('BT_PW__USERS')).toBe(true)
    for (const p of v.repo_pairs) {
      expect(encodeBtPassword(p.decrypted, name)).toBe(p.encrypted)
      expect(decodeBtPassword(p.encrypted, name)).toBe(p.decrypted)
    }
  })

  it('keeps "-" in wallet names', () => {
    expect(btPasswordEnvName('/home/a/.bittensor/wallets/my-wallet/coldkey')).toBe('BT_PW__HOME_A__BITTENSOR_WALLETS_MY-WALLET_COLDKEY')
  })

  it('is read from the environment for that file only', () => {
    const ex = v.computed_example
    expect(passwordFromEnvironment(ex.keyfile_path, {[ex.env_var]: ex.value})).toEqual({origin: ex.env_var, password: ex.password})
    expect(passwordFromEnvironment('/home/alice/.bittensor/wallets/other/coldkey', {[ex.env_var]: ex.value})).toBeUndefined()
  })
})

describe('legacy BT_COLD_PW_<WALLET> (Python SDK ≤ 7)', () => {
  it('follows the upstream test pairs (case-insensitive name, "-" → "_")', () => {
    expect(legacyColdPasswordEnvName('my-wallet')).toBe('BT_COLD_PW_MY_WALLET')
    expect(passwordFromEnvironment('/w/WALLET/coldkey', {bt_cold_pw_wallet: 'password'})?.password).toBe('password')
    expect(passwordFromEnvironment('/w/my_wallet/coldkey', {BT_COLD_PW_My_Wallet: 'password2'})?.password).toBe('password2')
    expect(passwordFromEnvironment('/w/my-wallet/coldkey', {BT_COLD_PW_My_Wallet: 'password2'})?.password).toBe('password2')
    // hotkeys are not covered by the legacy variable
    expect(passwordFromEnvironment('/w/my-wallet/hotkeys/default', {BT_COLD_PW_My_Wallet: 'password2'})).toBeUndefined()
  })
})

describe('TAO_PASSWORD, TAO_PASSWORD_FILE, systemd credentials', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'tao-pw-'))

  it('precedence: BT_PW_ > TAO_PASSWORD > TAO_PASSWORD_FILE > credentials', () => {
    const f = path.join(dir, 'pw')
    writeFileSync(f, 'from-file\n', {mode: 0o600})
    const creds = path.join(dir, 'creds')
    writeFileSync(path.join(dir, 'tao-password'), 'from-creds')
    const name = btPasswordEnvName('/w/x/coldkey')
    const env = {CREDENTIALS_DIRECTORY: dir, TAO_PASSWORD: 'from-env', TAO_PASSWORD_FILE: f, [name]: encodeBtPassword('from-bt', name)}
    expect(passwordFromEnvironment('/w/x/coldkey', env)?.password).toBe('from-bt')
    delete (env as any)[name]
    expect(passwordFromEnvironment('/w/x/coldkey', env)).toEqual({origin: 'TAO_PASSWORD', password: 'from-env'})
    delete (env as any).TAO_PASSWORD
    expect(passwordFromEnvironment('/w/x/coldkey', env)).toEqual({origin: 'TAO_PASSWORD_FILE', password: 'from-file'})
    delete (env as any).TAO_PASSWORD_FILE
    expect(passwordFromEnvironment('/w/x/coldkey', env)).toEqual({origin: 'systemd credential tao-password', password: 'from-creds'})
    expect(passwordFromEnvironment('/w/x/coldkey', {CREDENTIALS_DIRECTORY: creds})).toBeUndefined()
  })

  it('a password file keeps inner spaces, strips one trailing newline, warns when others can read it', () => {
    const f = path.join(dir, 'pw2')
    writeFileSync(f, ' pass word \r\n')
    chmodSync(f, 0o644)
    const warnings: string[] = []
    expect(passwordFromEnvironment('/w/x/coldkey', {TAO_PASSWORD_FILE: f}, (m) => warnings.push(m))?.password).toBe(' pass word ')
    expect(warnings[0]).toMatch(/readable by group\/others/)
  })

  it('a missing password file is one clear usage error', () => {
    expect(() => passwordFromEnvironment('/w/x/coldkey', {TAO_PASSWORD_FILE: path.join(dir, 'missing')})).toThrow(/cannot read the password file named by TAO_PASSWORD_FILE/)
  })
})

describe('new passwords', () => {
  it('are typed twice at a prompt; a mismatch or a short one asks again', async () => {
    const typed = ['short', 'longenough1', 'different1', 'longenough1', 'longenough1']
    const notices: string[] = []
    const src = createPasswordSource({env: {}, notice: (m) => notices.push(m), prompt: async () => typed.shift()!})
    expect(await src.getNew('/w/x/coldkey', 'coldkey')).toBe('longenough1')
    expect(notices).toEqual(['the password must be at least 6 characters', 'passwords do not match'])
  })

  it('come from TAO_PASSWORD for automation, and fail without any source', async () => {
    expect(await createPasswordSource({env: {TAO_PASSWORD: 'auto-pw'}}).getNew('/w/x/coldkey', 'coldkey')).toBe('auto-pw')
    await expect(createPasswordSource({env: {}}).getNew('/w/x/coldkey', 'coldkey')).rejects.toMatchObject({code: 'PasswordNeeded', exitCode: 2})
  })
})
