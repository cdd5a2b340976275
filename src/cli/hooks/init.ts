import type {Hook} from '@oclif/core/hooks'

/**
 * One program name everywhere: `tao --help` and `tao --version` say `tao/<version>` (oclif would print the npm
 * package's name, tao-cli, in help).
 */
const hook: Hook<'init'> = async function (opts) {
  const c = opts.config as {bin: string; userAgent: string; version: string}
  c.userAgent = c.userAgent.replace(/^[^/\s]+\//, `${c.bin}/`)
}

export default hook
