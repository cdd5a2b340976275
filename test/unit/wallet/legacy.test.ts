import {describe, expect, it} from 'vitest'

import {detectEncoding, readKeyfile} from '../../../src/wallet/keyfile.js'
import {ansibleVaultDecrypt, fernetDecrypt} from '../../../src/wallet/legacy.js'
import {createPasswordSource} from '../../../src/wallet/passwords.js'
import {vector} from './vectors.js'

const fernet = vector('07-legacy-fernet-generated.json')
const ansible = vector('08-legacy-ansible-vault-generated.json')

describe('legacy ansible-vault (08)', () => {
  it('is detected and decrypts to the expected plaintext', async () => {
    const file = Buffer.from(ansible.file_text, 'utf8')
    expect(detectEncoding(file)).toBe('ansible-vault')
    expect(Buffer.from(await ansibleVaultDecrypt(file, ansible.password)).toString('utf8')).toBe(ansible.plaintext)
  })

  it('a wrong password is refused by the HMAC check', async () => {
    await expect(ansibleVaultDecrypt(Buffer.from(ansible.file_text), 'nope', 'coldkey')).rejects.toMatchObject({code: 'WrongPassword', exitCode: 2})
  })

  it('a corrupt body is a bad key file, not a crash', async () => {
    const broken = ansible.file_text.replace(/\n3[0-9]/, '\nzz')
    await expect(ansibleVaultDecrypt(Buffer.from(broken), ansible.password)).rejects.toMatchObject({code: 'BadKeyfile', exitCode: 2})
  })
})

describe('legacy Fernet (07)', () => {
  it('is detected and decrypts (PBKDF2 10M, off the event loop)', async () => {
    const file = Buffer.from(fernet.file_text, 'latin1')
    expect(detectEncoding(file)).toBe('fernet')
    let ticks = 0
    const timer = setInterval(() => ticks++, 50)
    const out = await fernetDecrypt(file, fernet.password)
    clearInterval(timer)
    expect(Buffer.from(out).toString('utf8')).toBe(fernet.plaintext)
    expect(ticks).toBeGreaterThan(5)
  })

  it('a truncated token is a bad key file', async () => {
    await expect(fernetDecrypt(Buffer.from('gAAAAABrBjaz'), 'x')).rejects.toMatchObject({code: 'BadKeyfile'})
  })
})

describe('readKeyfile with password sources (ansible-vault: cheap KDF)', () => {
  const file = Buffer.from(ansible.file_text)

  it('a wrong TAO_PASSWORD fails at once, naming its origin', async () => {
    const src = createPasswordSource({env: {TAO_PASSWORD: 'wrong'}})
    await expect(readKeyfile(file, '/w/x/coldkey', 'coldkey of wallet "x"', src)).rejects.toThrow('wrong password for coldkey of wallet "x" (password from TAO_PASSWORD)')
  })

  it('at a prompt the person gets three tries', async () => {
    const typed = ['bad1', 'bad2', ansible.password]
    const notices: string[] = []
    const src = createPasswordSource({env: {}, notice: (m) => notices.push(m), prompt: async () => typed.shift()!})
    const r = await readKeyfile(file, '/w/x/coldkey', 'coldkey', src)
    expect(r.encoding).toBe('ansible-vault')
    expect(r.json.ss58Address).toBe('5HDvhV6WDCjCKyrXqGQSDYqQAzkzabNhctmiDYEqgBC66BsX')
    expect(notices).toEqual(['wrong password, try again', 'wrong password, try again'])
  })

  it('three wrong tries at a prompt fail with exit 2', async () => {
    const src = createPasswordSource({env: {}, prompt: async () => 'bad'})
    await expect(readKeyfile(file, '/w/x/coldkey', 'coldkey', src)).rejects.toMatchObject({code: 'WrongPassword', exitCode: 2})
  })

  it('no source and no prompt: exit 2 at once', async () => {
    const src = createPasswordSource({env: {}})
    await expect(readKeyfile(file, '/w/x/coldkey', 'coldkey of wallet "x"', src)).rejects.toMatchObject({code: 'PasswordNeeded', exitCode: 2})
  })

  it('progress is shown while decrypting and stopped after', async () => {
    const events: string[] = []
    const src = createPasswordSource({env: {TAO_PASSWORD: ansible.password}, progress: (m) => (events.push(`start ${m}`), () => events.push('stop'))})
    await readKeyfile(file, '/w/x/coldkey', 'coldkey of wallet "x"', src)
    expect(events).toEqual(['start unlocking coldkey…', 'stop'])
  })
})
