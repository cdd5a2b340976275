import {mkdirSync, mkdtempSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import path from 'node:path'
import {describe, expect, it} from 'vitest'

import type {TaoClient} from '../../../src/client.js'

import {take} from '../../../src/services/delegate/take.js'
import {add} from '../../../src/services/stake/add.js'
import {move} from '../../../src/services/stake/move.js'
import {callbackUi} from '../../../src/ui.js'
import {resolveWalletRef} from '../../../src/wallet/wallet.js'
import {ALICE, BOB} from '../../helpers/call-samples.js'

function wallet() {
  const dir = mkdtempSync(path.join(tmpdir(), 'tao-stake-svc-'))
  mkdirSync(path.join(dir, 'w', 'hotkeys'), {recursive: true})
  writeFileSync(path.join(dir, 'w', 'coldkeypub.txt'), JSON.stringify({ss58Address: ALICE}))
  writeFileSync(path.join(dir, 'w', 'hotkeys', 'validatorpub.txt'), JSON.stringify({ss58Address: BOB}))
  return resolveWalletRef({hotkey: 'validator', name: 'w', path: dir})
}

/** A client that records whether the chain was asked for. */
function offlineClient() {
  const state = {connected: false}
  const client = {
    chain: async () => {
      state.connected = true
      throw new Error('no chain in unit tests')
    },
  } as unknown as TaoClient
  return {client, state}
}

describe('stake services fail fast, before connecting, when a confirmation cannot be given', () => {
  const noAnswer = callbackUi({yes: false})

  it('refuses with PromptNotAllowed and never touches the chain', async () => {
    for (const run of [
      (c: TaoClient) => add(c, {amount: '1', netuid: 1, wallet: wallet()}, noAnswer),
      (c: TaoClient) => move(c, {amount: '1', netuid: 1, toHotkey: ALICE, wallet: wallet()}, noAnswer),
      (c: TaoClient) => take(c, {take: '9', wallet: wallet()}, noAnswer),
    ]) {
      const {client, state} = offlineClient()
      await expect(run(client)).rejects.toMatchObject({code: 'PromptNotAllowed', exitCode: 2})
      expect(state.connected).toBe(false)
    }
  })

  it('a dry run needs no confirmation; bad input is refused before connecting, naming its option', async () => {
    const {client, state} = offlineClient()
    await expect(add(client, {amount: '1', dryRun: true, netuid: 1, wallet: wallet()}, noAnswer)).rejects.toThrow(/no chain in unit tests/)
    expect(state.connected).toBe(true)
    const second = offlineClient()
    await expect(add(second.client, {amount: '1', hotkey: 'nope', netuid: 1, wallet: wallet()}, noAnswer)).rejects.toMatchObject({code: 'UnknownHotkey', field: 'hotkey'})
    await expect(add(second.client, {amount: '1', netuid: 1, tolerance: '200%', wallet: wallet()}, noAnswer)).rejects.toMatchObject({code: 'BadTolerance', field: 'tolerance'})
    expect(second.state.connected).toBe(false)
  })
})
