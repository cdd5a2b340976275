/**
 * tao's folders (XDG, each overridable by its TAO_* variable). Node built-ins only: bin/help-cache.js loads this
 * module on the start-up path of `tao … --help`.
 */
import {homedir} from 'node:os'
import path from 'node:path'

export function configDir(): string {
  if (process.env.TAO_CONFIG_DIR) return path.resolve(process.env.TAO_CONFIG_DIR)
  const xdg = process.env.XDG_CONFIG_HOME || path.join(homedir(), '.config')
  return path.join(xdg, 'tao')
}

export function defaultCacheDir(): string {
  if (process.env.TAO_CACHE_DIR) return path.resolve(process.env.TAO_CACHE_DIR)
  const xdg = process.env.XDG_CACHE_HOME || path.join(homedir(), '.cache')
  return path.join(xdg, 'tao')
}

export function dataDir(): string {
  if (process.env.TAO_DATA_DIR) return path.resolve(process.env.TAO_DATA_DIR)
  const xdg = process.env.XDG_DATA_HOME || path.join(homedir(), '.local', 'share')
  return path.join(xdg, 'tao')
}
