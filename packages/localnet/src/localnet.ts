import {existsSync} from 'node:fs'
import path from 'node:path'

import type {Localnet, StartOptions, Ui} from 'tao-cli/plugin'

import {InputError, NetworkError, watchNewSubnets} from 'tao-cli/plugin'

/** Dev accounts funded on a localnet (sr25519 //Name), with their SS58 (prefix 42) addresses. */
export const DEV_ACCOUNTS: Record<string, string> = {
  Alice: '5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY',
  Bob: '5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty',
  Charlie: '5FLSigC9HGRKVhB9FiEo4Y3koPsNmBmLJbpXg2mp1hXcS59Y',
  Dave: '5DAAnrj7VHTznn2AWBemMuyBwZWs6FNFjdyVXUeYum3PTXFy',
  Eve: '5HGjWAeFDfFCWPsjFQdVV2Msvz2XtMktvgocEZcCj68kUMaw',
  Ferdie: '5CiPPseXPECbkjWCa6MnjNokrgYjMqmKndv2rSnekmSK2DjL',
}

/** 1,000,000 TAO in rao. */
export const DEV_FUNDS = 1_000_000n * 1_000_000_000n

/** The engine's options: those of `tao localnet start` (`StartOptions` in tao-cli/plugin). */
export type LocalnetOptions = StartOptions

export type {Localnet} from 'tao-cli/plugin'

/** Per-subnet presets written for netuids 0..PRESET_NETUIDS-1 before they exist (kept by register_network). */
const PRESET_NETUIDS = 64

function storageOverrides(fast: boolean): Record<string, unknown> {
  const account = (free: bigint) => ({
    consumers: 0,
    data: {free: free.toString(), frozen: '0', reserved: '0'},
    nonce: 0,
    providers: 1,
    sufficients: 0,
  })
  const storage: Record<string, Record<string, unknown>> = {
    Sudo: {Key: DEV_ACCOUNTS.Alice},
    System: {Account: Object.values(DEV_ACCOUNTS).map((a) => [[a], account(DEV_FUNDS)])},
  }
  if (fast) {
    const netuids = Array.from({length: PRESET_NETUIDS}, (_, i) => i)
    // zeros as raw SCALE hex: chopsticks drops falsy values (a plain 0 would delete the key, leaving the default)
    const U64_ZERO = '0x0000000000000000'
    storage.SubtensorModule = {
      // the subnet lock cost doubles with each registration and decays over this many blocks (1200 at genesis):
      // at 1 it is back at the minimum a block later, so a local chain can create many subnets
      NetworkLockReductionInterval: '0x0100000000000000',
      NetworkRateLimit: U64_ZERO,
      TxRateLimit: U64_ZERO,
      WeightsSetRateLimit: netuids.map((n) => [[n], U64_ZERO]),
    }
  }
  return storage
}

/**
 * Start a local subtensor chain with chopsticks on loopback: from a raw chain spec, or a fork of a live
 * network. Dev accounts are funded, //Alice is sudo, and (fastLimits) the network-registration and
 * weights rate limits are lowered and every new subnet gets a seeded pool and room for registrations.
 */
export async function startLocalnet(opts: LocalnetOptions, ui: Pick<Ui, 'progress'>): Promise<Localnet> {
  if (!opts.spec === !opts.fork) throw new InputError('give exactly one of «spec» FILE or «fork» ENDPOINT', {field: 'spec'})
  if (opts.spec && !existsSync(opts.spec)) throw new InputError(`chain spec not found: ${opts.spec}`, {code: 'BadFile', field: 'spec'})
  const host = opts.host ?? '127.0.0.1'
  if (!['127.0.0.1', 'localhost', '::1'].includes(host)) throw new InputError('localnet listens on loopback only (127.0.0.1, ::1)', {field: 'host'})
  const fast = opts.fastLimits ?? true
  process.env.LOG_LEVEL ??= 'error'
  const {setupWithServer} = await import('@acala-network/chopsticks')
  let ctx: Awaited<ReturnType<typeof setupWithServer>>
  try {
    ctx = await setupWithServer({
      'build-block-mode': (opts.blockMode ?? 'Instant') as never,
      endpoint: opts.fork,
      genesis: opts.spec ? path.resolve(opts.spec) : undefined,
      host,
      'import-storage': storageOverrides(fast),
      'mock-signature-host': false,
      port: opts.port ?? 9944,
      'runtime-log-level': 0,
    } as never)
  } catch (error) {
    const msg = (error as Error).message ?? String(error)
    if (/EADDRINUSE/.test(msg)) throw new InputError(`port ${opts.port} is already in use; pick another with «port»`, {code: 'PortInUse', field: 'port'})
    throw new NetworkError(`localnet failed to start: ${msg.split('\n')[0]}`)
  }
  const endpoint = `ws://${ctx.addr}`
  let stopWatch: (() => Promise<void>) | undefined
  if (fast) stopWatch = await watchNewSubnets(endpoint, ui)
  return {
    accounts: Object.entries(DEV_ACCOUNTS).map(([name, address]) => ({address, freeRao: DEV_FUNDS, name, uri: `//${name}`})),
    endpoint,
    async stop() {
      await stopWatch?.()
      await ctx.close()
    },
    sudo: DEV_ACCOUNTS.Alice!,
  }
}
