/**
 * The local chain (`tao localnet start`, `localnet.start`) lives in the tao-localnet plugin (packages/localnet), so a
 * default install carries no chopsticks. These are its shapes, shared by the plugin and the library's lazy export.
 */
import type {TaoClient} from '../client.js'
import type {Ui} from '../ui.js'

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

export interface Localnet {
  endpoint: string
  accounts: {name: string; uri: string; address: string; freeRao: bigint}[]
  sudo: string
  /** stop the chain (and the new-subnet watcher) */
  stop(): Promise<void>
}

/** What the tao-localnet package exports for the library. */
export interface LocalnetPlugin {
  start(client: TaoClient, options: StartOptions, ui: Ui): Promise<Localnet>
}

/** The plugin's package name, and the one line that says how to add it. */
export const LOCALNET_PLUGIN = 'tao-localnet'
export const LOCALNET_MISSING = `the local chain is a plugin that is not installed: add it beside tao with \`npm install -g ${LOCALNET_PLUGIN}\` (or \`npm install ${LOCALNET_PLUGIN}\` in your project; in a tao checkout, \`npm ci\`)`
