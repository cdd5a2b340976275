/** `config set`: store a default (flags and env still win). */
import type {TaoClient} from '../../client.js'
import type {Ui} from '../../ui.js'

import {openSettings, validateSetting} from '../../config/settings.js'

export interface SetOptions {
  key: string
  value: string
}

export interface SetResult {
  key: string
  /** the stored value (timeout as a number) */
  value: unknown
}

export async function set(_client: TaoClient, options: SetOptions, _ui?: Ui): Promise<SetResult> {
  const key = validateSetting(options.key, options.value)
  const store = await openSettings()
  const value = key === 'timeout' ? Number(options.value) : options.value
  await store.set(key, value as never)
  return {key, value}
}
