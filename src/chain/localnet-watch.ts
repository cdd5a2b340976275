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
  const tick = async () => {
    const keys = await q.networksAdded.keys()
    for (const k of keys) {
      const netuid = (k.args[0] as unknown as {toNumber(): number}).toNumber()
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
  const unsub = await api.rpc.chain.subscribeNewHeads(() => {
    busy = busy.then(tick).catch((error) => ui.progress(`localnet watcher: ${(error as Error).message}`))
  })
  await tick()
  return async () => {
    unsub()
    await busy
    await api.disconnect()
  }
}
