import {mkdirSync, mkdtempSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import path from 'node:path'
import {describe, expect, it} from 'vitest'

import type {TaoClient} from '../../../src/client.js'
import type {TaoError} from '../../../src/errors.js'

import {set as childSet} from '../../../src/services/stake/child/set.js'
import {take as childTake} from '../../../src/services/stake/child/take.js'
import {set as subnetSet} from '../../../src/services/subnet/set.js'
import {set as identitySet} from '../../../src/services/subnet/identity/set.js'
import {callbackUi} from '../../../src/ui.js'
import {resolveWalletRef} from '../../../src/wallet/wallet.js'
import {ALICE, BOB} from '../../helpers/call-samples.js'

function wallet() {
  const dir = mkdtempSync(path.join(tmpdir(), 'tao-child-svc-'))
  mkdirSync(path.join(dir, 'w', 'hotkeys'), {recursive: true})
  writeFileSync(path.join(dir, 'w', 'coldkeypub.txt'), JSON.stringify({ss58Address: ALICE}))
  writeFileSync(path.join(dir, 'w', 'hotkeys', 'validatorpub.txt'), JSON.stringify({ss58Address: BOB}))
  return resolveWalletRef({hotkey: 'validator', name: 'w', path: dir})
}

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

async function refusal(run: (c: TaoClient) => Promise<unknown>): Promise<{code: string; exit: number; connected: boolean}> {
  const {client, state} = offlineClient()
  try {
    await run(client)
  } catch (error) {
    return {code: (error as TaoError).code, connected: state.connected, exit: (error as TaoError).exitCode}
  }
  throw new Error('expected a refusal')
}

describe('child and owner services refuse bad input before connecting', () => {
  const yes = callbackUi({yes: true})
  it('stake child set: malformed entries, proportions, unknown hotkey names', async () => {
    expect(await refusal((c) => childSet(c, {children: ['validator=140%'], netuid: 1, wallet: wallet()}, yes))).toEqual({code: 'BadProportion', connected: false, exit: 2})
    expect(await refusal((c) => childSet(c, {children: ['validator'], netuid: 1, wallet: wallet()}, yes))).toEqual({code: 'BadChild', connected: false, exit: 2})
    expect(await refusal((c) => childSet(c, {children: [], netuid: 1, wallet: wallet()}, yes))).toEqual({code: 'BadChild', connected: false, exit: 2})
    expect(await refusal((c) => childSet(c, {children: ['nosuchkey=10%'], netuid: 1, wallet: wallet()}, yes))).toEqual({code: 'UnknownHotkey', connected: false, exit: 2})
  })
  it('stake child set without a way to confirm: PromptNotAllowed, never connects', async () => {
    const r = await refusal((c) => childSet(c, {children: [`${ALICE}=10%`], netuid: 1, wallet: wallet()}, callbackUi({yes: false})))
    expect(r.exit).toBe(2)
    expect(r.connected).toBe(false)
  })
  it('stake child take: a malformed take', async () => {
    expect(await refusal((c) => childTake(c, {netuid: 1, take: 'lots', wallet: wallet()}, yes))).toMatchObject({code: 'BadTake', connected: false, exit: 2})
  })
  it('subnet set: malformed pairs; identity set with no field', async () => {
    expect(await refusal((c) => subnetSet(c, {netuid: 1, params: ['kappa'], wallet: wallet()}, yes))).toEqual({code: 'BadParam', connected: false, exit: 2})
    expect(await refusal((c) => subnetSet(c, {netuid: 1, params: [], wallet: wallet()}, yes))).toEqual({code: 'BadParam', connected: false, exit: 2})
    expect(await refusal((c) => identitySet(c, {fields: {}, netuid: 1, wallet: wallet()}, yes))).toEqual({code: 'BadIdentity', connected: false, exit: 2})
  })
})
