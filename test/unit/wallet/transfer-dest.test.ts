import {mkdirSync, mkdtempSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import path from 'node:path'
import {describe, expect, it} from 'vitest'

import {destination} from '../../../src/services/wallet/transfer.js'

const ALICE = '5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY'
const ALICE_HEX = '0xd43593c715fdd31c61141abd04a99fd6822c8558854ccde39a5684e7a56da27d'

describe('wallet transfer: the destination is an ss58 address or a wallet name', () => {
  const root = mkdtempSync(path.join(tmpdir(), 'tao-dest-'))
  mkdirSync(path.join(root, 'alice'), {recursive: true})
  writeFileSync(path.join(root, 'alice', 'coldkeypub.txt'), JSON.stringify({accountId: ALICE_HEX, publicKey: ALICE_HEX, ss58Address: ALICE}))
  mkdirSync(path.join(root, 'hot-only', 'hotkeys'), {recursive: true})

  it('an ss58 address is taken as it is (prefix 42)', async () => {
    expect(await destination(ALICE, root)).toBe(ALICE)
  })

  it('a wallet name resolves to its coldkeypub address', async () => {
    expect(await destination('alice', root)).toBe(ALICE)
  })

  it('neither: one error about the destination option', async () => {
    for (const bad of ['nonsense', 'hot-only', '../alice', '']) {
      await expect(destination(bad, root)).rejects.toMatchObject({code: 'BadAddress', exitCode: 2, field: 'dest', template: expect.stringMatching(/^«dest» is not a valid ss58 address, nor the name of a wallet/)})
    }
  })
})
