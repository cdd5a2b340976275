/**
 * Independent access to the test chain (not through tao): read state, and set it up with sudo or
 * chopsticks' dev RPCs. Tests assert on what tao prints AND on chain state read here.
 */
import {ApiPromise, Keyring, WsProvider} from '@polkadot/api'
import {cryptoWaitReady} from '@polkadot/util-crypto'
import type {KeyringPair} from '@polkadot/keyring/types'
import type {SubmittableExtrinsic} from '@polkadot/api/types'

import {SIGNED_EXTENSIONS} from '../../src/chain/extensions.js'
import {RUNTIME_TYPES} from '../../src/chain/types.js'

export const TAO = 1_000_000_000n

export async function devApi(endpoint: string): Promise<ApiPromise> {
  await cryptoWaitReady()
  // a 300 s request deadline (not @polkadot/rpc-provider's 60 s): late in a full suite on a busy machine the local
  // chain took over 60 s to build a few blocks (dev_newBlock); each test's own timeout still bounds a hang
  return ApiPromise.create({noInitWarn: true, provider: new WsProvider(endpoint, 2500, {}, 300_000), signedExtensions: SIGNED_EXTENSIONS, types: RUNTIME_TYPES as never})
}

export function devKey(uri: string): KeyringPair {
  return new Keyring({ss58Format: 42, type: 'sr25519'}).addFromUri(uri)
}

export interface Sent {
  blockHash: string
  events: {section: string; method: string; data: any}[]
  error?: string
}

/** Sign with the pool-aware nonce, wait for inclusion, return events and any dispatch (or sudo inner) error. */
export async function send(api: ApiPromise, tx: SubmittableExtrinsic<'promise'>, signer: KeyringPair): Promise<Sent> {
  // at block 0 a mortal era cannot be checked yet (BlockHash(0) is filled in at block 1): sign immortal there
  const atGenesis = (await api.rpc.chain.getHeader()).number.toNumber() === 0
  return new Promise((resolve, reject) => {
    tx.signAndSend(signer, atGenesis ? {era: 0, nonce: -1} : {nonce: -1}, (res) => {
      if (res.status.isInBlock || res.status.isFinalized) {
        const events = res.events.map(({event}) => ({data: event.data, method: event.method, section: event.section}))
        let error: string | undefined
        const decode = (e: any) => {
          if (e.isModule) {
            const m = api.registry.findMetaError(e.asModule)
            return `${m.section}.${m.name}`
          }
          return e.toString()
        }
        if (res.dispatchError) error = decode(res.dispatchError)
        for (const {event} of res.events) if (event.section === 'sudo' && event.method === 'Sudid' && (event.data[0] as any).isErr) error = decode((event.data[0] as any).asErr)
        resolve({blockHash: (res.status.isInBlock ? res.status.asInBlock : res.status.asFinalized).toHex(), error, events})
      }
    }).catch(reject)
  })
}

/** Run a call as sudo (//Alice); throws if the inner call fails. */
export async function sudo(api: ApiPromise, call: SubmittableExtrinsic<'promise'>): Promise<Sent> {
  const r = await send(api, api.tx.sudo.sudo(call), devKey('//Alice'))
  if (r.error) throw new Error(`sudo ${call.method.section}.${call.method.method} failed: ${r.error}`)
  return r
}

/** chopsticks dev RPCs */
export async function rpc<T = unknown>(api: ApiPromise, method: string, params: unknown[]): Promise<T> {
  return (api as any)._rpcCore.provider.send(method, params)
}

/**
 * Build `count` blocks, a few per request: one request for many blocks can outlast the RPC timeout (60 s) on a
 * loaded host; late in a full suite run, 8 blocks in one request did (shield-reveal, CI on a busy machine).
 */
export async function newBlocks(api: ApiPromise, count: number): Promise<void> {
  const PER_REQUEST = 4
  for (let left = count; left > 0; left -= PER_REQUEST) await rpc(api, 'dev_newBlock', [{count: Math.min(PER_REQUEST, left)}])
}
export const setStorage = (api: ApiPromise, storage: Record<string, unknown>) => rpc(api, 'dev_setStorage', [storage])

export async function bestBlock(api: ApiPromise): Promise<number> {
  return (await api.rpc.chain.getHeader()).number.toNumber()
}

export async function freeBalance(api: ApiPromise, address: string): Promise<bigint> {
  const acc: any = await api.query.system.account(address)
  return acc.data.free.toBigInt()
}

/** Fund an address from a dev account (transfer_keep_alive). */
export async function fund(api: ApiPromise, address: string, rao: bigint, from = '//Alice'): Promise<void> {
  const r = await send(api, api.tx.balances.transferKeepAlive(address, rao), devKey(from))
  if (r.error) throw new Error(`funding failed: ${r.error}`)
}

/** Create a subnet owned by `coldkeyUri` with hotkey `hotkeyUri` (via the API, for set-up); returns its netuid. */
export async function createSubnet(api: ApiPromise, coldkeyUri: string, hotkeyUri: string): Promise<number> {
  const cold = devKey(coldkeyUri)
  const hot = devKey(hotkeyUri)
  const args = api.tx.subtensorModule.registerNetwork.meta.args.length === 2 ? [hot.address, 1] : [hot.address]
  const r = await send(api, (api.tx.subtensorModule.registerNetwork as any)(...args), cold)
  if (r.error) throw new Error(`register_network failed: ${r.error}`)
  const ev = r.events.find((e) => e.method === 'NetworkAdded')
  return Number(ev!.data[0].toString())
}

/** Seed a subnet's pool so that stake buys alpha (a new pool has 1 rao on each side). */
export async function seedPool(api: ApiPromise, netuid: number, tao = 10_000n * TAO): Promise<void> {
  await setStorage(api, {SubtensorModule: {SubnetAlphaIn: [[[netuid], tao.toString()]], SubnetTAO: [[[netuid], tao.toString()]]}})
}

/**
 * Write a btcli-layout wallet with PLAINTEXT key files (wallet-format §2): <walletPath>/<name>/coldkey,
 * coldkeypub.txt, hotkeys/<hk>, hotkeys/<hk>pub.txt, each key from a fresh mnemonic. Returns the pairs.
 */
export async function writePlainWallet(walletPath: string, name: string, hotkeys: string[] = ['default']): Promise<{coldkey: KeyringPair; hotkeys: Record<string, KeyringPair>}> {
  const {mkdirSync, writeFileSync} = await import('node:fs')
  const path = await import('node:path')
  const {mnemonicGenerate, mnemonicToMiniSecret} = await import('@polkadot/util-crypto')
  const {u8aToHex} = await import('@polkadot/util')
  await cryptoWaitReady()
  const keyring = new Keyring({ss58Format: 42, type: 'sr25519'})
  const make = () => {
    const phrase = mnemonicGenerate(12)
    const pair = keyring.addFromMnemonic(phrase)
    const pub = {accountId: u8aToHex(pair.publicKey), publicKey: u8aToHex(pair.publicKey), ss58Address: pair.address}
    return {full: {...pub, secretPhrase: phrase, secretSeed: u8aToHex(mnemonicToMiniSecret(phrase))}, pair, pub}
  }
  const dir = path.join(walletPath, name)
  mkdirSync(path.join(dir, 'hotkeys'), {mode: 0o700, recursive: true})
  const cold = make()
  writeFileSync(path.join(dir, 'coldkey'), JSON.stringify(cold.full), {mode: 0o600})
  writeFileSync(path.join(dir, 'coldkeypub.txt'), JSON.stringify(cold.pub), {mode: 0o600})
  const hot: Record<string, KeyringPair> = {}
  for (const hk of hotkeys) {
    const h = make()
    writeFileSync(path.join(dir, 'hotkeys', hk), JSON.stringify(h.full), {mode: 0o600})
    writeFileSync(path.join(dir, 'hotkeys', `${hk}pub.txt`), JSON.stringify(h.pub), {mode: 0o600})
    hot[hk] = h.pair
  }
  return {coldkey: cold.pair, hotkeys: hot}
}

/** Make sure `register_network` is not rate limited (the raonet genesis has NetworkRateLimit 10). */
export async function allowSubnetRegistration(api: ApiPromise): Promise<void> {
  const limit: any = await api.query.subtensorModule.networkRateLimit()
  if (limit.toBigInt() !== 0n) await sudo(api, api.tx.adminUtils.sudoSetNetworkRateLimit(0))
}

// ---- miner helpers -------------------------------------------------------------------------------

/** Register `hotkey` on `netuid` with burned_register signed by `coldkeyUri` (set-up); returns its uid. */
export async function burnedRegister(api: ApiPromise, netuid: number, hotkey: string, coldkeyUri: string): Promise<number> {
  const r = await send(api, api.tx.subtensorModule.burnedRegister(netuid, hotkey), devKey(coldkeyUri))
  if (r.error) throw new Error(`burned_register of ${hotkey} on ${netuid} failed: ${r.error}`)
  const uid: any = await api.query.subtensorModule.uids(netuid, hotkey)
  if (uid.isNone) throw new Error(`burned_register of ${hotkey} on ${netuid}: no uid afterwards`)
  return uid.unwrap().toNumber()
}

export interface AxonEntry {
  ip: bigint | number | string
  port: number
  ipType?: number
  protocol?: number
  version?: number
  block?: number
}

/**
 * Write SubtensorModule.Axons(netuid, hotkey) directly with chopsticks' dev_setStorage: the runtime's serve_axon
 * refuses loopback (and any invalid) addresses, which is exactly what tests need to put there.
 */
export async function setAxon(api: ApiPromise, netuid: number, hotkey: string, a: AxonEntry): Promise<void> {
  const value = {
    block: a.block ?? 1,
    ip: a.ip.toString(),
    ipType: a.ipType ?? 4,
    placeholder1: 0,
    placeholder2: 0,
    port: a.port,
    protocol: a.protocol ?? 4,
    version: a.version ?? 10_002_000,
  }
  await setStorage(api, {SubtensorModule: {Axons: [[[netuid, hotkey], value]]}})
}
