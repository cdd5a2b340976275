/**
 * `config get network` and `config unset network` read and remove the stored network. (They used to check the key
 * with a dummy value, "1", that the network check refused: exit 2 "unknown network "1"".)
 */
import {mkdtempSync} from 'node:fs'
import {tmpdir} from 'node:os'
import path from 'node:path'
import {expect, it} from 'vitest'

import type {TaoClient} from '../../../src/client.js'

import {get} from '../../../src/services/config/get.js'
import {set} from '../../../src/services/config/set.js'
import {unset} from '../../../src/services/config/unset.js'

it('config get/unset network', async () => {
  const saved = process.env.TAO_CONFIG_DIR
  process.env.TAO_CONFIG_DIR = mkdtempSync(path.join(tmpdir(), 'tao-config-network-'))
  try {
    const client = {} as TaoClient
    expect(await get(client, {key: 'network'})).toEqual({key: 'network', value: null})
    await set(client, {key: 'network', value: 'local'})
    expect(await get(client, {key: 'network'})).toEqual({key: 'network', value: 'local'})
    expect(await unset(client, {key: 'network'})).toEqual({key: 'network', removed: true})
    expect(await get(client, {key: 'network'})).toEqual({key: 'network', value: null})
    await expect(get(client, {key: 'colour'})).rejects.toMatchObject({code: 'BadSetting', exitCode: 2})
    await expect(set(client, {key: 'network', value: 'nowhere'})).rejects.toMatchObject({code: 'BadNetwork', exitCode: 2})
  } finally {
    if (saved === undefined) delete process.env.TAO_CONFIG_DIR
    else process.env.TAO_CONFIG_DIR = saved
  }
})
