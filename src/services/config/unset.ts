/** `config unset`: remove a setting so the built-in default applies. */
import type {TaoClient} from '../../client.js'
import type {Ui} from '../../ui.js'

import {openSettings, settingKey} from '../../config/settings.js'

export interface UnsetOptions {
  key: string
}

export interface UnsetResult {
  key: string
  /** was it set before */
  removed: boolean
}

export async function unset(_client: TaoClient, options: UnsetOptions, _ui?: Ui): Promise<UnsetResult> {
  const key = settingKey(options.key)
  const store = await openSettings()
  const removed = store.get(key) !== undefined
  await store.delete(key)
  return {key, removed}
}
