/**
 * Chain reads for keys on chain (hotkey swap, identity, root registration, axon reset): constants such as the key
 * swap cost, the coldkey identity from whichever identity map the runtime has, a hotkey's uids on every subnet,
 * and a dispatch dry run (`system_dryRun`) where the node serves it.
 */
import type {Chain} from './client.js'
import type {Extrinsic} from './submit.js'

import {deadline} from './client.js'
import {readNetuids, subtensorStorage} from './reads.js'
import {type StorageEntryLike, bestHead, big, num, queryAt, rawRpc, text} from './runtime-api.js'

/** A SubtensorModule constant as a bigint (null when the runtime has no such constant). */
export function subtensorConst(chain: Pick<Chain, 'api'>, name: string): bigint | null {
  const c = (chain.api.consts as unknown as Record<string, Record<string, {toString(): string} | undefined> | undefined>).subtensorModule?.[name]
  return c === undefined ? null : BigInt(c.toString())
}

/** Storage values at one block (null for a runtime without the item). */
export async function readItems(chain: Chain, hash: string, reads: [string, ...unknown[]][]): Promise<unknown[]> {
  const q = subtensorStorage(chain)
  const present = reads.filter(([item]) => q[item])
  const values = await queryAt(
    chain,
    hash,
    present.map(([item, ...args]) => [q[item]!, ...args] as [StorageEntryLike, ...unknown[]]),
  )
  let i = 0
  return reads.map(([item]) => (q[item] ? values[i++] : null))
}

/** A hotkey's uid on every subnet it is registered on, at one block. */
export async function hotkeyUidsEverywhere(chain: Chain, hotkey: string, hash: string): Promise<{netuid: number; uid: number}[]> {
  const netuids = await readNetuids(chain, hash)
  const q = subtensorStorage(chain)
  const uids = await queryAt(chain, hash, netuids.map((n) => [q.uids!, n, hotkey] as [StorageEntryLike, ...unknown[]]))
  return netuids.flatMap((netuid, i) => (uids[i] === null || uids[i] === undefined ? [] : [{netuid, uid: num(uids[i])}]))
}

/** The identity map this runtime keeps for coldkeys (`IdentitiesV2` today, `Identities` at 218), or null. */
export function identityStorage(chain: Chain): string | null {
  const q = subtensorStorage(chain)
  return q.identitiesV2 ? 'identitiesV2' : q.identities ? 'identities' : null
}

/** A coldkey's identity as text fields (null when none is stored). */
export async function readColdkeyIdentity(chain: Chain, coldkey: string, hash?: string): Promise<{storage: string | null; block: number; identity: Record<string, string> | null}> {
  const head = hash ? {hash, number: -1} : await bestHead(chain)
  const item = identityStorage(chain)
  if (!item) return {block: head.number, identity: null, storage: null}
  const [v] = await readItems(chain, head.hash, [[item, coldkey]])
  if (v === null || v === undefined) return {block: head.number, identity: null, storage: item}
  const identity: Record<string, string> = {}
  for (const [k, raw] of Object.entries(v as Record<string, unknown>)) identity[k] = text(raw) ?? ''
  return {block: head.number, identity, storage: item}
}

/** The total stake on a hotkey on one subnet (`TotalHotkeyAlpha`; 0 on a runtime without it). */
export async function totalHotkeyAlphas(chain: Chain, hash: string, hotkeys: string[], netuid: number): Promise<bigint[]> {
  const q = subtensorStorage(chain)
  if (!q.totalHotkeyAlpha || hotkeys.length === 0) return hotkeys.map(() => 0n)
  const vs = await queryAt(chain, hash, hotkeys.map((h) => [q.totalHotkeyAlpha!, h, netuid] as [StorageEntryLike, ...unknown[]]))
  return vs.map((v) => big(v))
}

export type DispatchDryRun = {available: false} | {available: true; ok: true} | {available: true; ok: false; code: string; message: string}

/**
 * Execute a signed extrinsic against the best block without submitting it (`system_dryRun`), where the node
 * serves that method (chopsticks does; public nodes usually keep it unsafe-only): the dispatch error the block
 * would record, decoded, or ok. `{available: false}` when the node cannot say.
 */
export async function dryRunDispatch(chain: Chain, signed: Extrinsic): Promise<DispatchDryRun> {
  const {decodeDispatchError, decodePoolRejection} = await import('./submit.js')
  let methods: string[]
  try {
    methods = (await deadline(chain, rawRpc<{methods: string[]}>(chain, 'rpc_methods', []), 'listing the node\'s RPC methods')).methods
  } catch {
    return {available: false}
  }
  if (!methods.includes('system_dryRun')) return {available: false}
  let hex: string
  try {
    hex = await deadline(chain, rawRpc<string>(chain, 'system_dryRun', [signed.toHex()]), 'dry-running the extrinsic')
  } catch {
    return {available: false}
  }
  const r = chain.api.registry.createType('ApplyExtrinsicResult', hex) as unknown as {
    isErr: boolean
    asErr: {type: string; isInvalid: boolean; asInvalid: {type: string; isCustom: boolean; asCustom: {toNumber(): number}}}
    asOk: {isErr: boolean; asErr: never}
  }
  if (r.isErr) {
    const e = r.asErr
    const raw = e.isInvalid ? (e.asInvalid.isCustom ? `Custom error: ${e.asInvalid.asCustom.toNumber()}` : e.asInvalid.type) : e.type
    return {available: true, ok: false, ...decodePoolRejection(chain, raw)}
  }
  if (r.asOk.isErr) return {available: true, ok: false, ...decodeDispatchError(chain, r.asOk.asErr)}
  return {available: true, ok: true}
}

/** Sign a copy of `tx` with the signer's next nonce (for `dryRunDispatch`; the submission signs its own). */
export async function signedCopy(chain: Chain, tx: Extrinsic, signer: import('@polkadot/keyring/types').KeyringPair): Promise<Extrinsic> {
  const copy = (chain.api.tx as unknown as (call: unknown) => Extrinsic)(tx.method)
  const nonce = await deadline(chain, chain.api.rpc.system.accountNextIndex(signer.address), 'reading the signer\'s nonce')
  await copy.signAsync(signer, {nonce})
  return copy
}

/** Every error of every pallet the connected runtime has, with its docs (for `explain --chain`). */
export function runtimeErrors(chain: Pick<Chain, 'api'>): {pallet: string; name: string; docs: string}[] {
  const out: {pallet: string; name: string; docs: string}[] = []
  const errors = chain.api.errors as unknown as Record<string, Record<string, {meta: {docs: {toString(): string}[]}}>>
  for (const [section, byName] of Object.entries(errors)) {
    for (const [name, e] of Object.entries(byName)) {
      out.push({docs: e.meta.docs.map(String).join(' ').trim(), name, pallet: `${section.charAt(0).toUpperCase()}${section.slice(1)}`})
    }
  }
  return out
}
