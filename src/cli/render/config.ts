import type {GetResult} from '../../services/config/get.js'
import type {ListResult} from '../../services/config/list.js'
import type {SetResult} from '../../services/config/set.js'
import type {UnsetResult} from '../../services/config/unset.js'

import {SETTING_HELP, SETTING_KEYS} from '../../config/settings.js'
import {renderTable} from '../../output/table.js'

export function renderConfigGet(r: GetResult): string {
  return r.value === null ? '' : String(r.value)
}

export function renderConfigList(r: ListResult): string {
  const table = renderTable(['setting', 'value', 'meaning'], SETTING_KEYS.map((k) => [k, r.settings[k] === undefined ? '(default)' : String(r.settings[k]), SETTING_HELP[k]]))
  return `${table}\nconfig file: ${r.path}`
}

export function renderConfigSet(r: SetResult): string {
  return `${r.key} = ${r.value}`
}

export function renderConfigUnset(r: UnsetResult): string {
  return r.removed ? `${r.key} removed` : `${r.key} was not set`
}
