/**
 * A tao localnet (chopsticks) answers `dev_*` RPC methods that write storage directly. tao uses them only for
 * what a local chain cannot do otherwise (a loopback axon for `miner announce --local-dev`), and only after
 * checking the chain is such a dev chain: a real node has no `dev_setStorage`.
 */
import type {Chain} from './client.js'
import type {ServeAxonParams} from './calls/serve.js'

import {deadline} from './client.js'
import {bestHead, rawRpc} from './runtime-api.js'

/** Does the chain answer chopsticks' dev methods (`dev_setStorage`, `dev_newBlock`), i.e. is it a localnet? */
export async function isDevChain(chain: Pick<Chain, 'api' | 'endpoint' | 'timeoutMs'>): Promise<boolean> {
  const r = await deadline(chain, rawRpc<{methods?: string[]}>(chain, 'rpc_methods', []), 'listing the RPC methods').catch(() => ({methods: []}))
  const methods = new Set(r?.methods ?? [])
  return methods.has('dev_setStorage') && methods.has('dev_newBlock')
}

/**
 * Write SubtensorModule.Axons(netuid, hotkey) as serve_axon would, on a dev chain only (the caller checks
 * `isDevChain`). Returns the block the entry is stamped with.
 */
export async function devWriteAxon(chain: Pick<Chain, 'api' | 'endpoint' | 'timeoutMs'>, hotkey: string, p: ServeAxonParams): Promise<{block: number; blockHash: string}> {
  const head = await bestHead(chain)
  const value = {block: head.number, ip: p.ip.toString(), ipType: p.ipType, placeholder1: 0, placeholder2: 0, port: p.port, protocol: p.protocol, version: p.version}
  await deadline(chain, rawRpc(chain, 'dev_setStorage', [{SubtensorModule: {Axons: [[[p.netuid, hotkey], value]]}}]), 'writing the axon on the localnet')
  const after = await bestHead(chain)
  return {block: after.number, blockHash: after.hash}
}

/** A localnet only: delete the hotkey's Axons entry (dev_setStorage with null), as if it never announced. */
export async function devClearAxon(chain: Pick<Chain, 'api' | 'endpoint' | 'timeoutMs'>, hotkey: string, netuid: number): Promise<{block: number; blockHash: string}> {
  await deadline(chain, rawRpc(chain, 'dev_setStorage', [{SubtensorModule: {Axons: [[[netuid, hotkey], null]]}}]), 'clearing the axon on the localnet')
  const after = await bestHead(chain)
  return {block: after.number, blockHash: after.hash}
}

/** The dev sudo key of a localnet (//Alice), and whether the chain's `Sudo.Key` is that key. */
export async function devSudoSigner(chain: Pick<Chain, 'api' | 'endpoint' | 'timeoutMs'>): Promise<{pair: import('@polkadot/keyring/types').KeyringPair; isSudoKey: boolean; sudoKey: string | null}> {
  const [{Keyring}, uc] = await Promise.all([import('@polkadot/keyring'), import('@polkadot/util-crypto')])
  await uc.cryptoWaitReady()
  const pair = new Keyring({ss58Format: 42, type: 'sr25519'}).addFromUri('//Alice')
  const q = (chain.api.query as unknown as {sudo?: {key?: unknown}}).sudo?.key as Parameters<typeof import('./runtime-api.js').queryAt>[2][number][0] | undefined
  if (!q) return {isSudoKey: false, pair, sudoKey: null}
  const {queryAt} = await import('./runtime-api.js')
  const [key] = await queryAt(chain, (await bestHead(chain)).hash, [[q]])
  const sudoKey = key === null || key === undefined ? null : String(key)
  return {isSudoKey: sudoKey === pair.address, pair, sudoKey}
}

