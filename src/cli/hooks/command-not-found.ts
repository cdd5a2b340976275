/**
 * `tao localnet …` without the tao-localnet plugin: one line that says how to add it (exit 2). Any other unknown
 * command keeps oclif's own "command … not found".
 */
import type {Hook} from '@oclif/core'

import {Errors} from '@oclif/core'

import {ExitCode} from '../../errors.js'
import {LOCALNET_MISSING, LOCALNET_PLUGIN} from '../../localnet/types.js'

const hook: Hook<'command_not_found'> = async function (opts) {
  if (opts.id !== 'localnet' && !opts.id.startsWith('localnet:')) throw new Errors.CLIError(`command ${opts.id.replaceAll(':', ' ')} not found`)
  const message = `\`${opts.config.bin} localnet\`: ${LOCALNET_MISSING}`
  if (opts.argv?.includes('--json')) {
    process.stdout.write(JSON.stringify({error: {code: 'PluginMissing', exitCode: ExitCode.USAGE, message, data: {plugin: LOCALNET_PLUGIN}}}) + '\n')
  }
  process.stderr.write(`error: ${message}\n`)
  process.exitCode = ExitCode.USAGE
  throw new Errors.ExitError(ExitCode.USAGE)
}

export default hook
