import {createServer} from 'node:net'
import {describe, expect, it} from 'vitest'

import {runTao, tempHome} from '../helpers/run-tao.js'

// These need no chain: they check how tao fails when there is none.
describe('network failures', () => {
  const home = tempHome()

  it('an endpoint that refuses connections fails fast with exit 4 and one line', async () => {
    // a long timeout: the refusal must end it at once, not the timeout (the message says which)
    const r = await runTao(['chain', 'info', '--network', 'ws://127.0.0.1:1', '--timeout', '600'], {env: home.env})
    expect(r.code).toBe(4)
    expect(r.stderr).not.toMatch(/no answer within/)
    expect(r.stdout).toBe('')
    // exactly one line on stderr (progress is for terminals and --verbose)
    expect(r.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^error: cannot reach ws:\/\/127\.0\.0\.1:1/)])
    expect(r.stderr).not.toMatch(/at .*\.js:\d+/)
  })

  it('under --json the failure is one JSON document on stdout with the same exit code', async () => {
    const r = await runTao(['chain', 'info', '--network', 'ws://127.0.0.1:1', '--json'], {env: home.env})
    expect(r.code).toBe(4)
    expect(r.json.error.exitCode).toBe(4)
    expect(r.json.error.code).toBe('Unreachable')
  })

  it('a half-dead endpoint (accepts TCP, never answers) times out with exit 4', async () => {
    const sockets: import('node:net').Socket[] = []
    const server = createServer((s) => sockets.push(s)) // accepts, never speaks websocket
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
    const port = (server.address() as {port: number}).port
    const r = await runTao(['chain', 'info', '--network', `ws://127.0.0.1:${port}`, '--timeout', '2'], {env: home.env})
    for (const s of sockets) s.destroy()
    server.close()
    expect(r.code).toBe(4)
    expect(r.stderr).toMatch(/no answer within 2 s/)
  })

  it('an unknown network name is bad input (exit 2), not a network error', async () => {
    const r = await runTao(['chain', 'info', '--network', 'mainnet-please'], {env: home.env})
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/unknown network "mainnet-please"/)
  })
})
