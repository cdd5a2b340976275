/** `config list`: every stored setting, and where the config file is. */
import type {TaoClient} from '../../client.js'
import type {Ui} from '../../ui.js'

import {openSettings} from '../../config/settings.js'

export type ListOptions = Record<string, never>

export interface ListResult {
  /** the config file */
  path: string
  /** the stored settings (unset ones are absent: the built-in default applies) */
  settings: Record<string, unknown>
}

export async function list(_client: TaoClient, _options: ListOptions = {}, _ui?: Ui): Promise<ListResult> {
  const store = await openSettings()
  return {path: store.path, settings: store.all() as Record<string, unknown>}
}
