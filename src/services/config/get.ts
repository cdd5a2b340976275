/** `config get`: one setting as stored in the config file (not the effective value after flags and env). */
import type {TaoClient} from '../../client.js'
import type {Ui} from '../../ui.js'

import {openSettings, settingKey} from '../../config/settings.js'

export interface GetOptions {
  /** the setting's name (network, wallet, hotkey, walletPath, timeout, tolerance, cacheDir) */
  key: string
}

export interface GetResult {
  key: string
  /** null when the setting is not stored */
  value: unknown
}

export async function get(_client: TaoClient, options: GetOptions, _ui?: Ui): Promise<GetResult> {
  const key = settingKey(options.key)
  const value = (await openSettings()).get(key)
  return {key, value: value ?? null}
}
