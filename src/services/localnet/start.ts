/**
 * `localnet start`: a local subtensor chain (chopsticks) on loopback, from a raw chain spec or a fork of a live
 * network, with funded dev accounts, //Alice as sudo and (fastLimits) the limits that block a fresh chain lowered.
 * Runs until the returned handle is stopped.
 */
import type {TaoClient} from '../../client.js'
import type {Localnet} from '../../localnet/localnet.js'
import type {Ui} from '../../ui.js'

import {localnetStateFile, resolveNetworkName} from '../../config/settings.js'
import {forgetLocalnet, recordLocalnet} from '../../localnet/state.js'
import {InputError} from '../../errors.js'
import {startLocalnet} from '../../localnet/localnet.js'

export interface StartOptions {
  /** raw chain spec with a runtime (genesis) */
  spec?: string
  /** fork a live network at its head: a network name or a ws:// / wss:// endpoint */
  fork?: string
  /** loopback address to listen on [default: 127.0.0.1] */
  host?: string
  /** port; 0 picks a free one [default: 9944] */
  port?: number
  /** Instant: a block per extrinsic [default: Instant] */
  blockMode?: 'Instant' | 'Batch' | 'Manual'
  /** lower rate limits and seed new subnet pools [default: true] */
  fastLimits?: boolean
}

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
