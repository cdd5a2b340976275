import {describe, expect, it} from 'vitest'

import {classify} from '../../../src/cli/base-command.js'

describe('oclif validation errors become one useful line (exclusive / required flags of tao miner)', () => {
  it('skips the "following errors occurred" header', () => {
    const err = Object.assign(new Error('The following error occurred:\n  Missing required flag port\nSee more help with --help'), {oclif: {exit: 2}})
    expect(classify(err)).toMatchObject({code: 'Usage', exitCode: 2, message: 'Missing required flag port'})
    const two = Object.assign(new Error('The following errors occurred:\n  --all=true cannot also be provided when using --uids\n  --uids=1 cannot also be provided when using --all\nSee more help with --help'), {oclif: {exit: 2}})
    expect(classify(two).message).toBe('--all=true cannot also be provided when using --uids; --uids=1 cannot also be provided when using --all')
    expect(classify(Object.assign(new Error('Nonexistent flag: --bogus\nSee more help with --help'), {oclif: {exit: 2}})).message).toBe('Nonexistent flag: --bogus')
  })
})
