// `node --import ./require-log.mjs`: at exit, write the file of every CommonJS module the process loaded to
// $TAO_REQUIRE_LOG (one a line). The ESM loader hook (module-log.mjs) does not see require() on Node 20, and
// oclif is CommonJS: a test can tell from this whether a run loaded oclif's parts.
import {writeFileSync} from 'node:fs'
import {createRequire} from 'node:module'

const {cache} = createRequire(import.meta.url)
process.on('exit', () => {
  if (process.env.TAO_REQUIRE_LOG) writeFileSync(process.env.TAO_REQUIRE_LOG, Object.keys(cache).join('\n') + '\n')
})
