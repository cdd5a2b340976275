import {readFileSync} from 'node:fs'
import path from 'node:path'

import {SHARED} from '../../helpers/paths.js'

/** Read a wallet vector file from ../shared (never copied into the project). */
export function vector<T = any>(name: string): T {
  return JSON.parse(readFileSync(path.join(SHARED, 'vectors', 'wallet', name), 'utf8')) as T
}

export const hex = (s: string) => new Uint8Array(Buffer.from(s.replace(/^0x/, ''), 'hex'))
export const toHex = (b: Uint8Array) => Buffer.from(b).toString('hex')
