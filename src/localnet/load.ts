import type {LocalnetPlugin} from './types.js'

import {InputError} from '../errors.js'
import {LOCALNET_MISSING, LOCALNET_PLUGIN} from './types.js'

/** Load the tao-localnet plugin lazily; without it, one clear error (exit 2) that says how to add it. */
export async function loadLocalnetPlugin(): Promise<LocalnetPlugin> {
  const name: string = LOCALNET_PLUGIN
  try {
    return (await import(name)) as LocalnetPlugin
  } catch (error) {
    const e = error as NodeJS.ErrnoException
    if ((e.code === 'ERR_MODULE_NOT_FOUND' || e.code === 'MODULE_NOT_FOUND') && e.message.includes(`'${LOCALNET_PLUGIN}'`)) {
      throw new InputError(LOCALNET_MISSING, {code: 'PluginMissing'})
    }
    throw error
  }
}
