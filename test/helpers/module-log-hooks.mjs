// Loader hook for ./module-log.mjs: records every resolved module URL.
import {appendFileSync} from 'node:fs'

export async function resolve(specifier, context, next) {
  const r = await next(specifier, context)
  if (process.env.TAO_MODULE_LOG) appendFileSync(process.env.TAO_MODULE_LOG, r.url + '\n')
  return r
}
