/** The localnet's watcher: seeds the pool of every new subnet on a dev chain (chopsticks `dev_setStorage`). */
import type {Ui} from '../ui.js'

/**
 * Every new subnet on a localnet gets a seeded pool (10,000 TAO / 10,000 alpha, price 1.0; a fresh pool has
 * 1 rao on each side, so stake would buy nothing) and room for registrations.
 */
export async function watchNewSubnets(endpoint: string, ui: Pick<Ui, 'progress'>): Promise<() => Promise<void>> {
  const {ApiPromise, WsProvider} = await import('@polkadot/api')
  const {SIGNED_EXTENSIONS} = await import('./extensions.js')
  const api = await ApiPromise.create({noInitWarn: true, provider: new WsProvider(endpoint), signedExtensions: SIGNED_EXTENSIONS})
  const seen = new Set<number>()
  const SEED = 10_000n * 1_000_000_000n
  let busy = Promise.resolve()
  const q = api.query.subtensorModule
  const netuidOf = (key: {args: unknown[]}) => (key.args[0] as {toNumber(): number}).toNumber()
  const tick = async (rewoundTo?: number) => {
    if (rewoundTo !== undefined) {
      // the head was set back (chopsticks `dev_setHead`) to block rewoundTo - 1: a subnet registered since then is
      // gone or is a new one under a netuid seen before, so only the netuids registered earlier stay seen
      const registered = new Map((await q.networkRegisteredAt.entries()).map(([k, v]) => [netuidOf(k), Number(v.toString())]))
      for (const netuid of seen) if ((registered.get(netuid) ?? rewoundTo) >= rewoundTo) seen.delete(netuid)
    }
    const keys = await q.networksAdded.keys()
    for (const k of keys) {
      const netuid = netuidOf(k)
      if (seen.has(netuid)) continue
      seen.add(netuid)
      if (netuid === 0) continue
      const [tao, alphaIn] = await Promise.all([q.subnetTAO(netuid), q.subnetAlphaIn(netuid)])
      const set: Record<string, unknown> = {
        MaxRegistrationsPerBlock: [[[netuid], 64]],
        TargetRegistrationsPerInterval: [[[netuid], 64]],
      }
      if ((tao as unknown as {toBigInt(): bigint}).toBigInt() < 1_000_000_000n) {
        set.SubnetTAO = [[[netuid], SEED.toString()]]
        set.SubnetAlphaIn = [[[netuid], ((alphaIn as unknown as {toBigInt(): bigint}).toBigInt() < 1_000_000_000n ? SEED : (alphaIn as unknown as {toBigInt(): bigint}).toBigInt()).toString()]]
      }
      await (api as unknown as {_rpcCore: {provider: {send(m: string, p: unknown[]): Promise<unknown>}}})._rpcCore.provider.send('dev_setStorage', [{SubtensorModule: set}])
      ui.progress(`subnet ${netuid}: pool seeded, registrations opened (localnet defaults)`)
    }
  }
  let lastNumber = -1
  const unsub = await api.rpc.chain.subscribeNewHeads((header) => {
    const number = header.number.toNumber()
    const rewound = number <= lastNumber
    lastNumber = number
    busy = busy.then(() => tick(rewound ? number : undefined)).catch((error) => ui.progress(`localnet watcher: ${(error as Error).message}`))
  })
  await tick()
  return async () => {
    unsub()
    await busy
    await api.disconnect()
  }
}
