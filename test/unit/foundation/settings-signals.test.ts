/**
 * Loading the settings store (conf → atomically → when-exit) must not hook the process's signals: when-exit re-raised
 * every SIGTERM/SIGINT after its cleanup, so a long-running command that stops cleanly on SIGTERM got a second SIGTERM
 * a few ms later and exited 143 (seen in test/integration/metrics.test.ts). Its 'exit' hook (the temp-file cleanup)
 * stays.
 */
import {mkdtempSync} from 'node:fs'
import {tmpdir} from 'node:os'
import path from 'node:path'
import {expect, it} from 'vitest'

it('openSettings leaves SIGTERM, SIGINT and SIGHUP to the program', async () => {
  process.env.TAO_CONFIG_DIR = mkdtempSync(path.join(tmpdir(), 'tao-settings-signals-'))
  const count = () => ({exit: process.listenerCount('exit'), SIGHUP: process.listenerCount('SIGHUP'), SIGINT: process.listenerCount('SIGINT'), SIGTERM: process.listenerCount('SIGTERM')})
  const before = count()
  const {openSettings} = await import('../../../src/config/settings.js')
  const store = await openSettings()
  await store.set('timeout', 30)
  expect(store.get('timeout')).toBe(30)
  const after = count()
  expect({...after, exit: 0}).toEqual({...before, exit: 0})
  // when-exit is loaded (its exit hook is there), only its signal hooks were removed
  expect(after.exit).toBeGreaterThan(before.exit)
})
