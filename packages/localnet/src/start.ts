/**
 * `localnet start`: a local subtensor chain (chopsticks) on loopback, from a raw chain spec or a fork of a live
 * network, with funded dev accounts, //Alice as sudo and (fastLimits) the limits that block a fresh chain lowered.
 * Runs until the returned handle is stopped.
 */
import type {Localnet, StartOptions, TaoClient, Ui} from 'tao-cli/plugin'

import {InputError, forgetLocalnet, localnetStateFile, recordLocalnet, resolveNetworkName} from 'tao-cli/plugin'

import {startLocalnet} from './localnet.js'

export type {StartOptions} from 'tao-cli/plugin'

export async function start(_client: TaoClient, options: StartOptions, ui: Ui): Promise<Localnet> {
  if (!options.spec && !options.fork) throw new InputError('give «spec» FILE (a raw chain spec) or «fork» ENDPOINT', {field: 'spec'})
  const fork = options.fork === undefined ? undefined : resolveNetworkName(options.fork)
  ui.progress(`starting localnet from ${options.spec ?? fork} (the first start compiles the runtime: ~30 s)`)
  const net = await startLocalnet({...options, fork}, ui)
  // `-n local` reaches this chain while it runs (whatever port it got)
  const file = localnetStateFile()
  recordLocalnet(file, net.endpoint, ui)
  return {
    ...net,
    async stop() {
      ui.progress('stopping localnet')
      forgetLocalnet(file)
      await net.stop()
    },
  }
}
